/**
 * The Siro Trigger's polling mode: poll() with a stand-in of n8n's IPollFunctions against the fake
 * Siro over real sockets (the static data carried from poll to poll as n8n keeps it, or through JSON
 * as after a restart), execute() as n8n runs the trigger inside an execution, and the state rules on
 * their own.
 */
import {
	NodeHelpers,
	type IDataObject,
	type IHttpRequestOptions,
	type INodeParameters,
} from 'n8n-workflow';

import { DEMO } from '../../dev/fake-siro/server';
import {
	DELETED,
	eventFor,
	LINKED,
	LOOKBACK_MS,
	OVERLAP_MS,
	POLL_STATE,
	pollStep,
	PROCESSED,
	readPollState,
	REMEMBERED_POLLED_RECORDINGS,
	type TriggerRules,
} from '../../nodes/SiroTrigger/pollingState';
import { SiroTrigger } from '../../nodes/SiroTrigger/SiroTrigger.node';
import { useFakeSiro } from './support/fakeSiroFixture';
import { createPollContext, createTriggerExecuteContext } from './support/pollContext';
import { accessTokenCredentials, organizationTokenCredentials } from './support/siroCredentials';

const fake = useFakeSiro();
const trigger = new SiroTrigger();
const PROCESSED_EVENT = 'integrations.recordingProcessed';
const LINKED_EVENT = 'integrations.recordingLinked';
const REP = DEMO.users.formattedPhone.id;

interface PollOptions {
	parameters?: IDataObject;
	mode?: 'trigger' | 'manual';
	credentials?: IDataObject;
	beforeSend?: (options: IHttpRequestOptions) => IHttpRequestOptions;
}

/** One poll, as n8n runs it at a Poll Time, with the workflow's static data. */
async function poll(staticData: IDataObject, options: PollOptions = {}) {
	const { context, call } = createPollContext({
		properties: trigger.description.properties,
		parameters: { mode: 'polling', ...options.parameters },
		credentials: (options.credentials ?? organizationTokenCredentials(fake)) as never,
		staticData,
		mode: options.mode,
		beforeSend: options.beforeSend,
	});
	const result = await trigger.poll.call(context);
	return { result, items: (result?.[0] ?? []).map((item) => item.json), call };
}

/** A new recording on the rep's phone (not processed yet); its ID. */
function recordNew(title = 'Polling test visit'): string {
	return fake.phone.pressRecordButton({ userId: REP, title }).recordingId as string;
}

const idsOf = (items: IDataObject[]) => items.map((item) => item.recordingId);
const listingQueries = () =>
	fake.requests.filter((entry) => entry.route === 'recordings').map((entry) => entry.query);

describe('Siro Trigger polling: the first poll', () => {
	it('notes what exists and emits nothing, so the workflow starts for what happens from activation', async () => {
		const staticData: IDataObject = {};
		const before = Date.now();
		const { result } = await poll(staticData);

		expect(result).toBeNull();
		const [query] = listingQueries();
		expect(query).toEqual({
			pageSize: '1000',
			'updatedAt:gt': expect.any(String),
			isProcessingDone: 'true',
			showCrmLinks: 'true',
		});
		// It looks back a week to learn what exists.
		expect(Date.parse(query['updatedAt:gt'] as string)).toBeGreaterThanOrEqual(
			before - LOOKBACK_MS,
		);
		const state = readPollState(staticData);
		expect(state?.recordings.get(DEMO.recordings.processedLinked)).toBe(PROCESSED | LINKED);
		expect(state?.recordings.get(DEMO.recordings.processedUnlinked)).toBe(PROCESSED);

		// The recordings it noted never start the workflow.
		expect((await poll(staticData)).result).toBeNull();
	});

	it('does nothing in webhook mode (n8n still calls poll() at the Poll Times): no request, no state', async () => {
		const staticData: IDataObject = {};
		const { context } = createPollContext({
			properties: trigger.description.properties,
			parameters: {},
			credentials: organizationTokenCredentials(fake),
			staticData,
		});
		expect(await trigger.poll.call(context)).toBeNull();
		expect(fake.countRequests()).toBe(0);
		expect(staticData).toEqual({});
	});
});

