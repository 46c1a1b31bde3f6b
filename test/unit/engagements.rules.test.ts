/**
 * The engagement rules, pure: calendar events in the exact shapes n8n's Google Calendar and Microsoft
 * Outlook nodes emit, time zones (Windows names through CLDR, DST days, all-day events), every rule of
 * the sync bodies, the recording status and the recording-link body. Each failure names its field.
 */
import {
	checkEngagementSyncBody,
	checkOpportunitySyncBody,
	checkRecordingLinkBody,
	engagementFromCalendarEvent,
	engagementRecordingStatus,
	SiroInputError,
	type CalendarEventOptions,
} from '../../index';
import { googleEvent, googleEventEngagement, outlookEvent } from './support/calendarEvents';

/** The error `run` throws: it must be a SiroInputError. */
function failure(run: () => unknown): SiroInputError {
	let thrown: unknown;
	try {
		run();
	} catch (error) {
		thrown = error;
	}
	if (!(thrown instanceof SiroInputError))
		throw new Error(`expected a SiroInputError, got ${String(thrown)}`);
	return thrown;
}

const google: CalendarEventOptions = { source: 'googleCalendar' };
const outlook: CalendarEventOptions = { source: 'outlook' };

describe('engagementFromCalendarEvent: Google Calendar items', () => {
	it('maps id, summary, times to UTC, location, people (not rooms, not who declined) and Google times', () => {
		expect(engagementFromCalendarEvent(googleEvent(), google)).toEqual(googleEventEngagement());
	});

	it('turns a cancelled event (what the trigger emits for Event Cancelled) into deletedAt, with nothing else needed', () => {
		const cancelled = {
			kind: 'calendar#event',
			etag: '"1"',
			id: 'abc123',
			status: 'cancelled',
			updated: '2026-03-05T12:00:00.000Z',
		};
		expect(engagementFromCalendarEvent(cancelled, google)).toEqual({
			externalId: 'abc123',
			deletedAt: '2026-03-05T12:00:00.000Z',
		});
		expect(
			engagementFromCalendarEvent(
				{ id: 'abc123', status: 'cancelled' },
				{ ...google, now: Date.UTC(2026, 2, 6) },
			),
		).toEqual({ externalId: 'abc123', deletedAt: '2026-03-06T00:00:00.000Z' });
	});

	it.each([
		// 2026-03-08: clocks in Los Angeles go forward; the day has 23 hours.
		[
			'2026-03-08',
			'2026-03-09',
			'America/Los_Angeles',
			'2026-03-08T08:00:00.000Z',
			'2026-03-09T07:00:00.000Z',
		],
		// 2026-11-01: clocks go back; 25 hours.
		[
			'2026-11-01',
			'2026-11-02',
			'America/Los_Angeles',
			'2026-11-01T07:00:00.000Z',
			'2026-11-02T08:00:00.000Z',
		],
		[
			'2026-03-29',
			'2026-03-30',
			'Europe/Berlin',
			'2026-03-28T23:00:00.000Z',
			'2026-03-29T22:00:00.000Z',
		],
	])(
		'places an all-day event (%s) at midnight in the given zone, DST days included',
		(start, end, timeZone, startTime, endTime) => {
			const event = { ...googleEvent(), start: { date: start }, end: { date: end } };
			expect(engagementFromCalendarEvent(event, { ...google, timeZone })).toMatchObject({
				startTime,
				endTime,
			});
		},
	);

	it('refuses an all-day event without a time zone, naming start.date', () => {
		const event = { ...googleEvent(), start: { date: '2026-03-08' }, end: { date: '2026-03-09' } };
		expect(failure(() => engagementFromCalendarEvent(event, google)).field).toBe('start.date');
	});

	it('refuses a recurring series (its start is only the first occurrence), naming recurrence', () => {
		const event = { ...googleEvent(), recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO'] };
		expect(failure(() => engagementFromCalendarEvent(event, google)).field).toBe('recurrence');
	});

	it('names the event field that is wrong: id, end, an attendee e-mail', () => {
		const { id: _id, ...withoutId } = googleEvent();
		expect(failure(() => engagementFromCalendarEvent(withoutId, google)).field).toBe('id');
		const backwards = { ...googleEvent(), end: { dateTime: '2026-03-09T08:00:00-07:00' } };
		const error = failure(() => engagementFromCalendarEvent(backwards, google));
		expect(error.field).toBe('end');
		expect(error.message).toMatch(/is not after/);
		const badEmail = {
			...googleEvent(),
			attendees: [{ email: 'not an address', responseStatus: 'accepted' }],
		};
		expect(failure(() => engagementFromCalendarEvent(badEmail, google)).field).toBe(
			'attendees[0].email',
		);
		expect(
			failure(() => engagementFromCalendarEvent({ ...googleEvent(), id: 1e21 }, google)).field,
		).toBe('id');
	});

	it('leaves Google calendars that are not people (shared and holiday calendars) out of the reps', () => {
		const event = {
			...googleEvent(),
			attendees: [],
			organizer: { email: 'c_abc@group.calendar.google.com' },
		};
		expect(engagementFromCalendarEvent(event, google).engagementUsers).toEqual([]);
	});
});

describe('engagementFromCalendarEvent: Microsoft Outlook items', () => {
	it('maps the raw Graph event: UTC wall-clock, people only, location, Graph times', () => {
		expect(engagementFromCalendarEvent(outlookEvent(), outlook)).toEqual({
			externalId: 'AAMkAGI2THVSAAA=',
			subject: 'Roof estimate – Jones',
			content: '12 Oak St, Springfield',
			startTime: '2026-03-09T16:00:00.000Z',
			endTime: '2026-03-09T17:30:00.000Z',
			remoteCreatedAt: '2026-03-01T18:22:10.123Z',
			remoteUpdatedAt: '2026-03-02T09:15:44.765Z',
			engagementType: { name: 'Calendar event', activityType: 'APPOINTMENT' },
			engagementUsers: [
				{
					externalId: 'Avery.Morgan@DemoHomeServices.com',
					email: 'Avery.Morgan@DemoHomeServices.com',
					name: 'Avery Morgan',
				},
				{
					externalId: 'dispatch@demohomeservices.com',
					email: 'dispatch@demohomeservices.com',
					name: 'Dispatch',
				},
			],
		});
	});

	it('reads the Simplified output (id, subject, bodyPreview, start, end, organizer, attendees, webLink)', () => {
		const { id, subject, bodyPreview, start, end, organizer, attendees, webLink } = outlookEvent();
		const simplified = { id, subject, bodyPreview, start, end, organizer, attendees, webLink };
		expect(engagementFromCalendarEvent(simplified, outlook)).toMatchObject({
			externalId: id,
			startTime: '2026-03-09T16:00:00.000Z',
			endTime: '2026-03-09T17:30:00.000Z',
		});
	});

	it.each([
		// Los Angeles: the day before, the day of and after DST starts (2026-03-08) and ends (2026-11-01).
		['Pacific Standard Time', '2026-03-07T09:00:00.0000000', '2026-03-07T17:00:00.000Z'],
		['Pacific Standard Time', '2026-03-08T09:00:00.0000000', '2026-03-08T16:00:00.000Z'],
		['Pacific Standard Time', '2026-10-31T09:00:00.0000000', '2026-10-31T16:00:00.000Z'],
		['Pacific Standard Time', '2026-11-01T09:00:00.0000000', '2026-11-01T17:00:00.000Z'],
		['W. Europe Standard Time', '2026-03-28T09:00:00.0000000', '2026-03-28T08:00:00.000Z'],
		['W. Europe Standard Time', '2026-03-29T09:00:00.0000000', '2026-03-29T07:00:00.000Z'],
		['AUS Eastern Standard Time', '2026-04-05T09:00:00.0000000', '2026-04-04T23:00:00.000Z'],
		['India Standard Time', '2026-03-09T09:00:00.0000000', '2026-03-09T03:30:00.000Z'],
		['Europe/Berlin', '2026-07-01T09:00:00.0000000', '2026-07-01T07:00:00.000Z'],
		['UTC', '2026-03-09T16:00:00.0000000', '2026-03-09T16:00:00.000Z'],
		['tzone://Microsoft/Utc', '2026-03-09T16:00:00.0000000', '2026-03-09T16:00:00.000Z'],
	])(
		'converts %s wall-clock %s with the zone’s rules that day',
		(timeZone, dateTime, startTime) => {
			const event = {
				...outlookEvent(),
				start: { dateTime, timeZone },
				end: { dateTime: '2027-01-01T00:00:00.0000000', timeZone: 'UTC' },
			};
			expect(engagementFromCalendarEvent(event, outlook).startTime).toBe(startTime);
		},
	);

	it('refuses a zone it cannot convert, naming start.timeZone', () => {
		for (const timeZone of ['Mars Standard Time', 'tzone://Microsoft/Custom', '']) {
			const event = {
				...outlookEvent(),
				start: { dateTime: '2026-03-09T09:00:00.0000000', timeZone },
			};
			expect([timeZone, failure(() => engagementFromCalendarEvent(event, outlook)).field]).toEqual([
				timeZone,
				'start.timeZone',
			]);
		}
	});

	it("places an all-day event's days in the event's own zone, or the one given (DST day: 23 hours)", () => {
		const allDay = {
			...outlookEvent(),
			isAllDay: true,
			start: { dateTime: '2026-03-08T00:00:00.0000000', timeZone: 'UTC' },
			end: { dateTime: '2026-03-09T00:00:00.0000000', timeZone: 'UTC' },
		};
		expect(engagementFromCalendarEvent(allDay, outlook)).toMatchObject({
			startTime: '2026-03-08T08:00:00.000Z',
			endTime: '2026-03-09T07:00:00.000Z',
		});
		expect(
			engagementFromCalendarEvent(allDay, { ...outlook, timeZone: 'Europe/Berlin' }),
		).toMatchObject({
			startTime: '2026-03-07T23:00:00.000Z',
			endTime: '2026-03-08T23:00:00.000Z',
		});
		const { originalStartTimeZone: _zone, ...noZone } = allDay;
		expect(failure(() => engagementFromCalendarEvent(noZone, outlook)).field).toBe('isAllDay');
	});

	it('turns a cancelled event into deletedAt and refuses a series master', () => {
		expect(engagementFromCalendarEvent({ ...outlookEvent(), isCancelled: true }, outlook)).toEqual({
			externalId: 'AAMkAGI2THVSAAA=',
			subject: 'Roof estimate – Jones',
			deletedAt: '2026-03-02T09:15:44.765Z',
		});
		const master = {
			...outlookEvent(),
			type: 'seriesMaster',
			recurrence: { pattern: { type: 'weekly' } },
		};
		expect(failure(() => engagementFromCalendarEvent(master, outlook)).field).toBe('type');
	});

	it('refuses an unknown source and reads options as own keys only', () => {
		expect(
			failure(() => engagementFromCalendarEvent(outlookEvent(), { source: 'ical' } as never)).field,
		).toBe('source');
		const inherited = Object.create({ source: 'outlook' }) as CalendarEventOptions;
		expect(failure(() => engagementFromCalendarEvent(outlookEvent(), inherited)).field).toBe(
			'source',
		);
	});
});

describe('checkEngagementSyncBody', () => {
	const base = {
		externalId: 'appt-1',
		startTime: '2026-03-09T09:00:00-07:00',
		endTime: '2026-03-09T10:00:00-07:00',
	};
	const fieldOf = (input: unknown) => failure(() => checkEngagementSyncBody(input)).field;

	it('writes times in UTC, takes IDs as text (safe whole numbers too) and a Date or milliseconds', () => {
		expect(checkEngagementSyncBody({ ...base, externalId: 42 }).body).toEqual({
			externalId: '42',
			startTime: '2026-03-09T16:00:00.000Z',
			endTime: '2026-03-09T17:00:00.000Z',
		});
		expect(
			checkEngagementSyncBody({
				externalId: 'a',
				startTime: new Date(Date.UTC(2026, 0, 1)),
				endTime: Date.UTC(2026, 0, 1, 1),
			}).body,
		).toMatchObject({ startTime: '2026-01-01T00:00:00.000Z', endTime: '2026-01-01T01:00:00.000Z' });
	});

	it.each([
		['no External ID', { startTime: base.startTime }, 'externalId'],
		['an ID past 2^53', { externalId: 12345678901234567890 }, 'externalId'],
		['an ID with a zero-width space', { externalId: 'appt\u200b1' }, 'externalId'],
		['a time without an offset', { ...base, startTime: '2026-03-09T09:00:00' }, 'startTime'],
		['a date alone', { ...base, endTime: '2026-03-10' }, 'endTime'],
		['end before start', { ...base, endTime: '2026-03-09T08:00:00-07:00' }, 'endTime'],
		['end equal to start', { ...base, endTime: base.startTime }, 'endTime'],
		[
			'a zoned startTimeLocalized',
			{ ...base, startTimeLocalized: '2026-03-09T09:00:00Z' },
			'startTimeLocalized',
		],
		[
			'an address without zip',
			{
				...base,
				account: {
					externalId: 'acc',
					addresses: [{ country: 'US', street: '12 Oak St', city: 'Springfield', state: 'IL' }],
				},
			},
			'account.addresses[0].zip',
		],
		[
			'a latitude past 90',
			{ ...base, lead: { externalId: 'l1', latitude: 91, longitude: 10 } },
			'lead.latitude',
		],
		[
			"a contact's account's longitude past 180",
			{
				...base,
				contact: { externalId: 'c1', account: { externalId: 'a1', latitude: 10, longitude: -181 } },
			},
			'contact.account.longitude',
		],
		[
			'a latitude without a longitude',
			{ ...base, account: { externalId: 'acc', latitude: 40.7 } },
			'account.longitude',
		],
		[
			'an account without External ID',
			{ ...base, account: { name: 'Jones' } },
			'account.externalId',
		],
		[
			'a rep without e-mail',
			{ ...base, engagementUsers: [{ externalId: '005x', name: 'Avery' }] },
			'engagementUsers[0].email',
		],
		[
			'a rep with a malformed e-mail',
			{ ...base, engagementUsers: ['ok@example.com', 'avery at example.com'] },
			'engagementUsers[1].email',
		],
		[
			'a rep e-mail with a zero-width space',
			{ ...base, engagementUsers: ['avery\u200b@example.com'] },
			'engagementUsers[0].email',
		],
		[
			'a share of sale past 1',
			{ ...base, engagementUsers: [{ email: 'a@example.com', shareOfSale: 50 }] },
			'engagementUsers[0].shareOfSale',
		],
		[
			'an activity type Siro does not know',
			{ ...base, engagementType: { name: 'Visit', activityType: 'VISIT' } },
			'engagementType.activityType',
		],
		[
			'an engagement type without name',
			{ ...base, engagementType: { activityType: 'MEETING' } },
			'engagementType.name',
		],
		[
			'an opportunity amount that is no number',
			{ ...base, opportunity: { externalId: 'o1', amount: 'lots' } },
			'opportunity.amount',
		],
		['a direction Siro does not know', { ...base, direction: 'SIDEWAYS' }, 'direction'],
		['a list for the body', [base], 'engagement'],
	])('refuses %s, naming the field', (_what, input, field) => {
		expect(fieldOf(input)).toBe(field);
	});

	it('reads own keys only: an inherited External ID is no External ID', () => {
		expect(fieldOf(Object.create({ externalId: 'appt-1' }))).toBe('externalId');
	});

	it('takes reps by e-mail, each once (case folded), External ID defaulting to the e-mail', () => {
		const { body } = checkEngagementSyncBody({
			...base,
			engagementUsers: [
				'Avery@Example.com',
				{ email: 'avery@example.com', name: 'Avery' },
				{ email: 'pat@example.com', externalId: '005P' },
			],
		});
		expect(body.engagementUsers).toEqual([
			{ externalId: 'Avery@Example.com', email: 'Avery@Example.com' },
			{ externalId: '005P', email: 'pat@example.com' },
		]);
	});

	it('warns about activity types Siro’s appointment flows ignore and fields Siro does not have, leaving those out', () => {
		const { body, warnings } = checkEngagementSyncBody({
			...base,
			engagementType: { name: 'Call', activityType: 'call' },
			color: 'red',
		});
		expect(body.engagementType).toEqual({ name: 'Call', activityType: 'CALL' });
		expect(body).not.toHaveProperty('color');
		expect(warnings).toEqual([
			expect.stringMatching(/^"color" is not a field/),
			expect.stringMatching(/activityType CALL/),
		]);
	});

	it('keeps complete addresses and coordinates, and null where Siro takes null (deletedAt: null restores)', () => {
		const address = {
			country: 'US',
			street: '12 Oak St',
			city: 'Springfield',
			state: 'IL',
			zip: '62701',
		};
		const { body } = checkEngagementSyncBody({
			...base,
			deletedAt: null,
			account: {
				externalId: 'acc',
				name: 'Jones',
				latitude: '39.78',
				longitude: -89.65,
				addresses: [address],
				phoneNumbers: '+12175550100',
			},
		});
		expect(body.deletedAt).toBeNull();
		expect(body.account).toEqual({
			externalId: 'acc',
			name: 'Jones',
			latitude: 39.78,
			longitude: -89.65,
			addresses: [address],
			phoneNumbers: ['+12175550100'],
		});
	});
});

describe('checkOpportunitySyncBody', () => {
	it('applies the same rules: ID, finite amount, disposition, times, addresses', () => {
		expect(
			checkOpportunitySyncBody({
				externalId: 'opp-1',
				amount: '1250.50',
				disposition: 'won',
				closedAt: '2026-03-09T17:00:00Z',
			}).body,
		).toEqual({
			externalId: 'opp-1',
			amount: 1250.5,
			disposition: 'WON',
			closedAt: '2026-03-09T17:00:00.000Z',
		});
		expect(
			failure(() => checkOpportunitySyncBody({ externalId: 'o', amount: Infinity })).field,
		).toBe('amount');
		expect(
			failure(() => checkOpportunitySyncBody({ externalId: 'o', disposition: 'PENDING' })).field,
		).toBe('disposition');
		expect(
			failure(() => checkOpportunitySyncBody({ externalId: 'o', closedAt: '2026-03-09 17:00' }))
				.field,
		).toBe('closedAt');
		expect(failure(() => checkOpportunitySyncBody({ name: 'Roof' })).field).toBe('externalId');
		expect(
			failure(() =>
				checkOpportunitySyncBody({
					externalId: 'o',
					account: { externalId: 'a', addresses: [{ country: 'US' }] },
				}),
			).field,
		).toBe('account.addresses[0].street');
	});
});

describe('engagementRecordingStatus', () => {
	const ended = {
		id: 'e1',
		externalId: 'x',
		startTime: '2026-03-09T16:00:00.000Z',
		endTime: '2026-03-09T17:00:00.000Z',
	};

	it('is recorded once Siro has a recordingId, whatever the time', () => {
		expect(
			engagementRecordingStatus(
				{ ...ended, recordingId: 'rec-1' },
				{ now: '2026-03-09T16:10:00Z' },
			),
		).toEqual({
			status: 'recorded',
			recordingId: 'rec-1',
			endedAt: '2026-03-09T17:00:00.000Z',
		});
	});

	it('is notEnded until end + grace, notRecorded from then on', () => {
		expect(engagementRecordingStatus(ended, { now: '2026-03-09T17:14:59.999Z' }).status).toBe(
			'notEnded',
		);
		expect(engagementRecordingStatus(ended, { now: '2026-03-09T17:15:00Z' })).toEqual({
			status: 'notRecorded',
			endedAt: '2026-03-09T17:00:00.000Z',
		});
		expect(
			engagementRecordingStatus(ended, { now: Date.parse('2026-03-09T17:05:00Z'), graceMinutes: 5 })
				.status,
		).toBe('notRecorded');
	});

	it('is never notRecorded for an engagement Siro reports deleted, or no longer has', () => {
		const late = { now: '2026-03-10T00:00:00Z' };
		expect(
			engagementRecordingStatus({ ...ended, deletedAt: '2026-03-09T12:00:00.000Z' }, late),
		).toEqual({
			status: 'cancelled',
			deletedAt: '2026-03-09T12:00:00.000Z',
			endedAt: '2026-03-09T17:00:00.000Z',
		});
		expect(engagementRecordingStatus(null, late)).toEqual({ status: 'cancelled' });
		expect(engagementRecordingStatus(undefined, late)).toEqual({ status: 'cancelled' });
	});

	it('is notEnded without an end time, and refuses a negative grace period or a time without a zone', () => {
		expect(engagementRecordingStatus({ id: 'e2', externalId: 'y' }, { now: 0 }).status).toBe(
			'notEnded',
		);
		expect(failure(() => engagementRecordingStatus(ended, { graceMinutes: -1 })).field).toBe(
			'graceMinutes',
		);
		expect(failure(() => engagementRecordingStatus(ended, { now: '2026-03-09T17:00' })).field).toBe(
			'now',
		);
	});
});

describe('checkRecordingLinkBody', () => {
	it("takes Siro's id, or an External ID with its integration connection (dataType in any case)", () => {
		expect(checkRecordingLinkBody({ dataType: 'engagement', id: 'eng-1' })).toEqual({
			dataType: 'ENGAGEMENT',
			id: 'eng-1',
		});
		expect(
			checkRecordingLinkBody({
				dataType: 'LEAD',
				externalId: '00Q1',
				integrationConnectionId: 'conn-1',
				trigger: 'MANUAL',
			}),
		).toEqual({
			dataType: 'LEAD',
			externalId: '00Q1',
			integrationConnectionId: 'conn-1',
			trigger: 'MANUAL',
		});
	});

	it.each([
		[
			'both id and externalId',
			{ dataType: 'LEAD', id: 'l1', externalId: '00Q1', integrationConnectionId: 'c' },
			'id',
		],
		['neither', { dataType: 'LEAD' }, 'id'],
		[
			'an externalId without connection',
			{ dataType: 'ENGAGEMENT', externalId: 'appt-1' },
			'integrationConnectionId',
		],
		[
			'a connection with id',
			{ dataType: 'ENGAGEMENT', id: 'e1', integrationConnectionId: 'c' },
			'integrationConnectionId',
		],
		['no dataType', { id: 'e1' }, 'dataType'],
		['an unknown dataType', { dataType: 'TICKET', id: 'e1' }, 'dataType'],
	])('refuses %s, naming the field', (_what, input, field) => {
		expect(failure(() => checkRecordingLinkBody(input)).field).toBe(field);
	});
});
