import { randomUUID } from 'node:crypto';

import type { ICredentialTestFunctions, IDataObject, WorkflowExecuteMode } from 'n8n-workflow';

import { SiroWebhookApi } from '../../credentials/SiroWebhookApi.credentials';
import {
	DELIVERY_IDS,
	RECORDING_IDS,
	REMEMBERED_DELIVERIES,
} from '../../nodes/SiroTrigger/deliveryMemory';
import { SiroTrigger } from '../../nodes/SiroTrigger/SiroTrigger.node';
import { newSigningSecret, svixHeaders } from '../support/svixSigner';
import { createWebhookContext, type WebhookCall } from './support/webhookContext';

const trigger = new SiroTrigger();
const SECRET = newSigningSecret();
const OLD_SECRET = newSigningSecret();
const CREDENTIALS = { signingSecret: SECRET, previousSigningSecret: '' };

const PROCESSED = 'integrations.recordingProcessed';
const LINKED = 'integrations.recordingLinked';

function recordingEvent(overrides: IDataObject = {}): IDataObject {
	return {
		recordingId: 'rec-1',
		siroUserId: 'user-1',
		recordingProcessed: true,
		recordingLinked: true,
		eventType: PROCESSED,
		crm: {
			integrationConnectionId: 'conn-1',
			opportunity: { id: 'siro-opp-1', externalId: '006OPP1' },
		},
		...overrides,
	};
}

interface Delivery {
	payload?: IDataObject;
	/** The body's text exactly as sent; default: the payload as JSON. */
	body?: string;
	id?: string;
	timestamp?: number;
	signWith?: string | string[];
	headers?: Record<string, string>;
	rawBody?: Buffer | null;
}

interface CallOptions {
	parameters?: IDataObject;
	credentials?: IDataObject;
	staticData?: IDataObject;
	mode?: WorkflowExecuteMode;
	workflowId?: string;
}

/** Sends one signed delivery to the trigger's webhook(), as n8n hands it over. */
async function deliver(delivery: Delivery = {}, options: CallOptions = {}): Promise<WebhookCall> {
	const body = delivery.body ?? JSON.stringify(delivery.payload ?? recordingEvent());
	const headers = {
		'Content-Type': 'application/json',
		...svixHeaders({
			secret: delivery.signWith ?? SECRET,
			id: delivery.id ?? `msg_${randomUUID()}`,
			timestamp: delivery.timestamp ?? Math.floor(Date.now() / 1000),
			body,
		}),
		...delivery.headers,
	};
	const { context, call } = createWebhookContext({
		request: {
			headers,
			rawBody: delivery.rawBody === null ? undefined : (delivery.rawBody ?? Buffer.from(body)),
			body: JSON.parse(body),
		},
		properties: trigger.description.properties,
		credentials: (options.credentials ?? CREDENTIALS) as IDataObject as never,
		parameters: options.parameters,
		staticData: options.staticData,
		mode: options.mode,
		// Each test its own workflow, so that what one remembers never decides another.
		workflowId: options.workflowId ?? `workflow-${randomUUID()}`,
	});
	call.result = await trigger.webhook.call(context);
	return call;
}

/** The items of the run the delivery started; the trigger answered 200 itself, before n8n runs it. */
function started(call: WebhookCall): IDataObject[] {
	expect(call.response).toEqual({ status: 200, body: { received: true, workflowStarted: true } });
	expect(call.result.noWebhookResponse).toBe(true);
	expect(call.result.workflowData).toHaveLength(1);
	return (call.result.workflowData ?? [[]])[0].map((item) => item.json);
}

function expectRefused(call: WebhookCall, status: number, reason: string): void {
	expect(call.result).toEqual({ noWebhookResponse: true });
	expect(call.response).toEqual({
		status,
		body: { reason, message: expect.any(String) },
	});
}