describe('Siro Trigger polling: each recording once', () => {
	it('emits a recording processed and linked after activation once, shaped like the webhook payload, with the recording', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const recordingId = recordNew('Kitchen estimate – Ortiz');
		expect((await poll(staticData)).result).toBeNull(); // recorded, not processed yet

		fake.recordings.process(recordingId, { linked: true });
		fake.resetLog();
		const { items } = await poll(staticData);
		const stored = fake.recordings.find(recordingId);
		expect(items).toEqual([
			{
				event: PROCESSED_EVENT,
				eventType: PROCESSED_EVENT,
				recordingId,
				siroUserId: REP,
				recordingProcessed: true,
				recordingLinked: true,
				crm: stored.crm,
				deleted: false,
				recording: expect.objectContaining({
					id: recordingId,
					title: 'Kitchen estimate – Ortiz',
					crm: stored.crm,
					deleted: false,
				}),
			},
		]);
		// The listing starts a little before the newest update the last poll saw.
		const [query] = listingQueries();
		expect(query).toMatchObject({ isProcessingDone: 'true', showCrmLinks: 'true' });
		expect(query).not.toHaveProperty('showSummary');

		// The next polls list it again (the overlap) and do not emit it again.
		expect((await poll(staticData)).result).toBeNull();
		expect((await poll(staticData)).result).toBeNull();
	});

	it("emits several recordings of one poll oldest update first, following Siro's cursors", async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const recorded = Array.from({ length: 30 }, (_, index) => recordNew(`Batch visit ${index}`));
		for (const id of recorded) fake.recordings.process(id, { linked: true });

		// Siro pages by its own size when asked for none: the fake's 25 a page.
		fake.resetLog();
		const { items } = await poll(staticData, {
			beforeSend: (options) => {
				const url = new URL(options.url);
				url.searchParams.delete('pageSize');
				return { ...options, url: url.toString() };
			},
		});
		expect(idsOf(items)).toEqual(recorded);
		expect(
			listingQueries().map((query) => (query.cursor === undefined ? 'first' : 'next')),
		).toEqual(['first', 'next']);
		expect((await poll(staticData)).result).toBeNull();
	});

	it('at the window edge: a recording Siro shows late with the same updatedAt as the newest seen is emitted, the newest not again', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const first = recordNew('Edge one');
		fake.recordings.process(first, { linked: true });
		expect(idsOf((await poll(staticData)).items)).toEqual([first]);
		const since = readPollState(staticData)?.since;
		expect(since).toBe(Date.parse(fake.recordings.find(first).updatedAt));

		// Written at the same millisecond, visible only now.
		const late = recordNew('Edge two');
		fake.recordings.process(late, { linked: true });
		fake.recordings.find(late).updatedAt = fake.recordings.find(first).updatedAt;
		expect(idsOf((await poll(staticData)).items)).toEqual([late]);
		expect((await poll(staticData)).result).toBeNull();
	});

	it('emits a recording stamped by a clock a little behind (within the overlap), and never one the first poll noted', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const latest = recordNew('Clock ahead');
		fake.recordings.process(latest, { linked: true });
		await poll(staticData);

		const behind = recordNew('Clock behind');
		fake.recordings.process(behind, { linked: true });
		const since = readPollState(staticData)?.since as number;
		fake.recordings.find(behind).updatedAt = new Date(since - OVERLAP_MS + 60 * 1000).toISOString();
		expect(idsOf((await poll(staticData)).items)).toEqual([behind]);

		// A recording the first poll noted (processed and linked before activation), updated again: not emitted.
		const noted = fake.recordings.find(DEMO.recordings.processedLinked);
		noted.title = `${noted.title} (renamed)`;
		noted.updatedAt = new Date().toISOString();
		expect((await poll(staticData)).result).toBeNull();
	});

	it('does not emit a recording created before the first poll looked back, when it changes later', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const old = fake.data.recordings.find(
			(recording: IDataObject) =>
				recording.organizationId === DEMO.organizationId &&
				recording.isProcessingDone === true &&
				recording.crm !== null &&
				Date.parse(recording.createdAt as string) < Date.now() - LOOKBACK_MS - 60 * 60 * 1000,
		) as IDataObject;
		expect(readPollState(staticData)?.recordings.has(old.id as string)).toBe(false);
		old.result = 'WON';
		old.updatedAt = new Date().toISOString();
		expect((await poll(staticData)).result).toBeNull();
		expect(readPollState(staticData)?.recordings.get(old.id as string)).toBe(PROCESSED | LINKED);
	});

	it('keeps its memory across a restart: the static data n8n saved is all it needs', async () => {
		let staticData: IDataObject = {};
		await poll(staticData);
		const before = recordNew('Before restart');
		fake.recordings.process(before, { linked: true });
		expect(idsOf((await poll(staticData)).items)).toEqual([before]);

		// n8n saved the static data as JSON and loads it into a new context after the restart.
		staticData = JSON.parse(JSON.stringify(staticData));
		const after = recordNew('After restart');
		fake.recordings.process(after, { linked: true });
		expect(idsOf((await poll(staticData)).items)).toEqual([after]);
		expect((await poll(JSON.parse(JSON.stringify(staticData)))).result).toBeNull();
	});
});

