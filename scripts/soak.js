#!/usr/bin/env node
'use strict';
/**
 * `npm run soak`: the Siro node in n8n's queue mode at full size. Builds and packs the package,
 * starts n8n line 2 main + 2 workers with Redis and PostgreSQL (dev/n8n/queue.js; apt installs them
 * when missing), then sends 1,000 webhook calls, 8 at a time: calendar event → Build Record Link
 * (By Name, Must Exist, OAuth App credential) → Respond to Webhook. During the run the fake Siro
 * answers four fault bursts (429 and 503, with and without Retry-After) and one worker is SIGKILLed.
 * Then it makes the same checks as the quick test (test/e2e/queue.e2e.test.js), prints a summary,
 * writes it into BENCHMARKS.md (its own section) and prints one JSON object as the last line.
 * Exits 1 when a check failed. Progress goes to stderr.
 *
 *   npm run soak [-- --calls 1000] [--concurrency 8] [--worker-concurrency 10] [--kill-at <call>]
 *                [--no-kill] [--no-write]
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { LINES } = require('../dev/n8n/install');
const { QueueCluster } = require('../dev/n8n/queue');
const { startFakeSiro } = require('../dev/fake-siro/server');
const {
	checkQueueRun,
	oauthCredential,
	queueWorkflow,
	runQueueWorkload,
} = require('../dev/n8n/queueWorkload');

const ROOT = path.resolve(__dirname, '..');
const RESULTS_START = '<!-- soak:results:start (written by npm run soak) -->';
const RESULTS_END = '<!-- soak:results:end -->';
const SECTION_TITLE = '## Queue mode soak (`npm run soak`)';

const log = (message) => process.stderr.write(`${message}\n`);

function options() {
	const { values } = parseArgs({
		options: {
			calls: { type: 'string', default: '1000' },
			concurrency: { type: 'string', default: '8' },
			'worker-concurrency': { type: 'string', default: '10' },
			'kill-at': { type: 'string' },
			'no-kill': { type: 'boolean', default: false },
			'no-write': { type: 'boolean', default: false },
		},
	});
	const positive = (name) => {
		const value = Number(values[name]);
		if (!Number.isSafeInteger(value) || value < 1)
			throw new Error(`--${name} must be a whole number above 0, not "${values[name]}"`);
		return value;
	};
	const calls = positive('calls');
	if (calls < 20) throw new Error('--calls must be at least 20 (bursts and the kill need room)');
	const killAt = values['no-kill']
		? undefined
		: values['kill-at'] === undefined
			? Math.round(calls * 0.45)
			: positive('kill-at');
	if (killAt !== undefined && killAt >= calls)
		throw new Error(`--kill-at ${killAt} is not below --calls ${calls}`);
	return {
		calls,
		concurrency: positive('concurrency'),
		workerConcurrency: positive('worker-concurrency'),
		killAt,
		write: !values['no-write'],
	};
}

/**
 * Four bursts spread over the run. Each window is shorter than the time from an execution's first
 * try to its third (2 × Retry-After, or 750 ms of backoff without it): every execution must succeed.
 */
function burstsFor(calls) {
	const at = (share) => Math.round(calls * share);
	return [
		{ atCall: at(0.15), kind: 'rateLimited', retryAfter: 2, windowMs: 1500 },
		{ atCall: at(0.3), kind: 'unavailable', windowMs: 300 },
		{ atCall: at(0.6), kind: 'rateLimited', retryAfter: 1, windowMs: 800 },
		{ atCall: at(0.8), kind: 'unavailable', retryAfter: 1, windowMs: 1000 },
	];
}

function machine() {
	const cpus = os.cpus();
	return `${cpus.length} × ${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`;
}

function gitCommit() {
	const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	return `${sha.trim()}${dirty.trim() ? ' (with uncommitted changes)' : ''}`;
}

function packPackage(workDir) {
	log('Building and packing the package…');
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	return path.join(workDir, JSON.parse(out.slice(out.indexOf('[')))[0].filename);
}

const counts = (byKey) =>
	Object.entries(byKey)
		.map(([key, value]) => `${key} ${Array.isArray(value) ? value.length : value}`)
		.join(', ');

