'use strict';
/**
 * Benchmarks 2 and 3, in real n8n (the test harness's pinned installs, outside the repo):
 *
 * 2. Build Record Link on 10,000 items, Define Below and From Input Fields, against the same links
 *    made by n8n's Set node with one expression (what users do today), timed by n8n itself
 *    (`runData[node][0].executionTime`), plus a probe node that only makes Define Below's
 *    getNodeParameter calls (the floor of n8n's parameter evaluation). All contenders hang off the
 *    same item generator in one workflow and run one after the other in the same process: a warm-up
 *    round, then measured rounds, their order reversed from one execution to the next.
 *    Growth: Define Below alone on 10,000 and on 100,000 items, one `n8n execute` per run, with the
 *    n8n process's peak memory.
 * 3. List Conversation Types on 1,000 items of one organization against the fake Siro, in the same
 *    executions as 2: requests the fake Siro received per execution.
 */
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { N8nInstance, killN8nOnExit, outputOf } = require('../../dev/n8n/instance');
const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');
const { siroCredential } = require('../../test/e2e/support/workflows');

// A failed or interrupted run must not leave n8n processes behind.
killN8nOnExit();

const SIRO_TYPE = 'n8n-nodes-siro.siro';
/** The version new Siro nodes get (integration connection as a resource locator). */
const SIRO_TYPE_VERSION = 1.1;
const PROBE_PACKAGE = 'n8n-nodes-siro-bench-probe';
const PROBE_TYPE = `${PROBE_PACKAGE}.siroParamProbe`;
const CONVERSATION_TYPE = DEMO.conversationTypes.inHomeConsultation.conversationType;
const CONNECTION_ID = 'conn-salesforce-1';
const REDIRECT_URL = 'https://crm.example.com/siro-done?from=siro';
const CREDENTIAL = { id: 'benchSiroCred001', name: 'Siro (bench)' };

/**
 * The probe: the Siro node's own description (required from the installed package next to it) and
 * an execute() that makes exactly the getNodeParameter calls a Build Record Link run makes with the
 * bench's parameters (Define Below, version 1.1, Options without an expression), in the node's order,
 * then emits empty items. Keep READS_* in step with runOperation and build.operation.ts.
 */
const PROBE_NODE_JS = `'use strict';
// By path, as n8n loads it: the package's exports map offers only the library entries by name.
const { Siro } = require(
	require('node:path').join(__dirname, '../../n8n-nodes-siro/dist/nodes/Siro/Siro.node.js'),
);

// Read once per run, for item 0: runOperation's resource and operation, then the operation's input
// data mode and Options (read once because they hold no expression).
const READS_ONCE_PER_RUN = [['resource'], ['operation'], ['inputDataMode', 'defineBelow'], ['options', {}]];
// Read for every item (inputDefinedBelow): version 1.1 reads integrationConnection, CRM objects as JSON.
const READS_PER_ITEM = [
	['conversationType', ''],
	['recordAction'],
	['title', ''],
	['integrationConnection', ''],
	['crmObjectsInput', 'fields'],
	['crmObjectsJson', '[]'],
	['redirectUrl', ''],
];

class SiroParamProbe {
	constructor() {
		const base = new Siro().description;
		this.description = {
			...base,
			displayName: 'Siro Param Probe',
			name: 'siroParamProbe',
			usableAsTool: undefined,
			credentials: [],
			defaults: { name: 'Siro Param Probe' },
		};
	}

	async execute() {
		const items = this.getInputData();
		for (const [name, ...fallback] of READS_ONCE_PER_RUN) this.getNodeParameter(name, 0, ...fallback);
		const out = [];
		for (let i = 0; i < items.length; i++) {
			for (const [name, ...fallback] of READS_PER_ITEM) this.getNodeParameter(name, i, ...fallback);
			out.push({ json: {}, pairedItem: { item: i } });
		}
		if (out.length > 0)
			out[0].json = { readsOncePerRun: READS_ONCE_PER_RUN.length, readsPerItem: READS_PER_ITEM.length };
		return [out];
	}
}

module.exports = { SiroParamProbe };
`;

function packDir(dir, destination) {
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: dir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		timeout: 120000,
	});
	const [info] = JSON.parse(out.slice(out.indexOf('[')));
	return {
		tarball: path.join(destination, info.filename),
		size: info.size,
		unpackedSize: info.unpackedSize,
		info,
	};
}

