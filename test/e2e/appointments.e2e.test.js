'use strict';
/**
 * The second flagship example (examples/calendar-to-engagements-unrecorded-alert.json) end to end in
 * real n8n, 1.123.81 on Node 20 and 2.41.1 on Node 24, against the fake Siro with a seeded day of
 * appointments (dev/examples/runnableAppointments.js): stand-ins only for Google Calendar and the SMS
 * provider. The calendar part runs headless (`n8n execute`); the Siro Trigger's "Appointment Ended
 * Without Recording" part runs in server mode, one poll per activation (how polls are driven
 * headlessly: recordings.e2e.test.js). Needs `npm run build` first.
 */
const path = require('node:path');
const { ensureN8n } = require('../../dev/n8n/install');
const { N8nInstance, outputOf } = require('../../dev/n8n/instance');
const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');
const {
	appointmentsDay,
	engagementRecordLink,
	runnableAppointments,
	seedAppointmentsDay,
} = require('../../dev/examples/runnableAppointments');
const wf = require('./support/workflows');
const { expectSuccess, usePackedPackage } = require('./support/packedPackage');
const {
	activateAndPoll: activateAndPollWorkflow,
	deactivateWorkflow,
	executionItems,
	waitForFinishedExecutions,
} = require('./support/executions');

jest.setTimeout(15 * 60 * 1000);

const ROOT = path.join(__dirname, '..', '..');
const FILE = 'calendar-to-engagements-unrecorded-alert.json';
const TRIGGER = 'Appointment Ended Without Recording';
/** How long the activation poll and its execution may take to show (2.x activates a moment later). */
const POLL_WAIT_MS = 120 * 1000;
const { formattedPhone: priya, dashedPhone: sofia } = DEMO.users;

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const packed = usePackedPackage();
/** The package's own library (dist/): it seeds the day and gives the expected links. */
let lib;
beforeAll(() => {
	lib = require(path.join(ROOT, 'dist', 'index.js'));
});

