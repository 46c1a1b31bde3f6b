/**
 * When to try again: 429, 5xx and network failures, a bounded number of times, with capped
 * exponential backoff and jitter, honouring Retry-After up to a cap.
 */
import { readHeader, type AttemptOutcome } from './request';

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

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined) return undefined;
	const trimmed = value.trim();
	if (/^\d{1,9}(\.\d{1,3})?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const dateMs = Date.parse(trimmed);
	if (Number.isNaN(dateMs)) return undefined;
	return Math.max(0, dateMs - nowMs);
}

/** Equal jitter: at least half the exponential step, so retries never collapse to zero wait. */
function backoffDelayMs(
	failedAttempts: number,
	policy: RetryPolicy,
	random: RandomFunction,
): number {
	const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
	return Math.round(step / 2 + random() * (step / 2));
}

function isRetryable(outcome: AttemptOutcome): boolean {
	if ('failure' in outcome) return outcome.failure.retryable;
	const { status } = outcome.response;
	return status === 429 || status >= 500;
}

/** What to do after a failed attempt: wait this long, or give up (Siro asked for a wait over the cap). */
export type RetryDecision = { waitMs: number } | { giveUp: true; retryAfterMs?: number };

export function decideRetry(
	outcome: AttemptOutcome,
	attempts: number,
	policy: RetryPolicy,
	random: RandomFunction,
	nowMs: number,
): RetryDecision {
	if (!isRetryable(outcome) || attempts >= policy.maxAttempts) return { giveUp: true };
	const backoffMs = backoffDelayMs(attempts, policy, random);
	const retryAfterMs =
		'response' in outcome
			? parseRetryAfterMs(readHeader(outcome.response.headers, 'retry-after'), nowMs)
			: undefined;
	if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
		return { giveUp: true, retryAfterMs };
	}
	return { waitMs: Math.max(backoffMs, retryAfterMs ?? 0) };
}
