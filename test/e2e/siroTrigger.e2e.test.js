'use strict';
/**
 * End-to-end tests of the Siro Trigger in real n8n, 1.123.81 on Node 20 and 2.41.1 on Node 24, in
 * server mode: the packed package installed as a community package, workflows activated through the
 * REST API as the editor does it, deliveries signed like Svix signs Siro's and POSTed to the
 * production (and test) webhook URLs over real sockets, executions counted through the REST API.
 * Needs `npm run build` first.
 *
 * Found while writing these (both lines):
 * - n8n reads the whole body into `req.rawBody` (a Buffer) for a typeVersion 1 node before its own
 *   JSON parsing, and hands webhook() that Buffer: unicode and whitespace arrive byte for byte.
 * - A webhook() that writes its own response and returns `noWebhookResponse` (and no workflowData)
 *   starts no execution.
 * - Activation: `POST /rest/workflows/:id/activate` with the workflow's `versionId` (both lines); 2.x
 *   serves the production URL a moment after answering (404 until then).
 * - n8n saves the trigger's static data when webhook() hands it the response. 2.x answers a started
 *   run's request only after setting the run up, which clears the static data's "changed" mark, so
 *   the trigger answers itself (`noWebhookResponse`); the restart test below fails without that.
 * - Listening for a test event: `POST /rest/workflows/:id/run` with `triggerToStartFrom` (1.123 also
 *   wants the whole `workflowData`); a refused test delivery leaves the test URL listening.
 * - A credential tested by a node (`testedBy`) is tested through `POST /rest/credentials/test` with
 *   the node's own function, on both lines.
 */
const crypto = require('node:crypto');
const path = require('node:path');
const { ensureN8n } = require('../../dev/n8n/install');
const { N8nInstance, killN8nOnExit } = require('../../dev/n8n/instance');
const { newSigningSecret, svixHeaders } = require('../support/svixSigner');
const { workflowId } = require('./support/workflows');
const { usePackedPackage } = require('./support/packedPackage');
const { listExecutions, waitForFinishedExecutions } = require('./support/executions');

jest.setTimeout(15 * 60 * 1000);
killN8nOnExit();

const ROOT = path.join(__dirname, '..', '..');
const TRIGGER = 'Siro Trigger';
const PROCESSED = 'integrations.recordingProcessed';
const LINKED = 'integrations.recordingLinked';
const SECRET = newSigningSecret();
const CREDENTIAL = {
	id: 'siroWebhookE2eCred',
	name: 'Siro Webhook (e2e)',
	type: 'siroWebhookApi',
	data: { signingSecret: SECRET, previousSigningSecret: '' },
};
/** How long a valid delivery's execution may take to show in n8n's list before the test gives up. */
const EXECUTION_WAIT_MS = 60 * 1000;

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

const packed = usePackedPackage();

/** A workflow of one Siro Trigger, on its own webhook path. */
function triggerWorkflow(label, line, parameters) {
	return {
		id: workflowId(label, line),
		name: `Siro Trigger e2e: ${label}`,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: TRIGGER,
				type: 'n8n-nodes-siro.siroTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters,
				webhookId: crypto.randomUUID(),
				credentials: { siroWebhookApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
			},
		],
		connections: {},
		settings: {},
		active: false,
	};
}

function recordingEvent(recordingId, overrides = {}) {
	return {
		recordingId,
		siroUserId: 'user-1',
		recordingProcessed: true,
		recordingLinked: true,
		eventType: PROCESSED,
		crm: {
			integrationConnectionId: 'conn-1',
			opportunity: { id: `siro-${recordingId}`, externalId: `006${recordingId}` },
		},
		...overrides,
	};
}

/** A delivery signed now with the credential's secret (options change what a test needs changed). */
function signed(
	payload,
	{ id = `msg_${crypto.randomUUID()}`, timestamp = nowSeconds(), secret = SECRET, body } = {},
) {
	const text = body ?? JSON.stringify(payload);
	return { body: text, headers: svixHeaders({ secret, id, timestamp, body: text }) };
}

