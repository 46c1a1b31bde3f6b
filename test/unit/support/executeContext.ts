import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	NodeExecutionHint,
} from 'n8n-workflow';

/** Per-item parameter values, as n8n hands them over after resolving each item's expressions. */
export type ParametersForItem = (itemIndex: number) => IDataObject;

export interface ExecuteContextOptions {
	items: IDataObject[];
	parameters: IDataObject | ParametersForItem;
	/** The older Continue On Fail switch; n8n reads it only when the node has no On Error (`node.onError`). */
	continueOnFail?: boolean;
	credentials?: ICredentialDataDecryptedObject;
	/** The node's fields that differ from testNode, e.g. `{ typeVersion: 1.1 }` or `{ onError: 'continueErrorOutput' }`. */
	node?: Partial<INode>;
	/** The workflow's time zone (n8n's getTimezone); America/New_York unless given. */
	timezone?: string;
	/** Stands in for n8n's helper: receives the request n8n would send, with the credential applied by the test. */
	httpRequestWithAuthentication?: (
		credentialType: string,
		options: IHttpRequestOptions,
	) => Promise<unknown>;
}

export interface ExecuteContextRecorder {
	context: IExecuteFunctions;
	hints: NodeExecutionHint[];
	parameterReads: number;
	credentialReads: number;
}

export const testNode: INode = {
	id: 'siro-node-under-test',
	name: 'Siro',
	type: 'n8n-nodes-siro.siro',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * The parameters as n8n stores them on the node: where a test gives per-item values, a parameter that
 * differs between items can only be an expression in n8n, so it is stored as one.
 */
function storedParameters(parametersFor: ParametersForItem, itemCount: number): IDataObject {
	const first = parametersFor(0);
	const stored: IDataObject = { ...first };
	for (let itemIndex = 1; itemIndex < itemCount; itemIndex++) {
		const item = parametersFor(itemIndex);
		for (const name of Object.keys(item)) {
			if (JSON.stringify(item[name]) !== JSON.stringify(first[name])) {
				stored[name] = `={{ /* differs per item */ $json }}`;
			}
		}
	}
	return stored;
}

/**
 * n8n's continueOnFail() (n8n-core base-execute-context.js, 1.x and 2.x): the node's On Error when
 * set, else the older Continue On Fail switch.
 */
export function continuesOnFail(node: INode, legacySwitch: boolean | undefined): boolean {
	if (node.onError === undefined) return legacySwitch ?? false;
	return node.onError === 'continueRegularOutput' || node.onError === 'continueErrorOutput';
}

/**
 * The slice of IExecuteFunctions the Siro node uses, behaving as n8n's does: a missing parameter
 * without a fallback throws, as it does in n8n.
 */
export function createExecuteContext(options: ExecuteContextOptions): ExecuteContextRecorder {
	const parametersFor: ParametersForItem =
		typeof options.parameters === 'function'
			? options.parameters
			: () => options.parameters as IDataObject;
	const recorder: ExecuteContextRecorder = {
		context: undefined as unknown as IExecuteFunctions,
		hints: [],
		parameterReads: 0,
		credentialReads: 0,
	};
	const node: INode = {
		...testNode,
		parameters: storedParameters(parametersFor, options.items.length) as INode['parameters'],
		...options.node,
	};
	const context = {
		getInputData: (): INodeExecutionData[] => options.items.map((json) => ({ json })),
		getNode: () => node,
		getTimezone: () => options.timezone ?? 'America/New_York',
		continueOnFail: () => continuesOnFail(node, options.continueOnFail),
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown) {
			recorder.parameterReads++;
			const value = parametersFor(itemIndex)[name];
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		async getCredentials(type: string) {
			recorder.credentialReads++;
			if (type !== 'siroApi' || options.credentials === undefined) {
				throw new Error('Node does not have any credentials set');
			}
			return options.credentials;
		},
		addExecutionHints(...hints: NodeExecutionHint[]) {
			recorder.hints.push(...hints);
		},
		helpers: {
			async httpRequestWithAuthentication(
				credentialType: string,
				requestOptions: IHttpRequestOptions,
			) {
				if (!options.httpRequestWithAuthentication)
					throw new Error('This test expects no HTTP request');
				return await options.httpRequestWithAuthentication(credentialType, requestOptions);
			},
		},
	};
	recorder.context = context as unknown as IExecuteFunctions;
	return recorder;
}
