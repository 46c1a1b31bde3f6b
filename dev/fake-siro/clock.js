'use strict';
/**
 * The fake's clock: real time, but never the same millisecond twice, so events and updates recorded
 * in one burst still have strictly increasing ISO 8601 timestamps (as the phone's and Siro's do).
 */
function createClock() {
	let lastMs = 0;
	return {
		/** The next timestamp in milliseconds: now, or one past the previous one. */
		nextMs() {
			lastMs = Math.max(Date.now(), lastMs + 1);
			return lastMs;
		},
		nextIso() {
			return new Date(this.nextMs()).toISOString();
		},
	};
}

module.exports = { createClock };
