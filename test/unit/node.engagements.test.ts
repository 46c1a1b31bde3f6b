/**
 * The Siro node's Engagement resource (Sync in its four input modes, Get with the recording status,
 * Get Many Engagement Users), Opportunity → Sync, and Recording → Link to / Unlink from CRM Record, run
 * with `new Siro().execute` against the fake Siro over real sockets. Calendar items are in the exact
 * shapes n8n's Google Calendar and Microsoft Outlook nodes emit (support/calendarEvents.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO } from '../../dev/fake-siro/server';
import { buildRecordLink } from '../../index';
import { googleEvent, googleEventEngagement, outlookEvent } from './support/calendarEvents';
import { useFakeSiro } from './support/fakeSiroFixture';
import {
	nodeApiErrorFrom,
	nodeErrorFrom,
	operationParameters,
	runSiroNode,
	type OperationRunOptions,
	type ItemParameter,
} from './support/runSiroNode';
import { accessTokenCredentials, organizationTokenCredentials } from './support/siroCredentials';

const fake = useFakeSiro();

function run(
	resource: string,
	operation: string,
	parameters: Record<string, ItemParameter>,
	options: OperationRunOptions = {},
) {
	return runSiroNode({
		...options,
		parameters: operationParameters(resource, operation, parameters),
		credentials: options.credentials ?? organizationTokenCredentials(fake),
	});
}

const sync = (parameters: Record<string, ItemParameter>, options?: Parameters<typeof run>[3]) =>
	run('engagement', 'sync', { inputDataMode: 'defineBelow', ...parameters }, options);

const MINUTE = 60000;
const iso = (milliseconds: number) => new Date(milliseconds).toISOString();
const avery = DEMO.users.demo;
const CUSTOM_INPUT = DEMO.integrationConnections.customInput;
const requestsTo = (route: string) => fake.requests.filter((entry) => entry.route === route);

type StoredEngagement = {
	id: string;
	externalId: string;
	subject: string | null;
	deletedAt: string | null;
	recordingId: string | null;
	engagementUsers: Array<{ email: string; userId: string | null }>;
};
const stored = (externalId: string) =>
	(fake.data.engagements as StoredEngagement[]).filter((entry) => entry.externalId === externalId);

describe('Engagement → Sync, Define Below', () => {
	it('creates the engagement, sends exactly the checked body with the organization token, and outputs it with its recording status', async () => {
		const start = Date.now() + 60 * MINUTE;
		const { output } = await sync({
			externalId: 'jn-appt-1',
			subject: 'Roof estimate – Jones',
			startTime: iso(start),
			endTime: iso(start + 90 * MINUTE),
			engagementUsers: `${avery.email}, homeowner@example.com`,
			additionalFields: {
				content: '12 Oak St',
				account: '{ "externalId": "acct-1", "name": "Jones Residence" }',
				activityType: 'MEETING',
				engagementTypeName: 'In-Home Consultation',
			},
		});

		expect(requestsTo('syncEngagement')).toHaveLength(1);
		const [request] = requestsTo('syncEngagement');
		expect(request.headers.authorization).toBe(`Bearer ${DEMO.organizationApiToken}`);
		expect(request.body).toEqual({
			externalId: 'jn-appt-1',
			subject: 'Roof estimate – Jones',
			content: '12 Oak St',
			startTime: iso(start),
			endTime: iso(start + 90 * MINUTE),
			engagementType: { name: 'In-Home Consultation', activityType: 'MEETING' },
			account: { externalId: 'acct-1', name: 'Jones Residence' },
			engagementUsers: [
				{ externalId: avery.email, email: avery.email },
				{ externalId: 'homeowner@example.com', email: 'homeowner@example.com' },
			],
		});
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json).toMatchObject({
			id: stored('jn-appt-1')[0].id,
			externalId: 'jn-appt-1',
			recording: { status: 'notEnded', endedAt: iso(start + 90 * MINUTE) },
		});
		expect(stored('jn-appt-1')[0].engagementUsers.map((user) => user.userId)).toEqual([
			avery.id,
			null,
		]);
	});

	it('updates by External ID: two syncs make one engagement, the same Siro ID', async () => {
		const start = Date.now() + 60 * MINUTE;
		const times = { startTime: iso(start), endTime: iso(start + 60 * MINUTE) };
		const first = await sync({ externalId: 'jn-upsert-1', subject: 'First', ...times });
		const second = await sync({ externalId: 'jn-upsert-1', subject: 'Moved', ...times });

		expect(second.output[0].json.id).toBe(first.output[0].json.id);
		expect(stored('jn-upsert-1')).toHaveLength(1);
		expect(stored('jn-upsert-1')[0].subject).toBe('Moved');
		expect(requestsTo('syncEngagement')[1].body).toMatchObject({
			engagementType: { name: 'Appointment', activityType: 'APPOINTMENT' },
		});
	});

	it('cancels with the Deleted option: deletedAt now, and the output says cancelled', async () => {
		const start = Date.now() - 120 * MINUTE;
		await sync({
			externalId: 'jn-cancel-1',
			startTime: iso(start),
			endTime: iso(start + 60 * MINUTE),
		});
		const before = Date.now();
		const { output } = await sync({ externalId: 'jn-cancel-1', options: { deleted: true } });

		const sent = requestsTo('syncEngagement').at(-1)!.body as IDataObject;
		expect(Date.parse(sent.deletedAt as string)).toBeGreaterThanOrEqual(before - 1000);
		expect(stored('jn-cancel-1')).toHaveLength(1);
		expect(stored('jn-cancel-1')[0].deletedAt).toEqual(expect.any(String));
		expect(output[0].json.recording).toMatchObject({ status: 'cancelled' });
	});

	it('cancels at a given Deleted At', async () => {
		await sync({
			externalId: 'jn-cancel-2',
			options: { deleted: true, deletedAt: '2026-03-09T08:00:00-07:00' },
		});
		// A cancel sends no default type: Siro keeps the one the engagement has.
		expect(requestsTo('syncEngagement')[0].body).toEqual({
			externalId: 'jn-cancel-2',
			deletedAt: '2026-03-09T15:00:00.000Z',
		});
	});

	it.each([
		[
			'a Start Time without an offset',
			{ startTime: '2026-03-09T09:00:00', endTime: '2026-03-09T10:00:00Z' },
			'startTime',
			/startTime "2026-03-09T09:00:00" has no time zone offset/,
		],
		[
			'an End Time before the Start Time',
			{ startTime: '2026-03-09T10:00:00Z', endTime: '2026-03-09T09:00:00Z' },
			'endTime',
			/endTime .* is not after startTime/,
		],
		[
			'a rep that is no e-mail',
			{ engagementUsers: 'avery, priya@example.com' },
			'engagementUsers[0].email',
			/engagementUsers\[0\]\.email "avery" is not an e-mail address/,
		],
		[
			'an account address without its zip',
			{
				additionalFields: {
					account: {
						externalId: 'a1',
						addresses: [{ country: 'US', street: '1 Main', city: 'X', state: 'IL' }],
					},
				},
			},
			'account.addresses[0].zip',
			/account\.addresses\[0\] has no zip/,
		],
		[
			'a latitude out of range',
			{ additionalFields: { lead: { externalId: 'l1', latitude: 91, longitude: 0 } } },
			'lead.latitude',
			/lead\.latitude is 91/,
		],
		[
			'account JSON that does not parse',
			{ additionalFields: { account: '{ externalId: a1 }' } },
			'account',
			/account is not valid JSON/,
		],
	])(
		'refuses %s, naming the field and the item, and sends nothing for any item',
		async (_case, bad, field, message) => {
			const good = {
				externalId: 'jn-good',
				startTime: '2026-03-09T09:00:00Z',
				endTime: '2026-03-09T10:00:00Z',
			};
			const parameters = Object.fromEntries(
				['externalId', 'startTime', 'endTime', 'engagementUsers', 'additionalFields'].map(
					(name) => [
						name,
						(index: number) =>
							((index === 1 ? { ...good, ...bad } : good) as Record<string, unknown>)[name],
					],
				),
			);
			const error = await nodeErrorFrom(sync(parameters, { items: [{}, {}, {}] }));
			expect(error.message).toMatch(message);
			expect(error.message).toMatch(/\[item 1\]$/);
			expect(error.description).toEqual(expect.any(String));
			expect(fake.countRequests()).toBe(0);

			const { output } = await sync(parameters, { items: [{}, {}, {}], continueOnFail: true });
			expect(output[1].json).toMatchObject({ field, error: expect.stringMatching(message) });
			expect(fake.countRequests('syncEngagement')).toBe(2);
		},
	);

	it('with Continue On Fail, outputs the broken item as an error naming its field and syncs the others', async () => {
		const externalIds = ['jn-cof-0', '', 'jn-cof-2'];
		const { output } = await sync(
			{
				externalId: (index: number) => externalIds[index],
				startTime: '2026-03-09T09:00:00Z',
				endTime: '2026-03-09T10:00:00Z',
			},
			{ items: [{}, {}, {}], continueOnFail: true },
		);

		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.externalId).toBe('jn-cof-0');
		expect(output[1].json).toMatchObject({ field: 'externalId', error: 'externalId is missing.' });
		expect(output[2].json.externalId).toBe('jn-cof-2');
		expect(
			requestsTo('syncEngagement').map((entry) => (entry.body as IDataObject).externalId),
		).toEqual(['jn-cof-0', 'jn-cof-2']);
	});

	it('reports a warning of the rules once as an execution hint naming the items', async () => {
		const { recorder } = await sync(
			{
				externalId: (index: number) => `jn-call-${index}`,
				additionalFields: { activityType: 'CALL' },
			},
			{ items: [{}, {}] },
		);
		expect(recorder.hints).toEqual([
			{
				message: expect.stringMatching(
					/^Items 0, 1: engagementType\.activityType CALL: Siro's appointment flows/,
				),
				type: 'warning',
				location: 'outputPane',
			},
		]);
	});

	it('says which credential field to fill when the organization token is missing, before any request', async () => {
		const error = await nodeErrorFrom(
			sync({ externalId: 'jn-no-token' }, { credentials: accessTokenCredentials(fake) }),
		);
		expect(error.message).toMatch(/Organization API Token is empty/);
		expect(fake.countRequests()).toBe(0);
	});
});

describe('Engagement → Sync, From Input Fields', () => {
	it("sends each item's own fields as Siro's body, checked; unknown fields are left out with a hint", async () => {
		const { output, recorder } = await sync(
			{ inputDataMode: 'fromInputFields' },
			{
				items: [
					{
						externalId: 'sheet-row-7',
						subject: 'Siding quote',
						startTime: '2026-03-09T09:00:00-05:00',
						endTime: '2026-03-09T10:00:00-05:00',
						engagementUsers: [{ email: avery.email, shareOfSale: 1 }],
						rowNumber: 7,
					},
				],
			},
		);
		expect(requestsTo('syncEngagement')[0].body).toEqual({
			externalId: 'sheet-row-7',
			subject: 'Siding quote',
			startTime: '2026-03-09T14:00:00.000Z',
			endTime: '2026-03-09T15:00:00.000Z',
			engagementUsers: [{ externalId: avery.email, email: avery.email, shareOfSale: 1 }],
		});
		expect(output[0].json).toMatchObject({ externalId: 'sheet-row-7' });
		expect(recorder.hints.map((hint) => hint.message)).toEqual([
			'Item 0: "rowNumber" is not a field of Siro\'s engagement: it was left out.',
		]);
	});

	it('refuses an item without an External ID, naming it, before any request', async () => {
		const error = await nodeErrorFrom(
			sync(
				{ inputDataMode: 'fromInputFields' },
				{ items: [{ externalId: 'ok-1' }, { subject: 'x' }] },
			),
		);
		expect(error.message).toBe('externalId is missing. [item 1]');
		expect(fake.countRequests()).toBe(0);
	});
});

describe('Engagement → Sync, From Google Calendar Event', () => {
	it("maps Google's event: id, summary, times in UTC, people's e-mails as reps (no room, no decliner), location", async () => {
		const { output } = await sync(
			{ inputDataMode: 'googleCalendarEvent' },
			{ items: [googleEvent()] },
		);
		const body = requestsTo('syncEngagement')[0].body as IDataObject;
		expect(body).toEqual(googleEventEngagement());
		// The appointment ended long ago with no recording: not recorded.
		expect(output[0].json).toMatchObject({
			externalId: '7kq1n3b2f0s9v8u6t4r2p0m1lk',
			recording: { status: 'notRecorded', endedAt: '2026-03-09T17:30:00.000Z' },
		});
	});

	it("places an all-day event on a DST day at midnight in the workflow's time zone (23 hours), or the chosen one", async () => {
		const allDay = {
			...googleEvent(),
			id: 'gcal-all-day-dst',
			start: { date: '2026-03-08' },
			end: { date: '2026-03-09' },
		};
		await sync(
			{ inputDataMode: 'googleCalendarEvent' },
			{ items: [allDay], timezone: 'America/Los_Angeles' },
		);
		expect(requestsTo('syncEngagement')[0].body).toMatchObject({
			startTime: '2026-03-08T08:00:00.000Z',
			endTime: '2026-03-09T07:00:00.000Z',
		});
		await sync(
			{ inputDataMode: 'googleCalendarEvent', calendarOptions: { timeZone: 'Europe/Berlin' } },
			{ items: [allDay], timezone: 'America/Los_Angeles' },
		);
		expect(requestsTo('syncEngagement')[1].body).toMatchObject({
			startTime: '2026-03-07T23:00:00.000Z',
			endTime: '2026-03-08T23:00:00.000Z',
		});
	});

	it('cancels when the event is cancelled (at its update time), and a second sync of it stays one engagement', async () => {
		await sync(
			{ inputDataMode: 'googleCalendarEvent' },
			{ items: [{ ...googleEvent(), id: 'gcal-c1' }] },
		);
		const cancelled = {
			...googleEvent(),
			id: 'gcal-c1',
			status: 'cancelled',
			updated: '2026-03-05T12:00:00.000Z',
		};
		const { output } = await sync({ inputDataMode: 'googleCalendarEvent' }, { items: [cancelled] });
		expect(requestsTo('syncEngagement')[1].body).toEqual({
			externalId: 'gcal-c1',
			subject: 'Roof estimate – Jones',
			deletedAt: '2026-03-05T12:00:00.000Z',
		});
		expect(stored('gcal-c1')).toHaveLength(1);
		expect(output[0].json.recording).toMatchObject({ status: 'cancelled' });
	});

	it("refuses a recurring series and an attendee's broken e-mail in the event's own terms, sending nothing", async () => {
		const series = { ...googleEvent(), recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO'] };
		const badAttendee = {
			...googleEvent(),
			attendees: [{ email: 'not an address', responseStatus: 'accepted' }],
		};
		const error = await nodeErrorFrom(
			sync({ inputDataMode: 'googleCalendarEvent' }, { items: [series, badAttendee] }),
		);
		expect(error.message).toMatch(/recurring series \(recurrence\).*\[item 0\]$/);
		expect(error.description).toMatch(/All Occurrences/);

		const { output } = await sync(
			{ inputDataMode: 'googleCalendarEvent' },
			{ items: [series, badAttendee], continueOnFail: true },
		);
		expect(output.map((item) => item.json.field)).toEqual(['recurrence', 'attendees[0].email']);
		expect(fake.countRequests()).toBe(0);
	});
});

describe('Engagement → Sync, From Outlook Event', () => {
	it("reads Graph's local times in their Windows zone and its attendees' addresses", async () => {
		const event = {
			...outlookEvent(),
			id: 'outlook-pst-1',
			start: { dateTime: '2026-03-09T09:00:00.0000000', timeZone: 'Pacific Standard Time' },
			end: { dateTime: '2026-03-09T10:30:00.0000000', timeZone: 'Pacific Standard Time' },
		};
		const { output } = await sync({ inputDataMode: 'outlookEvent' }, { items: [event] });
		expect(requestsTo('syncEngagement')[0].body).toMatchObject({
			externalId: 'outlook-pst-1',
			subject: 'Roof estimate – Jones',
			content: '12 Oak St, Springfield',
			startTime: '2026-03-09T16:00:00.000Z',
			endTime: '2026-03-09T17:30:00.000Z',
			engagementUsers: [
				{ externalId: avery.email, email: avery.email, name: 'Avery Morgan' },
				{
					externalId: 'dispatch@demohomeservices.com',
					email: 'dispatch@demohomeservices.com',
					name: 'Dispatch',
				},
			],
		});
		expect(output[0].json.recording).toMatchObject({ status: 'notRecorded' });
	});

	it("places an all-day event in the event's own zone (originalStartTimeZone), not the workflow's", async () => {
		const event = {
			...outlookEvent(),
			id: 'outlook-all-day',
			isAllDay: true,
			start: { dateTime: '2026-03-08T00:00:00.0000000', timeZone: 'UTC' },
			end: { dateTime: '2026-03-09T00:00:00.0000000', timeZone: 'UTC' },
		};
		await sync({ inputDataMode: 'outlookEvent' }, { items: [event], timezone: 'Europe/Berlin' });
		expect(requestsTo('syncEngagement')[0].body).toMatchObject({
			startTime: '2026-03-08T08:00:00.000Z',
			endTime: '2026-03-09T07:00:00.000Z',
		});
	});

	it('cancels a cancelled event (isCancelled) at its last modification', async () => {
		const event = { ...outlookEvent(), id: 'outlook-cancel-1', isCancelled: true };
		const { output } = await sync({ inputDataMode: 'outlookEvent' }, { items: [event] });
		expect(requestsTo('syncEngagement')[0].body).toEqual({
			externalId: 'outlook-cancel-1',
			subject: 'Roof estimate – Jones',
			deletedAt: '2026-03-02T09:15:44.765Z',
		});
		expect(output[0].json.recording).toMatchObject({ status: 'cancelled' });
	});

	it('refuses a time zone nobody knows, naming start.timeZone and the item, before any request', async () => {
		const event = {
			...outlookEvent(),
			start: { dateTime: '2026-03-09T09:00:00.0000000', timeZone: 'Atlantis Standard Time' },
		};
		const error = await nodeErrorFrom(
			sync({ inputDataMode: 'outlookEvent' }, { items: [outlookEvent(), event] }),
		);
		expect(error.message).toMatch(/start\.timeZone/);
		expect(error.message).toMatch(/\[item 1\]$/);
		expect(fake.countRequests()).toBe(0);
	});
});

describe('Engagement → Get', () => {
	async function syncedEndingAt(externalId: string, end: number): Promise<string> {
		const { output } = await sync({
			externalId,
			startTime: iso(end - 60 * MINUTE),
			endTime: iso(end),
			engagementUsers: avery.email,
		});
		return output[0].json.id as string;
	}

	it('says notEnded within the Grace Period after the end, notRecorded past it', async () => {
		const id = await syncedEndingAt('get-grace-1', Date.now() - 10 * MINUTE);
		fake.resetLog();
		const within = await run('engagement', 'get', { engagementId: id, options: {} });
		expect(within.output[0].json).toMatchObject({ id, recording: { status: 'notEnded' } });
		const past = await run('engagement', 'get', { engagementId: id, options: { gracePeriod: 5 } });
		expect(past.output[0].json).toMatchObject({ id, recording: { status: 'notRecorded' } });
		expect(requestsTo('engagement').map((entry) => entry.path)).toEqual([
			`/api-externalApi/v1/integrations/engagements/${id}`,
			`/api-externalApi/v1/integrations/engagements/${id}`,
		]);
	});

	it("says recorded, with the recording's ID, once the rep recorded from a link carrying the engagement", async () => {
		await syncedEndingAt('get-recorded-1', Date.now() + 30 * MINUTE);
		const id = stored('get-recorded-1')[0].id;
		const { url } = buildRecordLink({
			action: 'start',
			title: 'Roof estimate',
			integrationConnectionId: CUSTOM_INPUT,
			crmObjects: [{ objectType: 'Engagement', objectId: 'get-recorded-1' }],
		});
		const tap = fake.phone.tap({ userId: avery.id, url });
		const { output } = await run('engagement', 'get', { engagementId: id });
		expect(output[0].json.recording).toEqual({
			status: 'recorded',
			recordingId: tap.recordingId,
			endedAt: expect.any(String),
		});
	});

	it('refuses a negative Grace Period and a bad ID before any request; a 404 names the item', async () => {
		const negative = await nodeErrorFrom(
			run('engagement', 'get', { engagementId: 'e1', options: { gracePeriod: -1 } }),
		);
		expect(negative.message).toBe('Grace Period is -1, not a number of minutes. [item 0]');
		const empty = await nodeErrorFrom(run('engagement', 'get', { engagementId: ' ' }));
		expect(empty.message).toMatch(/Engagement ID is empty/);
		expect(fake.countRequests()).toBe(0);

		const missing = await nodeApiErrorFrom(
			run(
				'engagement',
				'get',
				{ engagementId: (index: number) => ['nope-0', 'nope-1'][index] },
				{
					items: [{}, {}],
				},
			),
		);
		expect(missing.httpCode).toBe('404');
		expect(missing.message).toMatch(/no engagement with ID "nope-0".*\[item 0\]$/);
	});
});

describe('Engagement → Get Many Engagement Users', () => {
	const rep = DEMO.users.internationalPhone;

	beforeAll(async () => {
		const start = Date.now() + 24 * 60 * MINUTE;
		await sync(
			{
				externalId: (index: number) => `paging-${index}`,
				startTime: iso(start),
				endTime: iso(start + 60 * MINUTE),
				engagementUsers: rep.email,
			},
			{ items: Array.from({ length: 130 }, () => ({})) },
		);
	});

	it('follows the cursor to the end with Return All, for the rep picked By Email', async () => {
		const { output } = await run('engagement', 'getManyEngagementUsers', {
			user: { mode: 'email', value: rep.email.toUpperCase() },
			returnAll: true,
			filters: {},
		});
		expect(output).toHaveLength(130);
		expect(new Set(output.map((item) => item.json.userId))).toEqual(new Set([rep.id]));
		expect(fake.countRequests('engagementUsers')).toBe(2);
		expect(requestsTo('engagementUsers')[0].query).toMatchObject({ userId: rep.id });
	});

	it('stops at the Limit, and filters by engagement', async () => {
		const limited = await run('engagement', 'getManyEngagementUsers', {
			user: { mode: 'id', value: rep.id },
			returnAll: false,
			limit: 5,
		});
		expect(limited.output).toHaveLength(5);
		expect(fake.countRequests('engagementUsers')).toBe(1);

		const engagementId = stored('paging-7')[0].id;
		const { output } = await run('engagement', 'getManyEngagementUsers', {
			user: { mode: 'list', value: '' },
			returnAll: true,
			filters: { engagementId },
		});
		expect(output.map((item) => [item.json.engagementId, item.json.userId])).toEqual([
			[engagementId, rep.id],
		]);
	});

	it('refuses a Limit of 0 naming the item', async () => {
		const error = await nodeErrorFrom(
			run('engagement', 'getManyEngagementUsers', { returnAll: false, limit: 0 }),
		);
		expect(error.message).toMatch(/Limit is 0.*\[item 0\]$/);
		expect(fake.countRequests()).toBe(0);
	});
});

describe('Opportunity → Sync', () => {
	it('creates and then updates by External ID, sending the checked body', async () => {
		const first = await run('opportunity', 'sync', {
			inputDataMode: 'defineBelow',
			externalId: 'opp-1',
			additionalFields: {
				name: 'Jones – roof',
				amount: 12500.5,
				disposition: 'OPEN',
				account: '{ "externalId": "acct-1", "name": "Jones Residence" }',
				contact: '{}',
			},
		});
		const second = await run(
			'opportunity',
			'sync',
			{
				inputDataMode: 'fromInputFields',
			},
			{ items: [{ externalId: 'opp-1', disposition: 'won', closedAt: '2026-03-20T17:00:00Z' }] },
		);

		expect(requestsTo('syncOpportunity').map((entry) => entry.body)).toEqual([
			{
				externalId: 'opp-1',
				name: 'Jones – roof',
				amount: 12500.5,
				disposition: 'OPEN',
				account: { externalId: 'acct-1', name: 'Jones Residence' },
			},
			{ externalId: 'opp-1', disposition: 'WON', closedAt: '2026-03-20T17:00:00.000Z' },
		]);
		expect(second.output[0].json.id).toBe(first.output[0].json.id);
		expect(second.output[0].json).toMatchObject({ externalId: 'opp-1', disposition: 'WON' });
		expect(
			(fake.data.opportunities as Array<{ externalId: string }>).filter(
				(entry) => entry.externalId === 'opp-1',
			),
		).toHaveLength(1);
	});

	it('refuses a contact address without its city, naming it and the item, before any request; Continue On Fail syncs the rest', async () => {
		const contacts = [
			{},
			{ externalId: 'c1', addresses: [{ country: 'US', street: '1 Main', state: 'IL', zip: '1' }] },
		];
		const parameters = {
			inputDataMode: 'defineBelow',
			externalId: (index: number) => `opp-bad-${index}`,
			additionalFields: (index: number) => ({ contact: contacts[index] }),
		};
		const error = await nodeErrorFrom(run('opportunity', 'sync', parameters, { items: [{}, {}] }));
		expect(error.message).toBe(
			'contact.addresses[0] has no city: Siro needs country, street, city, state and zip for an address. [item 1]',
		);
		expect(fake.countRequests()).toBe(0);

		const { output } = await run('opportunity', 'sync', parameters, {
			items: [{}, {}],
			continueOnFail: true,
		});
		expect(output.map((item) => item.json.externalId ?? item.json.field)).toEqual([
			'opp-bad-0',
			'contact.addresses[0].city',
		]);
		expect(fake.countRequests('syncOpportunity')).toBe(1);
	});

	it('cancels with Deleted', async () => {
		await run('opportunity', 'sync', {
			inputDataMode: 'defineBelow',
			externalId: 'opp-lost-1',
			options: { deleted: true, deletedAt: '2026-03-21T00:00:00Z' },
		});
		expect(requestsTo('syncOpportunity')[0].body).toEqual({
			externalId: 'opp-lost-1',
			deletedAt: '2026-03-21T00:00:00.000Z',
		});
	});
});

describe('Recording → Link to CRM Record / Unlink from CRM Record', () => {
	const recordingId = DEMO.recordings.processedUnlinked;

	async function engagementEndedAnHourAgo(externalId: string): Promise<string> {
		const { output } = await sync({
			externalId,
			startTime: iso(Date.now() - 120 * MINUTE),
			endTime: iso(Date.now() - 60 * MINUTE),
		});
		return output[0].json.id as string;
	}

	const link = (
		operation: string,
		parameters: Record<string, ItemParameter>,
		continueOnFail = false,
	) =>
		run(
			'recording',
			operation,
			{
				recordingId,
				dataType: 'ENGAGEMENT',
				crmRecordId: '',
				crmExternalId: '',
				integrationConnection: { mode: 'list', value: '' },
				...parameters,
			},
			{ credentials: accessTokenCredentials(fake), continueOnFail },
		);

	it("links by External ID + Integration Connection as the user, and the engagement is then recorded; unlinks by Siro's ID", async () => {
		const id = await engagementEndedAnHourAgo('link-ext-1');
		fake.resetLog();
		const { output } = await link('linkToCrmRecord', {
			crmExternalId: 'link-ext-1',
			integrationConnection: { mode: 'list', value: CUSTOM_INPUT },
		});
		const [request] = requestsTo('recordingLink');
		expect(request).toMatchObject({
			method: 'PUT',
			path: `/api-internalApi/v1/core/recordings/${recordingId}/link`,
			body: {
				dataType: 'ENGAGEMENT',
				externalId: 'link-ext-1',
				integrationConnectionId: CUSTOM_INPUT,
			},
		});
		expect(request.headers['x-siro-auth-token']).toBe(DEMO.userAccessToken);
		expect(output[0]).toMatchObject({
			json: {
				recordingId,
				dataType: 'ENGAGEMENT',
				externalId: 'link-ext-1',
				integrationConnectionId: CUSTOM_INPUT,
				crmRecord: { id, externalId: 'link-ext-1' },
			},
			pairedItem: { item: 0 },
		});
		expect(stored('link-ext-1')[0].recordingId).toBe(recordingId);

		const unlinked = await link('unlinkFromCrmRecord', { crmRecordId: id });
		expect(requestsTo('recordingUnlink')[0].body).toEqual({ dataType: 'ENGAGEMENT', id });
		expect(unlinked.output[0].json).toEqual({
			recordingId,
			dataType: 'ENGAGEMENT',
			id,
			unlinked: true,
		});
		expect(stored('link-ext-1')[0].recordingId).toBeNull();
	});

	it('links by External ID with the connection picked By ID', async () => {
		await engagementEndedAnHourAgo('link-by-id-mode-1');
		await link('linkToCrmRecord', {
			crmExternalId: 'link-by-id-mode-1',
			integrationConnection: { mode: 'id', value: ` ${CUSTOM_INPUT} ` },
		});
		expect(requestsTo('recordingLink').at(-1)!.body).toEqual({
			dataType: 'ENGAGEMENT',
			externalId: 'link-by-id-mode-1',
			integrationConnectionId: CUSTOM_INPUT,
		});
		expect(stored('link-by-id-mode-1')[0].recordingId).toBe(recordingId);
	});

	it("links by Siro's ID with the connection By ID left empty", async () => {
		const id = await engagementEndedAnHourAgo('link-id-1');
		await link('linkToCrmRecord', {
			crmRecordId: id,
			integrationConnection: { mode: 'id', value: '' },
		});
		expect(stored('link-id-1')[0].recordingId).toBe(recordingId);
	});

	it.each([
		[
			'linkToCrmRecord',
			'both IDs',
			{
				crmRecordId: 'e1',
				crmExternalId: 'x',
				integrationConnection: { mode: 'id', value: CUSTOM_INPUT },
			},
			'crmRecordId',
			/Both id "e1" and externalId "x" are given/,
		],
		[
			'unlinkFromCrmRecord',
			'an External ID without its connection',
			{ crmExternalId: 'x' },
			'integrationConnection',
			/externalId "x" is given without integrationConnectionId/,
		],
		['linkToCrmRecord', 'neither', {}, 'crmRecordId', /Neither id nor externalId is given/],
		[
			'unlinkFromCrmRecord',
			"Siro's ID with a connection",
			{ crmRecordId: 'e1', integrationConnection: { mode: 'list', value: CUSTOM_INPUT } },
			'integrationConnection',
			/integrationConnectionId is given with Siro's id/,
		],
	])(
		'%s refuses %s, naming the parameter, before any request',
		async (operation, _case, parameters, field, message) => {
			const error = await nodeErrorFrom(link(operation, parameters));
			expect(error.message).toMatch(message);
			expect(error.message).toMatch(/\[item 0\]$/);
			expect(fake.countRequests()).toBe(0);

			const { output } = await link(operation, parameters, true);
			expect(output[0].json).toMatchObject({ field, error: expect.stringMatching(message) });
			expect(fake.countRequests()).toBe(0);
		},
	);

	it('says the credential needs user access when it has only the organization token', async () => {
		const error = await nodeErrorFrom(
			run(
				'recording',
				'linkToCrmRecord',
				{ recordingId, dataType: 'ENGAGEMENT', crmRecordId: 'e1' },
				{ credentials: organizationTokenCredentials(fake, { authMode: 'none', accessToken: '' }) },
			),
		);
		expect(error.message).toMatch(/user access/);
		expect(fake.countRequests()).toBe(0);
	});
});
