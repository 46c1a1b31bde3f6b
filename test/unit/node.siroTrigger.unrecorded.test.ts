/**
 * The Siro Trigger's Appointment Ended Without Recording event: poll() with the stand-in of n8n's
 * IPollFunctions against the fake Siro over real sockets (engagements synced through Siro's API, the
 * static data carried from poll to poll, or through JSON as after a restart), the requests of each poll
 * counted from the fake's request log, and the read plan's per-poll bound on its own.
 *
 * Time: the trigger reads Date.now(); tests move it forward (`later`) to reach an end plus the grace.
 */
import {
	NodeApiError,
	NodeHelpers,
	NodeOperationError,
	type IDataObject,
	type INodeParameters,
} from 'n8n-workflow';

import { createSiroClient } from '../../index';
import { createNodeHttpTransport } from '../../dev/fake-siro/nodeHttpTransport';
import { DEMO } from '../../dev/fake-siro/server';
import { SiroTrigger } from '../../nodes/SiroTrigger/SiroTrigger.node';
import { POLL_LISTINGS_MAX_MS } from '../../nodes/SiroTrigger/unrecorded';
import {
	APPOINTMENT_EVENT,
	MAX_LINKS_PER_POLL,
	MAX_READS_PER_POLL,
	planReads,
	readUnrecordedState,
	UNRECORDED_STATE,
} from '../../nodes/SiroTrigger/unrecordedState';
import { useFakeSiro } from './support/fakeSiroFixture';
import { loadOptionsContext } from './support/loadOptionsContext';
import { createPollContext, createTriggerExecuteContext } from './support/pollContext';
import { organizationTokenCredentials } from './support/siroCredentials';

const fake = useFakeSiro();
const trigger = new SiroTrigger();

const MINUTE = 60000;
const HOUR = 60 * MINUTE;
const AVERY = DEMO.users.demo;
const PRIYA = DEMO.users.formattedPhone;
const realNow = Date.now.bind(Date);
/** How far the trigger's clock is ahead of the real one. */
let offset = 0;
const now = () => realNow() + offset;
const later = (milliseconds: number) => {
	offset += milliseconds;
};
const iso = (milliseconds: number) => new Date(milliseconds).toISOString();

beforeEach(() => {
	offset = 0;
	jest.spyOn(Date, 'now').mockImplementation(now);
	// Each test starts from an organization without appointments.
	fake.data.engagements.length = 0;
	fake.data.engagementUsers.length = 0;
});
afterEach(() => {
	jest.restoreAllMocks();
});

function siro() {
	return createSiroClient({
		baseUrl: `${fake.url}/api-internalApi`,
		externalApiBaseUrl: fake.externalApiUrl,
		organizationApiToken: DEMO.organizationApiToken,
		request: createNodeHttpTransport(),
		sleep: async () => undefined,
	});
}

interface Appointment {
	/** Minutes from now (the trigger's clock) to its start and end. */
	start: number;
	end: number;
	reps?: string[];
	deleted?: boolean;
}

/** Syncs an appointment into the fake Siro; its Siro ID. */
async function sync(externalId: string, appointment: Appointment): Promise<string> {
	const { engagement } = await siro().syncEngagement({
		externalId,
		subject: `Visit ${externalId}`,
		startTime: iso(now() + appointment.start * MINUTE),
		endTime: iso(now() + appointment.end * MINUTE),
		engagementUsers: (appointment.reps ?? [AVERY.email]).map((email) => ({ email })),
		account: { externalId: `acct-${externalId}`, name: `Customer ${externalId}` },
		...(appointment.deleted ? { deletedAt: iso(now()) } : {}),
	});
	return engagement.id;
}

/** Siro matched a recording to the engagement (late, as it may). */
function recorded(id: string) {
	const stored = (fake.data.engagements as Array<{ id: string; recordingId: string | null }>).find(
		(entry) => entry.id === id,
	);
	stored!.recordingId = `rec-${id}`;
}

