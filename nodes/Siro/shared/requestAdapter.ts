/**
 * The one place where n8n's HTTP helpers meet the client's request contract. The node (through
 * `httpRequestWithAuthentication`, which adds the tokens) and the credential (minting a user token
 * through `helpers.httpRequest`) both send through it. n8n's errors are caught here and returned in
 * the contract's shape, so the client never reads n8n's or axios's error internals.
 */
import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import {
	networkErrorCode,
	type SiroHttpResponse,
	type SiroRequestFunction,
	type StorageRequestFunction,
} from '../client';

/** n8n's helper as this adapter calls it: always with `returnFullResponse`. */
export type N8nHttpRequest = (options: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>;

/**
 * How both adapters send through n8n: the body back as text (for the client to size-check), every
 * status an answer, and no redirect followed (a token or a signed URL would travel to wherever a 3xx
 * points).
 */
const TEXT_ANSWER_NO_REDIRECT = {
	encoding: 'text',
	json: false,
	returnFullResponse: true,
	ignoreHttpStatusErrors: true,
	disableFollowRedirect: true,
} as const satisfies Partial<IHttpRequestOptions>;

/** The HTTP status an n8n error carries, when it came from an HTTP answer rather than a socket. */
function statusCarriedBy(error: unknown): number | undefined {
	if (typeof error !== 'object' || error === null) return undefined;
	const { httpCode } = error as { httpCode?: unknown };
	const status = typeof httpCode === 'string' ? Number(httpCode) : httpCode;
	return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599
		? status
		: undefined;
}

/**
 * A SiroRequestFunction over n8n's helper: redirects are never followed (the token would travel to
 * wherever a 3xx points), every status comes back as an answer, and the body comes back as text for
 * the client to size-check and parse.
 *
 * `resendOn401`: n8n re-runs the credential's preAuthentication (re-mints an OAuth-app user token)
 * only when a request *throws* a 401, so in that mode a 401 is sent once more with status errors on.
 * What n8n throws then is reduced to its status: its message may quote the answer, which may echo a
 * token minted inside n8n that this package never saw.
 */
export function siroRequestThroughN8n(
	send: N8nHttpRequest,
	{ resendOn401 = false }: { resendOn401?: boolean } = {},
): SiroRequestFunction {
	return async ({ method, url, headers, body, timeoutMs, signal }) => {
		const options: IHttpRequestOptions = {
			method,
			url,
			headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
			...(body === undefined ? {} : { body: JSON.stringify(body) as unknown as IDataObject }),
			timeout: timeoutMs,
			abortSignal: signal,
			...TEXT_ANSWER_NO_REDIRECT,
		};
		let response: IN8nHttpFullResponse | undefined;
		let failure: unknown;
		try {
			response = await send(options);
			if (response.statusCode === 401 && resendOn401) {
				response = await send({ ...options, ignoreHttpStatusErrors: false });
			}
		} catch (error) {
			failure = error;
		}
		if (response !== undefined) return answer(response);
		return failedAnswer(failure);
	};
}

/**
 * What n8n threw, in the contract's terms: the HTTP status it carries (an answer), or a network
 * failure with the socket's code only (n8n's error also holds the request, headers and URL included).
 * A thrown 2xx is no answer the client can use: it stays a network failure.
 */
function failedAnswer(failure: unknown): SiroHttpResponse {
	const status = statusCarriedBy(failure);
	if (status !== undefined && status >= 300) return { status, headers: {}, body: undefined };
	throw new NetworkFailure(networkErrorCode(failure));
}

/** A request that got no HTTP answer, as the client's contract wants it: a rejection with a code. */
class NetworkFailure extends Error {
	constructor(readonly code: string | undefined) {
		super(`No answer${code ? ` (${code})` : ''}`);
		this.name = 'NetworkFailure';
	}
}

function answer(response: IN8nHttpFullResponse): SiroHttpResponse {
	const { body } = response;
	return {
		status: response.statusCode,
		headers: (response.headers as Record<string, unknown>) ?? {},
		body: Buffer.isBuffer(body) ? body.toString('utf8') : body,
	};
}

/**
 * The storage PUT of Recording → Upload over n8n's plain helper (`helpers.httpRequest`, no credential):
 * the file goes to the signed storage URL with exactly the signed headers and no Siro token, no
 * redirect is followed, and every status is an answer. A failure is reduced to its socket code: n8n's
 * error holds the request, and so the signed URL.
 */
export function storageRequestThroughN8n(send: N8nHttpRequest): StorageRequestFunction {
	return async ({ url, headers, body, timeoutMs, signal }) => {
		try {
			return answer(
				await send({
					method: 'PUT',
					url,
					headers,
					body: Buffer.isBuffer(body)
						? body
						: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
					timeout: timeoutMs,
					abortSignal: signal,
					...TEXT_ANSWER_NO_REDIRECT,
				}),
			);
		} catch (error) {
			return failedAnswer(error);
		}
	};
}
