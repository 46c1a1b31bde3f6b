'use strict';
/**
 * End-to-end tests of the Recording resource, the Siro Trigger's polling mode and the recording
 * examples in real n8n, 1.123.81 on Node 20 and 2.41.1 on Node 24: the packed package installed as
 * a community package, the fake Siro on loopback, a stand-in CRM (a loopback HTTP server that keeps
 * what it is sent). Needs `npm run build` first.
 *
 * How polls are driven headlessly (found while writing these, both lines): n8n polls a polling
 * trigger once when it activates the workflow (before the Poll Times schedule starts) and emits
 * what that poll returns, so activating (POST /rest/workflows/:id/activate), deactivating and
 * activating again, and restarting n8n each run one poll; the Poll Times schedule (every minute
 * here) runs the others. Static data is saved when n8n activates the workflow and whenever a poll
 * emits. 1.123 activates within the activate request; 2.40 answers first and activates a few
 * seconds later (its "workflow publication outbox"), so the tests wait until the fake Siro has been
 * asked and the static data is saved. Executions are counted through the REST API.
 */
const crypto = require('node:crypto');
const http = require('node:http');
const path = require('node:path');
const { ensureN8n } = require('../../dev/n8n/install');
const { N8nInstance, outputOf, errorOf } = require('../../dev/n8n/instance');
const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');
const wf = require('./support/workflows');
const { usePackedPackage } = require('./support/packedPackage');
const {
	activateWorkflow,
	activateAndPoll: activateAndPollWorkflow,
	deactivateWorkflow,
	executionItems,
	waitForFinishedExecutions,
} = require('./support/executions');

jest.setTimeout(20 * 60 * 1000);

const ROOT = path.join(__dirname, '..', '..');
const TRIGGER = 'Siro Trigger';
const PROCESSED = 'integrations.recordingProcessed';
const DELETED = 'recordingDeleted';
const REP = DEMO.users.formattedPhone.id;
const WEBHOOK_CREDENTIAL = {
	id: 'siroWebhookDemoCredential',
	name: 'Siro Webhook (demo)',
	type: 'siroWebhookApi',
	data: { signingSecret: DEMO.webhookSigningSecret, previousSigningSecret: '' },
};
/** How long an expected execution may take to show before the test gives up (a minute's poll included). */
const EXECUTION_WAIT_MS = 150 * 1000;

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const packed = usePackedPackage();