async function poll(
	staticData: IDataObject,
	parameters: IDataObject = {},
	mode: 'trigger' | 'manual' = 'trigger',
) {
	fake.resetLog();
	const { context } = createPollContext({
		properties: trigger.description.properties,
		parameters: { mode: 'polling', pollingEvent: APPOINTMENT_EVENT, ...parameters },
		credentials: organizationTokenCredentials(fake),
		staticData,
		mode,
	});
	const result = await trigger.poll.call(context);
	const items = (result?.[0] ?? []).map((item) => item.json);
	return {
		result,
		items,
		ids: items.map((item) => item.externalId),
		listings: fake.countRequests('engagementUsers'),
		reads: fake.countRequests('engagement'),
		requests: fake.countRequests(),
	};
}

const restart = (staticData: IDataObject): IDataObject => JSON.parse(JSON.stringify(staticData));

describe('Appointment Ended Without Recording: each unrecorded appointment once', () => {
	it('emits an ended, unrecorded appointment once with its reps, customer, start and end, across polls and a restart', async () => {
		const missed = await sync('missed-1', { start: -90, end: -60 });
		const done = await sync('recorded-1', { start: -90, end: -60 });
		recorded(done);
		await sync('upcoming-1', { start: 60, end: 120 });

		let staticData: IDataObject = {};
		const first = await poll(staticData);
		expect(first.items).toEqual([
			{
				event: APPOINTMENT_EVENT,
				engagementId: missed,
				externalId: 'missed-1',
				subject: 'Visit missed-1',
				startTime: expect.any(String),
				endTime: expect.any(String),
				reps: [
					{
						userId: AVERY.id,
						name: `${AVERY.firstName} ${AVERY.lastName}`,
						email: AVERY.email,
					},
				],
				customer: {
					account: expect.objectContaining({ externalId: 'acct-missed-1' }),
					accountId: expect.any(String),
					opportunityId: null,
				},
				recording: { status: 'notRecorded', endedAt: first.items[0].endTime },
				engagement: expect.objectContaining({ id: missed, recordingId: null }),
			},
		]);
		expect((await poll(staticData)).result).toBeNull();

		// n8n saved the static data as JSON and loads it into a new context after the restart.
		staticData = restart(staticData);
		expect((await poll(staticData)).result).toBeNull();

		// The upcoming one, once its end plus the grace (15 min) has passed: once.
		later(136 * MINUTE);
		expect((await poll(staticData)).ids).toEqual(['upcoming-1']);
		expect((await poll(restart(staticData))).result).toBeNull();
		expect((await poll(staticData)).result).toBeNull();
	});

	it('is not reported before its end plus the Grace Period, and is read only when due', async () => {
		await sync('grace-1', { start: -35, end: -5 });
		const staticData: IDataObject = {};

		const discovered = await poll(staticData);
		expect(discovered.result).toBeNull();
		expect(discovered.reads).toBe(1); // read once to learn its end

		later(9 * MINUTE); // 14 minutes after its end: still within the 15-minute grace
		const waiting = await poll(staticData);
		expect(waiting.result).toBeNull();
		expect(waiting.reads).toBe(0);

		later(2 * MINUTE);
		expect((await poll(staticData)).ids).toEqual(['grace-1']);
	});

	it('with a Grace Period of 0, reports at the end itself', async () => {
		await sync('grace-0', { start: -30, end: -1 });
		expect((await poll({}, { graceMinutes: 0 })).ids).toEqual(['grace-0']);
	});

	it('does not report one recorded late within the grace, nor again one recorded after it was reported', async () => {
		const late = await sync('late-1', { start: -40, end: -5 });
		const staticData: IDataObject = {};
		expect((await poll(staticData)).result).toBeNull();
		recorded(late); // the rep uploaded 5 minutes after the end
		later(11 * MINUTE);
		const due = await poll(staticData);
		expect(due.result).toBeNull();
		expect(due.reads).toBe(1);

		const missed = await sync('late-2', { start: -60, end: -30 });
		expect((await poll(staticData)).ids).toEqual(['late-2']);
		recorded(missed); // recorded after all, within the look-back
		later(HOUR);
		const after = await poll(staticData);
		expect(after.result).toBeNull();
		expect(after.reads).toBe(0);
	});

	it('does not report appointments that ended before the Look-Back', async () => {
		await sync('old-1', { start: -26 * 60, end: -25 * 60 });
		await sync('recent-1', { start: -23 * 60, end: -22 * 60 });
		const staticData: IDataObject = {};
		expect((await poll(staticData)).ids).toEqual(['recent-1']);
		// The old one is not remembered, nor reported, and not read again once its row is older than
		// the overlap (rows of the last 5 minutes are examined again, in case Siro showed one late).
		expect(readUnrecordedState(staticData).engagements.size).toBe(1);
		expect((await poll(staticData)).result).toBeNull();
		later(6 * MINUTE);
		expect((await poll(staticData)).result).toBeNull();
		const saved = staticData[UNRECORDED_STATE];
		expect((await poll(staticData)).reads).toBe(0);
		// Nothing changed, nothing assigned: n8n saves static data only when a key is assigned.
		expect(staticData[UNRECORDED_STATE]).toBe(saved);
	});
});

