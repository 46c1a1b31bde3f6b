/**
 * `npm start` for real, as a user or a process manager runs and stops it: it prints that it is ready,
 * n8n and the fake Siro API answer at the printed addresses, the printed login (made for the data
 * folder, kept mode 0600) works, Execute Command and community-package installs are off; then one
 * signal — to npm's PID or to the script's, or npm dying — ends every process it started and frees
 * the ports.
 *
 * It runs in a copy of the repo (node_modules linked), since npm start rebuilds dist/ while other
 * tests read it.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { freePort } = require('../../dev/n8n/instance');
const {
	waitUntilReady,
	checkRunningDemo,
	stopAndCheck,
	startScriptPid,
	descendants,
} = require('../../dev/demo/startCheck');

jest.setTimeout(30 * 60 * 1000);

const ROOT = path.resolve(__dirname, '../..');
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', '.cache', 'coverage']);

let copy;
const started = [];

beforeAll(() => {
	copy = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-npm-start-'));
	fs.cpSync(ROOT, copy, {
		recursive: true,
		filter: (source) => !NOT_COPIED.has(path.relative(ROOT, source).split(path.sep)[0]),
	});
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
});

/**
 * A test that failed before its stop leaves the demo running, with its ports taken: stop it as a
 * user would (SIGTERM to the script), then kill whatever is left, each by its PID.
 */
afterEach(async () => {
	for (const child of started.splice(0)) {
		if (child.exitCode !== null || child.signalCode !== null) continue;
		const left = descendants(child.pid);
		const signal = (pids, name) => {
			for (const pid of pids) {
				try {
					process.kill(pid, name);
				} catch {
					// already gone
				}
			}
		};
		let target = child.pid;
		try {
			target = startScriptPid(child.pid);
		} catch {
			// the script has ended: npm is what is left
		}
		signal([target], 'SIGTERM');
		const ended = new Promise((resolve) => child.once('exit', resolve));
		const timer = setTimeout(() => signal([child.pid, ...left], 'SIGKILL'), 30 * 1000);
		await ended;
		clearTimeout(timer);
	}
});

afterAll(() => {
	fs.rmSync(copy, { recursive: true, force: true });
});

/** `npm start -- --data <folder>` in the copy, on n8n `line`, with its output collected. */
function npmStart({ line, dataFolder, ports }) {
	const env = {
		...process.env,
		N8N_PORT: String(ports.n8n),
		SIRO_FAKE_PORT: String(ports.fakeSiro),
		SIRO_N8N_LINE: line,
	};
	delete env.NODE_ENV; // jest's
	const child = spawn('npm', ['start', '--', '--data', dataFolder], {
		cwd: copy,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	started.push(child);
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	return { child, output: () => output };
}

async function choosePorts() {
	return { n8n: await freePort(), fakeSiro: await freePort() };
}

describe('npm start', () => {
	it('on n8n 2.x: ready with a login made for its data folder, locked down, and SIGINT to npm stops everything', async () => {
		const dataFolder = path.join(copy, 'data-line2');
		const { child, output } = npmStart({ line: '2', dataFolder, ports: await choosePorts() });
		const ready = await waitUntilReady({ pid: child.pid, output });

		const secretsFile = path.join(dataFolder, 'siro-demo-secrets.json');
		expect((fs.statSync(secretsFile).mode & 0o777).toString(8)).toBe('600');
		const secrets = JSON.parse(fs.readFileSync(secretsFile, 'utf8'));
		expect(ready.owner.password).toBe(secrets.ownerPassword);
		expect(secrets.encryptionKey).toMatch(/^[0-9a-f]{64}$/);
		expect(ready.text).toContain('do not save real credentials');

		const running = await checkRunningDemo(ready);
		expect(running.siroNodeTypes).toContain('n8n-nodes-siro.siro');

		const { stopped } = await stopAndCheck({
			rootPid: child.pid,
			target: child.pid,
			signal: 'SIGINT',
			ports: ready.ports,
		});
		// npm, the script, n8n and its task runner at least.
		expect(stopped.length).toBeGreaterThanOrEqual(4);
		expect(output()).toContain('SIGINT: stopping n8n and the fake Siro API…');
		expect(output()).toContain('Stopped.');
	});

	describe('on n8n 1.x, one data folder (the second start reuses the login)', () => {
		const dataFolder = () => path.join(copy, 'data-line1');
		let ports;
		let firstPassword;
		beforeAll(async () => {
			ports = await choosePorts();
		});

		it.each([
			['SIGTERM', 'npm', 'SIGTERM: stopping'],
			['SIGHUP', 'npm', 'ended: stopping'], // npm dies of it; the script sees its parent go
			['SIGKILL', 'npm', 'ended: stopping'], // npm killed outright
			['SIGINT', 'script', 'SIGINT: stopping'],
			['SIGHUP', 'script', 'SIGHUP: stopping'],
		])('%s to %s stops everything it started', async (signal, target, said) => {
			const { child, output } = npmStart({ line: '1', dataFolder: dataFolder(), ports });
			const ready = await waitUntilReady({ pid: child.pid, output });
			firstPassword ??= ready.owner.password;
			expect(ready.owner.password).toBe(firstPassword);
			await checkRunningDemo(ready);

			await stopAndCheck({
				rootPid: child.pid,
				target: target === 'npm' ? child.pid : startScriptPid(child.pid),
				signal,
				ports: ready.ports,
			});
			expect(output()).toContain(said);
		});
	});
});