/** A stand-in CRM on loopback: answers every POST with a note ID and keeps what it was sent. */
async function startCrm() {
	const received = [];
	const server = http.createServer((request, response) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			received.push({ method: request.method, url: request.url, body: JSON.parse(text || 'null') });
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ id: `note-${received.length}` }));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}/api/notes`,
		received,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

function siroCredential(fake) {
	return wf.siroCredential(fake.url, {
		organizationApiToken: DEMO.organizationApiToken,
		oauthBaseUrl: `${fake.url}/api-externalApi`,
	});
}

const node = (name, type, parameters, extra = {}) => ({
	id: crypto.randomUUID(),
	name,
	type,
	typeVersion: 1,
	position: [0, 0],
	parameters,
	...extra,
});
const credentials = { siroApi: { id: wf.CREDENTIAL_ID, name: 'Siro (demo)' } };
const recordingNode = (name, operation, parameters, extra = {}) =>
	node(
		name,
		wf.SIRO_TYPE,
		{ resource: 'recording', operation, ...parameters },
		{ credentials, onError: 'continueRegularOutput', ...extra },
	);

/** Manual → recording IDs → Get, Get Summary, Get Transcript; Manual → Get Many. */
function operationsWorkflow(line) {
	const ids = [
		DEMO.recordings.processedLinked,
		DEMO.recordings.otherOrganization,
		DEMO.recordings.longTranscript,
	];
	const byId = '={{ $json.recordingId }}';
	return {
		id: wf.workflowId('RecOps', line),
		name: `Siro recording operations (e2e line ${line})`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Manual', 'n8n-nodes-base.manualTrigger', {}),
			node(
				'Recording IDs',
				'n8n-nodes-base.code',
				{
					jsCode: `return ${JSON.stringify(ids.map((recordingId) => ({ recordingId })))}.map((json) => ({ json }));`,
				},
				{ typeVersion: 2 },
			),
			recordingNode('Get', 'get', { recordingId: byId, include: ['crmLinks', 'summary'] }),
			recordingNode('Get Summary', 'getSummary', { recordingId: byId }),
			recordingNode('Get Transcript', 'getTranscript', { recordingId: byId }),
			recordingNode(
				'Get Many',
				'getAll',
				{ returnAll: false, limit: 5, filters: { isProcessingDone: true }, include: ['crmLinks'] },
				{ onError: undefined },
			),
		],
		connections: {
			Manual: {
				main: [
					[
						{ node: 'Recording IDs', type: 'main', index: 0 },
						{ node: 'Get Many', type: 'main', index: 0 },
					],
				],
			},
			'Recording IDs': {
				main: [
					[
						{ node: 'Get', type: 'main', index: 0 },
						{ node: 'Get Summary', type: 'main', index: 0 },
						{ node: 'Get Transcript', type: 'main', index: 0 },
					],
				],
			},
		},
		pinData: {},
	};
}

/** One Siro Trigger in polling mode, every minute. */
function pollingWorkflow(label, line, parameters = {}) {
	return {
		id: wf.workflowId(label, line),
		name: `Siro Trigger polling e2e: ${label}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node(
				TRIGGER,
				'n8n-nodes-siro.siroTrigger',
				{ mode: 'polling', pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
				{ webhookId: crypto.randomUUID(), credentials },
			),
		],
		connections: {},
		pinData: {},
	};
}

/** The example as a runnable variant: its e-mail captured by a Set node, its CRM the stand-in. */
function exampleWithStandIns(file, line, crmUrl) {
	const { workflow, replaced } = wf.exampleVariant(wf.readExample(file), {
		id: wf.workflowId(`ex${file.slice(10, 18)}`, line),
	});
	const crmNode = workflow.nodes.find((candidate) => candidate.name === 'Post Note to CRM');
	crmNode.parameters.url = crmUrl;
	return { workflow, replaced };
}

