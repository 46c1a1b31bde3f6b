'use strict';
/**
 * Identifiers and secrets for the fake Siro. Seeded data comes from a seeded generator, so the same
 * IDs (and DEMO's facts) appear on every run; things created while the server runs (minted tokens,
 * taps, deliveries) use crypto randomness, as the real services would.
 */
const crypto = require('crypto');

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A small deterministic generator (mulberry32): returns () => a float in [0, 1). */
function seededRandom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = state;
		mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
	};
}

/** Helpers over one source of floats in [0, 1): `Math.random`-like or `seededRandom(…)`. */
function idsFrom(nextFloat) {
	const integer = (below) => Math.floor(nextFloat() * below);
	const base62 = (length) => {
		let text = '';
		for (let index = 0; index < length; index++) text += BASE62[integer(62)];
		return text;
	};
	const hex = (length) => {
		let text = '';
		for (let index = 0; index < length; index++) text += integer(16).toString(16);
		return text;
	};
	return {
		integer,
		pick: (list) => list[integer(list.length)],
		chance: (probability) => nextFloat() < probability,
		base62,
		/** A version-4 UUID, the shape Siro uses for recordings, events and connections. */
		uuid: () =>
			`${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[integer(4)]}${hex(3)}-${hex(12)}`.toLowerCase(),
		/** A Firebase-style user ID (28 letters and digits), the shape of Siro user IDs. */
		userId: () => base62(28),
	};
}

/** Identifiers for things created at run time. */
const runtimeIds = idsFrom(() => crypto.randomInt(0, 2 ** 32) / 2 ** 32);

/** A long opaque secret in standard base64 (36 random bytes → 48 characters). */
function newSecretToken() {
	return crypto.randomBytes(36).toString('base64');
}

module.exports = { seededRandom, idsFrom, runtimeIds, newSecretToken };
