#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: builds the package and measures
 *   1. the link core against the floor (a template string writing the same strict link, no validation);
 *   2. Build Record Link on 10,000 items, Define Below and From Input Fields, against n8n's Set node
 *      making the same links, in real n8n 1.123.81 and 2.41.1 (installed outside the repo by the
 *      test harness when missing), with a probe node that only makes Define Below's getNodeParameter
 *      calls; then Define Below on 100,000 items against 10,000, with n8n's peak memory;
 *   3. the requests List Conversation Types sends for 1,000 items of one organization (fake Siro);
 *   4. the cold `require` of the built node against a starter-shaped node; tarball sizes;
 *   8. libphonenumber-js in the bundle: its bytes in each file, and the node's cold `require` with
 *      it against without it (scripts/bench/bundle.js; against --compare-rev's node too);
 *   9./10. appointments (scripts/bench/appointments.js, fake Siro): a sync of 1,000 calendar events
 *      against the rate-limit floor under 429 bursts, and the Appointment Ended Without Recording
 *      trigger's requests per poll and static data over a simulated week.
 * Every figure is the median of at least 5 interleaved repetitions, with min and max (the growth
 * runs, 2 minutes and more each at 100,000 items, have 2 by default; 9. is one run a clock, its time
 * bounded below by the pacing, and 10. counts requests and bytes, which do not vary). Results go to
 * BENCHMARKS.md (between the generated-results markers) and, as the last line of output, one JSON
 * object. Progress goes to stderr.
 *
 *   npm run bench [-- --lines 1,2] [--executions 5] [--items 10000] [--growth-repetitions 2]
 *                 [--compare-rev <git rev>] [--skip-n8n] [--skip-growth] [--skip-appointments]
 *                 [--trigger-poll-minutes 5] [--no-write]
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
const {
	benchAppointments,
	markdown: appointmentsMarkdown,
	pollMinutesOption,
	writeResults: writeAppointments,
} = require('./bench/appointments');

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
			'growth-repetitions': { type: 'string', default: '2' },
			'compare-rev': { type: 'string' },
			'skip-n8n': { type: 'boolean', default: false },
			'skip-growth': { type: 'boolean', default: false },
			'skip-appointments': { type: 'boolean', default: false },
			'trigger-poll-minutes': { type: 'string', default: '5' },
			'no-write': { type: 'boolean', default: false },
		},
	});
	const args = {
		lines: values['skip-n8n'] ? [] : values.lines.split(',').filter(Boolean),
		executions: count(values.executions, 'executions'),
		items: count(values.items, 'items'),
		listItems: 1000,
		coreRounds: count(values['core-rounds'], 'core-rounds'),
		growthRepetitions: values['skip-growth']
			? 0
			: count(values['growth-repetitions'], 'growth-repetitions'),
		coldRepetitions: 15,
		compareRev: values['compare-rev'],
		appointments: !values['skip-appointments'],
		triggerPollMinutes: pollMinutesOption(values['trigger-poll-minutes']),
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
	s === undefined
		? '– | – | –'
		: `${fmt(s.median, digits)} | ${fmt(s.min, digits)} | ${fmt(s.max, digits)}`;
/** "yes" when a median meets its ceiling, "no" when it does not or was not measured. */
const met = (s, ceiling) => (s !== undefined && s.median <= ceiling ? 'yes' : 'no');

/** Median, min and max, or undefined for no values (a growth run that did not complete). */
const statsOrNone = (values) => (values.length > 0 ? stats(values) : undefined);

const CONTENDER_LABELS = {
	siro: 'Siro: Build Record Link, Define Below',
	siroFromInputFields: "Siro: Build Record Link, From Input Fields (the items' own fields)",
	set: 'Set node making the same links, one expression (checked item by item)',
	probe: "probe: only Define Below's getNodeParameter calls (n8n's parameter evaluation)",
};

/** The summary rows of one n8n line: the issue's goals, then the other ratios as information. */
function n8nSummaryRows(line) {
	const r = line.ratios;
	const where = `n8n ${line.version} (Node ${line.nodeVersion})`;
	const perRun = `${line.items.toLocaleString('en')} items, ${line.executions} executions`;
	const rows = [
		`| 2 | From Input Fields / Set node, ${where}, ${perRun} | ${triple(r.siroFromInputFieldsToSet)} | ≤ 0.5 | ${met(r.siroFromInputFieldsToSet, 0.5)} |`,
		`| 2 | Define Below / probe (the node over its parameter floor), ${where}, ${perRun} | ${triple(r.siroToProbe)} | ≤ 1.10 | ${met(r.siroToProbe, 1.1)} |`,
		`| 2 | Define Below / Set node, ${where} (information) | ${triple(r.siroToSet)} | | |`,
		`| 2 | probe / Set node, ${where} (information) | ${triple(r.probeToSet)} | | |`,
	];
	const growth = line.growth;
	if (growth) {
		const failed = growth.failed
			? ` (a ${growth.failed.items.toLocaleString('en')}-item run did not complete: see below)`
			: '';
		rows.push(
			`| 2 | Define Below, time for 100,000 items / 10,000 items, ${where}, ${growth.ratios.length} of ${growth.repetitions} repetitions${failed} | ${triple(growth.ratio)} | ≤ 11 | ${met(growth.ratio, 11)} |`,
		);
		for (const { key, items } of growth.sizes) {
			rows.push(
				`| 2 | Peak RSS of the \`n8n execute\` process, ${items.toLocaleString('en')} items, ${where}, MiB | ${triple(growth.peakRssMiB[key], 0)} | reported | ${growth.peakRssMiB[key] ? 'yes' : 'no'} |`,
			);
		}
	}
	return rows;
}

/** The detail tables of one n8n line: every contender's times, then every growth run. */
function n8nDetail(line, compareRev) {
	const labels = { ...CONTENDER_LABELS, siroBefore: `Siro before (${compareRev})` };
	const reads = line.probeReads;
	const lines = [
		`**2. n8n ${line.version}** (Node ${line.nodeVersion}; \`runData[node][0].executionTime\`, ms, ${line.items.toLocaleString('en')} items)`,
		'',
		'| Node | Median ms | Min | Max | / Set node (median of per-execution ratios) | getNodeParameter calls |',
		'|---|---|---|---|---|---|',
	];
	for (const [contender, s] of Object.entries(line.ms)) {
		const ratio = line.ratios[`${contender}ToSet`];
		const calls =
			contender === 'probe' ? `${reads.readsOncePerRun} once + ${reads.readsPerItem} per item` : '';
		lines.push(
			`| ${labels[contender] ?? contender} | ${triple(s, 0)} | ${ratio ? fmt(ratio.median) : '1'} | ${calls} |`,
		);
	}
	lines.push('');
	if (line.growth) {
		lines.push(
			`Growth runs, n8n ${line.version}: Define Below alone, one \`n8n execute\` each, in this order`,
		);
		lines.push('');
		lines.push(
			'| Repetition | Items | executionTime ms | ms per 1,000 items | Peak RSS MiB | n8n process, start to exit, s |',
		);
		lines.push('|---|---|---|---|---|---|');
		for (const run of line.growth.runs) {
			const time = run.failed
				? `did not complete: ${run.failed.replace(/\s+/g, ' ').replace(/\|/g, '/')} | –`
				: `${run.ms} | ${fmt((run.ms / run.items) * 1000, 0)}`;
			lines.push(
				`| ${run.repetition} | ${run.items.toLocaleString('en')} | ${time} | ${fmt(run.peakRssMiB, 0)} | ${fmt(run.processS, 0)} |`,
			);
		}
		lines.push('');
	}
	return lines;
}

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
		`| 1 | Core / floor, ns per link ratio (${core.links.toLocaleString('en')} links, ${core.rounds} interleaved rounds) | ${triple(core.ratio)} | ≤ 1.5 | ${met(core.ratio, 1.5)} |`,
	);
	for (const line of n8n) lines.push(...n8nSummaryRows(line));
	if (n8n.length > 0) {
		const worst = Math.max(...n8n.map((line) => line.requests.max));
		lines.push(
			`| 3 | List Conversation Types, requests for ${n8n[0].listItems.toLocaleString('en')} items of one organization | ${n8n.map((line) => line.requests.median).join(' / ')} | ${Math.min(...n8n.map((line) => line.requests.min))} | ${worst} | 1 | ${worst <= 1 ? 'yes' : 'no'} |`,
		);
	}
	lines.push(
		`| 4 | Cold require: Siro.node.js / starter-shaped node (${cold.repetitions} fresh processes each) | ${triple(cold.ratio)} | ≤ 2.0 | ${met(cold.ratio, 2)} |`,
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
	for (const line of n8n) lines.push(...n8nDetail(line, meta.compareRev));
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

/** A line's growth runs summed up: the ratio and peak RSS per size, and the run that failed if any. */
function growthFigures(growth) {
	const ofSize = (items, pick) =>
		statsOrNone(growth.runs.filter((run) => run.items === items && !run.failed).map(pick));
	return {
		...growth,
		ratio: statsOrNone(growth.ratios),
		ms: Object.fromEntries(growth.sizes.map(({ key, items }) => [key, ofSize(items, (r) => r.ms)])),
		peakRssMiB: Object.fromEntries(
			growth.sizes.map(({ key, items }) => [
				key,
				statsOrNone(
					growth.runs
						.filter((run) => run.items === items && run.peakRssMiB !== undefined)
						.map((run) => run.peakRssMiB),
				),
			]),
		),
		failed: growth.runs.find((run) => run.failed),
	};
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

		log('8. libphonenumber-js in the bundle: size and cold require…');
		const { benchBundle, markdown: bundleMarkdown, writeResults } = require('./bench/bundle');
		const bundle = await benchBundle({ before, repetitions: args.coldRepetitions, workDir, log });
		if (args.write) writeResults(bundleMarkdown(bundle, meta));

		let appointments;
		if (args.appointments) {
			log('9./10. Appointments: sync of 1,000 calendar events, the trigger over a week…');
			appointments = benchAppointments({ pollMinutes: args.triggerPollMinutes, log });
			if (args.write)
				writeAppointments(
					appointmentsMarkdown(appointments, {
						...meta,
						loadAverage: meta.machine.loadAverageAtStart,
					}),
				);
		}

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
				growthRepetitions: args.growthRepetitions,
				log,
			});
			n8n.push({
				version: res.version,
				nodeVersion: res.nodeVersion,
				items: res.items,
				listItems: args.listItems,
				executions: res.perExecution.length,
				ms: Object.fromEntries(Object.entries(res.times).map(([c, t]) => [c, stats(t)])),
				ratios: Object.fromEntries(
					Object.keys(res.perExecution[0].ratios).map((key) => [
						key,
						stats(res.perExecution.map((e) => e.ratios[key])),
					]),
				),
				probeReads: res.perExecution[0].probeReads,
				requests: stats(res.perExecution.map((e) => e.requests)),
				perExecution: res.perExecution.map(({ sampleLink, ...rest }) => rest),
				growth: res.growth && growthFigures(res.growth),
			});
		}

		const { benchDelivery } = require('./bench/delivery');
		log('5.–7. Request budget: Find User, Check Delivery, pacing…');
		const delivery = await benchDelivery({ ...args, tarball: packed.tarball, workDir, log, meta });

		const results = { meta, core, cold, pack, n8n, delivery, appointments };
		fs.writeFileSync(path.join(workDir, 'results.json'), JSON.stringify(results, null, 2));
		if (args.write) writeBenchmarksMd(markdown(results));
		log(
			`Done in ${((Date.now() - started) / 1000).toFixed(0)} s${args.write ? '; BENCHMARKS.md updated' : ''}.`,
		);

		const round = (x) => Math.round(x * 100) / 100;
		const perLine = (figure) => Object.fromEntries(n8n.map((line) => [line.version, figure(line)]));
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
			libphonenumberBytesInNode: bundle.files['dist/nodes/Siro/Siro.node.js'].libraryBytes,
			coldRequireCpuWithVsWithoutLibphonenumber: {
				node: round(bundle.cpu.ratios['node: with / without'].median),
				library: round(bundle.cpu.ratios['library: with / without'].median),
			},
			unpackedBytes: pack.unpackedSize,
			// null with --skip-appointments.
			syncVsRateLimitFloor: appointments
				? round(appointments.sync.find((run) => run.clock === 'real').ratioToFloor)
				: null,
			triggerRequestsPerPoll: appointments ? appointments.trigger.requestsPerPoll : null,
			triggerStaticDataBytesByDay: appointments
				? appointments.trigger.byDay.map((day) => day.stateBytes)
				: null,
			paramFloorVsSetNode: perLine((line) => round(line.ratios.probeToSet.median)),
			fromInputFieldsVsSetNode: perLine((line) =>
				round(line.ratios.siroFromInputFieldsToSet.median),
			),
			nodeVsParamFloor: perLine((line) => round(line.ratios.siroToProbe.median)),
			// null: no repetition completed both sizes (see BENCHMARKS.md for what n8n said).
			growth100kVs10k: perLine((line) =>
				line.growth?.ratio ? round(line.growth.ratio.median) : null,
			),
			// The highest of the runs' peaks, per size; null where no run of that size was measured.
			peakRssMiB: perLine((line) =>
				Object.fromEntries(
					(line.growth?.sizes ?? []).map(({ key }) => {
						const peak = line.growth.peakRssMiB[key];
						return [key, peak ? Math.round(peak.max) : null];
					}),
				),
			),
		};
		process.stdout.write(`${JSON.stringify(summary)}\n`);
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

module.exports = { revision, buildRevision };

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
