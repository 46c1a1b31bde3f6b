/**
 * The request contract between the client and whatever sends HTTP (n8n's helpers inside n8n, fetch or
 * axios in the library): one dialect. `request()` resolves `{status, headers, body}` for every HTTP
 * answer, 3xx/4xx/5xx included, and rejects only when no answer came (reset, refused, DNS…). A
 * rejection is therefore always a network failure, whatever it carries.
 *
 * The client bounds every attempt itself: it hands the transport an AbortSignal that fires at the
 * deadline and stops waiting at that moment even if the transport ignores the signal (a server that
 * drips one byte at a time keeps a socket's idle timeout from ever firing).
 */

/** PUT and DELETE: Siro's sync (upsert by External ID) and recording link/unlink, both idempotent. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface SiroHttpRequest {
	method: HttpMethod;
	url: string;
	headers: Record<string, string>;
	/** A JSON value for the transport to send as `application/json`. */
	body?: unknown;
	/** The attempt's time limit; `signal` fires when it has passed. */
	timeoutMs: number;
	/** Aborted at the deadline: pass it to fetch/axios so the socket is closed too. */
	signal: AbortSignal;
}

export interface SiroHttpResponse {
	status: number;
	headers: Record<string, unknown>;
	/** The body as text (parsed here) or as JSON the transport already parsed. */
	body: unknown;
}

/** Resolves for every HTTP status; rejects only when there is no HTTP answer. Must not follow redirects. */
export type SiroRequestFunction = (request: SiroHttpRequest) => Promise<SiroHttpResponse>;
export type SleepFunction = (milliseconds: number) => Promise<void>;

export const DEFAULT_TIMEOUT_MS = 15000;

/**
 * Bodies larger than this are refused: the largest answer Siro documents for this package (10,000
 * conversation configurations) is about 14 MB, and a runaway answer must not fill n8n's memory.
 */
export const MAX_RESPONSE_CHARACTERS = 32 * 1024 * 1024;

/** Why an attempt got no usable HTTP answer. */
export interface NetworkFailure {
	kind: 'network' | 'timeout';
	/** Resets, refusals and timeouts are worth another try; an unknown host is not. */
	retryable: boolean;
	/** Short reason for the message, e.g. "connection reset (ECONNRESET)". */
	reason: string;
}

export type AttemptOutcome = { response: SiroHttpResponse } | { failure: NetworkFailure };

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);
const TRANSIENT_NETWORK_CODES: Record<string, string> = {
	ECONNRESET: 'connection reset',
	EPIPE: 'connection closed while sending',
	ECONNREFUSED: 'connection refused',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ENETDOWN: 'network down',
	EAI_AGAIN: 'temporary DNS failure',
	UND_ERR_SOCKET: 'connection closed',
};
const PERMANENT_NETWORK_CODES: Record<string, string> = {
	ENOTFOUND: 'host not found',
	CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
	DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
	ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate is for another host",
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate cannot be verified",
};

/** Node's standard error code of a socket failure (ECONNRESET…), on the error or the errors it wraps. */
export function networkErrorCode(error: unknown): string | undefined {
	let current = error;
	for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && code !== '') return code.toUpperCase();
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** What a rejected transport call means. Only the standard `code` is read, never a message: messages may hold secrets. */
function classifyNetworkFailure(error: unknown): NetworkFailure {
	const code = networkErrorCode(error);
	if (code !== undefined && TIMEOUT_CODES.has(code)) {
		return { kind: 'timeout', retryable: true, reason: `timeout (${code})` };
	}
	if (code !== undefined && code in TRANSIENT_NETWORK_CODES) {
		return {
			kind: 'network',
			retryable: true,
			reason: `${TRANSIENT_NETWORK_CODES[code]} (${code})`,
		};
	}
	if (code !== undefined && code in PERMANENT_NETWORK_CODES) {
		return {
			kind: 'network',
			retryable: false,
			reason: `${PERMANENT_NETWORK_CODES[code]} (${code})`,
		};
	}
	// An error without a known code (a transport's own bug, a proxy refusing): try again, bounded.
	return {
		kind: 'network',
		retryable: true,
		reason: code === undefined ? 'no answer' : `no answer (${code})`,
	};
}

const DEADLINE_PASSED: NetworkFailure = {
	kind: 'timeout',
	retryable: true,
	reason: 'no complete answer in time',
};

/**
 * Sends one attempt (to Siro, or a recording's bytes to storage) and settles by its deadline at the
 * latest: the transport's answer, or a network failure. AbortSignal.timeout is the clock (n8n's
 * rules keep timers out of nodes).
 */
export function sendOnce<Request extends { timeoutMs: number; signal: AbortSignal }>(
	request: (httpRequest: Request) => Promise<SiroHttpResponse>,
	httpRequest: Omit<Request, 'signal'>,
): Promise<AttemptOutcome> {
	const signal = AbortSignal.timeout(httpRequest.timeoutMs);
	return new Promise((resolve) => {
		const onDeadline = () => resolve({ failure: DEADLINE_PASSED });
		signal.addEventListener('abort', onDeadline, { once: true });
		let pending: Promise<SiroHttpResponse>;
		try {
			pending = request({ ...httpRequest, signal } as Request);
		} catch (error) {
			pending = Promise.reject(error);
		}
		pending.then(
			(response) => {
				signal.removeEventListener('abort', onDeadline);
				resolve(
					isHttpAnswer(response)
						? { response }
						: {
								failure: {
									kind: 'network',
									retryable: false,
									reason: 'the transport gave no HTTP status',
								},
							},
				);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onDeadline);
				resolve({ failure: signal.aborted ? DEADLINE_PASSED : classifyNetworkFailure(error) });
			},
		);
	});
}

function isHttpAnswer(value: unknown): value is SiroHttpResponse {
	if (typeof value !== 'object' || value === null) return false;
	const status = (value as { status?: unknown }).status;
	return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599;
}

/** A header's value whatever the case of its name (HTTP header names are case-insensitive). */
export function readHeader(headers: unknown, name: string): string | undefined {
	if (typeof headers !== 'object' || headers === null) return undefined;
	const wanted = name.toLowerCase();
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		const value = (headers as Record<string, unknown>)[key];
		if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
		return value === undefined || value === null ? undefined : String(value);
	}
	return undefined;
}
