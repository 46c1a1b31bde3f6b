import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeProperties,
	IWebhookFunctions,
	IWebhookResponseData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

export interface WebhookRequest {
	/** Header names as sent; Node lowercases them, and so does this stand-in. */
	headers: Record<string, string>;
	/** The body's bytes as n8n keeps them in `req.rawBody` (undefined: none kept, as for multipart). */
	rawBody: Buffer | undefined;
	/** What n8n's JSON parser made of the body (`req.body`); the trigger must not use it. */
	body?: unknown;
}

export interface WebhookContextOptions {
	request: WebhookRequest;
	/** The node's properties: parameters not given take their defaults from these, as in n8n. */
	properties: INodeProperties[];
	parameters?: IDataObject;
	credentials?: ICredentialDataDecryptedObject;
	/** The node's static data; pass the same object to several calls to keep it between them. */
	staticData?: IDataObject;
	/** 'webhook' for the production URL (default), 'manual' for "listen for test event". */
	mode?: WorkflowExecuteMode;
	workflowId?: string;
}

export interface WebhookCall {
	result: IWebhookResponseData;
	/** What the node wrote to the response itself (a refusal), if anything. */
	response: { status?: number; body?: unknown };
	logs: string[];
	staticData: IDataObject;
}

export const triggerNode: INode = {
	id: 'siro-trigger-under-test',
	name: 'Siro Trigger',
	type: 'n8n-nodes-siro.siroTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	webhookId: '5d1e1b2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
};

/**
 * The slice of IWebhookFunctions the Siro Trigger uses, behaving as n8n's: parameters fall back to
 * the node's defaults, a missing credential throws, the response object is express-like, and the
 * request carries n8n's `rawBody` next to its parsed `body`.
 */
export function createWebhookContext(options: WebhookContextOptions): {
	context: IWebhookFunctions;
	call: WebhookCall;
} {
	const defaults = Object.fromEntries(
		options.properties.map((property) => [property.name, property.default]),
	);
	const parameters: IDataObject = { ...defaults, ...options.parameters };
	const headers = Object.fromEntries(
		Object.entries(options.request.headers).map(([name, value]) => [name.toLowerCase(), value]),
	);
	const call: WebhookCall = {
		result: {},
		response: {},
		logs: [],
		staticData: options.staticData ?? {},
	};
	const response = {
		headersSent: false,
		status(code: number) {
			call.response.status = code;
			return response;
		},
		json(body: unknown) {
			call.response.body = body;
			response.headersSent = true;
			return response;
		},
	};
	const log = (level: string) => (message: string) => call.logs.push(`${level}: ${message}`);
	const context = {
		getNode: () => triggerNode,
		getWorkflow: () => ({ id: options.workflowId ?? 'workflow-1', name: 'Test', active: true }),
		getMode: () => options.mode ?? 'webhook',
		getNodeParameter(name: string, fallback?: unknown) {
			const value = parameters[name];
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		async getCredentials(type: string) {
			if (type !== 'siroWebhookApi' || options.credentials === undefined) {
				throw new Error('Node does not have any credentials set');
			}
			return options.credentials;
		},
		getRequestObject: () => ({
			headers,
			rawBody: options.request.rawBody,
			body: options.request.body ?? {},
		}),
		getResponseObject: () => response,
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`The trigger should keep node static data, not ${type}`);
			return call.staticData;
		},
		logger: {
			debug: log('debug'),
			info: log('info'),
			warn: log('warn'),
			error: log('error'),
		},
	};
	return { context: context as unknown as IWebhookFunctions, call };
}
