'use strict';
/**
 * Drives one real n8n (line '1' = 1.123.x on Node 20, line '2' = 2.x on Node 24) for end-to-end tests,
 * `npm start`, screenshots and benchmarks.
 *
 *   const n8n = new N8nInstance({ line: '2' });
 *   await n8n.installCommunityPackage('/tmp/n8n-nodes-siro-0.1.0.tgz');
 *   await n8n.importCredentials([{ id: 'cred1', name: 'Siro', type: 'siroApi', data: { … } }]);
 *   await n8n.importWorkflow(workflow);            // workflow.id is used (one is made up if absent)
 *   const { result } = await n8n.execute(workflow.id);
 *   outputOf(result, 'Siro');                       // → [{ …json }, …]
 *   await n8n.start(); const api = await n8n.login(); await api.get('/types/nodes.json');
 *   await n8n.cleanup();                            // stops the server, removes the temp user folder
 *
 * Every n8n process is spawned as its own process group (detached) so that stopping it also ends the
 * task runners it spawns. A caller that wants them killed when it exits, however it exits, asks for
 * it once: `killN8nOnExit()` (tests, benchmarks) or `killN8nOnExit({ signals: false })` (a program
 * that handles SIGINT/SIGTERM/SIGHUP itself, like npm start). Requiring this file changes nothing.
 */
const { spawn, execFile } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const axios = require('axios');
const { ensureN8n } = require('./install');

const SECOND = 1000;
const CLI_TIMEOUT = 120 * SECOND;
const READY_TIMEOUT = 180 * SECOND;
const STOP_GRACE = 15 * SECOND;
/** Enough of a failed process's output to see why, without flooding the test report. */
const LOG_TAIL = 4000;

const OWNER = {
	email: 'owner@n8n-nodes-siro.invalid',
	firstName: 'Harness',
	lastName: 'Owner',
	password: 'Harness-Passw0rd',
};

/** Process groups still running (what killN8nOnExit kills). */
const running = new Set();

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// the group is already gone
	}
}

function killAllRunning() {
	for (const pid of running) killGroup(pid, 'SIGKILL');
}

let exitHooks;

/**
 * Kills every n8n process group this process started when it exits, so that a crashed test or an
 * interrupted script never leaves n8n behind. With `signals` (default), SIGINT/SIGTERM/SIGHUP, which
 * end a process without an 'exit' event, kill them too and then end this process by the same signal;
 * pass `signals: false` when the caller handles those signals itself. Calling it again only widens it.
 * @param {{signals?: boolean}} [options]
 */
function killN8nOnExit({ signals = true } = {}) {
	if (!exitHooks) {
		exitHooks = { signals: false };
		process.on('exit', killAllRunning);
	}
	if (signals && !exitHooks.signals) {
		exitHooks.signals = true;
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
			process.once(signal, () => {
				killAllRunning();
				process.kill(process.pid, signal);
			});
		}
	}
}

/** A port that is free right now on loopback (the OS picks it). */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function tail(text) {
	return text.length > LOG_TAIL ? `…${text.slice(-LOG_TAIL)}` : text;
}

/**
 * `n8n execute --rawOutput` prints the execution as (multi-line) JSON, possibly after log lines and,
 * for a failed run, after an error line: parse from the first line that starts with `{`.
 */
