#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: builds the package and measures
 *   1. the link core against the floor (a template string writing the same strict link, no validation);
 *   2. Build Record Link on 10,000 items against n8n's Set node making the same links, in real n8n
 *      1.123.81 and 2.40.7 (installed outside the repo by the test harness when missing), with a
 *      probe node that only does the node's getNodeParameter calls;
 *   3. the requests List Conversation Types sends for 1,000 items of one organization (fake Siro);
 *   4. the cold `require` of the built node against a starter-shaped node; tarball sizes.
 * Every figure is the median of at least 5 interleaved repetitions, with min and max. Results go to
 * BENCHMARKS.md (between the generated-results markers) and, as the last line of output, one JSON
 * object. Progress goes to stderr.
 *
 *   npm run bench [-- --lines 1,2] [--executions 5] [--items 10000] [--compare-rev <git rev>]
 *                 [--skip-n8n] [--no-write]
 *
 * --compare-rev builds that revision into a temp folder and adds it as a contender ("before"):
 * core rounds and n8n runs then carry before and after side by side, interleaved.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { stats } = require('./bench/core');
const { runColdLoad } = require('./bench/coldLoad');

const ROOT = path.resolve(__dirname, '..');
const RESULTS_START = '<!-- bench:results:start (written by npm run bench) -->';
const RESULTS_END = '<!-- bench:results:end -->';

const log = (message) => process.stderr.write(`${message}\n`);

/** A count option: a whole number of at least 1. */
function count(value, name) {
	const number = Number(value);
	if (!Number.isSafeInteger(number) || number < 1) {
		throw new Error(`--${name} must be a whole number of at least 1, not "${value}"`);
	}
	return number;
}

function readArgs(argv) {
	const { values } = parseArgs({
		args: argv,
		options: {
			lines: { type: 'string', default: '1,2' },
			executions: { type: 'string', default: '5' },
			items: { type: 'string', default: '10000' },
			'core-rounds': { type: 'string', default: '7' },
			'compare-rev': { type: 'string' },
			'skip-n8n': { type: 'boolean', default: false },
			'no-write': { type: 'boolean', default: false },
		},
	});
	const args = {
		lines: values['skip-n8n'] ? [] : values.lines.split(',').filter(Boolean),
		executions: count(values.executions, 'executions'),
		items: count(values.items, 'items'),
		listItems: 1000,
		coreRounds: count(values['core-rounds'], 'core-rounds'),
		coldRepetitions: 15,
		compareRev: values['compare-rev'],
		write: !values['no-write'],
	};
	if (args.executions < 5 || args.coreRounds < 5)
		log('note: fewer than 5 repetitions; figures are indicative only');
	return args;
}

/**
 * The git revision measured, or "unknown" in a tree without git (a downloaded source archive).
 */
