import {
	NodeOperationError,
	sleep,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
} from 'n8n-workflow';

import {
	createSiroClient,
	type ConversationConfiguration,
	type SiroRequestFunction,
} from '../client';

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
			description:
				"Enter the Organization ID in the Siro credentials, or in the node's Organization ID field.",
		});
	}
	return organizationId;
}

/**
 * Siro over n8n's own HTTP helper (proxy settings, SSRF protection, credential injection). Status
 * errors come back as responses, so the client sees Siro's headers (Retry-After) and body. n8n
 * re-mints an OAuth-app token only when a request throws a 401, so in that mode a 401 is sent once
 * more with status errors on.
 */
function requestThroughN8n(context: SiroContext, renewsTokenOn401: boolean): SiroRequestFunction {
	const send = (options: IHttpRequestOptions) =>
		context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, options);

	return async ({ method, url, headers, timeoutMs, body }) => {
		const options: IHttpRequestOptions = {
			method,
			url,
			headers,
			timeout: timeoutMs,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			...(body === undefined ? {} : { body: body as IHttpRequestOptions['body'] }),
		};
		let response = await send(options);
		if (response.statusCode === 401 && renewsTokenOn401) {
			// Still refused after a fresh token, this throws; the client reads the 401 from the error.
			response = await send({ ...options, ignoreHttpStatusErrors: false });
		}
		return { status: response.statusCode, headers: response.headers ?? {}, body: response.body };
	};
}

export async function fetchConversationTypes(
	context: SiroContext,
	organizationId: string,
): Promise<ConversationConfiguration[]> {
	const credentials = await siroCredentials(context);
	const client = createSiroClient({
		baseUrl: credentials.baseUrl as string,
		request: requestThroughN8n(context, credentials.authMode === 'oauthApp'),
		sleep,
	});
	return await client.listConversationTypes(organizationId);
}
