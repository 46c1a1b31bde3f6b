/**
 * An appointment from a calendar, as the items n8n's own nodes emit, → Siro's engagement sync body.
 *
 * - `googleCalendar`: the Google Calendar node (Event → Get, Get Many, Create, Update) and the Google
 *   Calendar Trigger emit Google's event resource as the API returns it: `id`, `summary`, `status`
 *   (`cancelled` once deleted), `start`/`end` `{ dateTime (RFC 3339, with offset), timeZone? }` or
 *   `{ date }` for an all-day event (end date exclusive), `attendees[] { email, displayName,
 *   responseStatus, resource?, organizer?, self? }`, `organizer { email, displayName? }`, `location`,
 *   `created`, `updated`, `recurrence[]` on a series' master event.
 * - `outlook`: the Microsoft Outlook node's Event operations emit Microsoft Graph's event:
 *   `id`, `subject`, `start`/`end` `{ dateTime: '2026-03-09T17:00:00.0000000' (no offset), timeZone }`
 *   (`UTC` unless asked otherwise; a Windows name such as `Pacific Standard Time`, or an IANA one for
 *   events created with it), `isAllDay`, `isCancelled`, `attendees[] { type: required | optional |
 *   resource, status { response }, emailAddress { name, address } }`, `organizer { emailAddress }`,
 *   `location { displayName }`, `createdDateTime`, `lastModifiedDateTime`, `type` (`seriesMaster`…),
 *   `originalStartTimeZone`. Its Simplified output keeps only id, subject, bodyPreview, start, end,
 *   organizer, attendees and webLink: all-day and cancelled events need the Raw output.
 *
 * The result has passed checkEngagementSyncBody: every rule holds before anything is sent.
 */
import { readTime } from '../core/time';
import { describe, isFieldObject, ownValue } from '../core/values';
import { asInputError, SiroInputError } from './errors';
import { own, readEmail, readObject, readString, type Fields } from './fields';
import {
	ACTIVITY_TYPES,
	checkEngagementSyncBody,
	type ActivityType,
	type EngagementSyncBody,
} from './syncBody';
import { ianaTimeZone, instantIn, midnightIn } from './timeZones';

export type CalendarSource = 'googleCalendar' | 'outlook';

export interface CalendarEventOptions {
	source: CalendarSource;
	/**
	 * IANA zone in which an all-day event's days begin (a date alone names no instant; n8n: the
	 * workflow's time zone). Required for Google all-day events; for Outlook ones the event's
	 * `originalStartTimeZone` is used when this is not given.
	 */
	timeZone?: string;
	/** Default `APPOINTMENT`: what Siro's appointment flows read. */
	activityType?: ActivityType;
	/** The engagement type's name; default `Calendar event`. */
	engagementTypeName?: string;
	/** When a cancelled event that carries no modification time was cancelled; default: now. */
	now?: number | Date | string;
}

type Reader = (event: Fields, options: CalendarEventOptions) => Fields;

/** Addresses of Google calendars that are not people: shared calendars, rooms, holiday calendars. */
const GOOGLE_NON_PERSON = /@(?:group\.|resource\.|group\.v\.)calendar\.google\.com$/i;

function cancelledAt(modifiedAt: unknown, field: string, options: CalendarEventOptions): string {
	const given = modifiedAt ?? options.now ?? Date.now();
	const label = modifiedAt === undefined ? 'now' : field;
	return new Date(asInputError(() => readTime(given, label))).toISOString();
}

function notRecurringSeries(isSeries: boolean, field: string, fix: string): void {
	if (isSeries) {
		throw new SiroInputError(
			field,
			`The event is a recurring series (${field}), not one appointment: its start is only the first occurrence.`,
			fix,
		);
	}
}

/**
 * Reps from the people the caller kept (rooms and those who declined are left out there; the same
 * address twice is folded by the sync-body rules). `field` names the e-mail's place in the event.
 */
function repsFrom(
	people: Array<{ email: unknown; name: unknown; field: string }>,
): Array<{ email: string; name?: string }> {
	const reps: Array<{ email: string; name?: string }> = [];
	for (const person of people) {
		const email = readEmail(person.email, person.field);
		if (email === undefined) continue;
		const name = readString(person.name, `${person.field} (name)`);
		reps.push(name === undefined ? { email } : { email, name });
	}
	return reps;
}

/** An object of fields to read from; anything else (a string, a list, null) is skipped. */
const readable = (value: unknown): value is Fields => isFieldObject(value);

const list = (value: unknown): Fields[] => (Array.isArray(value) ? value.filter(readable) : []);