describe('Siro Trigger polling: deleted recordings are flagged, not dropped', () => {
	it('emits a recording again when it is deleted after starting the workflow, with deleted: true, once', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const recordingId = recordNew('Deleted later');
		fake.recordings.process(recordingId, { linked: true });
		expect(idsOf((await poll(staticData)).items)).toEqual([recordingId]);

		fake.recordings.delete(recordingId);
		const { items } = await poll(staticData);
		expect(items).toEqual([
			expect.objectContaining({
				event: 'recordingDeleted',
				eventType: 'recordingDeleted',
				recordingId,
				deleted: true,
				recording: expect.objectContaining({ deleted: true, deletedAt: expect.any(String) }),
			}),
		]);
		expect((await poll(staticData)).result).toBeNull();
	});

	it('emits a recording processed, linked and deleted between two polls once, flagged', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const recordingId = recordNew('Gone before the poll');
		fake.recordings.process(recordingId, { linked: true });
		fake.recordings.delete(recordingId);
		const { items } = await poll(staticData);
		expect(items.map((item) => [item.recordingId, item.event, item.deleted])).toEqual([
			[recordingId, 'recordingDeleted', true],
		]);
	});

	it('does not emit the deletion of a recording the workflow never started for (processed, not linked)', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const recordingId = recordNew('Never linked');
		fake.recordings.process(recordingId, { linked: false });
		expect((await poll(staticData)).result).toBeNull();
		fake.recordings.delete(recordingId);
		expect((await poll(staticData)).result).toBeNull();
	});
});

describe('Siro Trigger polling: the events and Only When Processed and Linked', () => {
	it('with the option on (default): a recording processed now and linked later starts the workflow once, when linked', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const recordingId = recordNew('Linked later');
		fake.recordings.process(recordingId, { linked: false });
		expect((await poll(staticData)).result).toBeNull();

		const recording = fake.recordings.find(recordingId);
		recording.crm = { integrationConnectionId: DEMO.integrationConnections.salesforce, users: [] };
		recording.updatedAt = new Date().toISOString();
		const { items } = await poll(staticData);
		expect(items.map((item) => [item.recordingId, item.event, item.recordingLinked])).toEqual([
			[recordingId, LINKED_EVENT, true],
		]);
		expect((await poll(staticData)).result).toBeNull();
	});

	it('with the option off: each selected event once per recording', async () => {
		const staticData: IDataObject = {};
		const both = { onlyWhenProcessedAndLinked: false };
		const linkedOnly = { onlyWhenProcessedAndLinked: false, events: [LINKED_EVENT] };
		const linkedOnlyData: IDataObject = {};
		await poll(staticData, { parameters: both });
		await poll(linkedOnlyData, { parameters: linkedOnly });

		const recordingId = recordNew('Event by event');
		fake.recordings.process(recordingId, { linked: false });
		expect(
			(await poll(staticData, { parameters: both })).items.map((item) => [item.event, item.crm]),
		).toEqual([[PROCESSED_EVENT, undefined]]);
		expect((await poll(linkedOnlyData, { parameters: linkedOnly })).result).toBeNull();

		const recording = fake.recordings.find(recordingId);
		recording.crm = { integrationConnectionId: DEMO.integrationConnections.hubspot, users: [] };
		recording.updatedAt = new Date().toISOString();
		expect((await poll(staticData, { parameters: both })).items.map((item) => item.event)).toEqual([
			LINKED_EVENT,
		]);
		expect(
			(await poll(linkedOnlyData, { parameters: linkedOnly })).items.map((item) => item.event),
		).toEqual([LINKED_EVENT]);
		expect((await poll(staticData, { parameters: both })).result).toBeNull();
		expect((await poll(linkedOnlyData, { parameters: linkedOnly })).result).toBeNull();
	});

	it('with Recording and Summary: each item carries the summary, listed with the recordings (no extra request)', async () => {
		const staticData: IDataObject = {};
		const parameters = { pollingInclude: 'recordingAndSummary' };
		await poll(staticData, { parameters });
		const recordingId = recordNew('With summary');
		fake.recordings.process(recordingId, { linked: true });
		fake.resetLog();
		const { items } = await poll(staticData, { parameters });

		const sections = fake.recordings
			.find(recordingId)
			.summary.map(({ name, content }: IDataObject) => ({ name, content }));
		expect(items[0].summary).toEqual({
			sections,
			text: sections.map(({ name, content }: IDataObject) => `${name}\n${content}`).join('\n\n'),
		});
		expect(items[0].recording).not.toHaveProperty('summary');
		expect(listingQueries()).toEqual([expect.objectContaining({ showSummary: 'true' })]);
		expect(fake.countRequests()).toBe(1);
	});
});

