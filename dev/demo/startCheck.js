'use strict';
/**
 * Checks a running `npm start` from the outside, as a user (or a process manager) meets it: it prints
 * that it is ready, the n8n URL and the fake Siro API answer, the printed login works, the demo is
 * locked down; then one signal stops everything it started — every process under npm, n8n's process
 * group included, gone, and the ports free.
 *
 *   const check = require('./startCheck');
 *   const ready = await check.waitUntilReady({ pid: npmPid, output: () => text });
 *   await check.checkRunningDemo(ready);
 *   await check.stopAndCheck({ rootPid: npmPid, target: npmPid, signal: 'SIGINT', ports: ready.ports });
 *
 * CLI (.ci/run): `node dev/demo/startCheck.js --pid <npm's PID> --log <its output file>
 * [--signal SIGINT] [--target npm|script]` — the same steps on an `npm start` started by the caller.
 * Linux only (reads /proc).
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { DEMO } = require('../fake-siro/server');

const SECOND = 1000;
/** A cold first start installs n8n (minutes); a warm one is ready in well under a minute. */
const READY_TIMEOUT = 20 * 60 * SECOND;
/** The bound on stopping; the demo stops n8n gracefully and SIGKILLs it after 15 s. */
const STOP_TIMEOUT = 60 * SECOND;
const POLL = 250;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'; // a zombie has ended
	} catch {
		return false;
	}
}

function commandLine(pid) {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
	} catch {
		return '';
	}
}

/** Every live process below `rootPid` (children, their children, …), from /proc. */
function descendants(rootPid) {
	const parentOf = new Map();
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
			parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
		} catch {
			// ended meanwhile
		}
	}
	const found = [];
	let frontier = [rootPid];
	while (frontier.length > 0) {
		const next = [];
		for (const [pid, ppid] of parentOf) if (frontier.includes(ppid) && isAlive(pid)) next.push(pid);
		found.push(...next);
		frontier = next;
	}
	return found;
}

function portIsFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** The ports a process listens on (its TCP sockets in LISTEN state), from /proc. */
function listeningPorts(pid) {
	let inodes;
	try {
		inodes = new Set(
			fs
				.readdirSync(`/proc/${pid}/fd`)
				.map((fd) => {
					try {
						return /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
					} catch {
						return undefined;
					}
				})
				.filter(Boolean),
		);
	} catch {
		return [];
	}
	const ports = [];
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let rows = [];
		try {
			rows = fs.readFileSync(table, 'utf8').trim().split('\n').slice(1);
		} catch {
			continue;
		}
		for (const row of rows) {
			const columns = row.trim().split(/\s+/);
			// local address "ADDR:PORT" (hex), state 0A = LISTEN, inode in column 10
			if (columns[3] === '0A' && inodes.has(columns[9])) {
				ports.push(parseInt(columns[1].split(':')[1], 16));
			}
		}
	}
	return ports;
}

/**
 * Waits until the demo's output says it is ready and reads what it printed: n8n's URL, the login,
 * the fake Siro API's URL, the data folder. Fails at once if npm ends first.
 * @param {{pid: number, output: () => string, timeoutMs?: number}} options
 */
async function waitUntilReady({ pid, output, timeoutMs = READY_TIMEOUT }) {
	const started = Date.now();
	for (;;) {
		const text = output();
		const ready = /with n8n-nodes-siro is ready \([\d.]+ s\): (http:\/\/localhost:(\d+))/.exec(
			text,
		);
		if (ready) {
			const login = /Log in:\s+(\S+)\s+\/\s+(\S+)/.exec(text);
			const fake = /Fake Siro API: (http:\/\/127\.0\.0\.1:(\d+)\S*)/.exec(text);
			const data = /n8n data: (.+?) \(kept/.exec(text);
			if (!login || !fake || !data)
				throw new Error(`npm start printed an incomplete banner:\n${text}`);
			return {
				url: ready[1].replace('localhost', '127.0.0.1'),
				owner: { email: login[1], password: login[2] },
				fakeSiroUrl: fake[1],
				dataFolder: data[1],
				ports: { n8n: Number(ready[2]), fakeSiro: Number(fake[2]) },
				text,
			};
		}
		if (!isAlive(pid)) throw new Error(`npm start ended before it was ready:\n${text}`);
		if (Date.now() - started > timeoutMs) {
			throw new Error(`npm start was not ready after ${timeoutMs / SECOND} s:\n${text}`);
		}
		await sleep(POLL);
	}
}

async function getJson(url, { headers = {}, method = 'GET', body } = {}) {
	const res = await fetch(url, {
		method,
		headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(30 * SECOND),
	});
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, json, text, headers: res.headers };
}

