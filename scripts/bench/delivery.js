'use strict';
/**
 * Issue 10's request budget, measured in real n8n against the fake Siro (requests counted, and timed,
 * where they arrive):
 *
 * 5. Find User for 1,000 items over the organization's 250 users (3 pages of 100): requests.
 * 6. Check Delivery for 1,000 items across 50 reps (20 links each, every third one tapped by the fake
 *    phone): requests, and the statuses checked against the taps.
 * 7. A 10,000-item Mobile Event → Get Many run asking 1,500 distinct listings (one per recording ID):
 *    the most requests that reached the fake in any 60-second window, against Siro's 1,000 a minute
 *    per token. The client's pacer allows 900 a minute per token (per n8n process).
 *
 * Results go to BENCHMARKS.md between their own markers.
 */
const crypto = require('node:crypto');
const path = require('node:path');

const { N8nInstance, outputOf } = require('../../dev/n8n/instance');
const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');
const { execute, runOf } = require('./n8n');
const { resultsWriter } = require('./resultsBlock');

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_START = '<!-- bench:delivery:start (written by npm run bench) -->';
const RESULTS_END = '<!-- bench:delivery:end -->';
const SIRO_TYPE = 'n8n-nodes-siro.siro';
const CREDENTIAL = { id: 'benchSiroDelivery', name: 'Siro (bench, delivery)' };
const FIND_ITEMS = 1000;
const CHECK_REPS = 50;
const CHECK_ITEMS = 1000;
const PACING_ITEMS = 10000;
const PACING_LISTINGS = 1500;
const MINUTE_MS = 60000;

function node(name, type, parameters, position, extra = {}) {
	return { id: crypto.randomUUID(), name, type, typeVersion: 1, position, parameters, ...extra };
}