function packProbe(workDir) {
	const dir = path.join(workDir, 'probe-package');
	fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'dist', 'SiroParamProbe.node.js'), PROBE_NODE_JS);
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify(
			{
				name: PROBE_PACKAGE,
				version: '0.0.1',
				license: 'MIT',
				keywords: ['n8n-community-node-package'],
				files: ['dist'],
				n8n: { n8nNodesApiVersion: 1, nodes: ['dist/SiroParamProbe.node.js'] },
			},
			null,
			2,
		),
	);
	return packDir(dir, workDir).tarball;
}

/** The strict encoding as a user writes it in an expression (MDN's recipe). */
const STRICT = (js) =>
	`encodeURIComponent(${js}).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())`;

/**
 * The one Set-node expression that writes the same link: title and CRM objects from the item, the
 * fixed parts as constants (cheaper for the Set node than reading them from the item too).
 */
const SET_EXPRESSION =
	`={{ 'https://app.siro.ai/record?action=start&title=' + ${STRICT('$json.title')}` +
	` + '&conversationType=${CONVERSATION_TYPE}&integrationConnectionId=${CONNECTION_ID}&crmObjects=' + ${STRICT('JSON.stringify($json.crmObjects)')}` +
	` + '&redirectUrl=' + ${STRICT(`'${REDIRECT_URL}'`)} }}`;

/**
 * Define Below as a user sets it up for the same link: title and CRM objects from the item, the
 * conversation type and the integration connection By ID, the redirect URL fixed.
 */
const SIRO_PARAMETERS = {
	resource: 'recordLink',
	operation: 'build',
	inputDataMode: 'defineBelow',
	recordAction: 'start',
	title: '={{ $json.title }}',
	conversationType: { __rl: true, mode: 'id', value: CONVERSATION_TYPE },
	integrationConnection: { __rl: true, mode: 'id', value: CONNECTION_ID },
	crmObjectsInput: 'json',
	crmObjectsJson: '={{ $json.crmObjects }}',
	redirectUrl: REDIRECT_URL,
	options: {},
};

/** From Input Fields: the link's parameters are the item's own fields. */
const SIRO_FROM_INPUT_FIELDS_PARAMETERS = {
	resource: 'recordLink',
	operation: 'build',
	inputDataMode: 'fromInputFields',
	options: {},
};

/**
 * Calendar events that already carry the link's fields under the names From Input Fields reads (as
 * a webhook or an earlier mapping would deliver them), so that every contender reads the same items:
 * Define Below and the Set node by expression, From Input Fields directly.
 */
function generatorCode(count) {
	return [
		'const items = [];',
		`for (let i = 0; i < ${count}; i++) {`,
		'  items.push({ json: {',
		'    id: i,',
		"    action: 'start',",
		'    title: `Jones (2nd visit) + gutters – Zürich 屋根 🏠 #${i}`,',
		`    conversationType: '${CONVERSATION_TYPE}',`,
		`    integrationConnectionId: '${CONNECTION_ID}',`,
		"    crmObjects: [{ objectType: 'Opportunity', objectId: `006A0000${i}` }, { objectType: 'Contact', objectId: `003B0000${i}` }],",
		`    redirectUrl: '${REDIRECT_URL}',`,
		'  } });',
		'}',
		'return items;',
	].join('\n');
}

function listGeneratorCode(count) {
	return `return Array.from({ length: ${count} }, (_, i) => ({ json: { organizationId: ${JSON.stringify(DEMO.organizationId)}, i } }));`;
}

/** A workflow node at `position` (typeVersion 1 unless `extra` sets another). */
const node = (name, type, parameters, position, extra = {}) => ({
	id: crypto.randomUUID(),
	name,
	type,
	typeVersion: 1,
	position,
	parameters,
	...extra,
});

/**
 * The contenders of one round, each a node fed by the generator. `before` (optional) is another
 * build of this package installed under another name, for before/after figures.
 */
function contenderNodes({ beforeType } = {}) {
	const siroVersion = { typeVersion: SIRO_TYPE_VERSION };
	const nodes = {
		siro: (name, position) => node(name, SIRO_TYPE, SIRO_PARAMETERS, position, siroVersion),
		siroFromInputFields: (name, position) =>
			node(name, SIRO_TYPE, SIRO_FROM_INPUT_FIELDS_PARAMETERS, position, siroVersion),
		set: (name, position) =>
			node(
				name,
				'n8n-nodes-base.set',
				{
					mode: 'manual',
					duplicateItem: false,
					assignments: {
						assignments: [
							{
								id: crypto.randomUUID(),
								name: 'recordLink',
								value: SET_EXPRESSION,
								type: 'string',
							},
						],
					},
					includeOtherFields: true,
					options: {},
				},
				position,
				{ typeVersion: 3.4 },
			),
		probe: (name, position) => node(name, PROBE_TYPE, SIRO_PARAMETERS, position, siroVersion),
	};
	if (beforeType)
		nodes.siroBefore = (name, position) =>
			node(name, beforeType, SIRO_PARAMETERS, position, siroVersion);
	return nodes;
}

