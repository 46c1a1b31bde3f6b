/**
 * Siro allows 1,000 requests per token per minute and sends no rate-limit headers, so the client
 * paces itself: no more than `requestsPerMinute` requests leave for one token in any 60-second
 * window. One pacer serves every client that uses the same token (inside n8n: every execution with
 * the same credential in this process), so a burst of many items or executions stays under the limit.
 */
import { SiroApiError } from './errors';
import type { SleepFunction } from './request';

const WINDOW_MS = 60000;
/** A tenth below Siro's limit: its clock and ours do not start their minutes together. */
const DEFAULT_REQUESTS_PER_MINUTE = 900;
/**
 * Wake-ups before the time asked for, in a row, before the pacer gives up on the sleep function. A
 * real sleep may wake a millisecond early once (timers and Date.now round differently); one that
 * never waits would otherwise make the pacer loop forever without ever yielding to the event loop.
 */
const MAX_EARLY_WAKE_UPS = 5;

export interface RequestPacerOptions {
	requestsPerMinute?: number;
	/** Milliseconds since the epoch; Date.now by default (tests pass a fake clock). */
	now?: () => number;
}

export class RequestPacer {
	private readonly requestsPerMinute: number;
	private readonly now: () => number;
	/** Per token key, when its requests in the last minute left, oldest first. */
	private readonly sentAt = new Map<string, number[]>();
	/** Per token key, the turn being waited for: callers queue, so no two take the same free slot. */
	private readonly queues = new Map<string, Promise<void>>();

	constructor(options: RequestPacerOptions = {}) {
		this.requestsPerMinute = options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
		this.now = options.now ?? Date.now;
	}

	/** Resolves when a request for `key` may leave, and counts it as sent. */
	waitTurn(key: string, sleep: SleepFunction): Promise<void> {
		const previous = this.queues.get(key) ?? Promise.resolve();
		const turn = previous.then(() => this.takeSlot(key, sleep));
		// The queue must not stay rejected if a sleep ever failed.
		this.queues.set(
			key,
			turn.catch(() => undefined),
		);
		return turn;
	}

	private async takeSlot(key: string, sleep: SleepFunction): Promise<void> {
		let times = this.sentAt.get(key);
		if (!times) {
			times = [];
			this.sentAt.set(key, times);
		}
		for (let earlyWakeUps = 0; ; ) {
			const now = this.now();
			while (times.length > 0 && times[0] <= now - WINDOW_MS) times.shift();
			if (times.length < this.requestsPerMinute) {
				times.push(now);
				return;
			}
			const freeAt = times[0] + WINDOW_MS;
			await sleep(freeAt - now);
			earlyWakeUps = this.now() < freeAt ? earlyWakeUps + 1 : 0;
			if (earlyWakeUps >= MAX_EARLY_WAKE_UPS) throw sleepReturnsEarly(freeAt - now);
		}
	}
}

function sleepReturnsEarly(askedMs: number): SiroApiError {
	return new SiroApiError({
		kind: 'invalidInput',
		message: `The sleep function given to the Siro client returned ${MAX_EARLY_WAKE_UPS} times in a row before the time it was asked to wait (${askedMs} ms) had passed, so requests cannot be paced under Siro's rate limit; nothing was sent.`,
		description:
			'Pass a sleep that resolves only after the given number of milliseconds, such as the sleep of n8n-workflow or a timer-based Promise. A test with a fake clock must advance the clock in its sleep.',
		attempts: 0,
	});
}