describe.each(['1', '2'])('Recordings and the polling trigger in real n8n line %s', (line) => {
	let n8n;
	let fake;
	let crm;
	let api;
	let flatted;
	let lineStarted;
	const workflows = {};

	/** A recording on the rep's phone, processed (and linked) by Siro now. */
	function processedRecording(title, { linked = true } = {}) {
		const { recordingId } = fake.phone.pressRecordButton({ userId: REP, title });
		fake.recordings.process(recordingId, { linked });
		return recordingId;
	}

	/** Once the workflow has `count` finished executions (or after the wait): the finished ones. */
	const waitForExecutions = async (workflow, count) =>
		(await waitForFinishedExecutions(api, workflow, count, EXECUTION_WAIT_MS)).finished;

	/** The items a node emitted in an execution (its first output). */
	const nodeItems = (execution, nodeName) => executionItems(api, flatted, execution, nodeName);
	const activate = (workflow) => activateWorkflow(api, workflow);

	/** Activates a polling workflow and waits until its activation poll has asked Siro and n8n saved the state. */
	const activateAndPoll = (workflow) =>
		activateAndPollWorkflow(api, fake, workflow, {
			route: 'recordings',
			nodeName: workflow.nodes.find((n) => n.type === 'n8n-nodes-siro.siroTrigger').name,
			stateKey: 'siroPolling',
			timeoutMs: EXECUTION_WAIT_MS,
		});

	const deactivate = (workflow) => deactivateWorkflow(api, workflow);

	beforeAll(async () => {
		lineStarted = Date.now();
		const install = await ensureN8n(line);
		flatted = require(path.join(install.dir, 'node_modules', 'flatted'));
		fake = await startFakeSiro();
		crm = await startCrm();
		workflows.operations = operationsWorkflow(line);
		workflows.polling = pollingWorkflow('PollOnce', line);
		workflows.manualPoll = pollingWorkflow('PollManual', line);
		workflows.webhookExample = exampleWithStandIns(
			'recording-processed-to-crm.json',
			line,
			crm.url,
		);
		workflows.pollingExample = exampleWithStandIns('recording-polling-to-crm.json', line, crm.url);
		n8n = new N8nInstance({ line });
		await n8n.installCommunityPackage(packed.tarball);
		await n8n.importCredentials([siroCredential(fake), WEBHOOK_CREDENTIAL]);
		const toImport = [
			workflows.operations,
			workflows.polling,
			workflows.manualPoll,
			workflows.webhookExample.workflow,
			workflows.pollingExample.workflow,
		];
		await n8n.withJsonFile(toImport, (file) => n8n.cliOk(['import:workflow', `--input=${file}`]));
		console.log(`line ${line}: set up in ${seconds(lineStarted)}`);
	});

	afterAll(async () => {
		await n8n?.cleanup();
		await fake?.close();
		await crm?.close();
		if (lineStarted) console.log(`line ${line}: whole line took ${seconds(lineStarted)}`);
	});

	test('Recording operations in an `n8n execute` workflow: Get, Get Summary, Get Transcript (an unknown recording kept as an error item), Get Many', async () => {
		fake.resetLog();
		const run = await n8n.execute(workflows.operations.id);
		expect(errorOf(run.result)).toBeUndefined();
		expect(run.result.status).toBe('success');
		for (const text of [run.stdout, run.stderr]) {
			expect(text).not.toContain(DEMO.userAccessToken);
			expect(text).not.toContain(DEMO.organizationApiToken);
		}

		const linked = fake.recordings.find(DEMO.recordings.processedLinked);
		const got = outputOf(run.result, 'Get');
		expect(got.map((item) => item.id ?? item.httpCode)).toEqual([
			DEMO.recordings.processedLinked,
			404,
			DEMO.recordings.longTranscript,
		]);
		expect(got[0]).toMatchObject({ crm: linked.crm, deleted: false, summary: expect.any(Array) });
		expect(got[1].error).toBe(
			`Siro has no recording for recording "${DEMO.recordings.otherOrganization}" in the token's organization (404).`,
		);

		const [summary] = outputOf(run.result, 'Get Summary');
		expect(summary).toEqual({
			recordingId: linked.id,
			title: linked.title,
			deleted: false,
			sections: linked.summary.map(({ name, content }) => ({ name, content })),
			text: linked.summary.map(({ name, content }) => `${name}\n${content}`).join('\n\n'),
		});

		const transcripts = outputOf(run.result, 'Get Transcript');
		expect(transcripts[2].utterances).toHaveLength(DEMO.longTranscriptUtterances);
		expect(transcripts[2].text.split('\n')[1]).toBe(
			'Customer: Of course, come on in. The leak is mostly in the back room.',
		);
		expect(transcripts[1].error).toMatch(/403|404/);

		const many = outputOf(run.result, 'Get Many');
		expect(many).toHaveLength(5);
		expect(many.every((item) => item.isProcessingDone === true)).toBe(true);
		const listings = fake.requests.filter((entry) => entry.route === 'recordings');
		expect(listings.map((entry) => entry.query)).toEqual([
			{ pageSize: '5', isProcessingDone: 'true', showCrmLinks: 'true' },
		]);
	});

	describe('served by n8n', () => {
		beforeAll(async () => {
			const started = Date.now();
			await n8n.start();
			api = await n8n.login();
			console.log(`line ${line}: n8n started in ${seconds(started)}`);
		});

		afterAll(async () => {
			await n8n?.stop();
		});

		test('the polling trigger: polls at activation, reactivation, restart and on its schedule over a changing Siro emit each recording once, the deletion flagged', async () => {
			const workflow = workflows.polling;
			// Poll 1 (activation): notes what exists, emits nothing.
			await activateAndPoll(workflow);
			const first = processedRecording('Polling e2e – first');
			processedRecording('Polling e2e – never linked', { linked: false });

			// Poll 2 (activation again).
			await deactivate(workflow);
			await activateAndPoll(workflow);
			expect((await waitForExecutions(workflow, 1)).length).toBeGreaterThanOrEqual(1);

			// Poll 3 (n8n restarted: the static data saved in n8n's database is all it has).
			const second = processedRecording('Polling e2e – second');
			fake.recordings.delete(first);
			const restarted = Date.now();
			const listingsBefore = fake.countRequests('recordings');
			await n8n.stop();
			await n8n.start();
			api = await n8n.login();
			console.log(`line ${line}: n8n restarted in ${seconds(restarted)}`);
			// n8n activates the workflow again as it starts: wait for that poll to have asked Siro.
			for (const deadline = Date.now() + EXECUTION_WAIT_MS; ; ) {
				if (fake.countRequests('recordings') > listingsBefore) break;
				if (Date.now() > deadline) throw new Error('no poll after the restart');
				await new Promise((resolve) => setTimeout(resolve, 250));
			}

			// The Poll Times schedule (every minute) finds the third.
			const third = processedRecording('Polling e2e – third');
			const expected = [
				[first, PROCESSED],
				[second, PROCESSED],
				[first, DELETED],
				[third, PROCESSED],
			];
			const deadline = Date.now() + EXECUTION_WAIT_MS;
			let emitted = [];
			let executions = [];
			while (emitted.length < expected.length && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 2000));
				executions = await waitForExecutions(workflow, 0);
				emitted = [];
				for (const execution of executions) {
					for (const item of await nodeItems(execution, TRIGGER)) {
						emitted.push([item.recordingId, item.event]);
					}
				}
			}
			// Each once, in the order they happened; nothing Siro had before activation; the
			// unlinked recording never.
			expect(emitted).toEqual(expected);
			expect(executions.map((execution) => [execution.mode, execution.status])).toEqual(
				executions.map(() => ['trigger', 'success']),
			);
			const [deletion] = (
				await Promise.all(executions.map((execution) => nodeItems(execution, TRIGGER)))
			)
				.flat()
				.filter((item) => item.event === DELETED);
			expect(deletion).toMatchObject({ recordingId: first, deleted: true });
			await deactivate(workflow);
		});

		test('the polling trigger in a manual run (as "Fetch test event") returns the latest processed and linked recording', async () => {
			const latest = processedRecording('Polling e2e – latest for the test event');
			processedRecording('Polling e2e – newer, unlinked', { linked: false });
			const workflow = workflows.manualPoll;
			const { data: stored } = await api.get(`/rest/workflows/${workflow.id}`);
			const run = { triggerToStartFrom: { name: TRIGGER } };
			await api.post(
				`/rest/workflows/${workflow.id}/run`,
				line === '1' ? { ...run, workflowData: stored.data } : run,
			);
			const [execution] = await waitForExecutions(workflow, 1);
			expect(execution.mode).toBe('manual');
			expect(await nodeItems(execution, TRIGGER)).toEqual([
				expect.objectContaining({
					recordingId: latest,
					event: PROCESSED,
					recordingLinked: true,
					recording: expect.objectContaining({ title: 'Polling e2e – latest for the test event' }),
				}),
			]);
		});

		test('example: recording processed and linked (webhook) → Get Summary + Get Transcript → CRM note and e-mail, once per recording', async () => {
			const { workflow, replaced } = workflows.webhookExample;
			expect(replaced).toEqual({ triggers: [], senders: ['Email the Manager'] });
			await activate(workflow);
			const url = `${n8n.baseUrl}/webhook/${workflow.nodes.find((n) => n.name === 'Recording Processed and Linked').webhookId}/webhook`;
			const recordingId = processedRecording('Webhook example – Rivera kitchen');
			const notesBefore = crm.received.length;

			// Siro may answer before n8n serves the new production URL (2.x): retry a 404 briefly.
			let answer;
			for (const deadline = Date.now() + 30000; ; ) {
				answer = await fake.webhooks.send({ url, eventType: PROCESSED, recordingId });
				if (answer.status !== 404 || Date.now() > deadline) break;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			expect(answer.status).toBe(200);
			expect(JSON.parse(answer.body)).toEqual({ received: true, workflowStarted: true });
			// The linked event of the same recording: acknowledged, no second run.
			const again = await fake.webhooks.send({
				url,
				eventType: 'integrations.recordingLinked',
				recordingId,
			});
			expect(JSON.parse(again.body)).toMatchObject({ workflowStarted: false });

			const executions = await waitForExecutions(workflow, 1);
			expect(executions.map((execution) => execution.status)).toEqual(['success']);
			const recording = fake.recordings.find(recordingId);
			const summaryText = recording.summary
				.map(({ name, content }) => `${name}\n${content}`)
				.join('\n\n');
			const [transcript] = await nodeItems(executions[0], 'Get Transcript');
			expect(transcript.text).toMatch(/^.+: Hi, thanks for having me over today\.\n/);

			expect(crm.received.slice(notesBefore)).toEqual([
				{
					method: 'POST',
					url: '/api/notes',
					body: {
						subject: 'Siro visit: Webhook example – Rivera kitchen',
						crm: recording.crm,
						siroRecordingId: recordingId,
						summary: summaryText,
						transcript: transcript.text,
					},
				},
			]);
			expect(await nodeItems(executions[0], 'Email the Manager')).toEqual([
				{
					fromEmail: 'siro-bot@example.com',
					toEmail: 'sales.manager@example.com',
					subject: 'Siro visit summary: Webhook example – Rivera kitchen',
					emailFormat: 'text',
					text: `A visit was recorded, processed and linked to the CRM in Siro: Webhook example – Rivera kitchen\n\nSummary\n${summaryText}\n\nTranscript\n${transcript.text}`,
				},
			]);
			await deactivate(workflow);
		});

		test('example: polling → summary listed with the recording + Get Transcript → CRM note and e-mail; a deletion is skipped', async () => {
			const { workflow, replaced } = workflows.pollingExample;
			expect(replaced).toEqual({ triggers: [], senders: ['Email the Manager'] });
			await activateAndPoll(workflow); // first poll: notes what exists
			const recordingId = processedRecording('Polling example – Baker roof');
			const notesBefore = crm.received.length;
			await deactivate(workflow);
			await activateAndPoll(workflow); // a poll now

			const [execution] = await waitForExecutions(workflow, 1);
			expect(execution.status).toBe('success');
			const recording = fake.recordings.find(recordingId);
			const summaryText = recording.summary
				.map(({ name, content }) => `${name}\n${content}`)
				.join('\n\n');
			const [transcript] = await nodeItems(execution, 'Get Transcript');
			expect(crm.received.slice(notesBefore).map((note) => note.body)).toEqual([
				{
					subject: 'Siro visit: Polling example – Baker roof',
					crm: recording.crm,
					siroRecordingId: recordingId,
					summary: summaryText,
					transcript: transcript.text,
				},
			]);
			expect((await nodeItems(execution, 'Email the Manager'))[0].subject).toBe(
				'Siro visit summary: Polling example – Baker roof',
			);

			// Deleted in Siro: the trigger says so, the example's filter stops it before the CRM.
			fake.recordings.delete(recordingId);
			await deactivate(workflow);
			await activateAndPoll(workflow);
			const executions = await waitForExecutions(workflow, 2);
			expect(await nodeItems(executions[1], 'New Linked Recording')).toEqual([
				expect.objectContaining({ recordingId, event: DELETED, deleted: true }),
			]);
			expect(await nodeItems(executions[1], 'Skip Deleted Recordings')).toEqual([]);
			expect(crm.received).toHaveLength(notesBefore + 1);
			await deactivate(workflow);
		});
	});
});
