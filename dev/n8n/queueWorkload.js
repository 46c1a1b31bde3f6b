'use strict';
/**
 * The queue-mode workload, shared by the quick test (test/e2e/queue.e2e.test.js) and `npm run soak`:
 * a webhook-triggered workflow (calendar-event body → Siro Build Record Link, conversation type By
 * Name with the Must Exist check, OAuth App credential → Respond to Webhook with the link), driven
 * by many concurrent webhook calls against a QueueCluster (dev/n8n/queue.js), with fault bursts at
 * the fake Siro and optionally a worker SIGKILLed mid-run. runQueueWorkload() returns everything the
 * callers assert on: each call's answer, n8n's execution records in Postgres, which worker ran what,
 * the requests the fake Siro received, and secret pieces found in the database dump and n8n's logs.
 */
const crypto = require('node:crypto');
const { demoOauthAppCredentialData, DEMO } = require('../fake-siro/server');
const { findSecretPiece } = require('../secretPieces');

const WEBHOOK_PATH = 'siro-queue-calendar';
const WORKFLOW_ID = 'siroQueueCalendr';
const CREDENTIAL_ID = 'siroQueueOAuthAp';
const CREDENTIAL_NAME = 'Siro (OAuth app, queue mode)';
const SIRO_TYPE = 'n8n-nodes-siro.siro';
const CONFIGURATIONS = 'conversationConfigurations';
const ACCESS_TOKEN = 'accessToken';
const CALL_TIMEOUT_MS = 180 * 1000;
/** How long to wait for executions still 'new' or 'running' in Postgres after the last answer. */
const SETTLE_TIMEOUT_MS = 120 * 1000;
const UNSETTLED = ['new', 'running', 'waiting'];
/** How n8n records an execution that ended without success (a dead worker's: 'error' or 'crashed'). */
const RECORDED_AS_FAILED = ['error', 'crashed'];
/** n8n's MaxStalledCountError: a job whose worker stopped renewing its lock (it fails, no re-run). */
const STALLED_JOB_MESSAGE = 'This execution failed to be processed too many times';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The OAuth App credential: n8n mints the user token through the fake Siro and stores it. */
function oauthCredential(fakeUrl) {
	return {
		id: CREDENTIAL_ID,
		name: CREDENTIAL_NAME,
		type: 'siroApi',
		data: demoOauthAppCredentialData(fakeUrl),
	};
}

function node(name, type, typeVersion, position, parameters, rest = {}) {
	return { id: crypto.randomUUID(), name, type, typeVersion, position, parameters, ...rest };
}

const shared = (field) => `$json.body.extendedProperties.shared.${field}`;

/** Webhook → Build Record Link (By Name, Must Exist) → Respond to Webhook with the link. */
function queueWorkflow() {
	return {
		id: WORKFLOW_ID,
		name: 'Siro queue mode: calendar event → record link',
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			node(
				'Calendar Event',
				'n8n-nodes-base.webhook',
				2,
				[0, 0],
				{ httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'responseNode', options: {} },
				{ webhookId: '5b0f6a52-6c8e-4d0a-9c53-2a7f4e1d9b31' },
			),
			node(
				'Build Record Link',
				SIRO_TYPE,
				1,
				[220, 0],
				{
					resource: 'recordLink',
					operation: 'build',
					recordAction: 'start',
					title: '={{ $json.body.summary }}',
					conversationType: {
						__rl: true,
						mode: 'name',
						value: `={{ ${shared('siroConversationType')} }}`,
					},
					integrationConnectionId: `={{ ${shared('siroIntegrationConnectionId')} }}`,
					crmObjectsInput: 'json',
					crmObjectsJson: `={{ ${shared('crmObjects')} }}`,
					redirectUrl: '',
					options: { conversationTypeCheck: 'mustExist' },
				},
				{ credentials: { siroApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } } },
			),
			node('Respond With Link', 'n8n-nodes-base.respondToWebhook', 1.1, [440, 0], {
				respondWith: 'json',
				responseBody:
					'={{ { eventId: $json.body.id, link: $json.recordLink, executionId: $execution.id } }}',
				options: {},
			}),
		],
		connections: {
			'Calendar Event': { main: [[{ node: 'Build Record Link', type: 'main', index: 0 }]] },
			'Build Record Link': { main: [[{ node: 'Respond With Link', type: 'main', index: 0 }]] },
		},
	};
}

const TYPE_NAMES = Object.values(DEMO.conversationTypes).map((type) => type.displayName);

/**
 * A Google Calendar event as a calendar automation forwards it; each one different, so that every
 * call's link is its own. Conversation type names come in varying case (names match case-insensitively).
 */