describe.each(['1', '2'])('appointments flagship in real n8n line %s', (line) => {
	let n8n;
	let fake;
	let api;
	let flatted;
	let day;
	let runnable;
	let lineStarted;

	const subjectOf = (externalId) => day.find((event) => event.id === externalId).summary;
	const storedEngagement = (externalId) =>
		fake.data.engagements.find((engagement) => engagement.externalId === externalId);

	/** Activates the workflow; resolves once its trigger's activation poll listed the reps and n8n saved its state. */
	const activateAndPoll = (workflow) =>
		activateAndPollWorkflow(api, fake, workflow, {
			route: 'engagementUsers',
			nodeName: TRIGGER,
			stateKey: 'siroUnrecorded',
			timeoutMs: POLL_WAIT_MS,
		});

	beforeAll(async () => {
		lineStarted = Date.now();
		const install = await ensureN8n(line);
		flatted = require(path.join(install.dir, 'node_modules', 'flatted'));
		fake = await startFakeSiro();
		n8n = new N8nInstance({ line });
		await n8n.installCommunityPackage(packed.tarball);
		await n8n.importCredentials([wf.siroCredentialWithOrganizationToken(fake.url)]);
		day = appointmentsDay(Date.now());
		await seedAppointmentsDay(fake, { lib, events: day });
		runnable = runnableAppointments(wf.readExample(FILE), {
			id: wf.workflowId('Appointments', line),
			fakeUrl: fake.url,
			events: day,
		});
		await n8n.withJsonFile([runnable.workflow], (file) =>
			n8n.cliOk(['import:workflow', `--input=${file}`]),
		);
		console.log(`line ${line}: set up in ${seconds(lineStarted)}`);
	});

	afterAll(async () => {
		await n8n?.cleanup();
		await fake?.close();
		if (lineStarted) console.log(`line ${line}: whole line took ${seconds(lineStarted)}`);
	});

	test('the calendar part: every event synced (once each), only the appointment still on texted its engagement link at its start; the rep records without it and Siro matches it by rep and time', async () => {
		expect(runnable.replaced).toEqual({
			triggers: ['Appointment Created', 'Appointment Updated', 'Appointment Cancelled'],
			senders: ['Text the Rep', 'Remind the Rep', 'Notify the Manager'],
		});
		const engagementsBefore = fake.data.engagements.length;
		const started = Date.now();
		const run = await n8n.execute(runnable.workflow.id);
		console.log(`line ${line}: calendar part in ${seconds(started)}`);
		expectSuccess(run);
		for (const secret of [DEMO.userAccessToken, DEMO.organizationApiToken]) {
			expect(run.stdout).not.toContain(secret);
			expect(run.stderr).not.toContain(secret);
		}

		// Upserted by External ID: the seeded five updated, the sixth created, no duplicate.
		const synced = outputOf(run.result, 'Sync to Siro');
		expect(
			synced.map((engagement) => [engagement.externalId, engagement.recording.status]),
		).toEqual([
			['demoappt01', 'recorded'],
			['demoappt02', 'notRecorded'],
			['demoappt03', 'cancelled'],
			['demoappt04', 'notRecorded'],
			['demoappt05', 'notEnded'],
			['demoappt06', 'notEnded'],
		]);
		expect(fake.data.engagements).toHaveLength(engagementsBefore + 1);

		// Over or cancelled: no text. The one in progress: its rep, at its start (already passed).
		expect(outputOf(run.result, 'Still Ahead?').map((item) => item.externalId)).toEqual([
			'demoappt06',
		]);
		expect(outputOf(run.result, 'Appointment for the Rep')).toEqual([
			expect.objectContaining({
				subject: subjectOf('demoappt06'),
				userId: sofia.id,
				phoneNumber: '+15125550103', // Siro has 512-555-0103
			}),
		]);
		const [link] = outputOf(run.result, 'Build Record Link');
		expect(link.recordLink).toBe(
			engagementRecordLink(lib, { subject: subjectOf('demoappt06'), externalId: 'demoappt06' }),
		);
		const [tap] = outputOf(run.result, 'Text the Rep');
		expect(tap).toMatchObject({ userId: sofia.id, behaviour: 'recordsWithoutLink' });
		expect(tap.recordingId).toEqual(expect.any(String));
		expect(storedEngagement('demoappt06').recordingId).toBe(tap.recordingId);
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

		test('the example as shipped: every node exists in this n8n at its version, with parameters it knows', async () => {
			const { data: nodeTypes } = await api.get('/types/nodes.json');
			expect(wf.unknownExampleNodes(nodeTypes, [FILE])).toEqual([]);
		});

		test('the trigger part reports exactly the ended, unrecorded appointments of the day once, and tells each rep and the manager; the next poll reports nothing', async () => {
			const workflow = runnable.workflow;
			// The calendar part's `n8n execute` is listed too (mode cli): the trigger's come after it.
			const triggerRuns = async (count, timeoutMs) =>
				(await waitForFinishedExecutions(api, workflow, count + 1, timeoutMs)).all.filter(
					(execution) => execution.mode !== 'cli',
				);
			expect(await triggerRuns(0, 0)).toEqual([]);
			const started = Date.now();
			await activateAndPoll(workflow);
			const [execution] = await triggerRuns(1, POLL_WAIT_MS);
			console.log(`line ${line}: first poll's execution after ${seconds(started)}`);
			expect(execution).toMatchObject({ mode: 'trigger', status: 'success' });
			const items = (nodeName) => executionItems(api, flatted, execution, nodeName);

			// Priya's two: not Avery's recorded one, not the cancelled one, not the one inside its
			// grace, not the one in progress.
			const reported = await items(TRIGGER);
			expect(
				reported.map((item) => [item.externalId, item.subject, item.reps.map((rep) => rep.userId)]),
			).toEqual([
				['demoappt02', subjectOf('demoappt02'), [priya.id]],
				['demoappt04', subjectOf('demoappt04'), [priya.id]],
			]);
			for (const item of reported) {
				expect(item).toMatchObject({
					event: 'appointmentEndedWithoutRecording',
					engagementId: storedEngagement(item.externalId).id,
					recording: { status: 'notRecorded', endedAt: item.endTime },
				});
			}

			expect(await items('Remind the Rep')).toEqual(
				['demoappt02', 'demoappt04'].map((externalId) => ({
					from: '+15550000000',
					to: '+13125550101', // Siro has (312) 555-0101
					message: expect.stringContaining(`Siro has no recording of "${subjectOf(externalId)}"`),
				})),
			);
			expect(
				(await items('Notify the Manager')).map((mail) => [mail.toEmail, mail.subject]),
			).toEqual(
				['demoappt02', 'demoappt04'].map((externalId) => [
					'manager@example.com',
					`Not recorded: ${subjectOf(externalId)}`,
				]),
			);
			const [firstMail] = await items('Notify the Manager');
			expect(firstMail.text).toContain(`Reps: ${priya.firstName} ${priya.lastName}.`);
			expect(firstMail.text).toContain('Calendar event (External ID): demoappt02.');

			// Another poll (activation again): it reads nothing decided already and starts no run.
			await deactivateWorkflow(api, workflow);
			const readsBefore = fake.countRequests('engagement');
			await activateAndPoll(workflow);
			await sleep(5000);
			expect(fake.countRequests('engagement')).toBe(readsBefore);
			expect(await triggerRuns(1, 0)).toEqual([execution]);
			await deactivateWorkflow(api, workflow);
		});
	});
});
