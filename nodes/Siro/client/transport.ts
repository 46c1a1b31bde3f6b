/**
 * The part of the client that talks HTTP through an injected `request` function: base URL checks,
 * retries with capped exponential backoff and jitter, Retry-After, classification of network
 * failures, and JSON parsing. Nothing here touches timers or globals: waiting goes through the
 * injected `sleep` (n8n-workflow's `sleep` inside n8n).
 */
import { createRedactedError, SiroApiError, type SiroApiErrorKind } from './errors';

export type HttpMethod = 'GET' | 'POST';

export interface SiroHttpRequest {
	method: HttpMethod;
	url: string;
	headers: Record<string, string>;
	/** The transport must give up after this long (and reject, ideally with code ETIMEDOUT). */
	timeoutMs: number;
	/** A JSON value for the transport to serialize. */
	body?: unknown;
}

export interface SiroHttpResponse {
	status: number;
	headers: Record<string, unknown>;
	/** Parsed JSON, or the raw text (it is parsed here), whatever the transport produced. */
	body: unknown;
}

/**
 * Must resolve for every HTTP status. May reject for network failures (reset, refused, timeout),
 * which are classified from the error's `code`. A rejection that carries an HTTP response
 * (axios-style `error.response.status`, or n8n's NodeApiError with a numeric `httpCode`) is
 * treated as that response, so a transport that throws on 4xx/5xx works too.
 */
export type SiroRequestFunction = (request: SiroHttpRequest) => Promise<SiroHttpResponse>;
export type SleepFunction = (milliseconds: number) => Promise<void>;
export type RandomFunction = () => number;

export interface RetryPolicy {
	/** Tries in total, the first one included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited for: the call fails at once and says so. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
	maxAttempts: 3,
	baseDelayMs: 500,
	maxDelayMs: 5000,
	maxRetryAfterMs: 30000,
});

export const DEFAULT_TIMEOUT_MS = 15000;

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Checks a user-entered base URL and returns it without trailing slashes. https is required,
 * except on loopback hosts, because the token travels in a header on every request.
 */
export function normalizeBaseUrl(baseUrl: unknown, fieldLabel: string): string {
	const trimmed = typeof baseUrl === 'string' ? baseUrl.trim().replace(/\/+$/, '') : '';
	const refuse = (problem: string) =>
		new SiroApiError({
			kind: 'invalidInput',
			message: `The ${fieldLabel} ${problem}`,
			description: `Enter an https URL such as https://app.siro.ai/api-internalApi in the credential's ${fieldLabel} field (plain http is only accepted for 127.0.0.1, localhost and [::1]).`,
			attempts: 0,
		});
	if (trimmed === '') throw refuse('is empty.');
	const parsed = tryParseUrl(trimmed);
	if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
		throw refuse(`"${trimmed}" is not an absolute http(s) URL.`);
	}
	if (parsed.protocol === 'http:' && !LOOPBACK_HOSTNAMES.has(parsed.hostname)) {
		throw refuse(`"${trimmed}" uses plain http; Siro tokens may only be sent over https.`);
	}
	if (parsed.username !== '' || parsed.password !== '') {
		throw refuse('must not contain a user name or password.');
	}
	if (parsed.search !== '' || parsed.hash !== '') {
		throw refuse(`"${parsed.origin}${parsed.pathname}" must not have a query string or fragment.`);
	}
	return trimmed;
}

function tryParseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

export function readHeader(
	headers: Record<string, unknown> | undefined,
	name: string,
): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() === wanted) {
			const value = headers[key];
			if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
			return value === undefined || value === null ? undefined : String(value);
		}
	}
	return undefined;
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const dateMs = Date.parse(trimmed);
	if (Number.isNaN(dateMs)) return undefined;
	return Math.max(0, dateMs - nowMs);
}

/** Equal jitter: at least half the exponential step, so retries never collapse to zero wait. */
export function backoffDelayMs(
	failedAttempts: number,
	policy: RetryPolicy,
	random: RandomFunction,
): number {
	const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
	return Math.round(step / 2 + random() * (step / 2));
}

interface TransportFailure {
	kind: 'network' | 'timeout';
	retryable: boolean;
	/** Short reason for the message, e.g. "connection reset (ECONNRESET)". */
	reason: string;
}

