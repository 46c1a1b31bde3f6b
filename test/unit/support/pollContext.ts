/**
 * Stand-ins for the contexts n8n gives the Siro Trigger outside webhook(): IPollFunctions for poll()
 * (one per activation in n8n; a test makes one per poll and passes the same static data object, or a
 * JSON copy of it for a restart) and IExecuteFunctions for execute() (the trigger's run inside the
 * execution). Requests go through the stand-in for n8n's httpRequestWithAuthentication over real
 * sockets; parameters not given take their defaults from the node's properties, as in n8n.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
	OnError,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { SiroApi } from '../../../credentials/SiroApi.credentials';
import { continuesOnFail } from './executeContext';
import { createN8nCredentialHttp } from './n8nHttp';

export const pollingTriggerNode: INode = {
	id: 'siro-trigger-under-test',
	name: 'Siro Trigger',
	type: 'n8n-nodes-siro.siroTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	credentials: { siroApi: { id: 'siro-credential-1', name: 'Siro' } },
};

export interface TriggerContextOptions {
	properties: INodeProperties[];
	parameters?: IDataObject;
	/** The Siro API credential as saved (undefined: none selected). */
	credentials?: ICredentialDataDecryptedObject;
	staticData?: IDataObject;
	/** 'trigger' for a scheduled poll (default), 'manual' for a test. */
	mode?: WorkflowExecuteMode;
	/** Changes a request before it is sent (e.g. to let Siro page by its own size). */
	beforeSend?: (options: IHttpRequestOptions) => IHttpRequestOptions;
}

export interface TriggerCall {
	staticData: IDataObject;
	logs: string[];
}

function parametersOf(options: TriggerContextOptions): IDataObject {
	const defaults = Object.fromEntries(
		options.properties.map((property) => [property.name, property.default]),
	);
	return { ...defaults, ...options.parameters };
}

function common(options: TriggerContextOptions, call: TriggerCall) {
	const http = createN8nCredentialHttp(
		new SiroApi(),
		options.credentials ?? {},
		pollingTriggerNode,
	);
	const log = (level: string) => (message: string) => call.logs.push(`${level}: ${message}`);
	return {
		getNode: () => pollingTriggerNode,
		getMode: () => options.mode ?? 'trigger',
		getWorkflow: () => ({ id: 'workflow-1', name: 'Test', active: true }),
		async getCredentials(type: string) {
			if (type !== 'siroApi' || options.credentials === undefined) {
				throw new Error('Node does not have any credentials set');
			}
			return structuredClone(options.credentials);
		},
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`The trigger should keep node static data, not ${type}`);
			return call.staticData;
		},
		helpers: {
			async httpRequestWithAuthentication(credentialType: string, request: IHttpRequestOptions) {
				const sent = options.beforeSend ? options.beforeSend(request) : request;
				return await http.httpRequestWithAuthentication(credentialType, sent);
			},
		},
		logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
	};
}

export function createPollContext(options: TriggerContextOptions): {
	context: IPollFunctions;
	call: TriggerCall;
} {
	const parameters = parametersOf(options);
	const call: TriggerCall = { staticData: options.staticData ?? {}, logs: [] };
	const context = {
		...common(options, call),
		getActivationMode: () => 'activate',
		getNodeParameter(name: string, fallback?: unknown) {
			const value = parameters[name];
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
	};
	return { context: context as unknown as IPollFunctions, call };
}

export function createTriggerExecuteContext(
	options: TriggerContextOptions & {
		items: IDataObject[];
		continueOnFail?: boolean;
		/** The node's On Error setting (unset: the older Continue On Fail switch decides). */
		onError?: OnError;
	},
): { context: IExecuteFunctions; call: TriggerCall } {
	const parameters = parametersOf(options);
	const call: TriggerCall = { staticData: options.staticData ?? {}, logs: [] };
	const node: INode = { ...pollingTriggerNode, onError: options.onError };
	const context = {
		...common(options, call),
		getNode: () => node,
		getInputData: (): INodeExecutionData[] => options.items.map((json) => ({ json })),
		continueOnFail: () => continuesOnFail(node, options.continueOnFail),
		getNodeParameter(name: string, _itemIndex: number, fallback?: unknown) {
			const value = parameters[name];
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
	};
	return { context: context as unknown as IExecuteFunctions, call };
}
