/**
 * A listing's total time limit. Each page is bounded already (attempts × timeout + capped waits), but
 * a listing of many pages is not: a server that answers every page first with 429 + Retry-After: 30
 * would hold it for hours. The caller checks the deadline before every request and every wait, so a
 * listing ends at most one request's timeout after its limit.
 */

/** A wait that was due when the deadline stopped the listing: what it was for, and how long. */
export interface DueWait {
	what: string;
	milliseconds: number;
}

/** The deadline was reached; `waiting` is the wait that would have passed it, when one was due. */
export class DeadlinePassed extends Error {
	constructor(readonly waiting: DueWait | undefined) {
		super('The listing reached its time limit');
		this.name = 'DeadlinePassed';
		Object.setPrototypeOf(this, DeadlinePassed.prototype);
	}
}

export class ListingDeadline {
	private readonly startedAt: number;
	/** Every wait asked for: counted in full even when the given sleep returns sooner. */
	private waitedMs = 0;

	constructor(
		private readonly now: () => number,
		readonly limitMs: number,
	) {
		this.startedAt = now();
	}

	/** Time spent so far: by the clock, or by the waits asked for when they add up to more. */
	elapsedMs(): number {
		return Math.max(this.now() - this.startedAt, this.waitedMs);
	}

	/** Throws DeadlinePassed once the limit is reached: no further request is sent. */
	checkBeforeRequest(): void {
		if (this.elapsedMs() >= this.limitMs) throw new DeadlinePassed(undefined);
	}

	/** Counts a wait about to start, or throws DeadlinePassed when it would end past the limit. */
	checkBeforeWait(milliseconds: number, what: string): void {
		if (this.elapsedMs() + milliseconds > this.limitMs) {
			throw new DeadlinePassed({ what, milliseconds });
		}
		this.waitedMs = this.elapsedMs() + milliseconds;
	}
}