type AttemptOutcome = { response: SiroHttpResponse } | { failure: TransportFailure };

const TIMEOUT_CODES = new Set([
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ECONNABORTED',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);
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
const CANCELLATION_CODES = new Set(['ERR_CANCELED', 'ABORT_ERR']);

interface ErrorLike {
	code?: unknown;
	httpCode?: unknown;
	statusCode?: unknown;
	name?: unknown;
	message?: unknown;
	cause?: unknown;
	description?: unknown;
	error?: unknown;
	context?: { data?: unknown };
	response?: { status?: unknown; headers?: unknown; data?: unknown; body?: unknown };
}

function asErrorLike(value: unknown): ErrorLike {
	return typeof value === 'object' && value !== null ? (value as ErrorLike) : {};
}

/** Follows `cause` links a few levels deep: n8n wraps axios errors, axios wraps socket errors. */
function errorChain(error: unknown): ErrorLike[] {
	const chain: ErrorLike[] = [];
	let current: unknown = error;
	while (chain.length < 5 && typeof current === 'object' && current !== null) {
		chain.push(asErrorLike(current));
		current = asErrorLike(current).cause;
	}
	return chain;
}

function responseCarriedBy(error: unknown): SiroHttpResponse | undefined {
	for (const link of errorChain(error)) {
		if (link.response && typeof link.response.status === 'number') {
			return {
				status: link.response.status,
				headers: (link.response.headers as Record<string, unknown>) ?? {},
				body: link.response.data ?? link.response.body,
			};
		}
		if (typeof link.httpCode === 'string' && /^\d{3}$/.test(link.httpCode)) {
			const description =
				typeof link.description === 'string' ? { error: link.description } : undefined;
			return {
				status: Number(link.httpCode),
				headers: {},
				body: link.context?.data ?? description,
			};
		}
		if (typeof link.statusCode === 'number') {
			return { status: link.statusCode, headers: {}, body: link.error };
		}
	}
	return undefined;
}

function classifyThrown(error: unknown): TransportFailure {
	const chain = errorChain(error);
	const codes = chain
		.flatMap((link) => [link.code, link.httpCode])
		.filter((code): code is string => typeof code === 'string')
		.map((code) => code.toUpperCase());
	const texts = chain
		.map((link) => (typeof link.message === 'string' ? link.message : ''))
		.join(' | ');
	const names = chain.map((link) => link.name);

	const timeoutCode = codes.find((code) => TIMEOUT_CODES.has(code));
	if (timeoutCode !== undefined || /timed? ?out/i.test(texts)) {
		return {
			kind: 'timeout',
			retryable: true,
			reason: `timeout${timeoutCode ? ` (${timeoutCode})` : ''}`,
		};
	}
	if (codes.some((code) => CANCELLATION_CODES.has(code)) || names.includes('AbortError')) {
		return { kind: 'network', retryable: false, reason: 'the request was cancelled' };
	}
	const transientCode = codes.find((code) => code in TRANSIENT_NETWORK_CODES);
	if (transientCode !== undefined) {
		return {
			kind: 'network',
			retryable: true,
			reason: `${TRANSIENT_NETWORK_CODES[transientCode]} (${transientCode})`,
		};
	}
	if (/socket hang up|closed unexpectedly/i.test(texts)) {
		return { kind: 'network', retryable: true, reason: 'connection closed unexpectedly' };
	}
	if (codes.includes('ENOTFOUND')) {
		return { kind: 'network', retryable: false, reason: 'host not found (ENOTFOUND)' };
	}
	const firstMessage = chain.find((link) => typeof link.message === 'string')?.message;
	const detail =
		typeof firstMessage === 'string' && firstMessage !== ''
			? firstMessage.slice(0, 200)
			: 'unknown error';
	return { kind: 'network', retryable: false, reason: detail };
}

/** Pulls Siro's own explanation out of an error body: `{error}`, `{message}` or a ZodError. */
export function siroErrorMessage(body: unknown): string | undefined {
	let value = body;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '' || text.startsWith('<')) return undefined;
		try {
			value = JSON.parse(text);
		} catch {
			return text.slice(0, 300);
		}
	}
	if (typeof value !== 'object' || value === null) return undefined;
	const record = value as Record<string, unknown>;
	if (Array.isArray(record.issues)) return summarizeIssues(record.issues);
	if (typeof record.error === 'string') return record.error.slice(0, 300);
	if (typeof record.message === 'string') return record.message.slice(0, 300);
	return undefined;
}