const google: Reader = (event, options) => {
	const body: Fields = { externalId: own(event, 'id') };
	const subject = readString(own(event, 'summary'), 'summary');
	if (subject !== undefined) body.subject = subject;
	if (own(event, 'status') === 'cancelled') {
		body.deletedAt = cancelledAt(own(event, 'updated'), 'updated', options);
		return body;
	}
	const recurrence = own(event, 'recurrence');
	notRecurringSeries(
		Array.isArray(recurrence) && recurrence.length > 0,
		'recurrence',
		'Have the Google Calendar node return each occurrence (Get Many with Recurring Event Handling: All Occurrences), so every appointment has its own ID.',
	);
	const times: Record<'start' | 'end', number> = { start: 0, end: 0 };
	for (const side of ['start', 'end'] as const) {
		const time = readObject(own(event, side), side);
		const dateTime = own(time, 'dateTime');
		if (dateTime !== undefined && dateTime !== null) {
			// Google writes an offset into every dateTime; timeZone only says how to show it.
			const zone = own(time, 'timeZone');
			times[side] = instantIn(
				dateTime,
				zone === undefined ? 'UTC' : ianaTimeZone(zone, `${side}.timeZone`),
				`${side}.dateTime`,
			);
		} else {
			if (options.timeZone === undefined) {
				throw new SiroInputError(
					`${side}.date`,
					`The event is an all-day event (${side}.date ${describe(own(time, 'date'))}): a date alone names no time of day.`,
					'Pass timeZone (n8n: the workflow’s time zone) so its day can begin at midnight there.',
				);
			}
			// Google's end date is exclusive: the day after the last one, so its midnight ends the event.
			times[side] = midnightIn(
				own(time, 'date'),
				ianaTimeZone(options.timeZone, 'timeZone'),
				`${side}.date`,
			);
		}
	}
	body.startTime = new Date(times.start).toISOString();
	body.endTime = new Date(times.end).toISOString();
	const people = list(own(event, 'attendees'))
		.map((attendee, index) => ({ attendee, index }))
		.filter(
			({ attendee }) =>
				own(attendee, 'resource') !== true && own(attendee, 'responseStatus') !== 'declined',
		)
		.map(({ attendee, index }) => ({
			email: own(attendee, 'email'),
			name: own(attendee, 'displayName'),
			field: `attendees[${index}].email`,
		}));
	const organizer = own(event, 'organizer');
	if (readable(organizer)) {
		people.push({
			email: own(organizer, 'email'),
			name: own(organizer, 'displayName'),
			field: 'organizer.email',
		});
	}
	body.engagementUsers = repsFrom(people).filter((rep) => !GOOGLE_NON_PERSON.test(rep.email));
	body.content = own(event, 'location');
	body.remoteCreatedAt = own(event, 'created');
	body.remoteUpdatedAt = own(event, 'updated');
	return body;
};

/** Outlook's all-day event: midnight-to-midnight dates, placed in the caller's or the event's zone. */
function outlookAllDayZone(event: Fields, options: CalendarEventOptions): string {
	if (options.timeZone !== undefined) return ianaTimeZone(options.timeZone, 'timeZone');
	const original = own(event, 'originalStartTimeZone');
	if (original === undefined || original === null) {
		throw new SiroInputError(
			'isAllDay',
			'The event is an all-day event and names no time zone its days begin in.',
			'Pass timeZone (n8n: the workflow’s time zone), or use the Outlook node’s Raw output, which has originalStartTimeZone.',
		);
	}
	return ianaTimeZone(original, 'originalStartTimeZone');
}

const outlook: Reader = (event, options) => {
	const body: Fields = { externalId: own(event, 'id') };
	const subject = readString(own(event, 'subject'), 'subject');
	if (subject !== undefined) body.subject = subject;
	if (own(event, 'isCancelled') === true) {
		body.deletedAt = cancelledAt(
			own(event, 'lastModifiedDateTime'),
			'lastModifiedDateTime',
			options,
		);
		return body;
	}
	const recurrence = own(event, 'recurrence');
	notRecurringSeries(
		own(event, 'type') === 'seriesMaster' || (recurrence !== undefined && recurrence !== null),
		'type',
		'Read occurrences (Microsoft Graph’s calendarView, or Get Many of single events) so every appointment has its own ID.',
	);
	const allDay = own(event, 'isAllDay') === true;
	const times: Record<'start' | 'end', number> = { start: 0, end: 0 };
	for (const side of ['start', 'end'] as const) {
		const time = readObject(own(event, side), side);
		const dateTime = own(time, 'dateTime');
		if (allDay) {
			const date = typeof dateTime === 'string' ? dateTime.slice(0, 10) : dateTime;
			times[side] = midnightIn(date, outlookAllDayZone(event, options), `${side}.dateTime`);
		} else {
			// Graph writes local wall-clock time without an offset; timeZone says where that clock hangs.
			times[side] = instantIn(
				dateTime,
				ianaTimeZone(own(time, 'timeZone'), `${side}.timeZone`),
				`${side}.dateTime`,
			);
		}
	}
	body.startTime = new Date(times.start).toISOString();
	body.endTime = new Date(times.end).toISOString();
	const people = list(own(event, 'attendees'))
		.map((attendee, index) => ({ attendee, index }))
		.filter(({ attendee }) => {
			const status = own(attendee, 'status');
			return (
				own(attendee, 'type') !== 'resource' &&
				!(readable(status) && own(status, 'response') === 'declined')
			);
		})
		.map(({ attendee, index }) => {
			const address = own(attendee, 'emailAddress');
			return {
				email: readable(address) ? own(address, 'address') : undefined,
				name: readable(address) ? own(address, 'name') : undefined,
				field: `attendees[${index}].emailAddress.address`,
			};
		});
	const organizer = own(event, 'organizer');
	const organizerAddress = readable(organizer) ? own(organizer, 'emailAddress') : undefined;
	if (readable(organizerAddress)) {
		people.push({
			email: own(organizerAddress, 'address'),
			name: own(organizerAddress, 'name'),
			field: 'organizer.emailAddress.address',
		});
	}
	body.engagementUsers = repsFrom(people);
	const location = own(event, 'location');
	if (readable(location)) body.content = own(location, 'displayName');
	body.remoteCreatedAt = own(event, 'createdDateTime');
	body.remoteUpdatedAt = own(event, 'lastModifiedDateTime');
	return body;
};

