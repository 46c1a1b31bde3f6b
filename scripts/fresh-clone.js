#!/usr/bin/env node
'use strict';
/**
 * Proves the set-up on a fresh clone, as a newcomer meets it: `git clone` of the current commit into a
 * temp folder, then on each Node line (20, 22, 24; dev/node/install.js brings the ones this machine
 * lacks), with that Node first on PATH:
 *
 *   npm install          exit 0 (the README's first command, no flags)
 *   npm ci               exit 0 (from the committed lockfile, node_modules removed first)
 *   npm test             green (the whole suite) — on the lines given by --full; on the others
 *   npm run test:unit    green (every unit test, the lint and n8n's scanner; the end-to-end tests
 *                        run n8n on its own pinned Node whichever Node runs jest, so one line runs them)
 *   consumer check       the packed tarball in an empty project on that line (dev/consumer/check.js)
 *
 *   node scripts/fresh-clone.js [--node 20,22,24] [--full 20] [--keep]
 *
 * Prints each step's time and, last, "N passed, N failed" (steps). Exits 1 when a step fails (its
 * output's end is printed; the whole of it is in the step's log file).
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { ensureNode } = require('../dev/node/install');

const ROOT = path.resolve(__dirname, '..');
const STEP_TIMEOUT_MS = 90 * 60 * 1000;
const TAIL = 6000;

function readArgs() {
	const { values } = parseArgs({
		options: {
			node: { type: 'string', default: '20,22,24' },
			full: { type: 'string', default: '20' },
			keep: { type: 'boolean', default: false },
		},
	});
	const majors = (list) => list.split(',').filter(Boolean).map(Number);
	return { majors: majors(values.node), full: new Set(majors(values.full)), keep: values.keep };
}

/** Runs one step, its output to `logFile`; resolves with its exit code and duration. */
function runStep(command, args, { cwd, env, logFile }) {
	return new Promise((resolve) => {
		const out = fs.openSync(logFile, 'w');
		const started = Date.now();
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
		fs.closeSync(out);
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}, STEP_TIMEOUT_MS);
		const done = (exitCode) => {
			clearTimeout(timer);
			resolve({ exitCode, seconds: (Date.now() - started) / 1000 });
		};
		child.on('error', () => done(127));
		child.on('exit', (code, signal) => done(code ?? signal));
	});
}

function tail(file) {
	const text = fs.readFileSync(file, 'utf8');
	return text.length > TAIL ? `…${text.slice(-TAIL)}` : text;
}

async function main() {
	const { majors, full, keep } = readArgs();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-fresh-clone-'));
	const clone = path.join(work, 'repo');
	const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
	console.log(`Fresh clone of ${commit.slice(0, 12)} in ${clone}`);
	execFileSync('git', ['clone', '--quiet', '--no-checkout', ROOT, clone]);
	execFileSync('git', ['checkout', '--quiet', '--detach', commit], { cwd: clone });

	const results = [];
	let failed = false;
	try {
		for (const major of majors) {
			const node = await ensureNode(major, { log: (msg) => console.log(msg) });
			const env = { ...node.env };
			delete env.NODE_ENV;
			const steps = [
				['npm install', 'npm', ['install'], true],
				['npm ci', 'npm', ['ci'], true],
				full.has(major)
					? ['npm test', 'npm', ['test'], false]
					: ['npm run test:unit', 'npm', ['run', 'test:unit'], false],
				[
					'consumer check',
					node.nodeBin,
					[path.join(clone, 'dev/consumer/check.js'), '--node', String(major)],
					false,
				],
			];
			for (const [name, command, args, freshModules] of steps) {
				if (freshModules)
					fs.rmSync(path.join(clone, 'node_modules'), { recursive: true, force: true });
				const logFile = path.join(work, `node${major}-${name.replace(/\W+/g, '-')}.log`);
				const { exitCode, seconds } = await runStep(command, args, { cwd: clone, env, logFile });
				const passed = exitCode === 0;
				results.push({ node: node.version, step: name, passed, seconds });
				console.log(
					`Node ${node.version}  ${name.padEnd(18)} ${passed ? 'ok' : `FAILED (exit ${exitCode})`}  ${seconds.toFixed(0)} s`,
				);
				if (!passed) {
					failed = true;
					console.log(`--- end of ${logFile} ---\n${tail(logFile)}\n---`);
					break; // later steps of this line depend on this one
				}
			}
		}
	} finally {
		if (keep || failed) console.log(`Clone and logs kept in ${work}`);
		else fs.rmSync(work, { recursive: true, force: true });
	}
	const passedCount = results.filter((result) => result.passed).length;
	console.log(`${passedCount} passed, ${results.length - passedCount} failed`);
	process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
	console.error(`fresh-clone failed: ${error.message}`);
	process.exit(1);
});