/**
 * One workflow: Manual → Generate Warm-up (a few items) → every contender once, to get n8n's and the
 * nodes' code compiled; then Manual → Generate (N items) → every contender, measured; then, with
 * `listItems`, Manual → Generate List Items (M items) → List Conversation Types. v1 execution order
 * runs a node's branches one after the other, top to bottom, so the y position sets the order;
 * `order` is reversed from one execution to the next.
 */
function benchWorkflow({ id, items, warmUpItems, listItems, order, beforeType }) {
	const makers = contenderNodes({ beforeType });
	const code = (name, jsCode, position) =>
		node(name, 'n8n-nodes-base.code', { jsCode }, position, { typeVersion: 2 });
	const nodes = [
		node('Manual', 'n8n-nodes-base.manualTrigger', {}, [0, 0]),
		code('Generate Warm-up', generatorCode(warmUpItems), [220, -2000]),
		code('Generate', generatorCode(items), [220, 0]),
	];
	const connections = {
		Manual: { main: [[]] },
		'Generate Warm-up': { main: [[]] },
		Generate: { main: [[]] },
	};
	const connect = (from, to) =>
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	connect('Manual', 'Generate Warm-up');
	connect('Manual', 'Generate');
	if (listItems !== undefined) {
		nodes.push(
			code('Generate List Items', listGeneratorCode(listItems), [220, 4000]),
			node(
				'List Conversation Types',
				SIRO_TYPE,
				{
					resource: 'conversationType',
					operation: 'getAll',
					organizationId: '={{ $json.organizationId }}',
					returnAll: true,
					simplify: true,
					filters: {},
				},
				[440, 4000],
				{ typeVersion: SIRO_TYPE_VERSION, credentials: { siroApi: CREDENTIAL } },
			),
		);
		connections['Generate List Items'] = { main: [[]] };
		connect('Manual', 'Generate List Items');
		connect('Generate List Items', 'List Conversation Types');
	}
	order.forEach((contender, index) => {
		for (const [generator, name, y] of [
			['Generate Warm-up', warmUpName(contender), -2000 + 100 * index],
			['Generate', contender, 100 * index],
		]) {
			nodes.push(makers[contender](name, [440, y]));
			connect(generator, name);
		}
	});
	return {
		id,
		name: `Siro bench ${id}`,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

const warmUpName = (contender) => `${contender} (warm-up)`;

/** How often the n8n process's memory high-water mark is read. */
const RSS_SAMPLE_MS = 100;

/**
 * Watches a process's peak resident memory: VmHWM in /proc/<pid>/status, the kernel's high-water
 * mark of its RSS, read every RSS_SAMPLE_MS until stopped. The mark never goes down, so the last
 * reading is the peak up to at most RSS_SAMPLE_MS before the process exited (a lower bound; the
 * status of an exited process no longer has the line). `stop()` gives MiB, or undefined without
 * /proc (not Linux).
 */
function watchPeakRss(pid) {
	let peakKiB;
	const read = () => {
		try {
			const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
			if (match) peakKiB = Number(match[1]);
		} catch {
			// exited, or no /proc
		}
	};
	const timer = setInterval(read, RSS_SAMPLE_MS);
	read();
	return {
		stop() {
			clearInterval(timer);
			return peakKiB === undefined ? undefined : peakKiB / 1024;
		},
	};
}

/**
 * `n8n execute --rawOutput` with its output going to a file, not a pipe: n8n exits as soon as the
 * run ends, and a pipe loses whatever was not flushed yet (megabytes here); file writes are
 * synchronous. Log lines can follow the execution JSON and contain braces, so the JSON is taken from
 * the first line starting with "{" to the first line that is only "}" (the output is indented).
 * Also gives the peak RSS (MiB) of the n8n process (not of the task runners it may spawn), and the
 * seconds from its start to its exit.
 */
async function execute(n8n, workflowId, workDir) {
	await n8n.init();
	const outFile = path.join(workDir, `execute-${workflowId}.out`);
	const errFile = path.join(workDir, `execute-${workflowId}.err`);
	const out = fs.openSync(outFile, 'w');
	const err = fs.openSync(errFile, 'w');
	const spawned = Date.now();
	const child = n8n.spawnN8n(
		['execute', `--id=${workflowId}`, '--rawOutput'],
		['ignore', out, err],
	);
	fs.closeSync(out);
	fs.closeSync(err);
	const peakRss = watchPeakRss(child.pid);
	const timer = setTimeout(
		() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		},
		15 * 60 * 1000,
	);
	const exitCode = await new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve(code ?? signal)),
	);
	clearTimeout(timer);
	const peakRssMiB = peakRss.stop();
	const processS = (Date.now() - spawned) / 1000;
	const stdout = fs.readFileSync(outFile, 'utf8');
	const stderr = fs.readFileSync(errFile, 'utf8');
	fs.rmSync(outFile, { force: true });
	fs.rmSync(errFile, { force: true });
	const start = stdout.search(/^\{/m);
	let result;
	if (start !== -1) {
		const end = stdout.indexOf('\n}', start);
		const text = end === -1 ? stdout.slice(start) : stdout.slice(start, end + 2);
		try {
			result = JSON.parse(text);
		} catch {
			result = undefined;
		}
	}
	return { exitCode, stdout: result ? '' : stdout, stderr, result, peakRssMiB, processS };
}