const MAX_ISSUES_SHOWN = 5;

/** "organizationId: Required; data[3].displayName: Expected string, received number" */
export function summarizeIssues(issues: unknown[]): string {
	const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
		const record = asRecord(issue);
		const path = Array.isArray(record.path) ? formatPath(record.path) : '';
		const message = typeof record.message === 'string' ? record.message : 'invalid';
		return path === '' ? message : `${path}: ${message}`;
	});
	const more =
		issues.length > MAX_ISSUES_SHOWN ? ` (and ${issues.length - MAX_ISSUES_SHOWN} more)` : '';
	return `${shown.join('; ')}${more}`;
}

function asRecord(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function formatPath(path: unknown[]): string {
	return path
		.map((segment, index) =>
			typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
		)
		.join('');
}

export interface ClientErrorExplanation {
	kind: SiroApiErrorKind;
	message: string;
	description: string;
}

/** One logical call: the request, how to retry it, and how to explain its 4xx answers. */
export interface Exchange {
	request: SiroRequestFunction;
	sleep: SleepFunction;
	random: RandomFunction;
	retry: RetryPolicy;
	httpRequest: SiroHttpRequest;
	/** Values that must never appear in an error (tokens, client secret). */
	secrets: ReadonlyArray<string | undefined>;
	organizationId?: string;
	/** What the call was, for messages: "listing conversation types". */
	purpose: string;
	/** Explains a final 4xx other than 429: what it means for this call and how to fix it. */
	explainClientError(status: number, siroMessage: string | undefined): ClientErrorExplanation;
}

async function attempt(exchange: Exchange): Promise<AttemptOutcome> {
	try {
		return { response: await exchange.request(exchange.httpRequest) };
	} catch (error) {
		const carried = responseCarriedBy(error);
		return carried ? { response: carried } : { failure: classifyThrown(error) };
	}
}

function isSuccess(status: number): boolean {
	return status >= 200 && status < 300;
}

function isRetryableStatus(status: number): boolean {
	return status === 429 || status >= 500;
}

function describeHost(url: string): string {
	return tryParseUrl(url)?.host ?? 'the Base URL';
}

function countTries(count: number): string {
	return `${count} ${count === 1 ? 'try' : 'tries'}`;
}

function formatDuration(milliseconds: number): string {
	return milliseconds < 1000 ? `${milliseconds} ms` : `${Math.round(milliseconds / 1000)} s`;
}

function buildFinalError(
	exchange: Exchange,
	outcome: AttemptOutcome,
	attempts: number,
	retryAfterTooLongMs: number | undefined,
): SiroApiError {
	const { organizationId, purpose } = exchange;
	const tries = countTries(attempts);
	const fail = (details: {
		kind: SiroApiErrorKind;
		message: string;
		description: string;
		httpCode?: number;
	}) => createRedactedError({ ...details, organizationId, attempts }, exchange.secrets);

	if ('failure' in outcome) {
		const { failure } = outcome;
		const host = describeHost(exchange.httpRequest.url);
		if (failure.kind === 'timeout') {
			return fail({
				kind: 'timeout',
				message: `Siro did not answer within ${formatDuration(exchange.httpRequest.timeoutMs)} while ${purpose} (${tries}).`,
				description: `Siro at ${host} may be slow or unreachable from this n8n instance. Try again in a few minutes; if it keeps happening, check the Base URL and any proxy or firewall between n8n and ${host}.`,
			});
		}
		return fail({
			kind: 'network',
			message: `Could not reach Siro at ${host} while ${purpose}: ${failure.reason} (${tries}).`,
			description: `Check the Base URL and that this n8n instance can reach ${host} (DNS, proxy, firewall). Temporary failures are retried automatically; try again later if Siro is down.`,
		});
	}

	const { status, body } = outcome.response;
	const siroMessage = siroErrorMessage(body);
	const siroSays = siroMessage ? ` Siro said: "${siroMessage}".` : '';
	if (status === 429) {
		const waited =
			retryAfterTooLongMs === undefined
				? `after ${tries}`
				: `and asked to wait ${Math.ceil(retryAfterTooLongMs / 1000)} s`;
		return fail({
			kind: 'rateLimited',
			httpCode: status,
			message: `Siro is rate limiting requests (429 Too Many Requests) while ${purpose}, ${waited}.`,
			description:
				'Siro allows about 1,000 requests per minute per token. Wait a minute and run the workflow again, or spread its requests out (for example with a Wait node or smaller batches).',
		});
	}
	if (status >= 500) {
		const waited =
			retryAfterTooLongMs === undefined
				? `after ${tries}`
				: `and asked to wait ${Math.ceil(retryAfterTooLongMs / 1000)} s`;
		return fail({
			kind: 'server',
			httpCode: status,
			message: `Siro had a server error (${status}) while ${purpose}, ${waited}.${siroSays}`,
			description:
				"This is usually temporary on Siro's side: run the workflow again in a few minutes. If it persists, contact Siro support.",
		});
	}
	if (status >= 400) {
		return fail({ ...exchange.explainClientError(status, siroMessage), httpCode: status });
	}
	return fail({
		kind: 'invalidResponse',
		httpCode: status,
		message: `Siro answered with unexpected HTTP status ${status} while ${purpose}.`,
		description:
			"Check the Base URL: it should point at Siro's API (for example https://app.siro.ai/api-internalApi), not at a page that redirects.",
	});
}

/**
 * Sends the request, retrying 429, 5xx, resets and timeouts up to `retry.maxAttempts` tries in
 * total. Resolves with the parsed JSON body of the 2xx answer; rejects with a SiroApiError.
 */
export async function sendWithRetries(
	exchange: Exchange,
): Promise<{ body: unknown; attempts: number }> {
	const { retry } = exchange;
	for (let attempts = 1; ; attempts++) {
		const outcome = await attempt(exchange);
		if ('response' in outcome && isSuccess(outcome.response.status)) {
			return { body: parseJsonBody(exchange, outcome.response.body, attempts), attempts };
		}
		const retryable =
			'failure' in outcome ? outcome.failure.retryable : isRetryableStatus(outcome.response.status);
		if (!retryable || attempts >= retry.maxAttempts) {
			throw buildFinalError(exchange, outcome, attempts, undefined);
		}
		const backoffMs = backoffDelayMs(attempts, retry, exchange.random);
		const retryAfterMs =
			'response' in outcome
				? parseRetryAfterMs(readHeader(outcome.response.headers, 'retry-after'), Date.now())
				: undefined;
		if (retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs) {
			throw buildFinalError(exchange, outcome, attempts, retryAfterMs);
		}
		await exchange.sleep(Math.max(backoffMs, retryAfterMs ?? 0));
	}
}

function parseJsonBody(exchange: Exchange, body: unknown, attempts: number): unknown {
	if (typeof body !== 'string') {
		if (body === undefined || body === null)
			return invalidJson(exchange, attempts, 'an empty body');
		return body;
	}
	const text = body.trim();
	if (text === '') return invalidJson(exchange, attempts, 'an empty body');
	if (text.startsWith('<')) return invalidJson(exchange, attempts, 'an HTML page');
	let parsed: unknown;
	let parsedOk = true;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsedOk = false;
	}
	return parsedOk ? parsed : invalidJson(exchange, attempts, 'text that is not valid JSON');
}

function invalidJson(exchange: Exchange, attempts: number, what: string): never {
	throw createRedactedError(
		{
			kind: 'invalidResponse',
			message: `Siro answered with ${what} instead of JSON while ${exchange.purpose}.`,
			description: `Check the Base URL (${describeBaseOf(exchange.httpRequest.url)}): it must point at Siro's API, such as https://app.siro.ai/api-internalApi, not at Siro's web app. If it does, Siro may have changed its API: report this to the n8n-nodes-siro maintainers.`,
			organizationId: exchange.organizationId,
			attempts,
		},
		exchange.secrets,
	);
}

function describeBaseOf(url: string): string {
	const coreIndex = url.indexOf('/v1/core/');
	return coreIndex === -1 ? url : url.slice(0, coreIndex);
}