function summaryOf(report, run, violations, timing) {
	return {
		calls: run.calls,
		concurrency: run.concurrency,
		executionsPerMinute: Math.round(report.executionsPerMinute),
		latencyMs: report.latencyMs,
		lost: report.lostSilently,
		answered: report.okCalls.length,
		answeredRecordedAsFailed: report.okCalls.length - (report.okCallsRecordedAs.success ?? 0),
		unansweredKilledInFlight: report.failedCalls.length,
		executions: report.statusCounts,
		byWorker: Object.fromEntries(
			Object.entries(report.executionsByWorker).map(([name, ids]) => [name, ids.length]),
		),
		killedWorker: report.kill?.worker,
		killedAtCall: run.killAt,
		mints: report.siro.mints,
		listings: report.siro.listings,
		listingsAnswered200: report.siro.listingsAnswered200,
		faultsServed: report.siro.faultsServed,
		secretLeaks: report.leaks.length,
		secretsChecked: report.secretsChecked,
		violations: violations.length,
		setupSeconds: Math.round(timing.setupMs / 1000),
		runSeconds: Math.round(report.durationMs / 1000),
	};
}

function markdown(summary, report, violations, meta) {
	const burstText = report.bursts
		.map(
			(b) =>
				`${b.kind === 'rateLimited' ? '429' : '503'}${b.retryAfter ? ` Retry-After ${b.retryAfter} s` : ' no Retry-After'} for ${(b.windowMs / 1000).toFixed(1)} s → ${b.served}`,
		)
		.join('; ');
	const lines = [
		RESULTS_START,
		'',
		`Run ${meta.date} · \`${meta.command}\` · ${meta.machine} · Node ${process.version} · load average at start ${meta.load} (shared machine) · git ${meta.commit}`,
		'',
		'| Figure | Value |',
		'|---|---|',
		`| Calls | ${summary.calls}, ${summary.concurrency} at a time, n8n ${LINES[2].version} main + ${Object.keys(summary.byWorker).length} workers (concurrency ${meta.workerConcurrency}) |`,
		`| Executions per minute | ${summary.executionsPerMinute} (${summary.runSeconds} s for the run; setup ${summary.setupSeconds} s) |`,
		`| Latency per call, p50 / p95 / max | ${summary.latencyMs.p50} / ${summary.latencyMs.p95} / ${summary.latencyMs.max} ms |`,
		`| **Lost silently** | **${summary.lost}** |`,
		`| Calls answered with their exact link | ${summary.answered} |`,
		`| … of which the execution is recorded as failed | ${summary.answeredRecordedAsFailed} (the killed worker died after Respond to Webhook had answered, before it saved the execution) |`,
		`| Calls without a link | ${summary.unansweredKilledInFlight}${summary.killedWorker ? ` (in flight on ${summary.killedWorker}, SIGKILLed at call ${summary.killedAtCall}; each execution recorded as failed: worker stalled)` : ''} |`,
		`| Executions in PostgreSQL | ${counts(summary.executions)} |`,
		`| Executions per worker (their logs) | ${counts(summary.byWorker)} |`,
		`| Fault bursts at the fake Siro (requests hit) | ${burstText} |`,
		`| Conversation-types listings | ${summary.listings} = ${summary.listingsAnswered200} answered 200 + ${summary.listings - summary.listingsAnswered200} faults retried |`,
		`| OAuth mints | ${summary.mints} |`,
		`| Secret pieces in the PostgreSQL dump (${(report.dumpBytes / 2 ** 20).toFixed(1)} MiB) and n8n logs | ${summary.secretLeaks} (${summary.secretsChecked} secrets, every 8-character piece, raw / URL-encoded / base64 / lower-cased) |`,
		`| Checks (same as the quick test) | ${violations.length === 0 ? 'all held' : violations.map((v) => `✗ ${v}`).join('<br>')} |`,
		'',
		RESULTS_END,
	];
	return lines.join('\n');
}

