'use strict';
/**
 * Benchmarks 2 and 3, in real n8n (the test harness's pinned installs, outside the repo):
 *
 * 2. Build Record Link on 10,000 items against the same links made by n8n's Set node with one
 *    expression (what users do today), timed by n8n itself (`runData[node][0].executionTime`), plus a
 *    probe node that only makes the node's getNodeParameter calls (the floor of n8n's parameter
 *    evaluation). All contenders hang off the same item generator in one workflow and run one after
 *    the other in the same process: a warm-up round, then measured rounds, their order reversed
 *    from one execution to the next.
 * 3. List Conversation Types on 1,000 items of one organization against the fake Siro, in the same
 *    executions: requests the fake Siro received per execution.
 */
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { N8nInstance, killN8nOnExit, outputOf } = require('../../dev/n8n/instance');
const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');

// A failed or interrupted run must not leave n8n processes behind.
killN8nOnExit();

const SIRO_TYPE = 'n8n-nodes-siro.siro';
const PROBE_PACKAGE = 'n8n-nodes-siro-bench-probe';
const PROBE_TYPE = `${PROBE_PACKAGE}.siroParamProbe`;
const CONVERSATION_TYPE = DEMO.conversationTypes.inHomeConsultation.conversationType;
const CONNECTION_ID = 'conn-salesforce-1';
const REDIRECT_URL = 'https://crm.example.com/siro-done?from=siro';
const CREDENTIAL = { id: 'benchSiroCred001', name: 'Siro (bench)' };

/**
 * The probe: the Siro node's own description (required from the installed package next to it) and
 * an execute() that only reads the parameters a Build Record Link run reads, then emits empty items.
 * `probeMode` perItem = every parameter for every item (what the node does); fixedOnce =
 * parameters without an expression once, the others per item (the node after the fix).
 */
const PROBE_NODE_JS = `'use strict';
// By path, as n8n loads it: the package's exports map offers only the library entries by name.
const { Siro } = require(
	require('node:path').join(__dirname, '../../n8n-nodes-siro/dist/nodes/Siro/Siro.node.js'),
);

const READS = [
	['options', {}],
	['recordAction'],
	['conversationType', ''],
	['title', ''],
	['integrationConnectionId', ''],
	['crmObjectsInput', 'fields'],
	['crmObjectsJson', '[]'],
	['redirectUrl', ''],
];

function containsExpression(value) {
	if (typeof value === 'string') return value.charAt(0) === '=';
	if (Array.isArray(value)) return value.some(containsExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(containsExpression);
	return false;
}

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
			properties: [
				{
					displayName: 'Probe Mode',
					name: 'probeMode',
					type: 'options',
					noDataExpression: true,
					options: [
						{ name: 'Every Parameter per Item', value: 'perItem' },
						{ name: 'Fixed Parameters Once', value: 'fixedOnce' },
					],
					default: 'perItem',
				},
				...base.properties,
			],
		};
	}

	async execute() {
		const items = this.getInputData();
		const mode = this.getNodeParameter('probeMode', 0);
		const parameters = this.getNode().parameters;
		const fixed = new Map();
		let reads = 0;
		const out = [];
		for (let i = 0; i < items.length; i++) {
			for (const [name, ...fallback] of READS) {
				if (fixed.has(name)) continue;
				const value = this.getNodeParameter(name, i, ...fallback);
				reads++;
				if (mode === 'fixedOnce' && name in parameters && !containsExpression(parameters[name])) fixed.set(name, value);
			}
			out.push({ json: {}, pairedItem: { item: i } });
		}
		if (out.length > 0) out[0].json = { probeMode: mode, getNodeParameterCalls: reads };
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

/** The one Set-node expression that writes the same link as the Siro node's parameters below. */
const SET_EXPRESSION =
	`={{ 'https://app.siro.ai/record?action=start&title=' + ${STRICT('$json.title')}` +
	` + '&conversationType=${CONVERSATION_TYPE}&integrationConnectionId=${CONNECTION_ID}&crmObjects=' + ${STRICT('JSON.stringify($json.crm)')}` +
	` + '&redirectUrl=' + ${STRICT(`'${REDIRECT_URL}'`)} }}`;

/** What a user sets in the Siro node for the same link: title and CRM objects from the item. */
const SIRO_PARAMETERS = {
	resource: 'recordLink',
	operation: 'build',
	recordAction: 'start',
	title: '={{ $json.title }}',
	conversationType: { __rl: true, mode: 'id', value: CONVERSATION_TYPE },
	integrationConnectionId: CONNECTION_ID,
	crmObjectsInput: 'json',
	crmObjectsJson: '={{ $json.crm }}',
	redirectUrl: REDIRECT_URL,
	options: {},
};

function generatorCode(count) {
	return [
		'const items = [];',
		`for (let i = 0; i < ${count}; i++) {`,
		'  items.push({ json: {',
		'    id: i,',
		'    title: `Jones (2nd visit) + gutters – Zürich 屋根 🏠 #${i}`,',
		"    crm: [{ objectType: 'Opportunity', objectId: `006A0000${i}` }, { objectType: 'Contact', objectId: `003B0000${i}` }],",
		'  } });',
		'}',
		'return items;',
	].join('\n');
}

