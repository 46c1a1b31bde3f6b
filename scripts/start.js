#!/usr/bin/env node
'use strict';
/**
 * `npm start`: the demo of dev/demo/demo.js — real n8n on http://localhost:5678 with this package, a
 * fake Siro API, a ready credential, the example workflows and an owner login made for its data folder.
 *
 *   npm start                      build, pack, (install n8n the first time), start, print URL and login
 *   npm start -- --reset           the same, after deleting the saved n8n data (login and key included)
 *   npm start -- --data <folder>   keep the n8n data in <folder> (default .cache/n8n-user/n8n-<version>)
 *
 * Environment: N8N_PORT (default 5678), SIRO_FAKE_PORT (default 3999; another free port if busy),
 * SIRO_N8N_LINE=1|2 to force n8n 1.123.x (Node 20) or 2.x (Node 24 from npm).
 *
 * Stopping: SIGINT (Ctrl-C), SIGTERM or SIGHUP, sent to this process or to npm's (package.json runs
 * this with `exec`, so the signals npm forwards reach it rather than a shell in between), or the
 * parent process ending (npm killed) stops n8n and the fake Siro API, then exits. A second signal
 * kills what is left at once.
 */
const path = require('node:path');
const { parseArgs } = require('node:util');

const { startDemo, banner } = require('../dev/demo/demo');
const { killN8nOnExit } = require('../dev/n8n/instance');

const USAGE =
	'Usage: npm start [-- --reset] [-- --data <folder>]   (env: N8N_PORT, SIRO_FAKE_PORT, SIRO_N8N_LINE=1|2)';
/** How often the parent process is checked: an orphaned demo stops within about this long. */
const PARENT_CHECK_MS = 500;

function readArgs() {
	try {
		return parseArgs({
			options: {
				reset: { type: 'boolean', default: false },
				data: { type: 'string' },
				help: { type: 'boolean', short: 'h', default: false },
			},
		}).values;
	} catch (error) {
		throw new Error(`${error.message}\n${USAGE}`);
	}
}

async function main() {
	const args = readArgs();
	if (args.help) {
		console.log(USAGE);
		return;
	}
	// Signals are handled below (n8n is stopped gracefully); on any exit, n8n still running is killed.
	killN8nOnExit({ signals: false });
	// With the terminal or npm gone, writing to stdout fails: that must not cut the stopping short.
	for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

	let stopDemo = async () => {};
	let stopping = false;
	const stopAll = (why) => {
		if (stopping) {
			console.log(`\n${why} again: killing what is left.`);
			process.exit(1); // the exit hook SIGKILLs the n8n process groups
		}
		stopping = true;
		console.log(`\n${why}: stopping n8n and the fake Siro API…`);
		stopDemo().then(
			() => {
				console.log('Stopped.');
				process.exit(0);
			},
			(error) => {
				console.error(error);
				process.exit(1);
			},
		);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopAll(signal));
	const parent = process.ppid;
	setInterval(() => {
		if (!stopping && process.ppid !== parent) stopAll(`Parent process ${parent} ended`);
	}, PARENT_CHECK_MS).unref();

	const demo = await startDemo({
		reset: args.reset,
		userFolder: args.data && path.resolve(args.data),
		onStop: (stop) => (stopDemo = stop),
	});
	if (stopping) return;
	console.log(banner(demo));
	demo.n8n.server.once('exit', (code, signal) => {
		if (stopping) return;
		console.error(
			`n8n stopped by itself (${signal || `exit ${code}`}); see ${path.join(demo.userFolder, 'n8n-start.log')}`,
		);
		stopping = true;
		demo.stop().then(() => process.exit(1));
	});
}

main().catch((error) => {
	console.error(`npm start failed: ${error.message}`);
	process.exit(1);
});
