'use strict';
/**
 * n8n in queue mode, for the queue-mode test and `npm run soak`: Redis and PostgreSQL from Debian's
 * packages, n8n 2.x main (EXECUTIONS_MODE=queue, Postgres as its database) and `n8n worker`
 * processes, all on 127.0.0.1 with free ports.
 *
 *   const cluster = new QueueCluster({ workers: 2 });
 *   await cluster.start({ tarball, credentials: [...], workflows: [...] });
 *   await fetch(cluster.webhookUrl('siro-queue'), { method: 'POST', … });
 *   await cluster.killWorker(1);                   // SIGKILL, as when its machine dies
 *   await cluster.sql('select id, status from execution_entity');
 *   await cluster.dumpDatabase(); cluster.readLogs();
 *   await cluster.stop();                          // everything it started, by PID; temp folders removed
 *
 * Redis and PostgreSQL are installed with apt when missing (`apt-get update` first; as root, else
 * through `sudo -n`). PostgreSQL refuses to run as root: when this process is root, initdb and the
 * server run as the `postgres` user the package creates, in a fresh data folder. The harness runs
 * its own Redis and PostgreSQL on free ports; it neither uses nor stops the system services the
 * packages may have started (containers usually forbid that with policy-rc.d).
 *
 * Main and workers share one N8N_USER_FOLDER (the community package unpacked under its
 * `.n8n/nodes/node_modules/` is loaded by all of them), one N8N_ENCRYPTION_KEY, the database and
 * Redis; each has its own task-broker port, workers their own health-server port. Workflows are
 * imported and published before main starts, and main counts as ready once their webhooks are live.
 */
const { spawn, execFile } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { N8nInstance, freePort } = require('./instance');

const SECOND = 1000;
const APT_TIMEOUT = 15 * 60 * SECOND;
const SERVICE_READY_TIMEOUT = 60 * SECOND;
const READY_TIMEOUT = 180 * SECOND;
const STOP_GRACE = 15 * SECOND;
const SQL_TIMEOUT = 60 * SECOND;
const LOG_TAIL = 4000;
const DATABASE = 'n8n';
const DB_USER = 'postgres';
/** What `n8n worker` logs once it takes jobs from the queue. */
const WORKER_READY_LINE = 'n8n worker is now ready';
/** What a worker logs for each execution it runs: the execution id says which worker ran it. */
const WORKER_STARTED_EXECUTION = /Worker started execution (\d+)/g;

/**
 * Bull's defaults notice a dead worker's jobs only after its one-minute lock expires. Shorter, so a
 * killed worker's executions are settled within seconds; the same settings a user can give.
 */
const QUEUE_LOCK_SETTINGS = {
	QUEUE_WORKER_LOCK_DURATION: String(15 * SECOND),
	QUEUE_WORKER_LOCK_RENEW_TIME: String(5 * SECOND),
	QUEUE_WORKER_STALLED_INTERVAL: String(5 * SECOND),
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function tail(text) {
	return text.length > LOG_TAIL ? `…${text.slice(-LOG_TAIL)}` : text;
}

function readText(file) {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// the group is already gone
	}
}