/**
 * Whether a run completed: n8n printed an execution without error and exited normally, or died of
 * a signal after printing it (n8n 2.40.7 on Node 24 may crash with SIGSEGV on its way out).
 */
function completed({ result, exitCode }) {
	if (!result || result.status === 'error' || result.data?.resultData?.error) return false;
	return exitCode === 0 || (typeof exitCode === 'string' && typeof result.status === 'string');
}

/** The end-to-end tests' demo credential to the fake Siro at `fakeUrl`, under the bench's `identity` (id, name). */
function fakeSiroCredential(identity, fakeUrl) {
	return { ...siroCredential(fakeUrl), ...identity };
}

function runOf(result, name) {
	const run = result?.data?.resultData?.runData?.[name]?.[0];
	if (!run)
		throw new Error(
			`node "${name}" did not run: ${JSON.stringify(result?.data?.resultData?.error ?? {}).slice(0, 500)}`,
		);
	if (run.error) throw new Error(`node "${name}" failed: ${run.error.message}`);
	return run;
}

/** The growth runs' sizes, and their keys in the results. */
const GROWTH_SIZES = [
	{ key: 'items10k', items: 10000 },
	{ key: 'items100k', items: 100000 },
];

/** Why a run did not complete, in a few lines: n8n's error, or the end of what it printed. */
function failureOf({ result, exitCode, stdout, stderr }) {
	const error = result?.data?.resultData?.error;
	const said = error
		? JSON.stringify(error).slice(0, 500)
		: `${stdout}${stderr}`.trim().slice(-800);
	return `exit ${exitCode}: ${said}`;
}

/**
 * Growth: Define Below alone (after its warm-up branch) on 10,000 and on 100,000 items, each run a
 * fresh `n8n execute`, the sizes in turns (10k, 100k, then 100k, 10k, …) so that a change in the
 * machine's load falls on both; per repetition time(100k) / time(10k), and each run's peak RSS.
 * A run that does not complete (out of memory, killed at the time limit) is kept with what n8n said
 * and ends the growth runs: the next would fail the same way, and a time-out costs 15 minutes.
 */
async function benchGrowth({ n8n, line, repetitions, warmUpItems, workDir, log }) {
	const ids = {};
	for (const { key, items } of GROWTH_SIZES) {
		const id = `sgrowL${line}${key}`.padEnd(16, '0');
		ids[key] = await n8n.importWorkflow(benchWorkflow({ id, items, warmUpItems, order: ['siro'] }));
	}
	const runs = [];
	const ratios = [];
	const figures = () => ({ sizes: GROWTH_SIZES, repetitions, runs, ratios });
	for (let repetition = 1; repetition <= repetitions; repetition++) {
		const sizes = repetition % 2 === 1 ? GROWTH_SIZES : [...GROWTH_SIZES].reverse();
		const ms = {};
		for (const { key, items } of sizes) {
			const execution = await execute(n8n, ids[key], workDir);
			const run = {
				repetition,
				items,
				peakRssMiB: execution.peakRssMiB,
				processS: execution.processS,
			};
			if (completed(execution)) {
				const emitted = outputOf(execution.result, 'siro').length;
				if (emitted !== items) throw new Error(`siro emitted ${emitted} items, not ${items}`);
				run.ms = runOf(execution.result, 'siro').executionTime;
				ms[key] = run.ms;
			} else {
				run.failed = failureOf(execution);
			}
			runs.push(run);
			log(
				`  growth ${repetition}/${repetitions}, ${items} items: ` +
					(run.failed ? `did not complete (${run.failed.slice(0, 300)})` : `${run.ms} ms`) +
					`, peak RSS ${run.peakRssMiB?.toFixed(0)} MiB, n8n process ${run.processS.toFixed(0)} s`,
			);
			if (run.failed) return figures();
		}
		ratios.push(ms.items100k / ms.items10k);
	}
	return figures();
}