function calendarEvent(index) {
	const name = TYPE_NAMES[index % TYPE_NAMES.length];
	const day = String(1 + (index % 28)).padStart(2, '0');
	return {
		kind: 'calendar#event',
		id: `evtq${index}`,
		status: 'confirmed',
		summary: `Visit #${index}: O'Brien & Sons – roof (2nd) = 100% 🏠`,
		start: { dateTime: `2026-12-${day}T09:00:00-05:00` },
		end: { dateTime: `2026-12-${day}T10:00:00-05:00` },
		organizer: { email: 'dispatch@example.com' },
		extendedProperties: {
			shared: {
				siroConversationType: index % 2 === 0 ? name : name.toUpperCase(),
				siroIntegrationConnectionId: `conn-salesforce-${index % 3}`,
				crmObjects: JSON.stringify([
					{ objectType: 'opportunity', objectId: `006Q${index}` },
					{ objectType: 'Account', objectId: `001Q${index % 7}` },
				]),
			},
		},
	};
}

/** The link for an event, made by the package's own library (dist/index.js). */
function expectedLink(lib, event) {
	const { shared: props } = event.extendedProperties;
	const type = Object.values(DEMO.conversationTypes).find(
		(t) => t.displayName.toLowerCase() === props.siroConversationType.toLowerCase(),
	);
	return lib.buildRecordLink({
		action: 'start',
		title: event.summary,
		conversationType: type.conversationType,
		integrationConnectionId: props.siroIntegrationConnectionId,
		crmObjects: props.crmObjects,
	}).url;
}

function percentile(sorted, p) {
	if (sorted.length === 0) return undefined;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function callWebhook(url, event) {
	const started = Date.now();
	try {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(event),
			signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
		});
		const text = await res.text();
		let body;
		try {
			body = JSON.parse(text);
		} catch {
			body = text;
		}
		// n8n's error answers carry a stack trace: their message is enough to say what happened.
		if (res.status !== 200) body = typeof body === 'object' ? body?.message : text.slice(0, 300);
		return { status: res.status, body, ms: Date.now() - started, started };
	} catch (err) {
		return { status: 0, error: err.message, ms: Date.now() - started, started };
	}
}

/**
 * A fault burst at the fake Siro: every conversation-types request is answered with the fault from
 * now until `windowMs` have passed and at least one request got it. The client tries 3 times,
 * waiting at least Retry-After between tries, or 250 ms then 500 ms without it: with a window
 * shorter than the time from a first try to a third (2 × Retry-After, or 750 ms), no execution can
 * meet the burst three times, so every one must succeed.
 */
async function faultBurst(fake, { kind, retryAfter, windowMs }, callsRunning) {
	const from = fake.requests.length;
	const started = Date.now();
	fake.setFault({ kind, retryAfter });
	let served = 0;
	for (;;) {
		await sleep(50);
		served = fake.requests.slice(from).filter((entry) => entry.fault === kind).length;
		if (Date.now() - started >= windowMs && (served > 0 || !callsRunning())) break;
	}
	fake.clearFault();
	return { kind, retryAfter, windowMs: Date.now() - started, served };
}

/** Polls Postgres until none of the workflow's executions is still queued or running. */
async function settledExecutions(cluster) {
	const started = Date.now();
	for (;;) {
		const rows = await cluster.sql(
			`select id::text as id, status, finished from execution_entity where "workflowId" = '${WORKFLOW_ID}' order by id`,
		);
		const unsettled = rows.filter((row) => UNSETTLED.includes(row.status));
		if (unsettled.length === 0) return rows;
		if (Date.now() - started > SETTLE_TIMEOUT_MS) {
			throw new Error(
				`${unsettled.length} executions still ${[...new Set(unsettled.map((r) => r.status))].join('/')} after ${SETTLE_TIMEOUT_MS / 1000} s`,
			);
		}
		await sleep(1000);
	}
}

/** Every secret the run involved: the credential's and each token the fake Siro minted. */
function runSecrets(fake) {
	return [
		DEMO.organizationApiToken,
		DEMO.oauthClientSecret,
		...fake.data.userTokens.keys(), // the seeded user token and every minted one
	];
}

/** Where a piece of a secret turns up, as `{ where, form, piece }` (pieces only, never the secret). */
function secretLeaks(texts, secrets) {
	const leaks = [];
	for (const [where, text] of Object.entries(texts)) {
		for (const secret of secrets) {
			const found = findSecretPiece(text, secret);
			if (found) leaks.push({ where, ...found });
		}
	}
	return leaks;
}

