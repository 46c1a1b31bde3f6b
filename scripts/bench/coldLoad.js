'use strict';
/**
 * Benchmark 4: the time to `require` the built node file in a fresh Node process, against a minimal
 * node shaped like n8n-nodes-starter's example (scripts/bench/starter/Example.node.js, same
 * requires). Each sample is a new process; the two files take turns. Measured inside the process
 * (hrtime around the require, so Node's own start-up is left out; and the process's CPU time over the
 * same span, which waiting for a busy machine's cores does not inflate) and as the whole process's
 * wall time. n8n-workflow and zod resolve from the repo's node_modules, as n8n's copies would in n8n.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const PROBE = `
const started = process.hrtime.bigint();
const cpu = process.cpuUsage();
require(process.argv[1]);
const ns = Number(process.hrtime.bigint() - started);
const { user, system } = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ ns, cpuUs: user + system }));
`;

function sample(file) {
	const started = process.hrtime.bigint();
	const res = spawnSync(process.execPath, ['-e', PROBE, file], {
		encoding: 'utf8',
		timeout: 60000,
	});
	const wallNs = Number(process.hrtime.bigint() - started);
	if (res.status !== 0) throw new Error(`require(${file}) failed: ${res.stderr}`);
	const { ns, cpuUs } = JSON.parse(res.stdout);
	return { requireMs: ns / 1e6, requireCpuMs: cpuUs / 1e3, processMs: wallNs / 1e6 };
}

/**
 * Cold requires of `files` ({ name: path }) in fresh processes, in turns: each round requires every
 * file once, the order rotated each round, so load on the shared machine falls on all alike.
 */
function sampleInTurns(files, repetitions) {
	const names = Object.keys(files);
	const samples = Object.fromEntries(names.map((name) => [name, []]));
	for (const name of names) sample(files[name]); // fill the OS file cache for all before measuring
	for (let i = 0; i < repetitions; i++) {
		for (let k = 0; k < names.length; k++) {
			const name = names[(i + k) % names.length];
			samples[name].push(sample(files[name]));
		}
	}
	return samples;
}

function runColdLoad({
	nodeFile,
	starterFile = path.join(__dirname, 'starter', 'Example.node.js'),
	repetitions = 15,
}) {
	const samples = sampleInTurns({ node: nodeFile, starter: starterFile }, repetitions);
	const ratios = samples.node.map((s, i) => s.requireMs / samples.starter[i].requireMs);
	return { samples, ratios };
}

module.exports = { runColdLoad, sampleInTurns };
