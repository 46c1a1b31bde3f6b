/**
 * One logical call to one of Siro's two APIs: which token it needs (checked before anything is
 * sent), pacing per token, bounded retries, the body read as JSON within a size cap, and every
 * failure turned into a redacted SiroApiError that says how to fix it.
 */
import {
	explainAnswer,
	explainInvalidBody,
	explainNetworkFailure,
	type CallContext,
	type ClientErrorExplainer,
	type Explanation,
	type InvalidBody,
	type SiroApiName,
} from './explain';
import { ListingDeadline } from './deadline';
import { redactedError, SiroApiError } from './errors';
import type { RequestPacer } from './pacing';
import { Redactor } from './redact';
import { ShapeError } from './shape';
import { decideRetry, type RandomFunction, type RetryDecision, type RetryPolicy } from './retry';
import {
	MAX_RESPONSE_CHARACTERS,
	readHeader,
	sendOnce,
	type AttemptOutcome,
	type HttpMethod,
	type SiroRequestFunction,
	type SleepFunction,
} from './request';

/** How requests are authenticated, per API. */
export interface SiroAuthentication {
	/**
	 * Headers that authenticate a request to `api` (none when the transport adds them, as n8n's
	 * credential injection does). Throws a SiroApiError of kind `missingToken` naming the field to
	 * fill in when that API's token is not set, so nothing is sent without it.
	 */
	headersFor(api: SiroApiName): Record<string, string>;
	/** Every secret to keep out of messages; read whenever an error is built (a token may be new). */
	secrets(): ReadonlyArray<string | undefined>;
	/** Identifies the token used for `api`, for pacing (never the token itself). */
	pacingKey(api: SiroApiName): string;
}

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface ApiCall {
	api: SiroApiName;
	method: HttpMethod;
	/** From the API's base, e.g. `/v1/core/users`; path segments taken from input must be encoded. */
	path: string;
	query?: Record<string, QueryValue>;
	body?: unknown;
	/** "listing the users": messages read "… while listing the users". */
	purpose: string;
	explainClientError?: ClientErrorExplainer;
	/**
	 * The call creates something (a recording): it is not sent again after a failure that may mean it
	 * was done (timeout, reset, 5xx), only after a 429, which Siro refused without doing anything.
	 */
	createsRecord?: boolean;
}

export interface CallerOptions {
	request: SiroRequestFunction;
	sleep: SleepFunction;
	/** Milliseconds since the epoch (Retry-After dates, listing deadlines). */
	now: () => number;
	random: RandomFunction;
	retry: RetryPolicy;
	timeoutMs: number;
	baseUrls: Record<SiroApiName, string>;
	/** Field names for "check the …" advice, e.g. { platform: 'Base URL', external: 'External API Base URL' }. */
	baseUrlLabels: Record<SiroApiName, string>;
	authentication: SiroAuthentication;
	/**
	 * Every other secret the client was given (its tokens, an OAuth app's client secret…): with the
	 * authentication's, kept out of every error of every call.
	 */
	secrets: ReadonlyArray<string | undefined>;
	pacer: RequestPacer;
}