function listGeneratorCode(count) {
	return `return Array.from({ length: ${count} }, (_, i) => ({ json: { organizationId: ${JSON.stringify(DEMO.organizationId)}, i } }));`;
}

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
	const nodes = {
		siro: (name, position) => node(name, SIRO_TYPE, SIRO_PARAMETERS, position),
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
		probePerItem: (name, position) =>
			node(name, PROBE_TYPE, { probeMode: 'perItem', ...SIRO_PARAMETERS }, position),
		probeFixedOnce: (name, position) =>
			node(name, PROBE_TYPE, { probeMode: 'fixedOnce', ...SIRO_PARAMETERS }, position),
	};
	if (beforeType)
		nodes.siroBefore = (name, position) => node(name, beforeType, SIRO_PARAMETERS, position);
	return nodes;
}

/**
 * One workflow: Manual → Generate Warm-up (a few items) → every contender once, to get n8n's and the
 * nodes' code compiled; then Manual → Generate (N items) → every contender, measured; then Manual →
 * Generate List Items (M items) → List Conversation Types. v1 execution order runs a node's branches
 * one after the other, top to bottom, so the y position sets the order; `order` is reversed from
 * one execution to the next.
 */
function benchWorkflow({ id, items, warmUpItems, listItems, order, beforeType }) {
	const makers = contenderNodes({ beforeType });
	const nodes = [
		node('Manual', 'n8n-nodes-base.manualTrigger', {}, [0, 0]),
		node(
			'Generate Warm-up',
			'n8n-nodes-base.code',
			{ jsCode: generatorCode(warmUpItems) },
			[220, -2000],
			{
				typeVersion: 2,
			},
		),
		node('Generate', 'n8n-nodes-base.code', { jsCode: generatorCode(items) }, [220, 0], {
			typeVersion: 2,
		}),
		node(
			'Generate List Items',
			'n8n-nodes-base.code',
			{ jsCode: listGeneratorCode(listItems) },
			[220, 4000],
			{
				typeVersion: 2,
			},
		),
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
			{ credentials: { siroApi: CREDENTIAL } },
		),
	];
	const connections = {
		Manual: {
			main: [
				['Generate Warm-up', 'Generate', 'Generate List Items'].map((name) => ({
					node: name,
					type: 'main',
					index: 0,
				})),
			],
		},
		'Generate Warm-up': { main: [[]] },
		Generate: { main: [[]] },
		'Generate List Items': {
			main: [[{ node: 'List Conversation Types', type: 'main', index: 0 }]],
		},
	};
	order.forEach((contender, index) => {
		for (const [generator, name, y] of [
			['Generate Warm-up', warmUpName(contender), -2000 + 100 * index],
			['Generate', contender, 100 * index],
		]) {
			nodes.push(makers[contender](name, [440, y]));
			connections[generator].main[0].push({ node: name, type: 'main', index: 0 });
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

/**
 * `n8n execute --rawOutput` with its output going to a file, not a pipe: n8n exits as soon as the
 * run ends, and a pipe loses whatever was not flushed yet (megabytes here); file writes are
 * synchronous. Log lines can follow the execution JSON and contain braces, so the JSON is taken from
 * the first line starting with "{" to the first line that is only "}" (the output is indented).
 */
async function execute(n8n, workflowId, workDir) {
	await n8n.init();
	const outFile = path.join(workDir, `execute-${workflowId}.out`);
	const errFile = path.join(workDir, `execute-${workflowId}.err`);
	const out = fs.openSync(outFile, 'w');
	const err = fs.openSync(errFile, 'w');
	const child = n8n.spawnN8n(
		['execute', `--id=${workflowId}`, '--rawOutput'],
		['ignore', out, err],
	);
	fs.closeSync(out);
	fs.closeSync(err);
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
	return { exitCode, stdout: result ? '' : stdout, stderr, result };
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

/**
 * Runs the node benchmark in one n8n line.
 * @returns per contender the measured executionTimes (ms), per execution the ratios, request counts.
 */
async function benchLine({
	line,
	tarball,
	beforeTarball,
	beforeType,
	perItemProbe = true,
	workDir,
	items,
	warmUpItems,
	listItems,
	executions,
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
		await n8n.importCredentials([
			{
				...CREDENTIAL,
				type: 'siroApi',
				data: {
					authMode: 'accessToken',
					accessToken: DEMO.userAccessToken,
					organizationId: DEMO.organizationId,
					baseUrl: `${fake.url}/api-internalApi`,
				},
			},
		]);
		const order = [
			'siro',
			'set',
			...(perItemProbe ? ['probePerItem'] : []),
			'probeFixedOnce',
			...(beforeTarball ? ['siroBefore'] : []),
		];
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
			const { result, exitCode, stdout, stderr } = await execute(n8n, ids[e % ids.length], workDir);
			if (!result || result.status === 'error' || exitCode !== 0) {
				const why = result
					? JSON.stringify(result.data?.resultData?.error ?? result.status ?? '').slice(0, 2000)
					: '';
				throw new Error(
					`n8n ${install.version} execution failed (exit ${exitCode}, status ${result?.status}): ${why}\n${(stdout + stderr).slice(-3000)}`,
				);
			}
			const requests = fake.countRequests('conversationConfigurations') - requestsBefore;
			const execution = {
				variant: e % ids.length,
				requests,
				listItemsIn: listItems,
				listItemsOut: outputOf(result, 'List Conversation Types').length,
				ms: {},
			};

			// The same links, item by item, from every contender that makes links.
			const reference = outputOf(result, 'set').map((json) => json.recordLink);
			if (reference.length !== items)
				throw new Error(`Set node emitted ${reference.length} items, not ${items}`);
			for (const contender of order.filter((c) => c === 'siro' || c === 'siroBefore')) {
				const links = outputOf(result, contender).map((json) => json.recordLink);
				const differs = links.findIndex((link, i) => link !== reference[i]);
				if (links.length !== items || differs !== -1) {
					throw new Error(
						`${contender} and Set differ at item ${differs}:\n${links[differs]}\n${reference[differs]}`,
					);
				}
			}
			execution.sampleLink = reference[0];
			const ran = [];
			for (const contender of order) {
				const run = runOf(result, contender);
				times[contender].push(run.executionTime);
				execution.ms[contender] = run.executionTime;
				ran.push([run.startTime, contender]);
				if (contender.startsWith('probe')) {
					execution[`${contender}CallsPerItem`] =
						outputOf(result, contender)[0].getNodeParameterCalls / items;
				}
			}
			execution.order = ran.sort((a, b) => a[0] - b[0]).map(([, contender]) => contender);
			for (const contender of order) {
				if (contender !== 'set')
					execution[`${contender}ToSet`] = execution.ms[contender] / execution.ms.set;
			}
			perExecution.push(execution);
			log(
				`  n8n ${install.version} execution ${e + 1}/${executions} (${((Date.now() - started) / 1000).toFixed(0)} s): ` +
					execution.order.map((c) => `${c} ${execution.ms[c]} ms`).join(', ') +
					`; List: ${requests} request(s) for ${listItems} items`,
			);
		}
		const nodeVersion = execFileSync(install.nodeBin, ['--version'], { encoding: 'utf8' }).trim();
		return { version: install.version, nodeVersion, items, times, perExecution };
	} finally {
		await n8n.cleanup();
		await fake.close();
	}
}

module.exports = { benchLine, packDir, execute, runOf, SET_EXPRESSION, SIRO_PARAMETERS };