function parseExecutionJson(stdout) {
	const start = stdout.search(/^\{/m);
	if (start === -1) return undefined;
	const text = stdout.slice(start);
	try {
		return JSON.parse(text);
	} catch {
		// log lines after the JSON
		return JSON.parse(text.slice(0, text.lastIndexOf('}') + 1));
	}
}

/** One node's run (default: its first) in an execution result, or an error saying what did run. */
function nodeRun(result, nodeName, runIndex = 0) {
	const runData = result?.data?.resultData?.runData ?? {};
	const run = runData[nodeName]?.[runIndex];
	if (!run) {
		const ran = Object.keys(runData).join(', ') || 'none';
		const err = errorOf(result);
		throw new Error(
			`Node "${nodeName}" has no run ${runIndex} (nodes that ran: ${ran})${err ? `; execution error: ${err.message}` : ''}`,
		);
	}
	return run;
}

/**
 * The `json` of the items a node emitted on one output (default: run 0, output 0). Throws when the
 * node did not run or failed, with its error message.
 */
function outputOf(result, nodeName, { runIndex = 0, output = 0 } = {}) {
	const run = nodeRun(result, nodeName, runIndex);
	if (run.error) throw new Error(`Node "${nodeName}" failed: ${run.error.message}`);
	return (run.data?.main?.[output] ?? []).map((item) => item.json);
}

/**
 * The error of a node (its run `runIndex`), or, without a node name, the execution's error
 * (`data.resultData.error`). undefined when there is none. Both have at least `message`.
 */
function errorOf(result, nodeName, { runIndex = 0 } = {}) {
	if (nodeName === undefined) return result?.data?.resultData?.error;
	return nodeRun(result, nodeName, runIndex).error;
}

/** A workflow id in n8n's format (16 alphanumerics). */
function makeId() {
	const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(crypto.randomBytes(16), (b) => chars[b % chars.length]).join('');
}

class N8nInstance {
	/**
	 * @param {object} options
	 * @param {'1'|'2'} options.line        which n8n line to run
	 * @param {string} [options.userFolder] N8N_USER_FOLDER (data in `<it>/.n8n`); a fresh temp folder by default
	 * @param {number} [options.port]       server port for start(); a free one by default
	 * @param {number} [options.brokerPort] task broker port (2.x opens it in every process); a free one by default
	 * @param {object} [options.extraEnv]   more environment for every n8n process (wins over the defaults)
	 * @param {(msg: string) => void} [options.log] progress messages (install, server start)
	 */
	constructor({ line, userFolder, port, brokerPort, extraEnv = {}, log } = {}) {
		this.line = String(line);
		this.ownsUserFolder = !userFolder;
		this.userFolder = userFolder || fs.mkdtempSync(path.join(os.tmpdir(), `siro-n8n${this.line}-`));
		this.port = port;
		this.brokerPort = brokerPort;
		this.extraEnv = extraEnv;
		this.log = log || ((msg) => process.stderr.write(`${msg}\n`));
		this.server = undefined;
		this.ownerReady = false;
	}

	/** Installs n8n if needed and fixes the ports; every other method calls it. */
	async init() {
		if (!this.install) {
			this.install = await ensureN8n(this.line, { log: this.log });
			this.port ??= await freePort();
			this.brokerPort ??= await freePort();
		}
		return this.install;
	}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Data folder n8n uses inside the user folder. */
	get n8nFolder() {
		return path.join(this.userFolder, '.n8n');
	}

	env() {
		return {
			...this.install.env,
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(this.port),
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			...this.extraEnv,
		};
	}

	spawnN8n(args, stdio) {
		const child = spawn(this.install.nodeBin, [this.install.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.env(),
			stdio,
			detached: true,
		});
		running.add(child.pid);
		child.on('exit', () => running.delete(child.pid));
		return child;
	}

	/** Runs an n8n CLI command to its end; resolves (never rejects on a non-zero exit) with its output. */
	async cli(args, { timeoutMs = CLI_TIMEOUT } = {}) {
		await this.init();
		return new Promise((resolve, reject) => {
			const child = this.spawnN8n(args, ['ignore', 'pipe', 'pipe']);
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d) => (stdout += d));
			child.stderr.on('data', (d) => (stderr += d));
			let timedOut = false;
			const timer = setTimeout(() => {
				timedOut = true;
				killGroup(child.pid, 'SIGKILL');
			}, timeoutMs);
			child.on('error', (err) => {
				clearTimeout(timer);
				reject(err);
			});
			child.on('close', (code, signal) => {
				clearTimeout(timer);
				if (timedOut) {
					reject(
						new Error(
							`n8n ${args.join(' ')} timed out after ${timeoutMs / 1000} s\n${tail(stdout + stderr)}`,
						),
					);
				} else {
					resolve({ exitCode: code ?? signal, stdout, stderr });
				}
			});
		});
	}

	/** Like cli(), but a non-zero exit is an error carrying n8n's output. */
	async cliOk(args, options) {
		const res = await this.cli(args, options);
		if (res.exitCode !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} exited ${res.exitCode}\n${tail(res.stdout + res.stderr)}`,
			);
		}
		return res;
	}

	/**
	 * Installs an `npm pack` tarball the way n8n's own community-package installer leaves it:
	 * unpacked in `.n8n/nodes/node_modules/<name>`, listed in `.n8n/nodes/package.json`.
	 * Do it before start(): n8n loads community packages at startup.
	 * @returns {Promise<{name: string, version: string, dir: string}>}
	 */
	async installCommunityPackage(tarballPath) {
		const nodesDir = path.join(this.n8nFolder, 'nodes');
		const unpackDir = fs.mkdtempSync(path.join(this.userFolder, 'unpack-'));
		try {
			await new Promise((resolve, reject) => {
				execFile(
					'tar',
					['-xzf', path.resolve(tarballPath), '-C', unpackDir],
					{ timeout: 60 * SECOND },
					(err, _o, stderr) =>
						err
							? reject(new Error(`tar failed on ${tarballPath}: ${stderr || err.message}`))
							: resolve(),
				);
			});
			// npm pack puts everything under package/
			const packed = path.join(unpackDir, 'package');
			const { name, version } = JSON.parse(
				fs.readFileSync(path.join(packed, 'package.json'), 'utf8'),
			);
			const dir = path.join(nodesDir, 'node_modules', name);
			fs.rmSync(dir, { recursive: true, force: true });
			fs.mkdirSync(path.dirname(dir), { recursive: true });
			fs.renameSync(packed, dir);
			this.addToNodesPackageJson(nodesDir, name, version);
			return { name, version, dir };
		} finally {
			fs.rmSync(unpackDir, { recursive: true, force: true });
		}
	}

	/** n8n keeps `.n8n/nodes/package.json` as the npm project of installed community packages. */
	addToNodesPackageJson(nodesDir, name, version) {
		const file = path.join(nodesDir, 'package.json');
		const pkg = fs.existsSync(file)
			? JSON.parse(fs.readFileSync(file, 'utf8'))
			: { name: 'installed-nodes', private: true, dependencies: {} };
		pkg.dependencies = { ...pkg.dependencies, [name]: version };
		fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
	}

	/** Writes `data` to a temp JSON file in the user folder, runs `fn(file)`, removes the file. */
	async withJsonFile(data, fn) {
		const file = path.join(this.userFolder, `import-${makeId()}.json`);
		fs.writeFileSync(file, JSON.stringify(data));
		try {
			return await fn(file);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/**
	 * Imports credentials: `[{ id, name, type, data }]` with plain `data`; n8n encrypts it with the
	 * harness's fixed N8N_ENCRYPTION_KEY.
	 */
	async importCredentials(credentials) {
		await this.init();
		await this.withJsonFile(credentials, (file) =>
			this.cliOk(['import:credentials', `--input=${file}`]),
		);
	}

	/**
	 * Imports one workflow object (`{ name, nodes, connections, … }`). Its `id` is kept, or one is
	 * made up. Import before start(), or the running server will not see it.
	 * @returns {Promise<string>} the workflow id
	 */
	async importWorkflow(workflow) {
		await this.init();
		const withId = { settings: {}, active: false, ...workflow, id: workflow.id || makeId() };
		await this.withJsonFile(withId, (file) => this.cliOk(['import:workflow', `--input=${file}`]));
		return withId.id;
	}

	/**
	 * Runs an imported workflow headlessly. A failed run exits 1 but still prints the execution: it is
	 * returned too, not thrown (`result` is undefined only when n8n printed no JSON at all).
	 * `exitCode` is a number, or a signal name when n8n died of one. n8n 2.40.7 on Node 24 often dies
	 * of SIGSEGV while shutting down, after printing the whole execution: `crashedOnExit` tells that
	 * case apart (the run itself is complete and `result` is trustworthy).
	 * @returns {Promise<{exitCode: number|string, crashedOnExit: boolean, result: object|undefined,
	 *   stdout: string, stderr: string}>}
	 */
	async execute(workflowId, { timeoutMs = CLI_TIMEOUT } = {}) {
		const res = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs });
		const result = parseExecutionJson(res.stdout);
		const crashedOnExit = typeof res.exitCode === 'string' && typeof result?.status === 'string';
		return { ...res, crashedOnExit, result };
	}

	/**
	 * Starts `n8n start` on 127.0.0.1:<port> and waits until it is ready: /healthz/readiness says the
	 * database is migrated, but the REST routes are mounted a moment later, so /rest/settings too.
	 * Output goes to `<userFolder>/n8n-start.log`.
	 * @returns {Promise<string>} the base URL
	 */
	async start({ timeoutMs = READY_TIMEOUT } = {}) {
		await this.init();
		if (this.server) throw new Error('n8n is already started');
		const logFile = path.join(this.userFolder, 'n8n-start.log');
		const out = fs.openSync(logFile, 'a');
		const child = this.spawnN8n(['start'], ['ignore', out, out]);
		fs.closeSync(out);
		this.server = child;
		let exited;
		child.on('exit', (code, signal) => (exited = signal || `exit ${code}`));
		const started = Date.now();
		const failure = (why) =>
			new Error(`n8n start ${why}\n${tail(fs.readFileSync(logFile, 'utf8'))}`);
		for (;;) {
			if (exited) {
				this.server = undefined;
				throw failure(`ended (${exited}) before it was ready`);
			}
			if (Date.now() - started > timeoutMs) {
				await this.stop();
				throw failure(`was not ready after ${timeoutMs / 1000} s`);
			}
			if ((await this.answers('/healthz/readiness')) && (await this.answers('/rest/settings')))
				break;
			await new Promise((r) => setTimeout(r, 500));
		}
		this.log(
			`n8n ${this.install.version} ready at ${this.baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
		);
		return this.baseUrl;
	}

	/** Whether a GET on `urlPath` answers 2xx now. */
	async answers(urlPath) {
		try {
			const res = await fetch(`${this.baseUrl}${urlPath}`, {
				signal: AbortSignal.timeout(2 * SECOND),
			});
			return res.ok;
		} catch {
			return false; // not listening yet
		}
	}

	/** Creates the owner account (once per user folder; an existing owner is accepted). */
	async setupOwner(owner = OWNER) {
		const res = await axios.post(`${this.baseUrl}/rest/owner/setup`, owner, {
			validateStatus: () => true,
		});
		const alreadySetUp = res.status === 400 && /already/i.test(JSON.stringify(res.data));
		if (res.status !== 200 && !alreadySetUp) {
			throw new Error(`owner setup failed: HTTP ${res.status} ${JSON.stringify(res.data)}`);
		}
		this.ownerReady = true;
		return owner;
	}

	/**
	 * Logs in as the owner (setting it up first when needed).
	 * @returns {Promise<import('axios').AxiosInstance>} axios on the base URL carrying the session cookie
	 */
	async login(owner = OWNER) {
		if (!this.ownerReady) await this.setupOwner(owner);
		const res = await axios.post(`${this.baseUrl}/rest/login`, {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
		const cookie = (res.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
		if (!cookie) throw new Error('n8n login returned no session cookie');
		return axios.create({
			baseURL: this.baseUrl,
			headers: { Cookie: cookie },
			timeout: 30 * SECOND,
		});
	}

	/** Stops the server started by start(): SIGTERM to its process group, SIGKILL after a grace period. */
	async stop() {
		const child = this.server;
		if (!child) return;
		this.server = undefined;
		if (child.exitCode !== null || child.signalCode !== null) return;
		const gone = new Promise((resolve) => child.once('exit', resolve));
		killGroup(child.pid, 'SIGTERM');
		const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), STOP_GRACE);
		await gone;
		clearTimeout(timer);
		// task runners may outlive their parent by a moment
		killGroup(child.pid, 'SIGKILL');
	}

	/** Stops the server and removes the user folder if this instance created it. */
	async cleanup() {
		await this.stop();
		if (this.ownsUserFolder) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

module.exports = {
	N8nInstance,
	killN8nOnExit,
	outputOf,
	errorOf,
	parseExecutionJson,
	freePort,
	OWNER,
};
