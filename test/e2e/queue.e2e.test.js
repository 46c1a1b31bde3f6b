'use strict';
/**
 * The Siro node in n8n's queue mode (n8n line 2, 2.41.1): main with EXECUTIONS_MODE=queue and PostgreSQL as
 * its database, two `n8n worker` processes, Redis — Redis and PostgreSQL from Debian's packages,
 * installed with apt when missing (dev/n8n/queue.js). The package is installed from its `npm pack`
 * tarball as a community package in the folder main and workers share.
 *
 * 100 webhook calls, 8 at a time, each a calendar event → Build Record Link (By Name, Must Exist,
 * OAuth App credential) → Respond to Webhook with the link. During the run the fake Siro answers a
 * burst of 429s, and worker 2 is SIGKILLed. `npm run soak` runs the same workload at 1,000 calls.
 *
 * Found while writing this (n8n 2.40.7):
 * - n8n keeps no worker id in its execution records (execution_entity has none); each worker logs
 *   "Worker started execution <id>", which is what says which worker ran what.
 * - Readiness answers before published workflows are live (2.x activates them in the background):
 *   the harness waits for their rows in webhook_entity.
 * - A worker killed after Respond to Webhook ran but before it saved the execution leaves a call that
 *   got its link and an execution recorded as 'error' (job stalled): answered, not lost.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { QueueCluster } = require('../../dev/n8n/queue');
const { startFakeSiro } = require('../../dev/fake-siro/server');
const {
	checkQueueRun,
	oauthCredential,
	queueWorkflow,
	runQueueWorkload,
} = require('../../dev/n8n/queueWorkload');

jest.setTimeout(20 * 60 * 1000);

const ROOT = path.join(__dirname, '..', '..');
const CALLS = 100;
const CONCURRENCY = 8;
const KILLED = 1; // worker-2

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

describe('Siro node in n8n queue mode (line 2: main, 2 workers, Redis, PostgreSQL)', () => {
	let workDir;
	let fake;
	let cluster;
	let report;
	/** Violations per group, from checkQueueRun (the same checks `npm run soak` makes). */
	let checks;

	beforeAll(async () => {
		const started = Date.now();
		if (!fs.existsSync(path.join(ROOT, 'dist', 'index.js')))
			throw new Error('dist/ is missing: run `npm run build` first');
		const lib = require(path.join(ROOT, 'dist', 'index.js'));
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-queue-e2e-'));
		const out = execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], {
			cwd: ROOT,
			timeout: 120000,
			encoding: 'utf8',
		});
		const tarball = path.join(workDir, JSON.parse(out.slice(out.indexOf('[')))[0].filename);
		fake = await startFakeSiro();
		cluster = new QueueCluster({ workers: 2, log: (msg) => console.log(msg) });
		await cluster.start({
			tarball,
			credentials: [oauthCredential(fake.url)],
			workflows: [queueWorkflow()],
		});
		const runStarted = Date.now();
		report = await runQueueWorkload({
			cluster,
			fake,
			lib,
			calls: CALLS,
			concurrency: CONCURRENCY,
			bursts: [{ atCall: 30, kind: 'rateLimited', retryAfter: 2, windowMs: 1500 }],
			kill: { atCall: 50, worker: KILLED },
			log: (msg) => console.log(msg),
		});
		checks = checkQueueRun(report, { calls: CALLS, concurrency: CONCURRENCY });
		console.log(
			`queue mode: ${CALLS} calls in ${seconds(runStarted)} (${report.executionsPerMinute.toFixed(0)}/min, p50 ${report.latencyMs.p50} ms, p95 ${report.latencyMs.p95} ms); ` +
				`executions ${JSON.stringify(report.statusCounts)}; by worker ${JSON.stringify(Object.fromEntries(Object.entries(report.executionsByWorker).map(([w, ids]) => [w, ids.length])))}; ` +
				`Siro ${JSON.stringify(report.siro)}; whole setup and run ${seconds(started)}`,
		);
	});

	afterAll(async () => {
		await cluster?.stop();
		await fake?.close();
		if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
	});

	test('every answered call carries its exact link, built by the package library', () => {
		expect(checks.links).toEqual([]);
		expect(report.okCalls.length + report.failedCalls.length).toBe(CALLS);
		// only calls in flight on the killed worker may go unanswered: at most one per caller
		expect(report.okCalls.length).toBeGreaterThanOrEqual(CALLS - CONCURRENCY);
	});

	test('no execution is lost silently: one execution per call in PostgreSQL, each call without its link has its execution recorded as failed (worker stalled)', () => {
		expect(checks.accounting).toEqual([]);
		expect(report.executions).toHaveLength(CALLS);
		expect(report.unanswered).toHaveLength(report.failedCalls.length);
		expect(report.lostSilently).toBe(0);
	});

	test('both workers ran a share (their logs name each execution), and the survivor ran every call after the kill', () => {
		expect(checks.workers).toEqual([]);
		expect(report.kill.callsStartedAfter.length).toBeGreaterThan(0);
		for (const call of report.kill.callsStartedAfter) expect(call.body.link).toBe(call.expected);
	});

	test('Siro: one conversation-types listing per execution, the 429 burst retried, a handful of OAuth mints', () => {
		expect(checks.siro).toEqual([]);
		expect(report.siro.faultsServed.rateLimited).toBeGreaterThan(0);
		expect(report.siro.mints).toBeLessThanOrEqual(CONCURRENCY);
	});

	test('no piece of any secret in the PostgreSQL dump or the n8n logs', () => {
		expect(checks.secrets).toEqual([]);
		expect(report.leaks).toEqual([]);
	});
});
