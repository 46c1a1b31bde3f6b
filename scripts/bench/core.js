#!/usr/bin/env node
'use strict';
/**
 * Benchmark 1: the link core (`buildRecordLink`) against the floor, a template string that writes
 * the same strict link without validating anything: every value through encodeURIComponent plus
 * the five characters it leaves raw (`! ' ( ) *`), the CRM objects through JSON.stringify.
 *
 *   node scripts/bench/core.js [--module dist/index.js] [--links 100000] [--rounds 7] [--slice 5000]
 *                              [--compare other/build/index.js]
 *
 * Every link carries every parameter a typical "start" link has: a unicode title with characters
 * that need strict escaping, a conversationType, an integrationConnectionId, two CRM objects and a
 * redirect URL (the whole link is > 300 characters, so the core also builds its length warning).
 * The inputs differ per link (ids and title carry the index), are generated once and shared by
 * both contenders; both must produce byte-identical links (checked before timing).
 *
 * Rounds are interleaved (core, floor, floor, core, …) so that machine load hits both alike; a
 * round's ratio is core/floor of that round. Prints one JSON object on stdout.
 */
const path = require('node:path');
const { parseArgs } = require('node:util');

function readArgs(argv) {
	const { values } = parseArgs({
		args: argv,
		options: {
			module: { type: 'string', default: path.join(__dirname, '..', '..', 'dist', 'index.js') },
			compare: { type: 'string' },
			links: { type: 'string', default: '100000' },
			rounds: { type: 'string', default: '7' },
			slice: { type: 'string', default: '5000' },
		},
	});
	return {
		module: path.resolve(values.module),
		compare: values.compare === undefined ? undefined : path.resolve(values.compare),
		links: Number(values.links),
		rounds: Number(values.rounds),
		slice: Number(values.slice),
	};
}

/** Already-normalised inputs (what a clean workflow sends), so the floor's link is the right one. */
function makeInputs(count) {
	const inputs = new Array(count);
	for (let i = 0; i < count; i++) {
		const hex = i.toString(16).padStart(12, '0');
		inputs[i] = {
			action: 'start',
			title: `Jones (2nd visit) + gutters – Zürich 屋根 🏠 #${i}`,
			conversationType: `3f8c2a61-5b7e-4d92-9c1a-${hex}`,
			integrationConnectionId: `conn-salesforce-${i % 7}`,
			crmObjects: [
				{ objectType: 'Opportunity', objectId: `006A0000${i}` },
				{ objectType: 'Contact', objectId: `003B0000${i}` },
			],
			redirectUrl: `https://crm.example.com/visits/${i}?tab=notes&from=siro`,
		};
	}
	return inputs;
}

const SUB_DELIMS = /[!'()*]/g;
const escapeSubDelim = (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
/** encodeURIComponent plus `! ' ( ) *`, the strictness the product promises (MDN's recipe). */
const strict = (s) => encodeURIComponent(s).replace(SUB_DELIMS, escapeSubDelim);

/**
 * The floor: the same link as the core's, byte for byte, with no checks, no normalisation and no
 * warnings. Without validation nothing says a value is already safe, so every value is encoded.
 */
function floorLink(input) {
	return (
		`https://app.siro.ai/record?action=${strict(input.action)}` +
		`&title=${strict(input.title)}` +
		`&conversationType=${strict(input.conversationType)}` +
		`&integrationConnectionId=${strict(input.integrationConnectionId)}` +
		`&crmObjects=${strict(JSON.stringify(input.crmObjects))}` +
		`&redirectUrl=${strict(input.redirectUrl)}`
	);
}

/** Builds links for inputs[from, to) and returns the nanoseconds it took. */
function timeSlice(fn, inputs, from, to) {
	let sink = 0;
	const started = process.hrtime.bigint();
	for (let i = from; i < to; i++) sink += fn(inputs[i]).length;
	const elapsed = Number(process.hrtime.bigint() - started);
	if (sink === 0) throw new Error('nothing built');
	return elapsed;
}

/**
 * One round: every contender builds all the links, in slices of `slice` links taken in turns
 * (a, b, c, then c, b, a, …), so a burst of load from other processes hits every contender alike.
 * Returns ns per link for each contender.
 */
function interleavedRound(contenders, inputs, slice, flip) {
	const names = Object.keys(contenders);
	const total = Object.fromEntries(names.map((name) => [name, 0]));
	let turn = flip ? 1 : 0;
	for (let from = 0; from < inputs.length; from += slice, turn++) {
		const to = Math.min(from + slice, inputs.length);
		const order = turn % 2 === 0 ? names : [...names].reverse();
		for (const name of order) total[name] += timeSlice(contenders[name], inputs, from, to);
	}
	return Object.fromEntries(names.map((name) => [name, total[name] / inputs.length]));
}

function stats(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

function main() {
	const args = readArgs(process.argv.slice(2));
	const { buildRecordLink } = require(args.module);
	const inputs = makeInputs(args.links);

	const core = (input) => buildRecordLink(input).url;
	// Same output, byte for byte, and the core does warn about the length as it should.
	for (let i = 0; i < inputs.length; i += 997) {
		const built = buildRecordLink(inputs[i]);
		if (built.url !== floorLink(inputs[i])) {
			throw new Error(
				`core and floor differ on input ${i}:\n${built.url}\n${floorLink(inputs[i])}`,
			);
		}
		if (built.warnings.length !== 1)
			throw new Error(`expected one length warning, got ${JSON.stringify(built.warnings)}`);
	}
	const linkLength = floorLink(inputs[0]).length;

	const rounds = { core: [], floor: [], ratio: [] };
	const contenders = { core, floor: floorLink };
	// --compare <another build of the library>: its core runs as one more contender (before/after).
	if (args.compare) {
		const other = require(args.compare).buildRecordLink;
		if (other(inputs[1]).url !== core(inputs[1]))
			throw new Error('--compare module builds a different link');
		contenders.compare = (input) => other(input).url;
		rounds.compare = [];
		rounds.ratioCoreToCompare = [];
	}
	// Warm-up: every contender reaches its optimised code before the measured rounds.
	for (let w = 0; w < 2; w++) interleavedRound(contenders, inputs, args.slice, w % 2 === 1);

	for (let r = 0; r < args.rounds; r++) {
		const round = interleavedRound(contenders, inputs, args.slice, r % 2 === 1);
		rounds.core.push(round.core);
		rounds.floor.push(round.floor);
		rounds.ratio.push(round.core / round.floor);
		if (args.compare) {
			rounds.compare.push(round.compare);
			rounds.ratioCoreToCompare.push(round.core / round.compare);
		}
	}

	const result = {
		links: args.links,
		rounds: args.rounds,
		linkLength,
		module: path.relative(process.cwd(), args.module),
		nsPerLink: { core: stats(rounds.core), floor: stats(rounds.floor) },
		/** The goal's figure: the core against the floor that writes the same strict link. */
		ratio: stats(rounds.ratio),
		...(args.compare
			? {
					compare: path.relative(process.cwd(), args.compare),
					compareNsPerLink: stats(rounds.compare),
					ratioCoreToCompare: stats(rounds.ratioCoreToCompare),
				}
			: {}),
		perRound: rounds,
	};
	process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) main();

module.exports = { stats };