function revision() {
	const git = (gitArgs) =>
		spawnSync('git', gitArgs, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	const head = git(['rev-parse', '--short', 'HEAD']);
	if (head.status !== 0) return 'unknown';
	const changed = git(['status', '--porcelain', '--untracked-files=no']);
	return `${head.stdout.trim()}${changed.stdout.trim() ? ' (with uncommitted changes)' : ''}`;
}

function run(cmd, cmdArgs, options = {}) {
	const res = spawnSync(cmd, cmdArgs, {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		...options,
	});
	if (res.status !== 0)
		throw new Error(
			`${cmd} ${cmdArgs.join(' ')} failed (${res.status}):\n${res.stdout}\n${res.stderr}`,
		);
	return res.stdout;
}

/** Builds `rev` of this repo into a temp folder (sharing node_modules); renames the package for n8n. */
function buildRevision(rev, workDir) {
	const dir = path.join(workDir, `rev-${rev.replace(/[^A-Za-z0-9]/g, '_')}`);
	fs.mkdirSync(dir, { recursive: true });
	const archive = execFileSync('git', ['archive', '--format=tar', rev], {
		cwd: ROOT,
		maxBuffer: 512 * 1024 * 1024,
	});
	execFileSync('tar', ['-xf', '-', '-C', dir], { input: archive });
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
	run(process.execPath, ['scripts/build.js'], { cwd: dir });
	const pkgFile = path.join(dir, 'package.json');
	const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
	pkg.name = 'n8n-nodes-siro-before';
	fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
	return dir;
}

function machine() {
	const cpus = os.cpus();
	return {
		cpu: `${cpus.length} × ${cpus[0]?.model?.trim() ?? 'unknown CPU'}`,
		memoryGiB: Math.round(os.totalmem() / 2 ** 30),
		os: `${os.type()} ${os.release()}`,
		node: process.version,
		loadAverageAtStart: os
			.loadavg()
			.map((l) => l.toFixed(1))
			.join(' '),
	};
}

const fmt = (value, digits = 2) => (value === undefined ? '–' : Number(value).toFixed(digits));
const triple = (s, digits = 2) =>
	`${fmt(s.median, digits)} | ${fmt(s.min, digits)} | ${fmt(s.max, digits)}`;

function markdown(results) {
	const { core, cold, pack, n8n, meta } = results;
	const lines = [];
	lines.push(RESULTS_START);
	lines.push('');
	lines.push(
		`Run ${meta.date} · \`${meta.command}\` · ${meta.machine.cpu}, ${meta.machine.memoryGiB} GiB, ${meta.machine.os}`,
	);
	lines.push(
		`· Node ${meta.machine.node} · load average at start ${meta.machine.loadAverageAtStart} (the machine is shared: read ratios, not absolute times)`,
	);
	lines.push(`· git ${meta.commit}${meta.compareRev ? ` · "before" = ${meta.compareRev}` : ''}`);
	lines.push('');
	lines.push('| # | Figure | Median | Min | Max | Goal | Met |');
	lines.push('|---|---|---|---|---|---|---|');
	lines.push(
		`| 1 | Core / floor, ns per link ratio (${core.links.toLocaleString('en')} links, ${core.rounds} interleaved rounds) | ${triple(core.ratio)} | ≤ 1.5 | ${core.ratio.median <= 1.5 ? 'yes' : 'no'} |`,
	);
	for (const line of n8n) {
		const r = line.ratios;
		lines.push(
			`| 2 | Siro / Set node, n8n ${line.version} (Node ${line.nodeVersion}), ${line.items.toLocaleString('en')} items, ${line.executions} executions | ${triple(r.siroToSet)} | ≤ 1.0 | ${r.siroToSet.median <= 1 ? 'yes' : 'no'} |`,
		);
	}
	if (n8n.length > 0) {
		const worst = Math.max(...n8n.map((line) => line.requests.max));
		lines.push(
			`| 3 | List Conversation Types, requests for ${n8n[0].listItems.toLocaleString('en')} items of one organization | ${n8n.map((line) => line.requests.median).join(' / ')} | ${Math.min(...n8n.map((line) => line.requests.min))} | ${worst} | 1 | ${worst <= 1 ? 'yes' : 'no'} |`,
		);
	}
	lines.push(
		`| 4 | Cold require: Siro.node.js / starter-shaped node (${cold.repetitions} fresh processes each) | ${triple(cold.ratio)} | ≤ 2.0 | ${cold.ratio.median <= 2 ? 'yes' : 'no'} |`,
	);
	lines.push(`| 4 | Tarball (npm pack) | ${pack.size.toLocaleString('en')} B | | | | |`);
	lines.push(
		`| 4 | Unpacked | ${pack.unpackedSize.toLocaleString('en')} B (${pack.entryCount} files) | | | | |`,
	);
	lines.push('');
	lines.push(
		'**1. Core vs floor** (ns per link; every link has a unicode title, conversationType,',
	);
	lines.push(
		`integrationConnectionId, 2 CRM objects and a redirect URL: ${core.linkLength} characters, so the core also adds its length warning)`,
	);
	lines.push('');
	lines.push('| Contender | Median | Min | Max |');
	lines.push('|---|---|---|---|');
	lines.push(`| buildRecordLink | ${triple(core.nsPerLink.core, 0)} |`);
	lines.push(
		`| floor: template string, encodeURIComponent + \`! ' ( ) *\`, JSON.stringify (the same link as the core, byte for byte) | ${triple(core.nsPerLink.floor, 0)} |`,
	);
	if (core.compareNsPerLink)
		lines.push(
			`| buildRecordLink before (${meta.compareRev}) | ${triple(core.compareNsPerLink, 0)} |`,
		);
	lines.push('');
	if (core.ratioCoreToCompare)
		lines.push(
			`Core after / before: median ${fmt(core.ratioCoreToCompare.median)} (min ${fmt(core.ratioCoreToCompare.min)}, max ${fmt(core.ratioCoreToCompare.max)}).`,
		);
	lines.push('');
	for (const line of n8n) {
		lines.push(
			`**2. n8n ${line.version}** (Node ${line.nodeVersion}; \`runData[node][0].executionTime\`, ms, ${line.items.toLocaleString('en')} items)`,
		);
		lines.push('');
		lines.push(
			'| Node | Median ms | Min | Max | / Set node (median of per-execution ratios) | getNodeParameter calls per item |',
		);
		lines.push('|---|---|---|---|---|---|');
		const label = {
			siro: 'Siro: Build Record Link',
			set: 'Set node, one expression (same links, checked item by item)',
			probePerItem:
				'probe: only the getNodeParameter calls, every parameter per item (what the node does)',
			probeFixedOnce:
				'probe: only the getNodeParameter calls, parameters without expression once (tried, not adopted)',
			siroBefore: `Siro before (${meta.compareRev})`,
		};
		for (const [contender, s] of Object.entries(line.ms)) {
			const ratio = line.ratios[`${contender}ToSet`];
			const calls = line.callsPerItem[contender];
			lines.push(
				`| ${label[contender] ?? contender} | ${triple(s, 0)} | ${ratio ? fmt(ratio.median) : '1'} | ${calls === undefined ? '' : fmt(calls, 2)} |`,
			);
		}
		lines.push('');
	}
	lines.push(
		`**4. Cold require** (ms inside a fresh \`node\` process; n8n-workflow and zod from node_modules)`,
	);
	lines.push('');
	lines.push('| File | Median | Min | Max |');
	lines.push('|---|---|---|---|');
	lines.push(`| dist/nodes/Siro/Siro.node.js | ${triple(cold.node, 1)} |`);
	lines.push(`| scripts/bench/starter/Example.node.js | ${triple(cold.starter, 1)} |`);
	lines.push(`| whole process, Siro.node.js | ${triple(cold.nodeProcess, 1)} |`);
	lines.push(`| whole process, starter | ${triple(cold.starterProcess, 1)} |`);
	lines.push('');
	lines.push(RESULTS_END);
	return lines.join('\n');
}

function writeBenchmarksMd(block) {
	const file = path.join(ROOT, 'BENCHMARKS.md');
	const current = fs.existsSync(file)
		? fs.readFileSync(file, 'utf8')
		: `# Benchmarks\n\n${RESULTS_START}\n${RESULTS_END}\n`;
	const start = current.indexOf(RESULTS_START);
	const end = current.indexOf(RESULTS_END);
	const next =
		start === -1 || end === -1
			? `${current.trimEnd()}\n\n## Latest results\n\n${block}\n`
			: `${current.slice(0, start)}${block}${current.slice(end + RESULTS_END.length)}`;
	fs.writeFileSync(file, next);
}

async function main() {
	const args = readArgs(process.argv.slice(2));
	const started = Date.now();
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-bench-'));
	const meta = {
		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
		command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
		machine: machine(),
		commit: revision(),
		compareRev: args.compareRev,
	};
	try {
		log('Building…');
		run('npm', ['run', 'build'], { cwd: ROOT });
		const before = args.compareRev ? buildRevision(args.compareRev, workDir) : undefined;

		log('1. Core vs floor…');
		const coreArgs = [
			'scripts/bench/core.js',
			'--module',
			'dist/index.js',
			'--rounds',
			String(args.coreRounds),
		];
		if (before) coreArgs.push('--compare', path.join(before, 'dist', 'index.js'));
		const core = JSON.parse(
			run(process.execPath, coreArgs, { cwd: ROOT }).trim().split('\n').pop(),
		);
		log(
			`   core/floor median ${fmt(core.ratio.median)} (min ${fmt(core.ratio.min)}, max ${fmt(core.ratio.max)})`,
		);

		log('4. Cold require and package size…');
		const coldRun = runColdLoad({
			nodeFile: path.join(ROOT, 'dist/nodes/Siro/Siro.node.js'),
			repetitions: args.coldRepetitions,
		});
		const cold = {
			repetitions: args.coldRepetitions,
			node: stats(coldRun.samples.node.map((s) => s.requireMs)),
			starter: stats(coldRun.samples.starter.map((s) => s.requireMs)),
			nodeProcess: stats(coldRun.samples.node.map((s) => s.processMs)),
			starterProcess: stats(coldRun.samples.starter.map((s) => s.processMs)),
			ratio: stats(coldRun.ratios),
		};
		log(`   require ratio median ${fmt(cold.ratio.median)}`);
		const { packDir } = require('./bench/n8n');
		const packed = packDir(ROOT, workDir);
		const pack = {
			size: packed.size,
			unpackedSize: packed.unpackedSize,
			entryCount: packed.info.entryCount,
		};
		const beforeTarball = before ? packDir(before, workDir).tarball : undefined;

		const n8n = [];
		for (const line of args.lines) {
			log(`2./3. n8n line ${line}…`);
			const { benchLine } = require('./bench/n8n');
			const res = await benchLine({
				line,
				tarball: packed.tarball,
				beforeTarball,
				beforeType: before ? 'n8n-nodes-siro-before.siro' : undefined,
				workDir,
				items: args.items,
				warmUpItems: 500,
				listItems: args.listItems,
				executions: args.executions,
				log,
			});
			const ratioKeys = Object.keys(res.perExecution[0]).filter((key) => key.endsWith('ToSet'));
			n8n.push({
				version: res.version,
				nodeVersion: res.nodeVersion,
				items: res.items,
				listItems: args.listItems,
				executions: res.perExecution.length,
				ms: Object.fromEntries(Object.entries(res.times).map(([c, t]) => [c, stats(t)])),
				ratios: Object.fromEntries(
					ratioKeys.map((key) => [key, stats(res.perExecution.map((e) => e[key]))]),
				),
				callsPerItem: Object.fromEntries(
					['probePerItem', 'probeFixedOnce']
						.filter((probe) => res.perExecution[0][`${probe}CallsPerItem`] !== undefined)
						.map((probe) => [probe, res.perExecution[0][`${probe}CallsPerItem`]]),
				),
				requests: stats(res.perExecution.map((e) => e.requests)),
				perExecution: res.perExecution.map(({ sampleLink, ...rest }) => rest),
			});
		}

		const { benchDelivery } = require('./bench/delivery');
		log('5.–7. Request budget: Find User, Check Delivery, pacing…');
		const delivery = await benchDelivery({ ...args, tarball: packed.tarball, workDir, log, meta });

		const results = { meta, core, cold, pack, n8n, delivery };
		fs.writeFileSync(path.join(workDir, 'results.json'), JSON.stringify(results, null, 2));
		if (args.write) writeBenchmarksMd(markdown(results));
		log(
			`Done in ${((Date.now() - started) / 1000).toFixed(0)} s${args.write ? '; BENCHMARKS.md updated' : ''}.`,
		);

		const round = (x) => Math.round(x * 100) / 100;
		const summary = {
			coreVsFloor: round(core.ratio.median),
			nodeVsSetNode: Object.fromEntries(
				n8n.map((line) => [line.version, round(line.ratios.siroToSet.median)]),
			),
			listRequestsFor1000Items: n8n.length
				? Math.max(...n8n.map((line) => line.requests.max))
				: null,
			coldRequireVsStarter: round(cold.ratio.median),
			deliveryRequests: delivery.map(({ find, check, pacing }) => ({
				find: find.requests,
				check: check.requests,
				busiestMinute: pacing.busiestMinute,
			})),
			tarballBytes: pack.size,
			unpackedBytes: pack.unpackedSize,
			paramFloorVsSetNode: Object.fromEntries(
				n8n.map((line) => [line.version, round(line.ratios.probeFixedOnceToSet.median)]),
			),
		};
		process.stdout.write(`${JSON.stringify(summary)}\n`);
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

module.exports = { revision };

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