function isRoot() {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Runs a command to its end; rejects with its output on a non-zero exit. */
function run(cmd, args, { timeoutMs = SQL_TIMEOUT, env = process.env, maxBuffer = 64 << 20 } = {}) {
	return new Promise((resolve, reject) => {
		execFile(
			cmd,
			args,
			{ timeout: timeoutMs, env, maxBuffer, encoding: 'utf8' },
			(err, stdout, stderr) => {
				if (err) {
					const why = err.killed ? `no result after ${timeoutMs / 1000} s` : `exit ${err.code}`;
					reject(new Error(`${cmd} ${args.join(' ')} failed (${why})\n${tail(stdout + stderr)}`));
				} else {
					resolve(stdout);
				}
			},
		);
	});
}

function commandExists(name) {
	return (process.env.PATH || '')
		.split(path.delimiter)
		.some((dir) => dir && fs.existsSync(path.join(dir, name)));
}

/** The newest PostgreSQL server in Debian's layout, /usr/lib/postgresql/<major>/bin. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root)
		? fs
				.readdirSync(root)
				.filter((major) => fs.existsSync(path.join(root, major, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	return majors.length > 0 ? path.join(root, majors[0], 'bin') : undefined;
}

/**
 * Installs Redis and PostgreSQL with apt when they are missing. apt waits for another apt to finish
 * (DPkg lock timeout) rather than failing when someone else installs something at the same time.
 */
async function ensureDebianPackages(log) {
	const missing = [];
	if (!commandExists('redis-server')) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (missing.length === 0) return;
	// sudo drops the environment: `env` sets what apt needs inside it.
	const asRoot = isRoot() ? [] : ['sudo', '-n'];
	const apt = (args) => {
		const [cmd, ...rest] = [
			...asRoot,
			'env',
			'DEBIAN_FRONTEND=noninteractive',
			'apt-get',
			'-o',
			'DPkg::Lock::Timeout=600',
			...args,
		];
		return run(cmd, rest, { timeoutMs: APT_TIMEOUT });
	};
	const started = Date.now();
	log(`Queue mode needs ${missing.join(' and ')}: installing with apt (apt-get update first)…`);
	await apt(['update']);
	await apt(['install', '-y', '--no-install-recommends', ...missing]);
	log(`  apt installed ${missing.join(', ')} in ${Math.round((Date.now() - started) / 1000)} s`);
	if (!commandExists('redis-server') || !postgresBinDir()) {
		throw new Error(`apt-get install ${missing.join(' ')} finished, but the programs are missing`);
	}
}

/** uid/gid to run PostgreSQL with: the `postgres` user when we are root, else ourselves. */
async function postgresIdentity() {
	if (!isRoot()) return {};
	const uid = Number((await run('id', ['-u', 'postgres'])).trim());
	const gid = Number((await run('id', ['-g', 'postgres'])).trim());
	return { uid, gid };
}

/** Whether Redis on 127.0.0.1:port answers PING (one short attempt). */
function redisAnswersPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(2 * SECOND, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (data) => {
			answer += data;
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/**
 * One queue-mode n8n with its Redis and PostgreSQL. start() builds it all; stop() ends everything it
 * started, by PID, whatever state start() reached (call it in a finally).
 */
class QueueCluster {
	/**
	 * @param {object} [options]
	 * @param {number} [options.workers]            `n8n worker` processes (2)
	 * @param {number} [options.workerConcurrency]  jobs each worker runs at once (n8n's default, 10)
	 * @param {object} [options.extraEnv]           more environment for main and workers
	 * @param {(msg: string) => void} [options.log] progress lines
	 */
	constructor({ workers = 2, workerConcurrency = 10, extraEnv = {}, log } = {}) {
		this.workerCount = workers;
		this.workerConcurrency = workerConcurrency;
		this.extraEnv = extraEnv;
		this.log = log || ((msg) => process.stderr.write(`${msg}\n`));
		/** Temp folders to remove at stop(). */
		this.folders = [];
		/** Every long-running process started but n8n main (N8nInstance runs it), as { name, child, logFile }. */
		this.processes = [];
		this.workers = [];
		this.main = undefined;
		// An exit of this process, however it comes, must not leave Redis, PostgreSQL or n8n behind.
		this.killAllNow = this.killAllNow.bind(this);
	}

	/**
	 * SIGKILLs every process group it started and removes its folders, synchronously: for exit and
	 * signal handlers, where nothing asynchronous runs any more.
	 */
	killAllNow() {
		if (this.main?.server) killGroup(this.main.server.pid, 'SIGKILL');
		for (const entry of this.processes) {
			if (entry.groupKilled) continue;
			killGroup(entry.child.pid, 'SIGKILL');
			entry.groupKilled = true;
		}
		for (const folder of this.folders) fs.rmSync(folder, { recursive: true, force: true });
	}

	/**
	 * Installs what is missing, starts Redis and PostgreSQL, installs the community package, imports
	 * credentials and workflows, publishes (activates) the workflows, then starts main and workers and
	 * waits until all of them are ready. On failure, everything started so far is stopped.
	 * @param {object} setup
	 * @param {string} [setup.tarball]       `npm pack` tarball installed as a community package
	 * @param {object[]} [setup.credentials] `[{ id, name, type, data }]`, plain data
	 * @param {object[]} [setup.workflows]   workflow objects with an `id`, published before main starts
	 */
	async start({ tarball, credentials = [], workflows = [] } = {}) {
		process.on('exit', this.killAllNow);
		try {
			const started = Date.now();
			await ensureDebianPackages(this.log);
			this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-queue-'));
			this.folders.push(this.root);
			await Promise.all([this.startRedis(), this.startPostgres()]);
			const since = (time) => `${((Date.now() - time) / 1000).toFixed(1)} s`;
			this.log(
				`Redis :${this.redisPort} and PostgreSQL :${this.postgresPort} up after ${since(started)}`,
			);
			const importStarted = Date.now();
			this.main = new N8nInstance({
				line: '2',
				userFolder: path.join(this.root, 'n8n'),
				extraEnv: this.sharedEnv(),
				log: this.log,
			});
			fs.mkdirSync(this.main.userFolder);
			await this.main.init();
			if (tarball) await this.main.installCommunityPackage(tarball);
			if (credentials.length > 0) await this.main.importCredentials(credentials);
			for (const workflow of workflows) {
				await this.main.importWorkflow(workflow);
				// 2.x's activation; `import:workflow --activeState=fromJson` left it inactive here.
				await this.main.cliOk(['publish:workflow', `--id=${workflow.id}`]);
			}
			this.log(`Package, credentials and workflows in place in ${since(importStarted)}`);
			// Main and workers start side by side (each takes ~10-25 s, mostly loading n8n).
			const starts = await Promise.allSettled([
				this.startMain(workflows.filter((w) => w.nodes.some((n) => n.webhookId)).map((w) => w.id)),
				...Array.from({ length: this.workerCount }, (_, index) => this.startWorker(index)),
			]);
			const failed = starts.find((outcome) => outcome.status === 'rejected');
			if (failed) throw failed.reason;
			this.log(
				`Queue mode ready after ${since(started)}: main ${this.main.baseUrl}, ${this.workerCount} workers`,
			);
		} catch (err) {
			await this.stop();
			throw err;
		}
	}

	/** Environment every n8n process of the cluster shares. */
	sharedEnv() {
		return {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.postgresPort),
			DB_POSTGRESDB_DATABASE: DATABASE,
			DB_POSTGRESDB_USER: DB_USER,
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redisPort),
			...QUEUE_LOCK_SETTINGS,
			...this.extraEnv,
		};
	}

	/** Spawns a long-running process in its own process group, output to `logFile`. */
	spawnService(name, cmd, args, { logFile, env = process.env, uid, gid, cwd } = {}) {
		const out = fs.openSync(logFile, 'a');
		const child = spawn(cmd, args, {
			cwd,
			env,
			uid,
			gid,
			stdio: ['ignore', out, out],
			detached: true,
		});
		fs.closeSync(out);
		const entry = { name, child, logFile, exited: undefined };
		child.on('exit', (code, signal) => (entry.exited = signal || `exit ${code}`));
		this.processes.push(entry);
		return entry;
	}

	/** Polls `isReady` until it holds; fails early when the process has exited. */
	async waitReady(entry, isReady, timeoutMs) {
		const started = Date.now();
		for (;;) {
			if (entry.exited) {
				throw new Error(
					`${entry.name} ended (${entry.exited}) before it was ready\n${tail(readText(entry.logFile))}`,
				);
			}
			if (await isReady()) return;
			if (Date.now() - started > timeoutMs) {
				throw new Error(
					`${entry.name} was not ready after ${timeoutMs / 1000} s\n${tail(readText(entry.logFile))}`,
				);
			}
			await sleep(250);
		}
	}

	async startRedis() {
		this.redisPort = await freePort();
		const dir = path.join(this.root, 'redis');
		fs.mkdirSync(dir);
		// No persistence: the queue only has to live as long as the run.
		const args = ['--port', String(this.redisPort), '--bind', '127.0.0.1', '--dir', dir];
		args.push('--save', '', '--appendonly', 'no', '--daemonize', 'no');
		const entry = this.spawnService('Redis', 'redis-server', args, {
			logFile: path.join(this.root, 'redis.log'),
		});
		await this.waitReady(entry, () => redisAnswersPing(this.redisPort), SERVICE_READY_TIMEOUT);
	}

	async startPostgres() {
		this.postgresPort = await freePort();
		this.pgBin = postgresBinDir();
		const identity = await postgresIdentity();
		// Its own temp folder (not under root's private one): the postgres user must own it.
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-queue-pg-'));
		this.folders.push(dataDir);
		if (identity.uid !== undefined) fs.chownSync(dataDir, identity.uid, identity.gid);
		const env = { ...process.env, HOME: dataDir, LC_ALL: 'C' };
		const asPostgres = { env, cwd: dataDir, ...identity };
		await new Promise((resolve, reject) => {
			const initdb = spawn(
				path.join(this.pgBin, 'initdb'),
				['-D', dataDir, '-A', 'trust', '-U', DB_USER, '-E', 'UTF8', '--no-sync'],
				{ ...asPostgres, stdio: ['ignore', 'pipe', 'pipe'] },
			);
			let output = '';
			initdb.stdout.on('data', (d) => (output += d));
			initdb.stderr.on('data', (d) => (output += d));
			initdb.on('error', reject);
			initdb.on('exit', (code) =>
				code === 0 ? resolve() : reject(new Error(`initdb failed (exit ${code})\n${tail(output)}`)),
			);
		});
		// The server itself, not pg_ctl: then its PID is ours to stop.
		const args = ['-D', dataDir, '-p', String(this.postgresPort), '-k', dataDir];
		args.push('-c', 'listen_addresses=127.0.0.1');
		const entry = this.spawnService('PostgreSQL', path.join(this.pgBin, 'postgres'), args, {
			...asPostgres,
			logFile: path.join(this.root, 'postgres.log'),
		});
		// "Fast shutdown", to the server alone (SIGINT would cancel the backends' queries); SIGTERM
		// would wait for every client to leave.
		entry.stop = () => process.kill(entry.child.pid, 'SIGINT');
		await this.waitReady(
			entry,
			async () => {
				try {
					await this.psql(['-d', 'postgres', '-c', 'select 1']);
					return true;
				} catch {
					return false;
				}
			},
			SERVICE_READY_TIMEOUT,
		);
		await this.psql(['-d', 'postgres', '-c', `create database ${DATABASE}`]);
	}

	psql(args) {
		return run(
			path.join(this.pgBin, 'psql'),
			['-h', '127.0.0.1', '-p', String(this.postgresPort), '-U', DB_USER, '-X', '-q', ...args],
			{ env: { ...process.env, PGCONNECT_TIMEOUT: '5' } },
		);
	}

	/**
	 * n8n's readiness answers before published workflows are live: 2.x activates them afterwards, in
	 * the background (its publication service), and a production webhook call is looked up in the
	 * webhook_entity table. So main is ready once every published workflow with a webhook has its rows.
	 */
	async startMain(webhookWorkflowIds) {
		await this.main.start();
		const entry = { name: 'n8n main', logFile: this.mainLogFile, exited: undefined };
		this.main.server.on('exit', (code, signal) => (entry.exited = signal || `exit ${code}`));
		const list = webhookWorkflowIds.map((id) => `'${id.replace(/'/g, "''")}'`).join(',');
		await this.waitReady(
			entry,
			async () =>
				webhookWorkflowIds.length === 0 ||
				(
					await this.sql(
						`select distinct "workflowId" from webhook_entity where "workflowId" in (${list})`,
					)
				).length === webhookWorkflowIds.length,
			READY_TIMEOUT,
		);
	}

	get mainLogFile() {
		return path.join(this.main.userFolder, 'n8n-start.log');
	}

	async startWorker(index) {
		const name = `worker-${index + 1}`;
		const env = {
			...this.main.env(),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		};
		const started = Date.now();
		const entry = this.spawnService(
			`n8n ${name}`,
			this.main.install.nodeBin,
			[this.main.install.n8nBin, 'worker', `--concurrency=${this.workerConcurrency}`],
			{ env, cwd: this.main.userFolder, logFile: path.join(this.main.userFolder, `${name}.log`) },
		);
		this.workers[index] = { name, entry };
		await this.waitReady(
			entry,
			async () => readText(entry.logFile).includes(WORKER_READY_LINE),
			READY_TIMEOUT,
		);
		this.log(`n8n ${name} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}

	/** The production URL of a published Webhook node's path. */
	webhookUrl(webhookPath) {
		return `${this.main.baseUrl}/webhook/${webhookPath}`;
	}

	/**
	 * Kills a worker's whole process group (the worker and its task runner) at once; resolves when
	 * the worker has exited. Until then the kernel keeps its sockets open, so Redis may still hand it
	 * a job.
	 */
	async killWorker(index, signal = 'SIGKILL') {
		const worker = this.workers[index];
		if (!worker) throw new Error(`There is no worker ${index}`);
		const { entry } = worker;
		const gone = entry.exited
			? undefined
			: new Promise((resolve) => entry.child.once('exit', resolve));
		killGroup(entry.child.pid, signal);
		await gone;
		// SIGKILL reached every process of the group at once: nothing of it is left to stop later.
		if (signal === 'SIGKILL') entry.groupKilled = true;
	}

	/** Rows of a query, as objects (json_agg of the query). */
	async sql(query) {
		const out = await this.psql([
			'-d',
			DATABASE,
			'-A',
			'-t',
			'-v',
			'ON_ERROR_STOP=1',
			'-c',
			`select coalesce(json_agg(q), '[]') from (${query}) q`,
		]);
		return JSON.parse(out);
	}

	/** The whole n8n database as SQL text (schema and every row). */
	dumpDatabase() {
		return run(
			path.join(this.pgBin, 'pg_dump'),
			['-h', '127.0.0.1', '-p', String(this.postgresPort), '-U', DB_USER, DATABASE],
			{ maxBuffer: 1 << 30 },
		);
	}

	/** Everything the n8n processes printed so far: `{ main, workers: [text per worker] }`. */
	readLogs() {
		return {
			main: readText(this.mainLogFile),
			workers: this.workers.map((worker) => readText(worker.entry.logFile)),
		};
	}

	/**
	 * Per worker name, the ids of the executions it started, from its log: n8n keeps no worker id in
	 * its execution records.
	 */
	executionsByWorker() {
		const byWorker = {};
		for (const worker of this.workers) {
			const text = readText(worker.entry.logFile);
			byWorker[worker.name] = [...text.matchAll(WORKER_STARTED_EXECUTION)].map((m) => m[1]);
		}
		return byWorker;
	}

	/** Stops every process it started (newest first) and removes its temp folders. Safe to call twice. */
	async stop() {
		// Workers and main first (they hold connections to Redis and PostgreSQL), then the services.
		const services = this.processes.filter((entry) => !this.workers.some((w) => w.entry === entry));
		await Promise.all([
			this.main?.stop(),
			...this.workers.map((worker) => this.stopProcess(worker.entry)),
		]);
		for (const entry of services.reverse()) await this.stopProcess(entry);
		this.processes = [];
		this.workers = [];
		process.removeListener('exit', this.killAllNow);
		for (const folder of this.folders) fs.rmSync(folder, { recursive: true, force: true });
		this.folders = [];
	}

	async stopProcess(entry) {
		const { child } = entry;
		if (entry.groupKilled) return;
		if (!entry.exited) {
			const gone = new Promise((resolve) => child.once('exit', resolve));
			if (entry.stop) entry.stop();
			else killGroup(child.pid, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), STOP_GRACE);
			await gone;
			clearTimeout(timer);
		}
		// children (task runners, PostgreSQL backends) may outlive their parent by a moment
		killGroup(child.pid, 'SIGKILL');
		entry.groupKilled = true;
	}
}

module.exports = { QueueCluster, ensureDebianPackages };
