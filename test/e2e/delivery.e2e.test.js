'use strict';
/**
 * Closing the loop in real n8n (1.123.81 on Node 20, 2.41.1 on Node 24): the flagship example
 * (appointment → Find the Rep → Build Record Link → text → Wait → Check Delivery → follow up) runs
 * headless against the fake Siro, whose fake phone receives each link; the webhook example; and a
 * version-1 Build Record Link beside a 1.1 one. Stand-ins only for Google, Twilio, e-mail and the
 * webhook caller. Needs `npm run build` first.
 */
const path = require('node:path');
const { ensureN8n } = require('../../dev/n8n/install');
const { N8nInstance, outputOf, errorOf } = require('../../dev/n8n/instance');
const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');
const wf = require('./support/workflows');
const { expectSuccess, usePackedPackage } = require('./support/packedPackage');
const delivery = require('./support/deliveryWorkflows');
const {
	runnableFlagship,
	DEMO_CALENDAR_EVENTS,
	DEMO_PHONE_BEHAVIOURS,
} = require('../../dev/examples/runnableFlagship');

jest.setTimeout(15 * 60 * 1000);

const ROOT = path.join(__dirname, '..', '..');
const USER_PAGES = Math.ceil(DEMO.userCount / DEMO.usersPageSize);
const { demo, formattedPhone, spacedPhone } = DEMO.users;

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const packed = usePackedPackage();
/** The package's own library (dist/): its rules give the expected links. */
let lib;
beforeAll(() => {
	lib = require(path.join(ROOT, 'dist', 'index.js'));
});

function expectNoSecret(run) {
	for (const secret of [DEMO.userAccessToken, DEMO.organizationApiToken]) {
		expect(run.stdout).not.toContain(secret);
		expect(run.stderr).not.toContain(secret);
	}
}