/**
 * Runs the node benchmark in one n8n line, then (with `growthRepetitions`) the growth runs.
 * @returns per contender the measured executionTimes (ms), per execution the ratios and request
 *   counts, and the growth runs.
 */
async function benchLine({
	line,
	tarball,
	beforeTarball,
	beforeType,
	workDir,
	items,
	warmUpItems,
	listItems,
	executions,
	growthRepetitions,
	log,
}) {
	const fake = await startFakeSiro();
	const n8n = new N8nInstance({ line, log });
	try {
		const install = await n8n.init();
		log(`n8n ${install.version}: installing the packages, importing the workflows…`);
		await n8n.installCommunityPackage(tarball);
		await n8n.installCommunityPackage(packProbe(workDir));
		if (beforeTarball) await n8n.installCommunityPackage(beforeTarball);
		await n8n.importCredentials([fakeSiroCredential(CREDENTIAL, fake.url)]);
		const order = [
			'siro',
			'siroFromInputFields',
			'set',
			'probe',
			...(beforeTarball ? ['siroBefore'] : []),
		];
		const makingLinks = order.filter((contender) => contender.startsWith('siro'));
		const variants = [order, [...order].reverse()];
		const ids = [];
		for (let v = 0; v < variants.length; v++) {
			const id = `sirobenchL${line}v${v}`.padEnd(16, '0');
			ids.push(
				await n8n.importWorkflow(
					benchWorkflow({ id, items, warmUpItems, listItems, order: variants[v], beforeType }),
				),
			);
		}

		const times = Object.fromEntries(order.map((c) => [c, []]));
		const perExecution = [];
		for (let e = 0; e < executions; e++) {
			const requestsBefore = fake.countRequests('conversationConfigurations');
			const started = Date.now();
			const run = await execute(n8n, ids[e % ids.length], workDir);
			if (!completed(run))
				throw new Error(`n8n ${install.version} execution failed (${failureOf(run)})`);
			const { result } = run;
			const requests = fake.countRequests('conversationConfigurations') - requestsBefore;
			const execution = {
				variant: e % ids.length,
				requests,
				listItemsIn: listItems,
				listItemsOut: outputOf(result, 'List Conversation Types').length,
				ms: {},
				ratios: {},
			};

			// The same links, item by item, from every contender that makes links.
			const reference = outputOf(result, 'set').map((json) => json.recordLink);
			if (reference.length !== items)
				throw new Error(`Set node emitted ${reference.length} items, not ${items}`);
			for (const contender of makingLinks) {
				const links = outputOf(result, contender).map((json) => json.recordLink);
				const differs = links.findIndex((link, i) => link !== reference[i]);
				if (links.length !== items || differs !== -1) {
					throw new Error(
						`${contender} and Set differ at item ${differs}:\n${links[differs]}\n${reference[differs]}`,
					);
				}
			}
			execution.sampleLink = reference[0];
			execution.probeReads = outputOf(result, 'probe')[0];
			const ran = [];
			for (const contender of order) {
				const { executionTime, startTime } = runOf(result, contender);
				times[contender].push(executionTime);
				execution.ms[contender] = executionTime;
				ran.push([startTime, contender]);
			}
			execution.order = ran.sort((a, b) => a[0] - b[0]).map(([, contender]) => contender);
			for (const contender of order) {
				if (contender !== 'set')
					execution.ratios[`${contender}ToSet`] = execution.ms[contender] / execution.ms.set;
			}
			execution.ratios.siroToProbe = execution.ms.siro / execution.ms.probe;
			perExecution.push(execution);
			log(
				`  n8n ${install.version} execution ${e + 1}/${executions} (${((Date.now() - started) / 1000).toFixed(0)} s): ` +
					execution.order.map((c) => `${c} ${execution.ms[c]} ms`).join(', ') +
					`; List: ${requests} request(s) for ${listItems} items`,
			);
		}
		const growth = growthRepetitions
			? await benchGrowth({ n8n, line, repetitions: growthRepetitions, warmUpItems, workDir, log })
			: undefined;
		const nodeVersion = execFileSync(install.nodeBin, ['--version'], { encoding: 'utf8' }).trim();
		return { version: install.version, nodeVersion, items, times, perExecution, growth };
	} finally {
		await n8n.cleanup();
		await fake.close();
	}
}

module.exports = { benchLine, packDir, execute, fakeSiroCredential, node, runOf };
