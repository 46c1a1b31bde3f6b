/**
 * A stand-in for n8n's `helpers.httpRequestWithAuthentication`, for one credential class, doing what
 * n8n's does (packages/core request-helpers `httpRequestWithAuthentication`, packages/cli
 * `CredentialsHelper.preAuthentication` / `authenticate`, core `httpRequest` over axios):
 *
 * 1. read the stored credential (a copy, as n8n decrypts it afresh);
 * 2. preAuthentication when the hidden expirable field is empty: call the class's
 *    `preAuthentication` with `{ helpers: { httpRequest } }`; if it returned the expirable field,
 *    store it ("updateCredentials") and merge it in;
 * 3. apply `authenticate`: a function is called with (credentials, options); generic properties
 *    (headers, qs, …) are resolved `={{…}}` against `$credentials`, a falsy result becoming '' as in
 *    n8n's `resolveValue`;
 * 4. send the real request with axios (`qs` → params, `json` → Accept header, `timeout`,
 *    `ignoreHttpStatusErrors` → accept every status, `returnFullResponse` → {body, headers, statusCode});
 * 5. when that throws with a 401 response (so never when status errors are ignored): preAuthentication
 *    again with expired = true, store, authenticate, resend once;
 * 6. every failure is rethrown as `new NodeApiError(node, error)`, as n8n does.
 */
import axios, { type AxiosRequestConfig } from 'axios';
import {
	NodeApiError,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
} from 'n8n-workflow';

import { testNode } from './executeContext';

/** n8n's axios default timeout when a request sets none. */
const N8N_DEFAULT_TIMEOUT_MS = 300000;

/** n8n core `httpRequest`: the axios call behind `helpers.httpRequest` (no credential). */
export async function n8nHttpRequest(requestOptions: IHttpRequestOptions): Promise<unknown> {
	const method = (requestOptions.method ?? 'GET').toUpperCase();
	const headers: Record<string, string> = {
		...(requestOptions.headers as Record<string, string> | undefined),
	};
	if (
		requestOptions.json &&
		!Object.keys(headers).some((name) => name.toLowerCase() === 'accept')
	) {
		headers.Accept = 'application/json';
	}
	const axiosRequest: AxiosRequestConfig = {
		method,
		url: requestOptions.url,
		baseURL: requestOptions.baseURL,
		params: requestOptions.qs,
		headers,
		timeout: requestOptions.timeout ?? N8N_DEFAULT_TIMEOUT_MS,
		maxBodyLength: Infinity,
		maxContentLength: Infinity,
		proxy: false,
		// n8n: disableFollowRedirect → maxRedirects 0, encoding → responseType, abortSignal → signal.
		...(requestOptions.disableFollowRedirect ? { maxRedirects: 0 } : {}),
		...(requestOptions.encoding ? { responseType: requestOptions.encoding } : {}),
		...(requestOptions.abortSignal ? { signal: requestOptions.abortSignal as AbortSignal } : {}),
	};
	const { body } = requestOptions;
	const hasBody =
		typeof body === 'string' ||
		(typeof body === 'object' && body !== null && Object.keys(body).length > 0);
	if (hasBody && !['GET', 'HEAD', 'OPTIONS'].includes(method)) axiosRequest.data = body;
	if (requestOptions.ignoreHttpStatusErrors) axiosRequest.validateStatus = () => true;

	const result = await axios.request(axiosRequest);
	if (!requestOptions.returnFullResponse) return result.data;
	return {
		body: result.data,
		headers: result.headers,
		statusCode: result.status,
		statusMessage: result.statusText,
	};
}

/** Evaluates a `={{ … }}` credential expression with `$credentials` in scope (plain JS, as n8n's engine does here). */
export function resolveCredentialValue(
	value: unknown,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	if (typeof value !== 'string' || value.charAt(0) !== '=') return value;
	const expression = /^=\{\{([\s\S]*)\}\}$/.exec(value);
	const resolved = expression
		? new Function('$credentials', `return (${expression[1]});`)(credentials)
		: value.slice(1);
	return resolved ? String(resolved) : '';
}