describe('Appointment Ended Without Recording: cancelled appointments never fire', () => {
	it('never reports one deleted before its end, one deleted after its end but before it was due, nor one Siro no longer has', async () => {
		await sync('cancel-before', { start: 30, end: 60 });
		const afterEnd = await sync('cancel-after-end', { start: -35, end: -5 });
		const gone = await sync('gone-1', { start: -35, end: -5 });
		await sync('kept-1', { start: -35, end: -5 });
		const staticData: IDataObject = {};
		expect((await poll(staticData)).result).toBeNull(); // none due yet

		await sync('cancel-before', { start: 30, end: 60, deleted: true });
		later(2 * MINUTE);
		await siro().syncEngagement({ externalId: 'cancel-after-end', deletedAt: iso(now()) });
		const stored = fake.data.engagements as Array<{ id: string }>;
		stored.splice(
			stored.findIndex((entry) => entry.id === gone),
			1,
		);
		expect(afterEnd).toBeDefined();

		later(20 * MINUTE);
		expect((await poll(staticData)).ids).toEqual(['kept-1']);
		later(2 * HOUR);
		expect((await poll(restart(staticData))).result).toBeNull();
		expect((await poll(staticData)).result).toBeNull();
	});

	it('never reports one already cancelled when first seen', async () => {
		await sync('cancelled-1', { start: -60, end: -30, deleted: true });
		expect((await poll({})).result).toBeNull();
	});
});

describe('Appointment Ended Without Recording: reps', () => {
	it('with Reps chosen, lists and reports only their appointments (one listing per rep)', async () => {
		await sync('avery-1', { start: -60, end: -30, reps: [AVERY.email] });
		await sync('priya-1', { start: -60, end: -30, reps: [PRIYA.email] });
		await sync('both-1', { start: -60, end: -30, reps: [AVERY.email, PRIYA.email] });

		const onlyPriya = await poll({}, { reps: [PRIYA.id] });
		expect(onlyPriya.ids.sort()).toEqual(['both-1', 'priya-1']);
		expect(onlyPriya.listings).toBe(1);
		expect(
			fake.requests
				.filter((entry) => entry.route === 'engagementUsers')
				.map((entry) => entry.query),
		).toEqual([{ userId: PRIYA.id }]);
		// Each item names the reps Siro lists for it (here, those chosen).
		expect(onlyPriya.items.find((item) => item.externalId === 'both-1')?.reps).toEqual([
			expect.objectContaining({ userId: PRIYA.id, email: PRIYA.email }),
		]);

		// Reps offers the organization's users by name and e-mail; the value is Siro's user ID.
		const options = await trigger.methods.loadOptions.getReps.call(
			loadOptionsContext(organizationTokenCredentials(fake)),
		);
		expect(options).toContainEqual({
			name: `${PRIYA.firstName} ${PRIYA.lastName} (${PRIYA.email})`,
			value: PRIYA.id,
		});
		expect(options.find(({ value }) => value === DEMO.users.disabled.id)?.name).toMatch(
			/ — disabled$/,
		);

		const everyone = await poll({});
		expect(everyone.ids.sort()).toEqual(['avery-1', 'both-1', 'priya-1']);
		expect(everyone.listings).toBe(1);
	});
});

