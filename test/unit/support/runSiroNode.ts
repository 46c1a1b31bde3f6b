/**
 * Runs the Siro node's `execute` as n8n does inside a workflow: an execute context (executeContext.ts)
 * whose `helpers.httpRequestWithAuthentication` is the stand-in for n8n's (n8nHttp.ts) serving the Siro
 * credential, so every request goes over real sockets with preAuthentication, authenticate and n8n's
 * re-mint after a 401 applied.
 */
import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
} from 'n8n-workflow';

import { SiroApi } from '../../../credentials/SiroApi.credentials';
import { Siro } from '../../../nodes/Siro/Siro.node';
import { createExecuteContext, type ParametersForItem } from './executeContext';
import { createN8nCredentialHttp } from './n8nHttp';

export interface SiroNodeRun {
	/**
	 * The credential as saved in n8n (undefined: none selected). n8n's preAuthentication writes a minted
	 * token into this object; the node reads a fresh copy of it, as n8n decrypts it for each execution.
	 */
	credentials: ICredentialDataDecryptedObject | undefined;
	parameters: IDataObject | ParametersForItem;
	/** The input items; one empty item when not given. */
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** The node's fields that differ from the test node, e.g. `{ typeVersion: 1.1 }`. */
	node?: Partial<INode>;
	timezone?: string;
}

/** What a test may set for one operation's run besides its parameters. */
export type OperationRunOptions = Partial<
	Pick<SiroNodeRun, 'items' | 'continueOnFail' | 'credentials' | 'timezone'>
>;

/** A parameter as a test sets it: one value for every item, or a function giving each item's value. */
export type ItemParameter = unknown | ((itemIndex: number) => unknown);

/** The node's parameters for each item: `resource`, `operation` and `parameters` resolved for that item. */
export function operationParameters(
	resource: string,
	operation: string,
	parameters: Record<string, ItemParameter>,
): ParametersForItem {
	return (itemIndex) => {
		const resolved: IDataObject = { resource, operation };
		for (const [name, value] of Object.entries(parameters)) {
			resolved[name] = (
				typeof value === 'function' ? (value as (index: number) => unknown)(itemIndex) : value
			) as IDataObject;
		}
		return resolved;
	};
}

export async function runSiroNode(run: SiroNodeRun) {
	const http = createN8nCredentialHttp(new SiroApi(), run.credentials ?? {});
	const recorder = createExecuteContext({
		items: run.items ?? [{}],
		parameters: run.parameters,
		continueOnFail: run.continueOnFail,
		node: run.node,
		timezone: run.timezone,
		credentials: run.credentials === undefined ? undefined : structuredClone(run.credentials),
		httpRequestWithAuthentication: http.httpRequestWithAuthentication,
	});
	const [output] = await new Siro().execute.call(recorder.context);
	return { output, recorder, preAuthentications: http.preAuthentications };
}

export type NodeError = NodeOperationError | NodeApiError;

/**
 * The error a node run stopped with: a NodeApiError for Siro's API failures, a NodeOperationError
 * for inputs; the test fails when the run succeeded or threw anything else.
 */
export async function nodeErrorFrom(run: Promise<unknown>): Promise<NodeError> {
	const caught = await run.then(
		() => undefined,
		(error: unknown) => error,
	);
	expect(caught instanceof NodeApiError || caught instanceof NodeOperationError).toBe(true);
	return caught as NodeError;
}

/** A Siro API failure as n8n sees it: a NodeApiError carrying the HTTP status, when there was one. */
export async function nodeApiErrorFrom(run: Promise<unknown>): Promise<NodeApiError> {
	const caught = await nodeErrorFrom(run);
	expect(caught).toBeInstanceOf(NodeApiError);
	return caught as NodeApiError;
}