export interface N8nCredentialHttp {
	/** Pass as `httpRequestWithAuthentication` of the execute or load-options context. */
	httpRequestWithAuthentication(
		credentialType: string,
		requestOptions: IHttpRequestOptions,
	): Promise<unknown>;
	/** Each preAuthentication n8n ran, with whether it was for an expired token. */
	preAuthentications: Array<{ expired: boolean; stored: boolean }>;
}

/**
 * @param credentialClass the credential (e.g. `new SiroApi()`)
 * @param stored the saved credential data, updated in place like n8n's database row
 */
export function createN8nCredentialHttp(
	credentialClass: ICredentialType,
	stored: ICredentialDataDecryptedObject,
	node: INode = testNode,
): N8nCredentialHttp {
	const preAuthentications: N8nCredentialHttp['preAuthentications'] = [];
	const expirable = credentialClass.properties.find(
		(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
	);
	const helpers = { helpers: { httpRequest: n8nHttpRequest } } as unknown as IHttpRequestHelper;

	async function preAuthenticate(credentials: ICredentialDataDecryptedObject, expired: boolean) {
		if (expirable === undefined || typeof credentialClass.preAuthentication !== 'function')
			return undefined;
		if (credentials[expirable.name] !== '' && !expired) return undefined;
		const output = await credentialClass.preAuthentication.call(helpers, credentials);
		const storesToken = output[expirable.name] !== undefined;
		preAuthentications.push({ expired, stored: storesToken });
		if (!storesToken) return undefined;
		Object.assign(stored, output); // updateCredentials
		return Object.assign(credentials, output);
	}

	async function authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	) {
		const { authenticate: method } = credentialClass;
		if (method === undefined) return requestOptions;
		if (typeof method === 'function')
			return await method.call(credentialClass, credentials, requestOptions);
		if (requestOptions.headers === undefined) requestOptions.headers = {};
		for (const [outerKey, outerValue] of Object.entries(method.properties)) {
			const target = requestOptions as unknown as Record<string, IDataObject | undefined>;
			if (!target[outerKey]) target[outerKey] = {};
			for (const [key, value] of Object.entries(outerValue as IDataObject)) {
				const resolvedKey = String(resolveCredentialValue(key, credentials));
				(target[outerKey] as IDataObject)[resolvedKey] = resolveCredentialValue(
					value,
					credentials,
				) as string;
			}
		}
		return requestOptions;
	}

	async function httpRequestWithAuthentication(
		credentialType: string,
		incoming: IHttpRequestOptions,
	) {
		if (credentialType !== credentialClass.name) {
			throw new Error(`n8nHttp stand-in serves "${credentialClass.name}", not "${credentialType}"`);
		}
		// n8n hands authenticate the caller's options object; copy the top level and headers so the
		// node's own object stays as the node built it (n8n mutates it, the node must not rely on either).
		let requestOptions: IHttpRequestOptions = { ...incoming, headers: { ...incoming.headers } };
		if (
			['GET', 'HEAD', 'OPTIONS'].includes(requestOptions.method ?? 'GET') &&
			isEmpty(requestOptions.body)
		) {
			delete requestOptions.body;
		}
		let credentials: ICredentialDataDecryptedObject | undefined;
		try {
			credentials = structuredClone(stored); // "decrypted" afresh for this request
			const data = await preAuthenticate(credentials, false);
			if (data) Object.assign(credentials, data);
			requestOptions = await authenticate(credentials, requestOptions);
			return await n8nHttpRequest(requestOptions);
		} catch (error) {
			const status = (error as { response?: { status?: number } }).response?.status;
			if (status === 401 && credentials !== undefined) {
				try {
					const data = await preAuthenticate(credentials, true);
					if (data) Object.assign(credentials, data);
					requestOptions = await authenticate(credentials, requestOptions);
					return await n8nHttpRequest(requestOptions);
				} catch (retryError) {
					throw new NodeApiError(node, retryError as never);
				}
			}
			throw new NodeApiError(node, error as never);
		}
	}

	return { httpRequestWithAuthentication, preAuthentications };
}

function isEmpty(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value === '';
	if (typeof value === 'object') return Object.keys(value).length === 0;
	return false;
}