describe('Appointment Ended Without Recording: requests per poll and the state size', () => {
	it('costs the engagement-user pages plus one read per engagement due, and keeps its state bounded over a simulated week', async () => {
		const staticData: IDataObject = {};
		const perDay = 12;
		const polls: Array<{ listings: number; reads: number; requests: number }> = [];
		let reported = 0;
		let synced = 0;
		let largestState = 0;
		let largestCount = 0;
		for (let day = 0; day < 7; day++) {
			// The day's appointments, synced the evening before: every third one recorded.
			const ids: string[] = [];
			for (let slot = 0; slot < perDay; slot++) {
				const start = 12 * 60 + slot * 60; // from 12 h from now, hourly
				ids.push(await sync(`week-${day}-${slot}`, { start, end: start + 45 }));
				synced++;
			}
			// A poll every 2 hours for the day; recordings land during the appointments.
			for (let hour = 0; hour < 24; hour += 2) {
				later(2 * HOUR);
				ids.forEach((id, slot) => {
					const endsAt = 12 * 60 + slot * 60 + 45;
					if (slot % 3 === 0 && (hour + 2) * 60 >= endsAt) recorded(id);
				});
				const result = await poll(staticData);
				reported += result.items.length;
				polls.push({ listings: result.listings, reads: result.reads, requests: result.requests });
				const size = JSON.stringify(staticData[UNRECORDED_STATE]).length;
				largestState = Math.max(largestState, size);
				largestCount = Math.max(largestCount, readUnrecordedState(staticData).engagements.size);
			}
		}
		// Every poll: the listing (84 rows at most: one page of 100) plus its reads, nothing else.
		for (const { listings, reads, requests } of polls) {
			expect(listings).toBe(1);
			expect(requests).toBe(listings + reads);
		}
		// Each engagement read at most twice in the week: once to learn its end, once when due.
		const totalReads = polls.reduce((sum, { reads }) => sum + reads, 0);
		expect(totalReads).toBeLessThanOrEqual(2 * synced);
		// Two in three of each day's appointments were not recorded, each reported once.
		expect(reported).toBe((7 * perDay * 2) / 3);
		// Bounded: a look-back of 24 h holds at most the appointments ending within it or later
		// (two days' worth here), never the week's 84.
		expect(largestCount).toBeLessThanOrEqual(2 * perDay);
		expect(largestState).toBeLessThan(2 * perDay * 80);
		// Reported for the record (the report quotes them).
		console.info(
			`week: ${synced} engagements, ${polls.length} polls, requests per poll max ${Math.max(
				...polls.map(({ requests }) => requests),
			)}, reads total ${totalReads}, state max ${largestCount} engagements / ${largestState} bytes`,
		);
	}, 60000);

	it(`reads at most ${MAX_READS_PER_POLL} engagements a poll, and examines the rest at the next`, () => {
		const start = Date.parse('2026-03-09T12:00:00Z');
		const links = Array.from({ length: MAX_READS_PER_POLL + 50 }, (_, index) => ({
			engagementId: `eng-${String(index).padStart(4, '0')}`,
			userId: 'rep',
			createdAt: iso(start + index * 1000),
		}));
		const timing = { nowMs: start + HOUR, graceMs: 15 * MINUTE, lookBackMs: 24 * HOUR };
		const state = { seenUntil: undefined, engagements: new Map() };
		const first = planReads(state, links, timing);
		expect(first.reads).toHaveLength(MAX_READS_PER_POLL);
		expect(first.reads[0]).toBe('eng-0000');
		// Not past the first engagement left unread.
		expect(first.seenUntil).toBe(start + MAX_READS_PER_POLL * 1000 - 1);

		// The first ones were read (forgotten as not timed, say): the next poll reads the other 50.
		const second = planReads({ seenUntil: first.seenUntil, engagements: new Map() }, links, timing);
		expect(second.reads).toContain('eng-0249');
		expect(second.reads).not.toContain('eng-0000');
		expect(second.seenUntil).toBe(start + (MAX_READS_PER_POLL + 49) * 1000);
	});
});