describe('Siro Trigger polling: a manual test', () => {
	it('returns the latest processed and linked recording and changes no state', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const saved = JSON.stringify(staticData);
		const unlinked = recordNew('Newest, unlinked');
		fake.recordings.process(unlinked, { linked: false });
		const linked = recordNew('Newest linked');
		fake.recordings.process(linked, { linked: true });
		recordNew('Newest, still recording'); // newer still, not processed: not the test event

		const { items } = await poll(staticData, { mode: 'manual' });
		expect(items.map((item) => [item.recordingId, item.event])).toEqual([
			[linked, PROCESSED_EVENT],
		]);
		expect(JSON.stringify(staticData)).toBe(saved);
		// …and the recording still starts the workflow at the next real poll.
		expect(idsOf((await poll(staticData)).items)).toEqual(expect.arrayContaining([linked]));
	});

	it('runs as execute() in a manual run (n8n runs a trigger with execute() that way), with the summary when asked', async () => {
		const recordingId = recordNew('Manual run');
		fake.recordings.process(recordingId, { linked: true });
		const { context } = createTriggerExecuteContext({
			properties: trigger.description.properties,
			parameters: { mode: 'polling', pollingInclude: 'recordingAndSummary' },
			credentials: organizationTokenCredentials(fake),
			mode: 'manual',
			items: [{}],
		});
		const [output] = await trigger.execute.call(context);
		expect(output).toEqual([
			{
				json: expect.objectContaining({
					recordingId,
					event: PROCESSED_EVENT,
					summary: expect.objectContaining({ text: expect.stringContaining('Overview') }),
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('in a production run passes the polled items through as they are', async () => {
		const items = [{ recordingId: 'r-1', event: PROCESSED_EVENT }, { recordingId: 'r-2' }];
		const { context } = createTriggerExecuteContext({
			properties: trigger.description.properties,
			parameters: { mode: 'polling' },
			credentials: organizationTokenCredentials(fake),
			mode: 'trigger',
			items,
		});
		expect(await trigger.execute.call(context)).toEqual([
			items.map((json, index) => ({ json, pairedItem: { item: index } })),
		]);
		expect(fake.countRequests()).toBe(0);
	});
});

describe('Siro Trigger polling: failures change nothing', () => {
	it("names the credential field when the organization's API token is missing, before any request", async () => {
		const staticData: IDataObject = {};
		const error = await poll(staticData, { credentials: accessTokenCredentials(fake) }).catch(
			(caught: Error) => caught,
		);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/Organization API Token is empty/);
		expect(fake.countRequests()).toBe(0);
		expect(staticData).toEqual({});
	});

	it('keeps the state as it was when Siro keeps failing, and emits what it missed once Siro answers', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		const saved = JSON.stringify(staticData);
		const recordingId = recordNew('During an outage');
		fake.recordings.process(recordingId, { linked: true });

		fake.setFault({ kind: 'serverError', route: 'recordings' });
		const error = await poll(staticData).catch((caught: Error) => caught);
		expect((error as { httpCode?: string }).httpCode).toBe('500');
		expect((error as Error).message).toMatch(/after 3 tries/);
		expect(JSON.stringify(staticData)).toBe(saved);

		fake.clearFault();
		expect(idsOf((await poll(staticData)).items)).toEqual([recordingId]);
	});
});

describe('Siro Trigger: webhook mode with the recording and summary', () => {
	it('adds the recording and its summary to each delivery in the execution, and keeps the delivery with the error under Continue On Fail', async () => {
		const deliveries = [
			{ recordingId: DEMO.recordings.processedLinked, eventType: PROCESSED_EVENT },
			{ recordingId: DEMO.recordings.otherOrganization, eventType: PROCESSED_EVENT },
		];
		const run = (continueOnFail: boolean) => {
			const { context } = createTriggerExecuteContext({
				properties: trigger.description.properties,
				parameters: { include: 'eventRecordingAndSummary' },
				credentials: organizationTokenCredentials(fake),
				mode: 'webhook',
				items: deliveries,
				continueOnFail,
			});
			return trigger.execute.call(context);
		};
		const [output] = await run(true);
		expect(output[0]).toEqual({
			json: {
				...deliveries[0],
				deleted: false,
				recording: expect.objectContaining({
					id: DEMO.recordings.processedLinked,
					crm: expect.any(Object),
				}),
				summary: { sections: expect.any(Array), text: expect.stringMatching(/^Overview\n/) },
			},
			pairedItem: { item: 0 },
		});
		expect(output[1]).toEqual({
			json: {
				...deliveries[1],
				error: expect.stringMatching(/Siro has no recording/),
				fix: expect.any(String),
				httpCode: 404,
			},
			pairedItem: { item: 1 },
		});
		await expect(run(false)).rejects.toThrow(/Siro has no recording .* \[item 1\]$/);
	});

	it('passes deliveries through untouched with the default Include, sending nothing', async () => {
		const { context } = createTriggerExecuteContext({
			properties: trigger.description.properties,
			parameters: { include: 'event' },
			credentials: undefined,
			mode: 'webhook',
			items: [{ recordingId: 'rec-1' }],
		});
		expect(await trigger.execute.call(context)).toEqual([
			[{ json: { recordingId: 'rec-1' }, pairedItem: { item: 0 } }],
		]);
		expect(fake.countRequests()).toBe(0);
	});
});

describe('Siro Trigger: which credential each mode shows (n8n resolving the parameters)', () => {
	it.each([
		[{}, ['siroWebhookApi']],
		[{ include: 'eventRecordingAndSummary' }, ['siroWebhookApi', 'siroApi']],
		[{ mode: 'polling' }, ['siroApi']],
		[{ mode: 'polling', pollingInclude: 'recordingAndSummary' }, ['siroApi']],
		// A value left from webhook mode does not hide the credential polling needs.
		[{ mode: 'polling', include: 'event' }, ['siroApi']],
	])('%p shows %p', (given, shown) => {
		const node = { typeVersion: 1 };
		const parameters = NodeHelpers.getNodeParameters(
			trigger.description.properties,
			given as INodeParameters,
			true,
			false,
			node,
			trigger.description,
		) as INodeParameters;
		const displayed = (trigger.description.credentials ?? []).filter((credential) =>
			NodeHelpers.displayParameter(parameters, credential, node, trigger.description),
		);
		expect(displayed.map(({ name }) => name)).toEqual(shown);
	});
});

describe('polling state rules', () => {
	const rules = (overrides: Partial<TriggerRules> = {}): TriggerRules => ({
		events: [PROCESSED_EVENT, LINKED_EVENT],
		onlyWhenProcessedAndLinked: true,
		...overrides,
	});

	it.each([
		// current, known, only processed and linked, events → event
		[PROCESSED, 0, true, undefined],
		[PROCESSED | LINKED, 0, true, PROCESSED_EVENT],
		[PROCESSED | LINKED, PROCESSED, true, LINKED_EVENT],
		[PROCESSED | LINKED, PROCESSED | LINKED, true, undefined],
		[PROCESSED | LINKED | DELETED, PROCESSED | LINKED, true, 'recordingDeleted'],
		[PROCESSED | DELETED, PROCESSED | LINKED, true, 'recordingDeleted'], // CRM links gone with it
		[PROCESSED | LINKED | DELETED, 0, true, 'recordingDeleted'],
		[PROCESSED | DELETED, PROCESSED, true, undefined],
		[PROCESSED | LINKED | DELETED, PROCESSED | LINKED | DELETED, true, undefined],
		[PROCESSED, 0, false, PROCESSED_EVENT],
		[PROCESSED | LINKED, PROCESSED, false, LINKED_EVENT],
		[PROCESSED | LINKED, 0, false, PROCESSED_EVENT],
		[PROCESSED, PROCESSED | LINKED, false, undefined], // unlinked again: nothing new
		[PROCESSED | DELETED, PROCESSED, false, 'recordingDeleted'],
	])('current %i, known %i, only processed and linked %p → %p', (current, known, only, event) => {
		expect(eventFor(current, known, rules({ onlyWhenProcessedAndLinked: only }))).toBe(event);
	});

	it('with only Recording Linked selected, a processed recording waits for its link', () => {
		const linkedOnly = rules({ onlyWhenProcessedAndLinked: false, events: [LINKED_EVENT] });
		expect(eventFor(PROCESSED, 0, linkedOnly)).toBeUndefined();
		expect(eventFor(PROCESSED | LINKED, PROCESSED, linkedOnly)).toBe(LINKED_EVENT);
		expect(eventFor(PROCESSED | DELETED, PROCESSED, linkedOnly)).toBeUndefined();
	});

	it(`remembers at most ${REMEMBERED_POLLED_RECORDINGS} recordings, dropping those changed longest ago`, () => {
		const nowMs = Date.parse('2026-11-24T12:00:00.000Z');
		const recording = (index: number) => ({
			id: `rec-${index}`,
			createdAt: new Date(nowMs - 1000).toISOString(),
			updatedAt: new Date(nowMs - 100000 + index).toISOString(),
			isProcessingDone: true,
		});
		const first = pollStep(undefined, [], rules(), nowMs).state;
		const many = Array.from({ length: REMEMBERED_POLLED_RECORDINGS + 5 }, (_, index) =>
			recording(index),
		);
		const { state, emit } = pollStep(
			first,
			many,
			rules({ onlyWhenProcessedAndLinked: false }),
			nowMs,
		);
		expect(emit).toHaveLength(REMEMBERED_POLLED_RECORDINGS + 5);
		expect(state.recordings.size).toBe(REMEMBERED_POLLED_RECORDINGS);
		expect(state.recordings.has('rec-0')).toBe(false);
		expect(state.recordings.has(`rec-${REMEMBERED_POLLED_RECORDINGS + 4}`)).toBe(true);
		expect(JSON.stringify([...state.recordings]).length).toBeLessThan(100 * 1024);
	});

	it('does not let an updatedAt far in the future move the window past everything', () => {
		const nowMs = Date.parse('2026-11-24T12:00:00.000Z');
		const first = pollStep(undefined, [], rules(), nowMs).state;
		const { state } = pollStep(
			first,
			[{ id: 'bad-clock', updatedAt: '2099-01-01T00:00:00.000Z', isProcessingDone: true }],
			rules(),
			nowMs,
		);
		expect(state.since).toBe(first.since);
	});

	it('reads static data it did not write as no state (a first poll), and drops malformed entries', () => {
		for (const saved of [
			undefined,
			null,
			'text',
			{ since: 'soon' },
			{ since: '2026-11-24T12:00:00.000Z' },
		]) {
			expect(readPollState({ [POLL_STATE]: saved })).toBeUndefined();
		}
		const state = readPollState({
			[POLL_STATE]: {
				since: '2026-11-24T12:00:00.000Z',
				horizon: '2026-11-17T12:00:00.000Z',
				recordings: [
					['ok', 3],
					['bad-flags', 99],
					[42, 1],
					'junk',
					['x'.repeat(300), 1],
					['neg', -1],
				],
			},
		});
		expect(state && [...state.recordings]).toEqual([['ok', 3]]);
		expect(readPollState(Object.create({ [POLL_STATE]: { since: 'x' } }))).toBeUndefined();
	});
});
