/**
 * Points in time given by callers (when a link was sent, a listing's window): ISO 8601 text, a Date,
 * milliseconds since the epoch, or the Luxon DateTime an n8n expression such as {{ $now }} hands over.
 * A date and time written without a zone means nothing exact, so it is read in the time zone the caller
 * names (n8n: the workflow's) or refused, never silently taken as the server's.
 */
import { RecordLinkError } from './errors';
import { describe } from './values';

/** ISO 8601 as Siro and n8n write it: a date, or a date and time with or without Z or an offset. */
const ISO_8601 =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

export interface ReadTimeOptions {
	/** IANA zone for a date and time written without one (n8n: the workflow's time zone). */
	localTimeZone?: string;
}

function ownData(object: object, key: string): unknown {
	const descriptor = Object.getOwnPropertyDescriptor(object, key);
	return descriptor !== undefined && 'value' in descriptor ? descriptor.value : undefined;
}

/** How far `timeZone` is ahead of UTC at the instant `utcMs`, in milliseconds. */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
	const wallClockAsUtc = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second'),
	);
	return wallClockAsUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** A wall-clock time in `timeZone` as an instant (the later reading when clocks go back, as Luxon does). */
function wallClockIn(wallClockAsUtc: number, timeZone: string): number {
	const first = wallClockAsUtc - zoneOffsetMs(wallClockAsUtc, timeZone);
	return wallClockAsUtc - zoneOffsetMs(first, timeZone);
}

/** Whether the host's time-zone rules (Intl) know `timeZone`. */
export function isKnownTimeZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
		return true;
	} catch {
		return false;
	}
}

function readIsoText(text: string, label: string, options: ReadTimeOptions): number {
	const fix = `Set ${label} to an ISO 8601 time such as 2024-06-13T04:00:00.000Z.`;
	const match = ISO_8601.exec(text);
	if (match === null) {
		throw new RecordLinkError(label, `${label} ${describe(text)} is not an ISO 8601 time.`, fix);
	}
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
	const numbers = [year, month, day, hour, minute, second].map(Number);
	const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3));
	const wallClockAsUtc = Date.UTC(
		numbers[0],
		numbers[1] - 1,
		numbers[2],
		numbers[3],
		numbers[4],
		numbers[5],
		milliseconds,
	);
	const written = new Date(wallClockAsUtc);
	// Date.UTC rolls 2026-02-30 over to March 2, and 25:00 to the next day: what was written must come back.
	if (
		written.getUTCFullYear() !== numbers[0] ||
		written.getUTCMonth() !== numbers[1] - 1 ||
		written.getUTCDate() !== numbers[2] ||
		written.getUTCHours() !== numbers[3] ||
		written.getUTCMinutes() !== numbers[4] ||
		written.getUTCSeconds() !== numbers[5]
	) {
		throw new RecordLinkError(label, `${label} ${describe(text)} is not a real date.`, fix);
	}
	if (match[4] === undefined) return wallClockAsUtc; // A date alone: midnight UTC, as JavaScript reads it.
	if (zone === undefined) {
		const { localTimeZone } = options;
		if (localTimeZone !== undefined && isKnownTimeZone(localTimeZone)) {
			return wallClockIn(wallClockAsUtc, localTimeZone);
		}
		throw new RecordLinkError(
			label,
			`${label} ${describe(text)} has no time zone, so it could mean any of 24 hours.`,
			'Add Z (UTC) or an offset such as +02:00.',
		);
	}
	if (zone.toUpperCase() === 'Z') return wallClockAsUtc;
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
	if (offsetMinutes > 18 * 60) {
		throw new RecordLinkError(label, `${label} ${describe(text)} has an offset past ±18:00.`, fix);
	}
	return wallClockAsUtc - sign * offsetMinutes * 60000;
}

/**
 * `value` as milliseconds since the epoch. Throws RecordLinkError naming `label` for anything that is
 * not a point in time.
 */
export function readTime(value: unknown, label: string, options: ReadTimeOptions = {}): number {
	const fix = `Set ${label} to an ISO 8601 time with a zone (2024-06-13T04:00:00.000Z), a Date, or milliseconds since 1970.`;
	if (typeof value === 'number') {
		if (Number.isFinite(value)) return value;
		throw new RecordLinkError(label, `${label} is ${value}, not a point in time.`, fix);
	}
	if (typeof value === 'string') return readIsoText(value.trim(), label, options);
	if (typeof value === 'object' && value !== null) {
		if (Object.prototype.toString.call(value) === '[object Date]') {
			const time = Date.prototype.getTime.call(value);
			if (Number.isFinite(time)) return time;
			throw new RecordLinkError(label, `${label} is an invalid Date.`, fix);
		}
		// Luxon's DateTime (what n8n's $now and DateTime expressions give) keeps its instant in own `ts`.
		const milliseconds = ownData(value, 'ts');
		if (ownData(value, 'isLuxonDateTime') === true && typeof milliseconds === 'number') {
			if (Number.isFinite(milliseconds) && ownData(value, 'invalid') == null) return milliseconds;
			throw new RecordLinkError(label, `${label} is an invalid DateTime.`, fix);
		}
	}
	throw new RecordLinkError(label, `${label} is ${describe(value)}.`, fix);
}