describe('Appointment Ended Without Recording: a manual test', () => {
	it('returns the most recent unrecorded appointment and changes no state', async () => {
		// Synced in another order than they ended: the most recent is the one that ended last.
		await sync('manual-newest', { start: -60, end: -30 });
		await sync('manual-older', { start: -180, end: -150 });
		const done = await sync('manual-recorded', { start: -40, end: -20 });
		recorded(done);
		const staticData: IDataObject = {};
		const { ids } = await poll(staticData, {}, 'manual');
		expect(ids).toEqual(['manual-newest']);
		expect(staticData).toEqual({});

		// In a manual run n8n runs the trigger with execute().
		const { context } = createTriggerExecuteContext({
			properties: trigger.description.properties,
			parameters: { mode: 'polling', pollingEvent: APPOINTMENT_EVENT },
			credentials: organizationTokenCredentials(fake),
			mode: 'manual',
			items: [{}],
		});
		const [output] = await trigger.execute.call(context);
		expect(output).toEqual([
			{
				json: expect.objectContaining({ externalId: 'manual-newest' }),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('says so when no appointment ended without a recording', async () => {
		await sync('manual-upcoming', { start: 30, end: 60 });
		await expect(poll({}, {}, 'manual')).rejects.toThrow(/no test event to show/);
	});
});

describe('Appointment Ended Without Recording: failures change nothing', () => {
	it("fails the poll with Siro's error when a read fails (not a 404), keeps the state, and reports once Siro answers", async () => {
		await sync('fault-1', { start: -60, end: -30 });
		const staticData: IDataObject = {};
		fake.setFault({ kind: 'serverError', route: 'engagement' });
		const error = await poll(staticData).catch((caught: Error) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('500');
		expect(staticData).toEqual({});

		fake.clearFault();
		expect((await poll(staticData)).ids).toEqual(['fault-1']);
	});
});

describe('Appointment Ended Without Recording: the row bound', () => {
	it('fails a poll that would list more rows than one poll reads, and says how to split the reps', async () => {
		// Siro keeps every engagement-user row and its listing has no time filter: rows only grow.
		const rows = Array.from({ length: MAX_LINKS_PER_POLL + 1 }, (_, index) => ({
			id: `row-${index}`,
			engagementId: `engagement-${index}`,
			userId: AVERY.id,
			organizationId: DEMO.organizationId,
			createdAt: iso(now() - HOUR),
			updatedAt: iso(now() - HOUR),
			integrationConnectionId: 'connection-1',
		}));
		(fake.data.engagementUsers as unknown[]).push(...rows);
		const staticData: IDataObject = {};

		const error = await poll(staticData).catch((caught: Error) => caught);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe(
			`Siro lists more than ${MAX_LINKS_PER_POLL} engagement-user rows, more than one poll reads.`,
		);
		expect((error as NodeOperationError).description).toMatch(
			/no time filter.*split the reps across several workflows/s,
		);
		expect(fake.countRequests('engagement')).toBe(0);
		expect(staticData).toEqual({});
	}, 120000);
});

describe('Appointment Ended Without Recording: the listings share one time limit', () => {
	/** Each engagement-user page Siro serves takes `minutes` of the trigger's clock. */
	function slowListingPages(minutes: number) {
		const log = fake.requests as Array<{ route: string }>;
		jest.spyOn(log, 'push').mockImplementation((...entries) => {
			if (entries.some((entry) => entry.route === 'engagementUsers')) later(minutes * MINUTE);
			return Array.prototype.push.apply(log, entries);
		});
	}

	it(`stops a poll whose rep listings together pass ${POLL_LISTINGS_MAX_MS / MINUTE} min, mid-listing or before the next rep, and keeps the state`, async () => {
		const SOFIA = DEMO.users.dashedPhone;
		await sync('avery-slow', { start: -60, end: -30, reps: [AVERY.email] });
		// Over one page (the fake serves 100 rows a page): Priya's listing has two.
		for (let index = 0; index < 101; index++)
			await sync(`priya-slow-${index}`, { start: -60, end: -30, reps: [PRIYA.email] });
		await sync('sofia-slow', { start: -60, end: -30, reps: [SOFIA.email] });
		slowListingPages(6);
		const staticData: IDataObject = {};

		// Avery's listing takes 6 min, leaving Priya's 4: its second page would start past them.
		const midListing = await poll(staticData, { reps: [AVERY.id, PRIYA.id] }).catch(
			(caught: Error) => caught,
		);
		expect(midListing).toBeInstanceOf(NodeApiError);
		expect((midListing as Error).message).toMatch(/time limit of 4 min \(maxDurationMs\)/);
		expect(fake.countRequests('engagementUsers')).toBe(2);

		// Two one-page listings take 12 min: the third rep is not listed at all.
		const beforeThird = await poll(staticData, { reps: [AVERY.id, SOFIA.id, PRIYA.id] }).catch(
			(caught: Error) => caught,
		);
		expect((beforeThird as Error).message).toBe(
			"Siro's engagement-user listings of this poll reached their time limit of 10 min after 2 of 3 reps.",
		);
		expect(fake.countRequests('engagementUsers')).toBe(2);
		expect(fake.countRequests('engagement')).toBe(0);
		expect(staticData).toEqual({});
	});
});

describe('Appointment Ended Without Recording: bad parameters', () => {
	it.each([
		[{ graceMinutes: -1 }, /Grace Period \(Minutes\) is -1, not a whole number from 0 to 1440/],
		[{ graceMinutes: 2.5 }, /Grace Period \(Minutes\) is 2.5/],
		[{ lookBackHours: 0 }, /Look-Back \(Hours\) is 0, not a whole number from 1 to 168/],
		[{ lookBackHours: '24' }, /Look-Back \(Hours\) is "24"/],
		[
			{ lookBackHours: 1, graceMinutes: 60 },
			/Look-Back \(1 h\) is not longer than the Grace Period/,
		],
		[{ reps: 'abc' }, /Reps is not a list of Siro user IDs/],
		[{ reps: [' '] }, /Reps: each rep/],
	])('%p is a clear error, before any request', async (parameters, message) => {
		const staticData: IDataObject = {};
		await expect(poll(staticData, parameters)).rejects.toThrow(message);
		expect(fake.countRequests()).toBe(0);
		expect(staticData).toEqual({});
	});
});

describe('Appointment Ended Without Recording: parameters shown (n8n resolving them)', () => {
	const shown = (given: INodeParameters) =>
		NodeHelpers.getNodeParameters(
			trigger.description.properties,
			given,
			true,
			false,
			{ typeVersion: 1 },
			trigger.description,
		) as INodeParameters;

	it('keeps saved polling workflows on recordings (no Event stored: the default), with their fields', () => {
		const saved = shown({ mode: 'polling' });
		expect(saved.pollingEvent).toBe('recordings');
		expect(saved).toHaveProperty('events');
		expect(saved).toHaveProperty('pollingInclude');
		expect(saved).not.toHaveProperty('graceMinutes');
	});

	it('keeps webhook mode as it was', () => {
		const webhook = shown({});
		expect(webhook).not.toHaveProperty('pollingEvent');
		expect(webhook).toHaveProperty('events');
		expect(webhook).toHaveProperty('onlyWhenProcessedAndLinked');
	});

	it('shows the appointment fields, and hides the recording ones, for the new event', () => {
		const appointments = shown({ mode: 'polling', pollingEvent: APPOINTMENT_EVENT });
		expect(appointments).toMatchObject({ reps: [], graceMinutes: 15, lookBackHours: 24 });
		expect(appointments).not.toHaveProperty('events');
		expect(appointments).not.toHaveProperty('pollingInclude');
		expect(appointments).not.toHaveProperty('onlyWhenProcessedAndLinked');
	});
});