const SECTION_INTRO = `${SECTION_TITLE}

\`\`\`sh
npm run soak                                   # 1,000 calls, 8 at a time; 4–5 min warm on 2 cores
npm run soak -- --calls 300 --no-kill --no-write
\`\`\`

The Siro node in n8n's queue mode (see README, "Queue mode"): n8n ${LINES[2].version} main with
\`EXECUTIONS_MODE=queue\` and PostgreSQL as its database, two \`n8n worker\` processes and Redis, all
on 127.0.0.1 (\`dev/n8n/queue.js\`; Redis and PostgreSQL from Debian's packages). Each webhook call
carries a calendar event; the workflow is Webhook → Siro **Build Record Link** (conversation type By
Name with the Must Exist check, OAuth App credential) → Respond to Webhook with the link. The fake
Siro answers four bursts of 429 and 503 during the run, and worker 2 is SIGKILLed at 45 % of the
calls. Latency is per call, from the webhook request to its answer. The checks are the quick test's
(\`test/e2e/queue.e2e.test.js\`, 100 calls, in \`npm test\`): every answer is its exact link (built
with the package's own \`buildRecordLink\`), one execution per call in PostgreSQL and every call
without its link has its execution recorded as failed, both workers ran a share, one successful
conversation-types listing per answered execution, a handful of OAuth mints, and no piece of any
secret in a \`pg_dump\` of the database or in the n8n logs. Executions and their statuses come from
PostgreSQL (\`execution_entity\`, and \`execution_data\` for why one failed); which worker ran which
comes from the workers' logs (\`Worker started execution <id>\`), since n8n (2.40.7, measured) records no worker
in its executions. Each answer carries its execution's id (\`$execution.id\`), so the accounting is
per call, not only per count.

`;

function writeBenchmarksMd(block) {
	const file = path.join(ROOT, 'BENCHMARKS.md');
	const current = fs.readFileSync(file, 'utf8');
	const start = current.indexOf(RESULTS_START);
	const end = current.indexOf(RESULTS_END);
	const next =
		start === -1 || end === -1
			? `${current.trimEnd()}\n\n${SECTION_INTRO}${block}\n`
			: `${current.slice(0, start)}${block}${current.slice(end + RESULTS_END.length)}`;
	fs.writeFileSync(file, next);
}

async function main() {
	const run = options();
	const meta = {
		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
		command: `npm run soak${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
		machine: machine(),
		load: os
			.loadavg()
			.map((l) => l.toFixed(1))
			.join(' '),
		commit: gitCommit(),
		workerConcurrency: run.workerConcurrency,
	};
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-soak-'));
	let fake;
	let cluster;
	// Ctrl-C or a kill must not leave Redis, PostgreSQL or n8n running; nothing asynchronous can be
	// awaited here (dev/n8n/instance.js re-raises the signal once it has stopped its own processes).
	const interrupted = (signal) => {
		log(`${signal}: killing everything the soak started`);
		cluster?.killAllNow();
		fs.rmSync(workDir, { recursive: true, force: true });
		process.exit(130);
	};
	process.once('SIGINT', interrupted);
	process.once('SIGTERM', interrupted);
	try {
		const tarball = packPackage(workDir);
		const lib = require(path.join(ROOT, 'dist', 'index.js'));
		fake = await startFakeSiro();
		cluster = new QueueCluster({ workers: 2, workerConcurrency: run.workerConcurrency, log });
		const setupStarted = Date.now();
		await cluster.start({
			tarball,
			credentials: [oauthCredential(fake.url)],
			workflows: [queueWorkflow()],
		});
		const setupMs = Date.now() - setupStarted;
		log(`${run.calls} calls, ${run.concurrency} at a time…`);
		const report = await runQueueWorkload({
			cluster,
			fake,
			lib,
			calls: run.calls,
			concurrency: run.concurrency,
			bursts: burstsFor(run.calls),
			kill: run.killAt === undefined ? undefined : { atCall: run.killAt, worker: 1 },
			log,
		});
		const checks = checkQueueRun(report, run);
		const violations = Object.entries(checks).flatMap(([group, list]) =>
			list.map((violation) => `${group}: ${violation}`),
		);
		const summary = summaryOf(report, run, violations, { setupMs });
		const block = markdown(summary, report, violations, meta);
		log(`\n${block}\n`);
		if (run.write) {
			writeBenchmarksMd(block);
			log('BENCHMARKS.md updated.');
		}
		for (const violation of violations) log(`✗ ${violation}`);
		console.log(JSON.stringify(summary));
		process.exitCode = violations.length === 0 ? 0 : 1;
	} finally {
		await cluster?.stop();
		await fake?.close();
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

main().catch((err) => {
	log(err.stack || String(err));
	process.exit(1);
});