/**
 * What a user meets at the printed addresses, checked: the fake Siro API lists the demo
 * organization's conversation types; n8n logs in with the printed login, has the Siro node, not
 * Execute Command; community packages are off (an install through the API is refused).
 * @returns {Promise<{siroNodeTypes: string[], conversationTypes: number}>}
 */
async function checkRunningDemo(ready) {
	const fake = await getJson(
		`${ready.fakeSiroUrl}/v1/core/conversation-configurations?organizationId=${DEMO.organizationId}`,
		{ headers: { 'x-siro-auth-token': DEMO.userAccessToken } },
	);
	const types = Array.isArray(fake.json) ? fake.json : fake.json?.data;
	if (fake.status !== 200 || !Array.isArray(types) || types.length === 0) {
		throw new Error(`the fake Siro API answered ${fake.status}: ${fake.text.slice(0, 500)}`);
	}

	// The day of appointments npm start seeds (dev/examples/runnableAppointments.js): its reps.
	const externalApi = ready.fakeSiroUrl.replace(/\/api-internalApi$/, '/api-externalApi');
	const day = await getJson(`${externalApi}/v1/integrations/engagement-users`, {
		headers: { authorization: `Bearer ${DEMO.organizationApiToken}` },
	});
	const appointmentReps = day.json?.data;
	if (day.status !== 200 || !Array.isArray(appointmentReps) || appointmentReps.length === 0) {
		throw new Error(
			`the fake Siro has no seeded appointments: ${day.status} ${day.text.slice(0, 500)}`,
		);
	}

	const login = await getJson(`${ready.url}/rest/login`, {
		method: 'POST',
		body: { emailOrLdapLoginId: ready.owner.email, password: ready.owner.password },
	});
	const cookie = (login.headers.getSetCookie?.() ?? [])
		.map((value) => value.split(';')[0])
		.join('; ');
	if (login.status !== 200 || !cookie) {
		throw new Error(
			`the printed login was refused: HTTP ${login.status} ${login.text.slice(0, 300)}`,
		);
	}
	// n8n 1.x tells a logged-in user only.
	const settings = await getJson(`${ready.url}/rest/settings`, { headers: { cookie } });
	if (settings.status !== 200) throw new Error(`n8n /rest/settings answered ${settings.status}`);
	if (settings.json.data.communityNodesEnabled !== false) {
		throw new Error('community packages are not turned off in the demo n8n');
	}
	const install = await getJson(`${ready.url}/rest/community-packages`, {
		method: 'POST',
		headers: { cookie },
		body: { name: 'n8n-nodes-siro-demo-install-probe' },
	});
	if (install.status < 400) {
		throw new Error(`the demo n8n accepted a community package install (HTTP ${install.status})`);
	}
	const nodes = await getJson(`${ready.url}/types/nodes.json`, { headers: { cookie } });
	const names = (nodes.json ?? []).map((type) => type.name);
	const siroNodeTypes = names.filter((name) => name.startsWith('n8n-nodes-siro.')).sort();
	if (!siroNodeTypes.includes('n8n-nodes-siro.siro')) {
		throw new Error(`n8n did not load the Siro node (types: ${names.length})`);
	}
	const dangerous = names.filter((name) =>
		['n8n-nodes-base.executeCommand', 'n8n-nodes-base.localFileTrigger'].includes(name),
	);
	if (dangerous.length > 0) throw new Error(`the demo n8n offers ${dangerous.join(', ')}`);
	return {
		siroNodeTypes,
		conversationTypes: types.length,
		appointmentReps: appointmentReps.length,
	};
}

