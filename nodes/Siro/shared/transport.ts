import {
	NodeOperationError,
	sleep,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
} from 'n8n-workflow';

import { createSiroClient, type ConversationConfiguration, type SiroRequestFunction } from '../client';

type SiroContext = IExecuteFunctions | ILoadOptionsFunctions;

const CREDENTIAL_TYPE = 'siroApi';
const credentialsByContext = new WeakMap<SiroContext, Promise<ICredentialDataDecryptedObject>>();

/** Decrypted once per execution: a 10,000-item run must not decrypt the credential 10,000 times. */
function siroCredentials(context: SiroContext): Promise<ICredentialDataDecryptedObject> {
	let pending = credentialsByContext.get(context);
	if (!pending) {
		pending = context.getCredentials(CREDENTIAL_TYPE).catch(() => {
			throw new NodeOperationError(context.getNode(), 'No Siro credentials are selected', {
				description:
					'Picking a conversation type From List or By Name, the Must Exist check and List Conversation Types ask Siro. Select or create Siro API credentials in the node.',
			});
		});
		credentialsByContext.set(context, pending);
	}
	return pending;
}

export async function defaultOrganizationId(context: SiroContext): Promise<string> {
	const organizationId = String((await siroCredentials(context)).organizationId ?? '').trim();
	if (organizationId === '') {
		throw new NodeOperationError(context.getNode(), 'No organization ID is set', {
			description: "Enter the Organization ID in the Siro credentials, or in the node's Organization ID field.",
		});
	}
	return organizationId;
}

interface HttpErrorLike {
	response?: { status?: number; headers?: Record<string, unknown>; data?: unknown; body?: unknown };
	cause?: HttpErrorLike;
}

/**
 * Siro over n8n's own HTTP helper (proxy settings, SSRF protection, credential injection). HTTP
 * errors are not ignored, so that n8n re-mints an expired OAuth-app token after a 401; a rejection
 * that carries a response is handed back to the client as that response, which it classifies.
 */
function requestThroughN8n(context: SiroContext): SiroRequestFunction {
	return async ({ method, url, headers, timeoutMs, body }) => {
		const options: IHttpRequestOptions = {
			method,
			url,
			headers,
			timeout: timeoutMs,
			json: true,
			returnFullResponse: true,
			...(body === undefined ? {} : { body: body as IHttpRequestOptions['body'] }),
		};
		let failure: HttpErrorLike;
		try {
			const response = await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, options);
			return { status: response.statusCode, headers: response.headers ?? {}, body: response.body };
		} catch (error) {
			failure = error as HttpErrorLike;
		}
		const response = failure.response ?? failure.cause?.response;
		// No response at all (reset, timeout, refused): the client classifies it from its code and retries.
		if (response?.status === undefined) throw failure;
		return { status: response.status, headers: response.headers ?? {}, body: response.data ?? response.body };
	};
}

export async function fetchConversationTypes(
	context: SiroContext,
	organizationId: string,
): Promise<ConversationConfiguration[]> {
	const credentials = await siroCredentials(context);
	const client = createSiroClient({
		baseUrl: credentials.baseUrl as string,
		request: requestThroughN8n(context),
		sleep,
	});
	return await client.listConversationTypes(organizationId);
}