function expectAcknowledged(call: WebhookCall, message: RegExp): void {
	expect(call.result).toEqual({ noWebhookResponse: true });
	expect(call.response).toEqual({
		status: 200,
		body: { received: true, workflowStarted: false, message: expect.stringMatching(message) },
	});
}

describe('Siro Trigger: deliveries that start the workflow', () => {
	it('starts one run with the payload and its event, verified on the raw body', async () => {
		const call = await deliver();
		expect(started(call)).toEqual([{ ...recordingEvent(), event: PROCESSED }]);
	});

	it('verifies the bytes n8n received, not the JSON n8n parsed from them', async () => {
		const body =
			'{ "recordingId":"rec-é🏠",\r\n\t"recordingProcessed":true, "recordingLinked":true, "eventType":"integrations.recordingLinked" }\n';
		const call = await deliver({ body });
		expect(started(call)).toEqual([{ ...JSON.parse(body), event: LINKED }]);
	});

	it('refuses a request whose raw body n8n did not keep (a multipart upload)', async () => {
		expectRefused(await deliver({ rawBody: null }), 401, 'badSignature');
	});

	it('accepts the previous signing secret while Siro rotates it', async () => {
		const credentials = { signingSecret: SECRET, previousSigningSecret: OLD_SECRET };
		expect(started(await deliver({ signWith: OLD_SECRET }, { credentials }))).toHaveLength(1);
		expect(
			started(await deliver({ signWith: [OLD_SECRET, SECRET] }, { credentials })),
		).toHaveLength(1);
		expectRefused(await deliver({ signWith: OLD_SECRET }), 401, 'badSignature');
	});
});

describe('Siro Trigger: refused deliveries get 401 and start nothing', () => {
	it('forged: signed with another secret', async () => {
		expectRefused(await deliver({ signWith: newSigningSecret() }), 401, 'badSignature');
	});

	it('altered: the body changed after signing', async () => {
		const body = JSON.stringify(recordingEvent());
		const call = await deliver({ body, rawBody: Buffer.from(body.replace('rec-1', 'rec-2')) });
		expectRefused(call, 401, 'badSignature');
	});

	it('stale: signed more than 5 minutes ago', async () => {
		const call = await deliver({ timestamp: Math.floor(Date.now() / 1000) - 301 });
		expectRefused(call, 401, 'timestampOutOfRange');
	});

	it('unsigned: no Svix headers', async () => {
		const call = await deliver({ headers: { 'svix-signature': '' } });
		expectRefused(call, 401, 'missingHeaders');
	});

	it('replayed: the same delivery again, remembered in the static data', async () => {
		const staticData: IDataObject = {};
		const delivery = { id: 'msg_replayed', timestamp: Math.floor(Date.now() / 1000) };
		expect(started(await deliver(delivery, { staticData }))).toHaveLength(1);
		const replay = await deliver(delivery, { staticData });
		expectRefused(replay, 401, 'replayed');
		expect(staticData[DELIVERY_IDS]).toEqual(['msg_replayed']);
	});

	it('replayed after a restart: the static data alone refuses it', async () => {
		// Test runs skip the process-wide memory, so only the static data can refuse this replay.
		const staticData: IDataObject = { [DELIVERY_IDS]: ['msg_seen_before_restart'] };
		const call = await deliver({ id: 'msg_seen_before_restart' }, { staticData, mode: 'manual' });
		expectRefused(call, 401, 'replayed');
	});

	it('replayed alongside the original: refused though each request loaded the static data before the other saved it', async () => {
		const delivery = { id: 'msg_concurrent', timestamp: Math.floor(Date.now() / 1000) };
		const options = { workflowId: 'workflow-concurrent' };
		const [first, second] = await Promise.all([
			deliver(delivery, { ...options, staticData: {} }),
			deliver(delivery, { ...options, staticData: {} }),
		]);
		expect(started(first)).toHaveLength(1);
		expectRefused(second, 401, 'replayed');
	});

	it('keeps no more than the last 1,000 delivery IDs, oldest dropped first', async () => {
		const staticData: IDataObject = {};
		const options = { staticData, mode: 'manual' as const, parameters: { events: [] } };
		for (let i = 0; i < REMEMBERED_DELIVERIES + 5; i++) {
			await deliver({ id: `msg_${i}` }, options);
		}
		const remembered = staticData[DELIVERY_IDS] as string[];
		expect(remembered).toHaveLength(REMEMBERED_DELIVERIES);
		expect(remembered[0]).toBe('msg_5');
		expect(remembered[REMEMBERED_DELIVERIES - 1]).toBe(`msg_${REMEMBERED_DELIVERIES + 4}`);
	});

	it('signed but with a recording ID too long to remember: 400, nothing started', async () => {
		const call = await deliver({ payload: recordingEvent({ recordingId: 'r'.repeat(257) }) });
		expectRefused(call, 400, 'badPayload');
		const longest = recordingEvent({ recordingId: 'r'.repeat(256) });
		expect(started(await deliver({ payload: longest }))).toHaveLength(1);
	});

	it('signed but not a recording event: 400, nothing started', async () => {
		const { recordingId: _dropped, ...withoutId } = recordingEvent();
		const call = await deliver({ payload: withoutId });
		expectRefused(call, 400, 'badPayload');
		expect((call.response.body as IDataObject).message).toContain('recordingId is missing');
	});
});