/**
 * Drives `calls` webhook calls, at most `concurrency` at a time, through the cluster.
 * @param {object} options
 * @param {import('./queue').QueueCluster} options.cluster started with queueWorkflow() and oauthCredential()
 * @param {object} options.fake   the fake Siro the credential points at
 * @param {object} options.lib    the package's dist/index.js
 * @param {number} options.calls
 * @param {number} options.concurrency
 * @param {{ atCall: number, kind: string, retryAfter?: number, windowMs: number }[]} [options.bursts]
 * @param {{ atCall: number, worker: number }} [options.kill]  SIGKILL that worker when that call starts
 * @param {(msg: string) => void} [options.log]
 */
async function runQueueWorkload({
	cluster,
	fake,
	lib,
	calls,
	concurrency,
	bursts = [],
	kill,
	log = () => {},
}) {
	fake.resetLog();
	// the fake seeds several users' tokens (the demo user's, the scorecard coach's and rep's)
	const seededUserTokens = fake.data.userTokens.size;
	const url = cluster.webhookUrl(WEBHOOK_PATH);
	const results = new Array(calls);
	const burstRuns = [];
	let killedAt;
	let executionsByWorkerAtKill;
	let next = 0;
	let finished = false;
	const started = Date.now();

	const onCallStart = async (index) => {
		for (const burst of bursts.filter((b) => b.atCall === index)) {
			log(`call ${index}: ${burst.kind} burst at the fake Siro`);
			burstRuns.push(faultBurst(fake, burst, () => !finished));
		}
		if (kill && kill.atCall === index) {
			log(`call ${index}: SIGKILL to ${cluster.workers[kill.worker].name}`);
			executionsByWorkerAtKill = cluster.executionsByWorker();
			await cluster.killWorker(kill.worker);
			killedAt = Date.now();
		}
		if (index > 0 && index % 100 === 0) log(`${index}/${calls} calls started`);
	};

	async function caller() {
		while (next < calls) {
			const index = next++;
			await onCallStart(index);
			const event = calendarEvent(index);
			const answer = await callWebhook(url, event);
			results[index] = { index, eventId: event.id, expected: expectedLink(lib, event), ...answer };
		}
	}
	await Promise.all(Array.from({ length: concurrency }, caller));
	finished = true;
	const durationMs = Date.now() - started;
	const burstsServed = await Promise.all(burstRuns);

	const executions = await settledExecutions(cluster);
	const executionsByWorker = cluster.executionsByWorker();
	const logs = cluster.readLogs();
	const dump = await cluster.dumpDatabase();
	const requests = fake.requests;
	const listings = requests.filter((r) => r.route === CONFIGURATIONS);
	const mintRequests = requests.filter((r) => r.route === ACCESS_TOKEN);
	const faultsServed = {};
	for (const entry of listings.filter((r) => r.fault)) {
		faultsServed[entry.fault] = (faultsServed[entry.fault] ?? 0) + 1;
	}
	const secrets = runSecrets(fake);
	const leaks = secretLeaks(
		{
			'PostgreSQL dump': dump,
			'n8n main log': logs.main,
			...Object.fromEntries(
				logs.workers.map((text, i) => [`n8n ${cluster.workers[i].name} log`, text]),
			),
		},
		secrets,
	);
	const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
	const statusCounts = {};
	for (const row of executions) statusCounts[row.status] = (statusCounts[row.status] ?? 0) + 1;

	// Accounting: each answered call names its execution; the executions no answer names are those
	// of the calls that got no link, and must be recorded as failed.
	const okCalls = results.filter((r) => r.status === 200 && r.body?.link === r.expected);
	const failedCalls = results.filter((r) => r.status !== 200);
	const statusById = new Map(executions.map((row) => [row.id, row.status]));
	const answeredIds = new Set(okCalls.map((r) => String(r.body.executionId)));
	const unanswered = executions.filter((row) => !answeredIds.has(row.id));
	const failureReasons = unanswered.length
		? await cluster.sql(
				`select "executionId"::text as id, position('${STALLED_JOB_MESSAGE}' in data) > 0 as "workerStalled" from execution_data where "executionId" in (${unanswered.map((row) => Number(row.id)).join(',')})`,
			)
		: [];
	const okCallsRecordedAs = {};
	for (const call of okCalls) {
		const status = statusById.get(String(call.body.executionId)) ?? 'missing';
		okCallsRecordedAs[status] = (okCallsRecordedAs[status] ?? 0) + 1;
	}
	const unansweredRecordedAsFailed = unanswered.filter((row) =>
		RECORDED_AS_FAILED.includes(row.status),
	).length;

	return {
		calls: results,
		okCalls,
		failedCalls,
		wrongLinks: results.filter((r) => r.status === 200 && r.body?.link !== r.expected),
		durationMs,
		executionsPerMinute: (calls / durationMs) * 60000,
		latencyMs: {
			p50: percentile(latencies, 50),
			p95: percentile(latencies, 95),
			max: latencies.at(-1),
		},
		bursts: burstsServed,
		kill: kill && {
			worker: cluster.workers[kill.worker].name,
			at: killedAt,
			callsStartedAfter: killedAt === undefined ? [] : results.filter((r) => r.started > killedAt),
			executionsByWorkerAtKill,
		},
		executions,
		statusCounts,
		okCallsRecordedAs,
		unanswered: unanswered.map((row) => ({
			...row,
			workerStalled: failureReasons.find((reason) => reason.id === row.id)?.workerStalled,
		})),
		/** Calls that got no link and whose execution is not recorded as failed either. */
		lostSilently: Math.max(0, failedCalls.length - unansweredRecordedAsFailed),
		executionsByWorker,
		siro: {
			listings: listings.length,
			listingsAnswered200: listings.filter((r) => r.status === 200).length,
			faultsServed,
			mints: mintRequests.filter((r) => r.status === 201).length,
			mintRequests: mintRequests.length,
			otherRequests: requests.length - listings.length - mintRequests.length,
		},
		secretsChecked: secrets.length,
		seededUserTokens,
		dumpBytes: Buffer.byteLength(dump),
		logBytes:
			Buffer.byteLength(logs.main) + logs.workers.reduce((n, t) => n + Buffer.byteLength(t), 0),
		leaks,
	};
}