describe.each(['1', '2'])('Siro Trigger in real n8n line %s', (line) => {
	let n8n;
	let api;
	/** n8n's own flatted, to read execution data as its REST API serialises it. */
	let flatted;
	let lineStarted;
	const workflows = {
		defaults: triggerWorkflow('trigDefaults', line, {}),
		everyEvent: triggerWorkflow('trigEveryEvent', line, { onlyWhenProcessedAndLinked: false }),
		testMode: triggerWorkflow('trigTestMode', line, {}),
	};

	const webhookUrl = (workflow, { test = false } = {}) =>
		`${n8n.baseUrl}/${test ? 'webhook-test' : 'webhook'}/${workflow.nodes[0].webhookId}/webhook`;

	/** POSTs a delivery as Siro does (JSON); resolves with the status and the parsed answer. */
	async function post(url, { body, headers }) {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body,
			signal: AbortSignal.timeout(30 * 1000),
		});
		const text = await res.text();
		let answer = text;
		try {
			answer = JSON.parse(text);
		} catch {
			// not JSON: kept as text
		}
		return { status: res.status, answer };
	}

	const executionsOf = (workflow) => listExecutions(api, workflow);
	/** Once the workflow has `count` finished executions (or after the wait): all its executions. */
	const waitForExecutions = async (workflow, count) =>
		(await waitForFinishedExecutions(api, workflow, count, EXECUTION_WAIT_MS)).all;

	/** The items the Siro Trigger emitted in an execution. */
	async function triggerItems(execution) {
		const { data } = await api.get(`/rest/executions/${execution.id}`);
		const runData = flatted.parse(data.data.data).resultData.runData;
		return runData[TRIGGER][0].data.main[0].map((item) => item.json);
	}

	/**
	 * Activates the workflow as the editor does, then waits until its production URL is served: 2.x
	 * registers it a moment after answering. An unsigned POST is the probe (404 until then, 401
	 * after; it starts nothing).
	 */
	async function activate(workflow) {
		const { data } = await api.get(`/rest/workflows/${workflow.id}`);
		await api.post(`/rest/workflows/${workflow.id}/activate`, { versionId: data.data.versionId });
		const deadline = Date.now() + EXECUTION_WAIT_MS;
		for (;;) {
			const probe = await post(webhookUrl(workflow), { body: '{}', headers: {} });
			if (probe.status !== 404) {
				expect(probe).toEqual({
					status: 401,
					answer: { reason: 'missingHeaders', message: expect.any(String) },
				});
				return;
			}
			if (Date.now() > deadline) throw new Error(`${workflow.name}: production URL still 404`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	beforeAll(async () => {
		lineStarted = Date.now();
		const install = await ensureN8n(line);
		flatted = require(path.join(install.dir, 'node_modules', 'flatted'));
		n8n = new N8nInstance({ line });
		await n8n.installCommunityPackage(packed.tarball);
		await n8n.importCredentials([CREDENTIAL]);
		await n8n.withJsonFile(Object.values(workflows), (file) =>
			n8n.cliOk(['import:workflow', `--input=${file}`]),
		);
		await n8n.start();
		api = await n8n.login();
		await activate(workflows.defaults);
		await activate(workflows.everyEvent);
		console.log(
			`line ${line}: n8n started, trigger workflows active after ${seconds(lineStarted)}`,
		);
	});

	afterAll(async () => {
		await n8n?.cleanup();
		if (lineStarted) console.log(`line ${line}: whole line took ${seconds(lineStarted)}`);
	});

	test('valid deliveries start one execution each with the payload; forged, stale, replayed, altered and unsigned ones get 401 and start none', async () => {
		const url = webhookUrl(workflows.defaults);
		const first = signed(recordingEvent('rec-A'));
		expect(await post(url, first)).toEqual({
			status: 200,
			answer: { received: true, workflowStarted: true },
		});
		expect(await waitForExecutions(workflows.defaults, 1)).toHaveLength(1);

		const altered = signed(recordingEvent('rec-X'));
		const refusals = {
			forged: await post(url, signed(recordingEvent('rec-F'), { secret: newSigningSecret() })),
			stale: await post(url, signed(recordingEvent('rec-S'), { timestamp: nowSeconds() - 301 })),
			replayed: await post(url, first),
			altered: await post(url, { ...altered, body: altered.body.replace('rec-X', 'rec-Y') }),
			unsigned: await post(url, { body: JSON.stringify(recordingEvent('rec-U')), headers: {} }),
		};
		const answer = (reason) => ({
			status: 401,
			answer: { reason, message: expect.any(String) },
		});
		expect(refusals).toEqual({
			forged: answer('badSignature'),
			stale: answer('timestampOutOfRange'),
			replayed: answer('replayed'),
			altered: answer('badSignature'),
			unsigned: answer('missingHeaders'),
		});
		expect(JSON.stringify(refusals)).not.toContain(SECRET.slice(6, 14));

		// Unicode and whitespace exactly as sent: verified on the bytes n8n received.
		const rawBody =
			'{ "recordingId": "rec-é–🏠",\r\n\t"recordingProcessed": true,  "recordingLinked": true,\n "eventType": "integrations.recordingLinked", "note": "a\\u00e9 b" }\n';
		expect(await post(url, signed(undefined, { body: rawBody }))).toEqual({
			status: 200,
			answer: { received: true, workflowStarted: true },
		});

		// Refused requests never reach the point where n8n starts a run, so once the last valid
		// delivery's execution is listed, the count is final: one per valid delivery.
		const executions = await waitForExecutions(workflows.defaults, 2);
		expect(executions.map((execution) => [execution.mode, execution.status])).toEqual([
			['webhook', 'success'],
			['webhook', 'success'],
		]);
		expect(await triggerItems(executions[0])).toEqual([
			{ ...recordingEvent('rec-A'), event: PROCESSED },
		]);
		expect(await triggerItems(executions[1])).toEqual([{ ...JSON.parse(rawBody), event: LINKED }]);
	});

	test('processed-but-unlinked does not start the workflow by default, and does with the option off; the default starts once when linked', async () => {
		const before = (await executionsOf(workflows.defaults)).length;
		const { crm: _noCrmYet, ...unlinked } = recordingEvent('rec-B', { recordingLinked: false });
		const linked = recordingEvent('rec-B', { eventType: LINKED });

		expect(await post(webhookUrl(workflows.defaults), signed(unlinked))).toEqual({
			status: 200,
			answer: {
				received: true,
				workflowStarted: false,
				message: expect.stringContaining('not both processed and linked'),
			},
		});
		expect(await post(webhookUrl(workflows.everyEvent), signed(unlinked))).toEqual({
			status: 200,
			answer: { received: true, workflowStarted: true },
		});

		// Linked now: the default option starts once, and not again for the same recording.
		expect((await post(webhookUrl(workflows.defaults), signed(linked))).answer).toEqual({
			received: true,
			workflowStarted: true,
		});
		expect((await post(webhookUrl(workflows.defaults), signed(linked))).answer).toEqual({
			received: true,
			workflowStarted: false,
			message: expect.stringContaining('already started for this recording'),
		});
		expect((await post(webhookUrl(workflows.everyEvent), signed(linked))).status).toBe(200);

		const everyEvent = await waitForExecutions(workflows.everyEvent, 2);
		expect(everyEvent).toHaveLength(2);
		expect(await triggerItems(everyEvent[0])).toEqual([{ ...unlinked, event: PROCESSED }]);
		expect(await triggerItems(everyEvent[1])).toEqual([{ ...linked, event: LINKED }]);

		const defaults = await waitForExecutions(workflows.defaults, before + 1);
		expect(defaults).toHaveLength(before + 1);
		expect(await triggerItems(defaults[before])).toEqual([{ ...linked, event: LINKED }]);
	});

	test('after n8n restarts, a replayed delivery is still refused and a started recording does not start again: the static data held both', async () => {
		const url = webhookUrl(workflows.defaults);
		const before = (await executionsOf(workflows.defaults)).length;
		const delivery = signed(recordingEvent('rec-R'));
		expect((await post(url, delivery)).answer).toEqual({ received: true, workflowStarted: true });
		expect(await waitForExecutions(workflows.defaults, before + 1)).toHaveLength(before + 1);

		const restarted = Date.now();
		await n8n.stop();
		await n8n.start();
		api = await n8n.login();
		console.log(`line ${line}: n8n restarted in ${seconds(restarted)}`);

		expect(await post(url, delivery)).toEqual({
			status: 401,
			answer: { reason: 'replayed', message: expect.any(String) },
		});
		expect(
			(await post(url, signed(recordingEvent('rec-R', { eventType: LINKED })))).answer,
		).toEqual({
			received: true,
			workflowStarted: false,
			message: expect.stringContaining('already started for this recording'),
		});
		// A new recording still starts it, so the count below is final.
		expect((await post(url, signed(recordingEvent('rec-R2')))).status).toBe(200);
		const executions = await waitForExecutions(workflows.defaults, before + 2);
		expect(executions).toHaveLength(before + 2);
		expect(await triggerItems(executions[before + 1])).toEqual([
			{ ...recordingEvent('rec-R2'), event: PROCESSED },
		]);
	});

	test('listen for test event: a forged delivery to the test URL is refused and the URL keeps listening; the signed one runs the workflow once', async () => {
		const workflow = workflows.testMode;
		const { data: stored } = await api.get(`/rest/workflows/${workflow.id}`);
		const run = { triggerToStartFrom: { name: TRIGGER } };
		const { data: listening } = await api.post(
			`/rest/workflows/${workflow.id}/run`,
			line === '1' ? { ...run, workflowData: stored.data } : run,
		);
		expect(listening.data).toEqual({ waitingForWebhook: true });

		const url = webhookUrl(workflow, { test: true });
		const forged = await post(url, signed(recordingEvent('rec-T'), { secret: newSigningSecret() }));
		expect(forged).toEqual({
			status: 401,
			answer: { reason: 'badSignature', message: expect.any(String) },
		});
		expect(await post(url, signed(recordingEvent('rec-T')))).toEqual({
			status: 200,
			answer: { received: true, workflowStarted: true },
		});

		const executions = await waitForExecutions(workflow, 1);
		expect(executions.map((execution) => execution.mode)).toEqual(['manual']);
		expect(await triggerItems(executions[0])).toEqual([
			{ ...recordingEvent('rec-T'), event: PROCESSED },
		]);
	});

	test("the credential's Test checks the secret's form (Siro cannot confirm it) and names a malformed field", async () => {
		const testWith = async (data) => {
			const res = await api.post('/rest/credentials/test', {
				credentials: { ...CREDENTIAL, data: { ...CREDENTIAL.data, ...data } },
			});
			return res.data.data;
		};
		expect(await testWith({})).toEqual({
			status: 'OK',
			message: expect.stringContaining('deliveries signed with another secret get 401'),
		});
		const malformed = await testWith({ previousSigningSecret: `${SECRET}!` });
		expect(malformed).toEqual({
			status: 'Error',
			message: expect.stringContaining('Previous Signing Secret is not whsec_ followed by base64'),
		});
		expect(malformed.message).not.toContain(SECRET.slice(6, 14));
	});
});