describe('Siro Trigger: a signing secret that is not one', () => {
	it.each([
		[
			'signingSecret',
			'not-a-secret',
			"Siro Webhook credential's Signing Secret does not start with whsec_",
		],
		[
			'previousSigningSecret',
			'whsec_!!',
			"Siro Webhook credential's Previous Signing Secret is not whsec_ followed by base64",
		],
	])(
		'%s: 500 naming the field, nothing started, the secret nowhere',
		async (field, value, text) => {
			const credentials = { ...CREDENTIALS, [field]: value };
			const call = await deliver({}, { credentials });
			expectRefused(call, 500, 'badSecret');
			expect((call.response.body as IDataObject).message).toContain(text);
			expect(call.logs).toEqual([
				expect.stringMatching(/^warn: Siro Trigger refused a delivery \(badSecret\)/),
			]);
			const shown = JSON.stringify([call.response, call.logs]);
			expect(shown).not.toContain(value);
			expect(shown).not.toContain(SECRET.slice(6, 14));
		},
	);
});

describe('Siro Trigger: events', () => {
	it('acknowledges an event it was not set to start on (2xx, so Siro does not resend it)', async () => {
		const staticData: IDataObject = {};
		const call = await deliver(
			{ payload: recordingEvent({ eventType: LINKED }), id: 'msg_unselected' },
			{ parameters: { events: [PROCESSED] }, staticData },
		);
		expectAcknowledged(call, /integrations\.recordingLinked is not one of the events/);
		expect(staticData[DELIVERY_IDS]).toEqual(['msg_unselected']);
	});

	it('acknowledges an event type Siro may add later', async () => {
		const call = await deliver({ payload: { eventType: 'integrations.somethingNew', id: 'x' } });
		expectAcknowledged(call, /integrations\.somethingNew is not one of the events/);
	});
});