describe.each(['1', '2'])('closing the loop in real n8n line %s', (line) => {
	let n8n;
	let fake;
	let flagship;
	let webhook;
	let webhookUnknownRep;
	const versions = delivery.versionsWorkflow(line);

	async function execute(id) {
		fake.resetLog();
		const started = Date.now();
		const run = await n8n.execute(id);
		console.log(`line ${line}: execute ${id} in ${seconds(started)} (exit ${run.exitCode})`);
		expectNoSecret(run);
		return run;
	}

	beforeAll(async () => {
		const started = Date.now();
		await ensureN8n(line);
		fake = await startFakeSiro();
		n8n = new N8nInstance({ line });
		await n8n.installCommunityPackage(packed.tarball);
		await n8n.importCredentials([
			wf.siroCredential(fake.url, {
				organizationApiToken: DEMO.organizationApiToken,
				oauthBaseUrl: `${fake.url}/api-externalApi`,
			}),
		]);
		flagship = runnableFlagship(wf.readExample('calendar-event-to-sms.json'), {
			id: wf.workflowId('Flagship', line),
			fakeUrl: fake.url,
		});
		const webhookExample = wf.readExample('crm-webhook-to-email.json');
		webhook = delivery.webhookVariant(webhookExample, {
			id: wf.workflowId('Webhook', line),
			bodies: delivery.WEBHOOK_BODIES,
		});
		webhookUnknownRep = delivery.webhookVariant(webhookExample, {
			id: wf.workflowId('WebhookStranger', line),
			bodies: [{ ...delivery.WEBHOOK_BODIES[0], repEmail: 'attacker@evil.example' }],
		});
		await n8n.withJsonFile(
			[flagship.workflow, webhook.workflow, webhookUnknownRep.workflow, versions],
			(file) => n8n.cliOk(['import:workflow', `--input=${file}`]),
		);
		console.log(`line ${line}: set up in ${seconds(started)}`);
	});

	afterAll(async () => {
		await n8n?.cleanup();
		await fake?.close();
	});

	test('the flagship example: recording when the phone taps, notReceived and opened for the other reps, with the counted requests', async () => {
		expect(flagship.replaced).toEqual({
			triggers: ['Appointment Starting'],
			senders: ['Text the Rep', 'Text the Rep Again', 'Notify the Manager'],
		});
		for (const { userId, behaviour } of DEMO_PHONE_BEHAVIOURS) {
			fake.phone.setBehaviour(userId, behaviour);
		}
		const run = await execute(flagship.workflow.id);
		expectSuccess(run);

		// The Siro users among the attendees, found by e-mail in any case; the customers skipped.
		const reps = outputOf(run.result, 'Find the Rep');
		expect(reps.map((rep) => rep.id)).toEqual([
			demo.id,
			demo.id,
			formattedPhone.id,
			spacedPhone.id,
		]);
		expect(reps[2].phoneNumber).toBe('+13125550101'); // Siro has (312) 555-0101

		const links = outputOf(run.result, 'Build Record Link').map((item) => item.recordLink);
		expect(links).toEqual(
			DEMO_CALENDAR_EVENTS.map(
				(event) =>
					lib.buildRecordLink({
						action: 'start',
						title: event.summary,
						conversationType: DEMO.conversationTypes.inHomeConsultation.conversationType,
						integrationConnectionId: DEMO.integrationConnections.salesforce,
					}).url,
			),
		);

		const checked = outputOf(run.result, 'Check Delivery').map((item) => item.delivery);
		const taps = outputOf(run.result, 'Text the Rep');
		expect(checked.map((result) => result.status)).toEqual([
			'recording',
			'recording',
			'notReceived',
			'opened',
		]);
		expect(checked[0]).toEqual({
			status: 'recording',
			receivedAt: taps[0].events[0].createdAt,
			openedAt: taps[0].events[1].createdAt,
			recordingStartedAt: taps[0].events[2].createdAt,
			recordingId: taps[0].recordingId,
		});
		expect(checked[1].recordingId).toBe(taps[1].recordingId);
		expect(checked[2]).toEqual({
			status: 'notReceived',
			receivedAt: null,
			openedAt: null,
			recordingStartedAt: null,
			recordingId: null,
		});
		expect(checked[3]).toMatchObject({ status: 'opened', recordingStartedAt: null });

		// Only the two not recording are texted again and reported to the manager.
		const again = outputOf(run.result, 'Text the Rep Again');
		expect(again.map((sms) => sms.to)).toEqual(['+13125550101', '+14155550102']);
		expect(again[0].message).toContain(links[2]);
		const manager = outputOf(run.result, 'Notify the Manager');
		expect(manager.map((mail) => mail.subject)).toEqual([
			'Not recording: Chen kitchen remodel',
			'Not recording: Okafor siding quote',
		]);
		expect(manager[0].text).toContain('Siro reports: notReceived');
		expect(manager[1].text).toContain('Siro reports: opened');

		// Issue 10's counts: one user listing for the run (all pages), one conversation-type lookup,
		// one mobile-events listing per rep (Avery's two appointments share one); nothing else.
		expect(fake.countRequests('users')).toBe(USER_PAGES);
		expect(fake.countRequests('conversationConfigurations')).toBe(1);
		expect(fake.countRequests('mobileEvents')).toBe(3);
		expect(fake.countRequests()).toBe(USER_PAGES + 1 + 3);
		const listedFor = fake.requests
			.filter((request) => request.route === 'mobileEvents')
			.map((request) => request.query.userId);
		expect(listedFor).toEqual([demo.id, formattedPhone.id, spacedPhone.id]);
	});

	test('the webhook example: links only to Siro users, with the workflow’s redirect and connection', async () => {
		expect(webhook.replaced).toEqual({
			triggers: ['CRM Appointment Webhook'],
			senders: ['Email the Rep'],
		});
		const run = await execute(webhook.workflow.id);
		expectSuccess(run);
		const emails = outputOf(run.result, 'Email the Rep');
		expect(emails.map((mail) => mail.toEmail)).toEqual([demo.email, formattedPhone.email]);
		const dana = lib.buildRecordLink({
			action: 'start',
			title: 'Dana Lee – follow-up visit',
			conversationType: DEMO.conversationTypes.followUpVisit.conversationType,
			integrationConnectionId: DEMO.integrationConnections.hubspot,
			crmObjects: [
				{ objectType: 'Opportunity', objectId: 'opp-77' },
				{ objectType: 'Account', objectId: 'acc-12' },
			],
			redirectUrl: 'https://crm.example.com/opportunities/opp-77',
		}).url;
		expect(emails[0].text).toBe(
			`Tap this link on your phone when you arrive; Siro starts recording with the right conversation type and CRM records:\n\n${dana}`,
		);
		expect(emails[0].text).not.toContain('evil.example');
		expect(emails[0].text).not.toContain('conn-chosen-by-caller');
		expect(emails[1].text).toContain(
			`redirectUrl=${encodeURIComponent('https://crm.example.com/opportunities/opp%2F78')}`,
		);
		expect(fake.countRequests('users')).toBe(USER_PAGES);
		expect(fake.countRequests('conversationConfigurations')).toBe(1);
	});

	test('the webhook example refuses a recipient who is no Siro user of the organization', async () => {
		const run = await execute(webhookUnknownRep.workflow.id);
		expect(run.result.status).toBe('error');
		expect(errorOf(run.result, 'Find the Rep').message).toBe(
			'No Siro user in the organization has the e-mail "attacker@evil.example". [item 0]',
		);
		expect(run.result.data.resultData.runData['Email the Rep']).toBeUndefined();
	});

	test('a version-1 Build Record Link keeps working beside a 1.1 one, both giving the same link', async () => {
		const run = await execute(versions.id);
		expectSuccess(run);
		const [v1] = outputOf(run.result, 'Build v1');
		const [v11] = outputOf(run.result, 'Build v1.1');
		const expected = lib.buildRecordLink({
			action: 'start',
			title: 'Version check',
			integrationConnectionId: DEMO.integrationConnections.salesforce,
			crmObjects: [{ objectType: 'Opportunity', objectId: '006V1' }],
		}).url;
		expect(v1.recordLink).toBe(expected);
		expect(v11.recordLinkV11).toBe(expected);
		expect(fake.countRequests()).toBe(0);
	});
});