/**
 * Sends `signal` to `target` and waits until every process that was running under `rootPid` (npm's
 * PID) has ended, the root included, and `ports` are free again. Throws, naming what is left, when
 * that takes longer than STOP_TIMEOUT.
 * @param {{rootPid: number, target: number, signal: NodeJS.Signals, ports: Record<string, number>,
 *   timeoutMs?: number}} options
 * @returns {Promise<{stopped: {pid: number, command: string}[], seconds: number}>}
 */
async function stopAndCheck({ rootPid, target, signal, ports, timeoutMs = STOP_TIMEOUT }) {
	const before = [rootPid, ...descendants(rootPid)];
	const listening = before.flatMap((pid) => listeningPorts(pid));
	const watched = {
		...ports,
		...Object.fromEntries(listening.map((port) => [`port ${port}`, port])),
	};
	const processes = before.map((pid) => ({ pid, command: commandLine(pid) }));
	const started = Date.now();
	process.kill(target, signal);
	for (;;) {
		const alive = processes.filter(({ pid }) => isAlive(pid));
		const busy = [];
		for (const [name, port] of Object.entries(watched)) {
			if (!(await portIsFree(port))) busy.push(`${name} (${port})`);
		}
		if (alive.length === 0 && busy.length === 0) {
			return { stopped: processes, seconds: (Date.now() - started) / SECOND };
		}
		if (Date.now() - started > timeoutMs) {
			throw new Error(
				`${timeoutMs / SECOND} s after ${signal} to ${target}, still running: ` +
					`${alive.map(({ pid, command }) => `${pid} ${command}`).join('; ') || 'nothing'}; ` +
					`ports in use: ${busy.join(', ') || 'none'}`,
			);
		}
		await sleep(POLL);
	}
}

/** The script npm runs for `npm start` (npm's child: package.json starts it with `exec`). */
function startScriptPid(npmPid) {
	const script = descendants(npmPid).find((pid) => commandLine(pid).includes('scripts/start.js'));
	if (!script) throw new Error(`no scripts/start.js process under npm (${npmPid})`);
	return script;
}

module.exports = {
	waitUntilReady,
	checkRunningDemo,
	stopAndCheck,
	startScriptPid,
	descendants,
};

if (require.main === module) {
	const { values } = parseArgs({
		options: {
			pid: { type: 'string' },
			log: { type: 'string' },
			signal: { type: 'string', default: 'SIGINT' },
			target: { type: 'string', default: 'npm' },
		},
	});
	(async () => {
		const npmPid = Number(values.pid);
		if (!npmPid || !values.log) throw new Error('--pid <npm PID> and --log <file> are required');
		const logFile = path.resolve(values.log);
		const ready = await waitUntilReady({
			pid: npmPid,
			output: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
		});
		console.log(`npm start is ready: ${ready.url} (fake Siro API ${ready.fakeSiroUrl})`);
		const running = await checkRunningDemo(ready);
		console.log(
			`  the printed login works; node types ${running.siroNodeTypes.join(', ')}; no Execute Command; ` +
				`community package installs off; the fake Siro API lists ${running.conversationTypes} conversation types`,
		);
		const target = values.target === 'script' ? startScriptPid(npmPid) : npmPid;
		const { stopped, seconds } = await stopAndCheck({
			rootPid: npmPid,
			target,
			signal: values.signal,
			ports: ready.ports,
		});
		console.log(
			`  ${values.signal} to ${values.target} (${target}): all ${stopped.length} processes ended and the ports are free after ${seconds.toFixed(1)} s`,
		);
	})().catch((error) => {
		console.error(`npm start check FAILED: ${error.message}`);
		process.exit(1);
	});
}