describe('Siro Trigger: Only When Processed and Linked', () => {
	const unlinked = recordingEvent({ recordingLinked: false, crm: undefined });

	it('on (the default): a processed but unlinked recording does not start the workflow', async () => {
		const staticData: IDataObject = {};
		expectAcknowledged(
			await deliver({ payload: unlinked }, { staticData }),
			/not both processed and linked/,
		);
		expect(staticData[RECORDING_IDS]).toBeUndefined();
	});

	it('on: starts once the recording is both, whichever event says so, then never again for it', async () => {
		const staticData: IDataObject = {};
		expectAcknowledged(await deliver({ payload: unlinked }, { staticData }), /not both/);
		const linked = await deliver(
			{ payload: recordingEvent({ eventType: LINKED }) },
			{ staticData },
		);
		expect(started(linked)).toEqual([{ ...recordingEvent({ eventType: LINKED }), event: LINKED }]);
		const processedAgain = await deliver({ payload: recordingEvent() }, { staticData });
		expectAcknowledged(processedAgain, /already started for this recording/);
		expect(
			started(await deliver({ payload: recordingEvent({ recordingId: 'rec-2' }) }, { staticData })),
		).toHaveLength(1);
		expect(staticData[RECORDING_IDS]).toEqual(['rec-1', 'rec-2']);
	});

	it('on: the processed and linked events of one recording arriving together start one run', async () => {
		const options = { workflowId: 'workflow-two-events' };
		const calls = await Promise.all([
			deliver({ payload: recordingEvent() }, { ...options, staticData: {} }),
			deliver({ payload: recordingEvent({ eventType: LINKED }) }, { ...options, staticData: {} }),
		]);
		expect(calls.map((call) => call.result.workflowData?.length ?? 0).sort()).toEqual([0, 1]);
	});

	it('off: every selected event starts the workflow, processed-but-unlinked included', async () => {
		const staticData: IDataObject = {};
		const parameters = { onlyWhenProcessedAndLinked: false };
		expect(started(await deliver({ payload: unlinked }, { parameters, staticData }))).toEqual([
			{ ...unlinked, event: PROCESSED },
		]);
		expect(
			started(await deliver({ payload: recordingEvent() }, { parameters, staticData })),
		).toHaveLength(1);
		expect(staticData[RECORDING_IDS]).toBeUndefined();
	});
});

describe('Siro Trigger: test mode ("listen for test event")', () => {
	it('starts the run the same way', async () => {
		expect(started(await deliver({}, { mode: 'manual' }))).toHaveLength(1);
	});

	it('lets the same event be sent again in a new test (the test copy of the static data is not saved)', async () => {
		const delivery = { id: 'msg_test_again', timestamp: Math.floor(Date.now() / 1000) };
		const options = { mode: 'manual' as const, workflowId: 'workflow-test-again' };
		expect(started(await deliver(delivery, { ...options, staticData: {} }))).toHaveLength(1);
		expect(started(await deliver(delivery, { ...options, staticData: {} }))).toHaveLength(1);
	});
});

describe('Siro Webhook credential and its test', () => {
	const test = trigger.methods.credentialTest.siroWebhookSecretTest;
	const run = (data: IDataObject) =>
		test.call({} as ICredentialTestFunctions, {
			id: 'c1',
			name: 'Siro Webhook',
			type: 'siroWebhookApi',
			data: data as never,
		});

	it('is the credential the trigger requires, tested by the trigger', () => {
		expect(new SiroWebhookApi().name).toBe('siroWebhookApi');
		expect(trigger.description.credentials).toEqual([
			{ name: 'siroWebhookApi', required: true, testedBy: 'siroWebhookSecretTest' },
		]);
	});

	it('passes a well-formed secret, saying what it could not check', async () => {
		expect(await run(CREDENTIALS)).toEqual({
			status: 'OK',
			message: expect.stringContaining('deliveries signed with another secret get 401'),
		});
		expect((await run({ signingSecret: SECRET, previousSigningSecret: OLD_SECRET })).status).toBe(
			'OK',
		);
	});

	it('fails a malformed one, naming the field and never quoting it', async () => {
		const current = await run({ signingSecret: SECRET.slice(6) });
		expect(current).toEqual({
			status: 'Error',
			message: expect.stringContaining('Signing Secret does not start with whsec_'),
		});
		expect(current.message).not.toContain(SECRET.slice(6, 14));
		const previous = await run({ signingSecret: SECRET, previousSigningSecret: `${OLD_SECRET}!` });
		expect(previous.message).toContain('Previous Signing Secret');
		expect(previous.message).not.toContain(OLD_SECRET.slice(6, 14));
		expect((await run({})).message).toContain('Signing Secret is empty');
	});
});
