'use strict';
/**
 * Benchmark 4: the time to `require` the built node file in a fresh Node process, against a minimal
 * node shaped like n8n-nodes-starter's example (scripts/bench/starter/Example.node.js, same
 * requires). Each sample is a new process; the two files take turns. Measured inside the process
 * (hrtime around the require, so Node's own start-up is left out) and as the whole process's wall
 * time. n8n-workflow and zod resolve from the repo's node_modules, as n8n's copies would in n8n.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const PROBE = `
const started = process.hrtime.bigint();
require(process.argv[1]);
const ns = Number(process.hrtime.bigint() - started);
process.stdout.write(JSON.stringify({ ns }));
`;

function sample(file) {
	const started = process.hrtime.bigint();
	const res = spawnSync(process.execPath, ['-e', PROBE, file], {
		encoding: 'utf8',
		timeout: 60000,
	});
	const wallNs = Number(process.hrtime.bigint() - started);
	if (res.status !== 0) throw new Error(`require(${file}) failed: ${res.stderr}`);
	return { requireMs: JSON.parse(res.stdout).ns / 1e6, processMs: wallNs / 1e6 };
}

function runColdLoad({
	nodeFile,
	starterFile = path.join(__dirname, 'starter', 'Example.node.js'),
	repetitions = 15,
}) {
	const samples = { node: [], starter: [] };
	sample(nodeFile); // fill the OS file cache for both before measuring
	sample(starterFile);
	for (let i = 0; i < repetitions; i++) {
		const order = i % 2 === 0 ? ['node', 'starter'] : ['starter', 'node'];
		for (const which of order)
			samples[which].push(sample(which === 'node' ? nodeFile : starterFile));
	}
	const ratios = samples.node.map((s, i) => s.requireMs / samples.starter[i].requireMs);
	return { samples, ratios };
}

module.exports = { runColdLoad };