const READERS: Record<CalendarSource, Reader> = { googleCalendar: google, outlook };

/** Maps a field of Siro's body back to the event's own field, so an error names what the user has. */
const EVENT_FIELD: Record<CalendarSource, Record<string, string>> = {
	googleCalendar: {
		externalId: 'id',
		subject: 'summary',
		content: 'location',
		remoteCreatedAt: 'created',
		remoteUpdatedAt: 'updated',
		deletedAt: 'updated',
		endTime: 'end',
	},
	outlook: {
		externalId: 'id',
		subject: 'subject',
		content: 'location.displayName',
		remoteCreatedAt: 'createdDateTime',
		remoteUpdatedAt: 'lastModifiedDateTime',
		deletedAt: 'lastModifiedDateTime',
		endTime: 'end',
	},
};

/** The error with the event's own field name in place of the sync body's, where one maps. */
function inEventTerms(error: unknown, source: CalendarSource): unknown {
	if (!(error instanceof SiroInputError)) return error;
	const [head, ...rest] = error.field.split(/(?=[.[])/);
	const eventField = EVENT_FIELD[source][head];
	if (eventField === undefined) return error;
	const field = [eventField, ...rest].join('');
	const rename = (text: string) => text.split(error.field).join(field);
	return new SiroInputError(field, rename(error.problem), rename(error.fix));
}

/**
 * Siro's engagement sync body for a calendar event as n8n's Google Calendar or Microsoft Outlook
 * nodes emit it: id → externalId, summary/subject → subject, start/end with their time zones → UTC
 * instants, attendees' and organizer's e-mails → engagementUsers (people only: rooms and those who
 * declined are left out), location → content, a cancelled event → deletedAt. Throws SiroInputError
 * whose `field` names the event's field that is wrong.
 */
export function engagementFromCalendarEvent(
	event: unknown,
	options: CalendarEventOptions,
): EngagementSyncBody {
	// Options are read as own keys only: an inherited `timeZone` never changes an appointment's day.
	const source = ownValue(options, 'source');
	if (source !== 'googleCalendar' && source !== 'outlook') {
		throw new SiroInputError(
			'source',
			`source is ${describe(source)}.`,
			'Use googleCalendar or outlook.',
		);
	}
	const given = {
		source,
		timeZone: ownValue(options, 'timeZone'),
		activityType: ownValue(options, 'activityType') ?? 'APPOINTMENT',
		engagementTypeName: ownValue(options, 'engagementTypeName') ?? 'Calendar event',
		now: ownValue(options, 'now'),
	} as Required<CalendarEventOptions>;
	if (!ACTIVITY_TYPES.includes(given.activityType)) {
		throw new SiroInputError(
			'activityType',
			`activityType is ${describe(given.activityType)}.`,
			`Use one of ${ACTIVITY_TYPES.join(', ')}.`,
		);
	}
	const engagementTypeName = readString(given.engagementTypeName, 'engagementTypeName');
	const fields = READERS[source](readObject(event, 'event'), given);
	if (fields.deletedAt === undefined) {
		fields.engagementType = { name: engagementTypeName, activityType: given.activityType };
	}
	let checked: { body: EngagementSyncBody } | { error: unknown };
	try {
		checked = checkEngagementSyncBody(fields);
	} catch (error) {
		checked = { error };
	}
	if ('body' in checked) return checked.body;
	throw inEventTerms(checked.error, source);
}