/** `?a=1&b=x&b=y`: lists as repeated parameters, every name and value percent-encoded. */
function queryString(query: Record<string, QueryValue> | undefined): string {
	if (!query) return '';
	const parts: string[] = [];
	for (const [name, value] of Object.entries(query)) {
		if (value === undefined) continue;
		const values = Array.isArray(value) ? value : [String(value)];
		for (const single of values) {
			parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(single)}`);
		}
	}
	return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** What `read` made of an answer, or why the answer does not fit: a reader fails only on a shape. */
function readAnswer<T>(
	read: (body: unknown) => T,
	body: unknown,
): { value: T } | { issue: string } {
	try {
		return { value: read(body) };
	} catch (error) {
		return { issue: error instanceof ShapeError ? error.issue : 'it cannot be read' };
	}
}

/** "HTTP 429" or "a timeout failure", for "a retry after …". */
function describeOutcome(outcome: AttemptOutcome): string {
	return 'response' in outcome
		? `HTTP ${outcome.response.status}`
		: `a ${outcome.failure.kind} failure`;
}

export class SiroApiCaller {
	/** Secrets handed to a call (an OAuth app's client secret): kept out of that call's errors and every later one. */
	private readonly callSecrets = new Set<string>();

	constructor(private readonly options: CallerOptions) {}

	/** From now on, `secret` is masked in every error this caller builds or passes on. */
	keepSecret(secret: string): void {
		this.callSecrets.add(secret);
	}

	/**
	 * `error` with every secret this client knows masked. Only the client's own SiroApiError is
	 * rewritten; anything else was thrown by a function the caller gave (sleep, authentication).
	 */
	redacted(error: unknown): unknown {
		if (!(error instanceof SiroApiError)) return error;
		const cleaned = redactedError(error.toJSON(), this.redactor());
		return cleaned.message === error.message && cleaned.description === error.description
			? error
			: cleaned;
	}

	/** The parsed JSON body of Siro's 2xx answer. */
	async call(call: ApiCall): Promise<unknown> {
		return (await this.send(call, undefined)).body;
	}

	/** The 2xx answer, read by `read`, which throws a ShapeError when it is not what Siro documents. */
	async callAndRead<T>(call: ApiCall, read: (body: unknown) => T): Promise<T> {
		return (await this.callAndReadPage(call, read)).value;
	}

	/**
	 * One page of a listing: the answer read as callAndRead does, and its size in bytes when it came as
	 * text (0 when the transport had parsed it already). With a deadline, every request and wait is
	 * checked against it first (DeadlinePassed).
	 */
	async callAndReadPage<T>(
		call: ApiCall,
		read: (body: unknown) => T,
		deadline?: ListingDeadline,
	): Promise<{ value: T; bytes: number }> {
		const { body, bytes, attempts } = await this.send(call, deadline);
		const reading = readAnswer(read, body);
		if ('issue' in reading) throw this.invalidAnswer(call, { shape: reading.issue }, attempts);
		return { value: reading.value, bytes };
	}

	private async send(
		call: ApiCall,
		deadline: ListingDeadline | undefined,
	): Promise<{ body: unknown; bytes: number; attempts: number }> {
		const { options } = this;
		const authHeaders = options.authentication.headersFor(call.api);
		const url = `${options.baseUrls[call.api]}${call.path}${queryString(call.query)}`;
		const headers: Record<string, string> = { accept: 'application/json', ...authHeaders };
		if (call.body !== undefined) headers['content-type'] = 'application/json';
		const context: CallContext = {
			api: call.api,
			purpose: call.purpose,
			url,
			baseUrlLabel: options.baseUrlLabels[call.api],
			attempts: 0,
			explainClientError: call.explainClientError,
		};

		const pacingSleep: SleepFunction = deadline
			? (milliseconds) => {
					deadline.checkBeforeWait(milliseconds, "a turn under Siro's rate limit");
					return options.sleep(milliseconds);
				}
			: options.sleep;

		for (;;) {
			deadline?.checkBeforeRequest();
			await options.pacer.waitTurn(options.authentication.pacingKey(call.api), pacingSleep);
			context.attempts++;
			const outcome = await sendOnce(options.request, {
				method: call.method,
				url,
				headers,
				timeoutMs: options.timeoutMs,
				...(call.body === undefined ? {} : { body: call.body }),
			});
			if (
				'response' in outcome &&
				outcome.response.status >= 200 &&
				outcome.response.status < 300
			) {
				const { body } = outcome.response;
				return {
					body: this.readJson(context, body),
					bytes: typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : 0,
					attempts: context.attempts,
				};
			}
			const mayHaveBeenDone = !('response' in outcome && outcome.response.status === 429);
			const decision: RetryDecision =
				call.createsRecord && mayHaveBeenDone
					? { giveUp: true }
					: decideRetry(outcome, context.attempts, options.retry, options.random, options.now());
			if ('giveUp' in decision) throw this.failure(context, outcome, decision.retryAfterMs);
			deadline?.checkBeforeWait(decision.waitMs, `a retry after ${describeOutcome(outcome)}`);
			await options.sleep(decision.waitMs);
		}
	}

	/** A deadline of `limitMs` from now, on the client's clock. */
	startDeadline(limitMs: number): ListingDeadline {
		return new ListingDeadline(this.options.now, limitMs);
	}

	/** The error for a listing stopped by one of its bounds (time, items, bytes). */
	listingStopped(message: string, description: string): SiroApiError {
		return this.error({ kind: 'listingLimit', message, description });
	}

	/** An error for an answer that arrived but is not the shape Siro documents. */
	invalidAnswer(call: ApiCall, invalid: InvalidBody, attempts = 1): SiroApiError {
		const context: CallContext = {
			api: call.api,
			purpose: call.purpose,
			url: `${this.options.baseUrls[call.api]}${call.path}`,
			baseUrlLabel: this.options.baseUrlLabels[call.api],
			attempts,
		};
		return this.error(explainInvalidBody(context, invalid), attempts);
	}

	private failure(
		context: CallContext,
		outcome: AttemptOutcome,
		retryAfterTooLongMs: number | undefined,
	): SiroApiError {
		if ('failure' in outcome) {
			return this.error(
				explainNetworkFailure(context, outcome.failure, this.options.timeoutMs),
				context.attempts,
			);
		}
		const { status, headers, body } = outcome.response;
		const explanation = explainAnswer(
			context,
			status,
			body,
			readHeader(headers, 'location'),
			retryAfterTooLongMs,
		);
		return this.error(explanation, context.attempts, status);
	}

	private error(explanation: Explanation, attempts?: number, httpCode?: number): SiroApiError {
		return redactedError({ ...explanation, attempts, httpCode }, this.redactor());
	}

	/** Built for each error: the authentication's secrets may have changed (a token minted meanwhile). */
	private redactor(): Redactor {
		return new Redactor([
			...this.options.secrets,
			...this.callSecrets,
			...this.options.authentication.secrets(),
		]);
	}

	private readJson(context: CallContext, body: unknown): unknown {
		if (typeof body !== 'string') {
			if (body === undefined || body === null || body === '') {
				throw this.error(explainInvalidBody(context, { empty: true }), context.attempts);
			}
			return body;
		}
		if (body.length > MAX_RESPONSE_CHARACTERS) {
			const megabytes = Math.round(body.length / 1048576);
			const limitMegabytes = MAX_RESPONSE_CHARACTERS / 1048576;
			throw this.error(
				explainInvalidBody(context, { tooLarge: { megabytes, limitMegabytes } }),
				context.attempts,
			);
		}
		const text = body.trim();
		if (text === '')
			throw this.error(explainInvalidBody(context, { empty: true }), context.attempts);
		if (text.startsWith('<')) {
			throw this.error(explainInvalidBody(context, { html: true }), context.attempts);
		}
		try {
			return JSON.parse(text);
		} catch {
			throw this.error(explainInvalidBody(context, { notJson: true }), context.attempts);
		}
	}
}