/** Whether two `{ kind: count }` tallies hold the same counts, whatever their key order. */
function sameTally(a, b) {
	const kinds = new Set([...Object.keys(a), ...Object.keys(b)]);
	return [...kinds].every((kind) => (a[kind] ?? 0) === (b[kind] ?? 0));
}

/**
 * What must hold after a run, as violations (empty when all holds), in five groups: links,
 * accounting (nothing lost silently), workers, siro (requests the fake received), secrets.
 * @param {Awaited<ReturnType<typeof runQueueWorkload>>} report
 * @param {{ calls: number, concurrency: number }} run
 */
function checkQueueRun(report, { calls, concurrency }) {
	const { kill, executionsByWorker, siro } = report;
	const killed = kill?.worker;
	const survivors = Object.keys(executionsByWorker).filter((name) => name !== killed);
	const ranOn = (name, id) => executionsByWorker[name].includes(String(id));
	const ranOnSurvivor = (id) => survivors.some((name) => ranOn(name, id));
	const statusById = new Map(report.executions.map((row) => [row.id, row.status]));
	const started = Object.values(executionsByWorker).flat();
	const unansweredIds = report.unanswered.map((row) => row.id);
	const checks = { links: [], accounting: [], workers: [], siro: [], secrets: [] };

	// links: every answer is the exact link; only calls in flight on a killed worker may go without
	for (const call of report.wrongLinks)
		checks.links.push(`call ${call.index} answered 200 with another link than its own`);
	for (const call of report.failedCalls) {
		if (!kill)
			checks.links.push(
				`call ${call.index} got ${call.status} (${call.body ?? call.error}) with no worker killed`,
			);
		else if (call.started > kill.at)
			checks.links.push(`call ${call.index} started after the kill and got ${call.status}`);
		else if (call.status !== 500)
			checks.links.push(
				`call ${call.index} got ${call.status} (${call.body ?? call.error}), not n8n's 500 for a failed execution`,
			);
	}

	// accounting: one execution per call; each answer names its own; the unanswered executions are
	// the failed calls', recorded as failed because their worker stalled
	if (report.executions.length !== calls)
		checks.accounting.push(
			`PostgreSQL holds ${report.executions.length} executions for ${calls} calls`,
		);
	const answeredIds = report.okCalls.map((call) => String(call.body.executionId));
	if (new Set(answeredIds).size !== answeredIds.length)
		checks.accounting.push('two answers name the same execution');
	for (const id of answeredIds) {
		const status = statusById.get(id);
		if (status === undefined)
			checks.accounting.push(`answered execution ${id} is not in PostgreSQL`);
		// the killed worker may die after Respond to Webhook answered, before it saved the execution
		else if (
			status !== 'success' &&
			!(killed && ranOn(killed, id) && RECORDED_AS_FAILED.includes(status))
		)
			checks.accounting.push(`answered execution ${id} is recorded as ${status}`);
	}
	if (report.unanswered.length !== report.failedCalls.length)
		checks.accounting.push(
			`${report.unanswered.length} executions were not answered, but ${report.failedCalls.length} calls got no link`,
		);
	for (const row of report.unanswered) {
		if (!RECORDED_AS_FAILED.includes(row.status))
			checks.accounting.push(`unanswered execution ${row.id} is recorded as ${row.status}`);
		if (!row.workerStalled)
			checks.accounting.push(
				`unanswered execution ${row.id} failed for another reason than its worker stalling`,
			);
		if (ranOnSurvivor(row.id))
			checks.accounting.push(`unanswered execution ${row.id} ran on a surviving worker`);
	}
	if (report.lostSilently !== 0)
		checks.accounting.push(`${report.lostSilently} calls got no link and have no failed execution`);

	// workers: each ran a share; each execution started at most once (n8n fails a stalled job, it
	// does not run it again); after a kill the survivors run every new call
	const shares = kill ? kill.executionsByWorkerAtKill : executionsByWorker;
	for (const [name, ids] of Object.entries(shares))
		if (ids.length === 0)
			checks.workers.push(`${name} ran no execution${kill ? ' before the kill' : ''}`);
	if (new Set(started).size !== started.length)
		checks.workers.push('an execution was started twice');
	for (const id of started)
		if (!statusById.has(id))
			checks.workers.push(`execution ${id} was started but is not in PostgreSQL`);
	// an execution no worker logged was taken by the killed worker just before it died
	for (const id of statusById.keys())
		if (!started.includes(id) && !unansweredIds.includes(id))
			checks.workers.push(`execution ${id} was answered but no worker logged starting it`);
	if (kill) {
		if (kill.callsStartedAfter.length === 0) checks.workers.push('no call started after the kill');
		for (const call of kill.callsStartedAfter)
			if (call.status === 200 && !ranOnSurvivor(call.body.executionId))
				checks.workers.push(`call ${call.index} after the kill did not run on a survivor`);
	}

	// siro: every fault retried, one listing per execution, a handful of mints
	const servedByKind = {};
	for (const burst of report.bursts) {
		if (burst.served === 0) checks.siro.push(`the ${burst.kind} burst reached no request`);
		servedByKind[burst.kind] = (servedByKind[burst.kind] ?? 0) + burst.served;
	}
	if (!sameTally(siro.faultsServed, servedByKind))
		checks.siro.push(
			`faults served ${JSON.stringify(siro.faultsServed)}, bursts counted ${JSON.stringify(servedByKind)}`,
		);
	const faults = Object.values(servedByKind).reduce((a, b) => a + b, 0);
	if (siro.listings !== siro.listingsAnswered200 + faults)
		checks.siro.push(
			`${siro.listings} listings: ${siro.listingsAnswered200} answered 200 and ${faults} faults do not add up`,
		);
	// one successful listing per answered call; an execution the killed worker ran may have listed
	if (
		siro.listingsAnswered200 < report.okCalls.length ||
		siro.listingsAnswered200 > report.executions.length
	)
		checks.siro.push(
			`${siro.listingsAnswered200} successful listings for ${report.okCalls.length} answered calls and ${report.executions.length} executions`,
		);
	// n8n mints only while the stored credential holds no token: at most once per call in flight
	if (siro.mints < 1 || siro.mints > concurrency)
		checks.siro.push(`${siro.mints} OAuth mints for ${calls} calls, ${concurrency} at a time`);
	if (siro.mintRequests !== siro.mints)
		checks.siro.push(`${siro.mintRequests - siro.mints} mint requests failed`);
	if (siro.otherRequests !== 0) checks.siro.push(`${siro.otherRequests} requests to other routes`);

	// secrets: the credential's organization API token and client secret, the seeded user tokens,
	// and every minted token, in none of the dump and the logs
	if (report.secretsChecked !== 2 + report.seededUserTokens + siro.mints)
		checks.secrets.push(`${report.secretsChecked} secrets checked for ${siro.mints} mints`);
	if (report.dumpBytes === 0 || report.logBytes === 0) checks.secrets.push('nothing to check');
	for (const leak of report.leaks)
		checks.secrets.push(`a ${leak.form} piece "${leak.piece}" of a secret is in the ${leak.where}`);
	return checks;
}

module.exports = {
	RECORDED_AS_FAILED,
	WEBHOOK_PATH,
	WORKFLOW_ID,
	oauthCredential,
	queueWorkflow,
	calendarEvent,
	expectedLink,
	runQueueWorkload,
	checkQueueRun,
};