/** Manual trigger → Code node emitting `items` → the Siro node with `parameters`. */
function workflow(id, items, siroParameters) {
	return {
		id,
		name: `Siro delivery bench ${id}`,
		active: false,
		nodes: [
			node('Manual', 'n8n-nodes-base.manualTrigger', {}, [0, 0]),
			node(
				'Items',
				'n8n-nodes-base.code',
				{ jsCode: `return ${JSON.stringify(items)}.map((json) => ({ json }));` },
				[220, 0],
				{ typeVersion: 2 },
			),
			node('Siro', SIRO_TYPE, siroParameters, [440, 0], {
				typeVersion: 1.1,
				credentials: { siroApi: CREDENTIAL },
			}),
		],
		connections: {
			Manual: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Siro', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** Reps a search can find unambiguously: enabled, with an e-mail no other user shares in any case. */
function findableUsers(users) {
	const ours = users.filter((user) => user.organizationId === DEMO.organizationId);
	const count = new Map();
	for (const user of ours) {
		const email = user.email?.toLowerCase();
		if (email) count.set(email, (count.get(email) ?? 0) + 1);
	}
	return ours.filter(
		(user) => !user.disabled && user.email && count.get(user.email.toLowerCase()) === 1,
	);
}

/** The most timestamps within any window of `windowMs` (inclusive start, exclusive end). */
function busiestWindow(times, windowMs) {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	let start = 0;
	for (let end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= windowMs) start++;
		most = Math.max(most, end - start + 1);
	}
	return most;
}

async function run(n8n, id, workDir) {
	const started = Date.now();
	const { result, exitCode, stdout, stderr } = await execute(n8n, id, workDir);
	const crashedOnExit = typeof exitCode === 'string' && result?.status === 'success';
	if (!result || result.status !== 'success' || (exitCode !== 0 && !crashedOnExit)) {
		throw new Error(
			`execution ${id} failed (exit ${exitCode}, status ${result?.status}): ${JSON.stringify(result?.data?.resultData?.error ?? '').slice(0, 2000)}\n${(stdout + stderr).slice(-3000)}`,
		);
	}
	return { result, seconds: (Date.now() - started) / 1000 };
}

/** Runs benchmarks 5–7 in one n8n line. */
async function benchDeliveryLine({ line, tarball, workDir, log }) {
	const lib = require(path.join(ROOT, 'dist', 'index.js'));
	const fake = await startFakeSiro();
	const n8n = new N8nInstance({ line, log });
	try {
		const install = await n8n.init();
		log(`n8n ${install.version}: delivery benchmarks…`);
		await n8n.installCommunityPackage(tarball);
		await n8n.importCredentials([
			{
				...CREDENTIAL,
				type: 'siroApi',
				data: {
					authMode: 'none',
					organizationApiToken: DEMO.organizationApiToken,
					organizationId: DEMO.organizationId,
					oauthBaseUrl: `${fake.url}/api-externalApi`,
				},
			},
		]);

		const users = findableUsers(fake.data.users);
		const findItems = Array.from({ length: FIND_ITEMS }, (_, i) => {
			const email = users[i % users.length].email;
			return { email: i % 2 ? email.toLowerCase() : email.toUpperCase() };
		});

		const reps = users.slice(0, CHECK_REPS);
		const checkItems = Array.from({ length: CHECK_ITEMS }, (_, i) => ({
			userId: reps[i % CHECK_REPS].id,
			recordLink: lib.buildRecordLink({ action: 'start', title: `Bench visit ${i}` }).url,
			tapped: i % 3 === 0,
		}));

		const pacingItems = Array.from({ length: PACING_ITEMS }, (_, i) => ({
			recordingId: `bench-recording-${i % PACING_LISTINGS}`,
		}));

		const ids = {
			find: `sirobenchF${line}`,
			check: `sirobenchC${line}`,
			pacing: `sirobenchP${line}`,
		};
		for (const key of Object.keys(ids)) ids[key] = ids[key].padEnd(16, '0');
		await n8n.importWorkflow(
			workflow(ids.find, findItems, {
				resource: 'user',
				operation: 'find',
				findBy: 'email',
				email: '={{ $json.email }}',
				options: {},
			}),
		);
		await n8n.importWorkflow(
			workflow(ids.check, checkItems, {
				resource: 'recordLink',
				operation: 'checkDelivery',
				link: '={{ $json.recordLink }}',
				user: { __rl: true, mode: 'id', value: '={{ $json.userId }}' },
			}),
		);
		await n8n.importWorkflow(
			workflow(ids.pacing, pacingItems, {
				resource: 'mobileEvent',
				operation: 'getAll',
				eventCodes: [],
				user: { __rl: true, mode: 'list', value: '' },
				returnAll: true,
				filters: { recordingId: '={{ $json.recordingId }}' },
			}),
		);

		// 5. Find User
		fake.resetLog();
		const find = await run(n8n, ids.find, workDir);
		const found = outputOf(find.result, 'Siro');
		if (
			found.length !== FIND_ITEMS ||
			found.some((user, i) => user.email.toLowerCase() !== findItems[i].email.toLowerCase())
		)
			throw new Error('Find User found other users than asked');
		const findRequests = fake.countRequests();
		log(
			`  Find User: ${findRequests} request(s) for ${FIND_ITEMS} items (${find.seconds.toFixed(0)} s)`,
		);

		// 6. Check Delivery
		for (const item of checkItems) {
			if (item.tapped) fake.phone.tap({ userId: item.userId, url: item.recordLink });
		}
		fake.resetLog();
		const check = await run(n8n, ids.check, workDir);
		const statuses = outputOf(check.result, 'Siro').map((json) => json.delivery.status);
		const wrong = statuses.findIndex(
			(status, i) => status !== (checkItems[i].tapped ? 'recording' : 'notReceived'),
		);
		if (statuses.length !== CHECK_ITEMS || wrong !== -1)
			throw new Error(`Check Delivery item ${wrong} is ${statuses[wrong]}`);
		const checkRequests = fake.countRequests();
		log(
			`  Check Delivery: ${checkRequests} request(s) for ${CHECK_ITEMS} items across ${CHECK_REPS} reps (${check.seconds.toFixed(0)} s)`,
		);

		// 7. Pacing
		fake.resetLog();
		const pacing = await run(n8n, ids.pacing, workDir);
		runOf(pacing.result, 'Siro');
		const times = fake.requests.map((request) => request.time);
		const pacingRequests = times.length;
		const busiest = busiestWindow(times, MINUTE_MS);
		const spanSeconds = (Math.max(...times) - Math.min(...times)) / 1000;
		log(
			`  10,000 items: ${pacingRequests} requests over ${spanSeconds.toFixed(0)} s, at most ${busiest} in any 60 s`,
		);

		return {
			version: install.version,
			find: {
				items: FIND_ITEMS,
				users: DEMO.userCount,
				requests: findRequests,
				seconds: find.seconds,
			},
			check: {
				items: CHECK_ITEMS,
				reps: CHECK_REPS,
				requests: checkRequests,
				seconds: check.seconds,
			},
			pacing: {
				items: PACING_ITEMS,
				listings: PACING_LISTINGS,
				requests: pacingRequests,
				busiestMinute: busiest,
				spanSeconds,
				seconds: pacing.seconds,
			},
		};
	} finally {
		await n8n.cleanup();
		await fake.close();
	}
}

function markdown(results, meta) {
	const cell = (pick) => results.map(pick).join(' / ');
	const met = (ok) => (results.every(ok) ? 'yes' : 'no');
	const lines = [
		RESULTS_START,
		'',
		`Run ${meta.date} · \`${meta.command}\` · git ${meta.commit} · n8n ${results.map((r) => r.version).join(' / ')}`,
		'',
		'| # | Figure | Measured | Goal | Met |',
		'|---|---|---|---|---|',
		`| 5 | Find User, ${FIND_ITEMS.toLocaleString('en')} items over ${DEMO.userCount} users (pages of ${DEMO.usersPageSize}): requests | ${cell((r) => r.find.requests)} | 3 | ${met((r) => r.find.requests === 3)} |`,
		`| 6 | Check Delivery, ${CHECK_ITEMS.toLocaleString('en')} items across ${CHECK_REPS} reps: requests | ${cell((r) => r.check.requests)} | ≤ ${CHECK_REPS} | ${met((r) => r.check.requests <= CHECK_REPS)} |`,
		`| 7 | ${PACING_ITEMS.toLocaleString('en')} items, ${PACING_LISTINGS.toLocaleString('en')} distinct listings: most requests at the fake in any 60 s | ${cell((r) => r.pacing.busiestMinute)} | < 1,000 | ${met((r) => r.pacing.busiestMinute < 1000)} |`,
		`| 7 | … its requests, and the time from first to last | ${cell((r) => `${r.pacing.requests} in ${r.pacing.spanSeconds.toFixed(0)} s`)} | | |`,
		'',
		RESULTS_END,
	];
	return lines.join('\n');
}

const writeResults = resultsWriter(RESULTS_START, RESULTS_END, 'Request budget (issue 10)');

/** Benchmarks 5–7 in each line; writes BENCHMARKS.md when `write`. */
async function benchDelivery({ lines, tarball, workDir, log, write, meta }) {
	const results = [];
	for (const line of lines) results.push(await benchDeliveryLine({ line, tarball, workDir, log }));
	if (write && results.length > 0) writeResults(markdown(results, meta));
	return results;
}

module.exports = { benchDelivery, busiestWindow, findableUsers };
