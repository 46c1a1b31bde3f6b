/**
 * Time zones as calendars name them: IANA names (Google Calendar, and Outlook events created with
 * one), and Windows names (Microsoft Graph: `Pacific Standard Time`). A Windows name is mapped to its
 * IANA zone with the CLDR table (windowsZones.ts); the instant is then computed with the host's own
 * time-zone rules (Intl), so daylight saving time is applied as the zone had it that day, never a
 * fixed offset.
 */
import { isKnownTimeZone, readTime } from '../core/time';
import { describe } from '../core/values';
import { asInputError, SiroInputError } from './errors';
import { WINDOWS_TO_IANA } from './windowsZones';

/** Keyed in lower case: Graph writes the names exactly, but a name typed into a sheet may not be. */
const IANA_BY_WINDOWS_NAME = new Map(
	WINDOWS_TO_IANA.map(([windows, iana]) => [windows.toLowerCase(), iana]),
);

/** Graph's own names for UTC and for a zone defined inside the event (no rules to look up). */
const GRAPH_UTC = /^tzone:\/\/Microsoft\/Utc$/i;
const GRAPH_CUSTOM = /^tzone:\/\/Microsoft\/Custom$/i;

/** The IANA zone for a Windows or IANA time-zone name. Throws SiroInputError naming `field`. */
export function ianaTimeZone(name: unknown, field: string): string {
	if (typeof name !== 'string' || name.trim() === '') {
		throw new SiroInputError(
			field,
			`${field} is ${describe(name)}, not a time-zone name.`,
			`Set ${field} to an IANA zone (America/Los_Angeles) or a Windows one (Pacific Standard Time).`,
		);
	}
	const text = name.trim();
	if (GRAPH_UTC.test(text)) return 'UTC';
	if (GRAPH_CUSTOM.test(text)) {
		throw new SiroInputError(
			field,
			`${field} is Outlook's custom time zone, whose rules live inside the event, not in any zone database.`,
			'Read the event from Microsoft Graph in UTC (the default of n8n’s Microsoft Outlook node) or a named zone.',
		);
	}
	const zone = IANA_BY_WINDOWS_NAME.get(text.toLowerCase()) ?? text;
	if (!isKnownTimeZone(zone)) {
		throw new SiroInputError(
			field,
			`${field} ${describe(text)} is neither a Windows time-zone name nor an IANA zone this host knows.`,
			'Use a name such as Pacific Standard Time or America/Los_Angeles.',
		);
	}
	return zone;
}

/**
 * A date and time as milliseconds since the epoch: its own offset when it has one, else read as wall
 * clock in `timeZone` (IANA). Throws SiroInputError naming `field`.
 */
export function instantIn(text: unknown, timeZone: string, field: string): number {
	if (typeof text !== 'string') {
		throw new SiroInputError(
			field,
			`${field} is ${describe(text)}.`,
			`Set ${field} to an ISO 8601 date and time.`,
		);
	}
	return asInputError(() => readTime(text, field, { localTimeZone: timeZone }));
}

/** Midnight starting `date` (YYYY-MM-DD) in `timeZone`: where an all-day event begins or ends there. */
export function midnightIn(date: unknown, timeZone: string, field: string): number {
	if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date.trim())) {
		throw new SiroInputError(
			field,
			`${field} is ${describe(date)}, not a date (YYYY-MM-DD).`,
			`Set ${field} to the event's date, such as 2026-03-08.`,
		);
	}
	return instantIn(`${date.trim()}T00:00:00`, timeZone, field);
}
