/**
 * The time windows a scorecard is evaluated over: Last 7 Days and Last Month, as calendar days in an
 * IANA time zone. Day boundaries come from the host's time-zone rules (Intl), so a window over a
 * daylight-saving change is 167 or 169 hours long, as the days were there, never a fixed offset.
 */
import { isKnownTimeZone, readTime, zoneOffsetMs } from '../core/time';
import { describe } from '../core/values';
import { asInputError, SiroInputError } from '../engagements/errors';

export const SCORECARD_WINDOW_PRESETS = ['last7Days', 'lastMonth'] as const;
export type ScorecardWindowPreset = (typeof SCORECARD_WINDOW_PRESETS)[number];

export interface ScorecardWindowOptions {
	/** IANA time zone whose calendar days make the window, e.g. America/Chicago. */
	timeZone: string;
	/** The moment "today" is taken from: ISO 8601 with a zone, a Date or milliseconds. Default: now. */
	now?: unknown;
}

/**
 * A window as Siro's startAt/endAt take it. Both ends are inclusive: endAt is the last millisecond of
 * the window's last day, so a recording made exactly at midnight belongs to one window only.
 */
export interface ScorecardWindow {
	startAt: string;
	endAt: string;
	/** The window's first and last calendar day in `timeZone` (YYYY-MM-DD), for a message's heading. */
	firstDay: string;
	lastDay: string;
	timeZone: string;
}

interface CalendarDay {
	year: number;
	month: number;
	day: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar day `instant` falls on in `timeZone`. */
function dayIn(instant: number, timeZone: string): CalendarDay {
	const local = new Date(instant + zoneOffsetMs(instant, timeZone));
	return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** A day moved by whole days or months; Date.UTC carries over (January 0 is December 31). */
function shifted({ year, month, day }: CalendarDay, days: number, months = 0): CalendarDay {
	const moved = new Date(Date.UTC(year, month - 1 + months, day + days));
	return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

const dayText = ({ year, month, day }: CalendarDay) =>
	`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

const sameDay = (a: CalendarDay, b: CalendarDay) =>
	a.year === b.year && a.month === b.month && a.day === b.day;

/**
 * The first instant of `day` in `timeZone`: its midnight, the earlier one when clocks go back over
 * midnight, or the end of the gap when they skip it (America/Santiago starts DST at midnight). Each
 * offset the zone has within a day of that midnight is tried; the earliest instant that is on `day`
 * and whose previous millisecond is not wins.
 */
function startOfDay(day: CalendarDay, timeZone: string): number {
	const midnightAsUtc = Date.UTC(day.year, day.month - 1, day.day);
	const offsets = new Set(
		[-DAY_MS, 0, DAY_MS].map((delta) => zoneOffsetMs(midnightAsUtc + delta, timeZone)),
	);
	const starts = [...offsets]
		.map((offset) => midnightAsUtc - offset)
		.filter(
			(instant) =>
				sameDay(dayIn(instant, timeZone), day) && !sameDay(dayIn(instant - 1, timeZone), day),
		);
	if (starts.length === 0) {
		// No zone moves its clocks by a day; this would be a host without that zone's rules.
		throw new SiroInputError(
			'timeZone',
			`The start of ${dayText(day)} in ${timeZone} could not be found.`,
			'Use another IANA time zone.',
		);
	}
	return Math.min(...starts);
}

/** An IANA zone this host knows, in Intl's spelling; a SiroInputError naming `timeZone` otherwise. */
export function readTimeZone(timeZone: unknown): string {
	if (typeof timeZone !== 'string' || timeZone.trim() === '' || !isKnownTimeZone(timeZone.trim())) {
		throw new SiroInputError(
			'timeZone',
			`Time Zone ${describe(timeZone)} is not an IANA time zone this host knows.`,
			'Set it to a zone such as America/Chicago or Europe/Berlin.',
		);
	}
	// Intl's own spelling (america/chicago → America/Chicago).
	return new Intl.DateTimeFormat('en-US', { timeZone: timeZone.trim() }).resolvedOptions().timeZone;
}

/**
 * The window of a preset, in `timeZone`'s calendar:
 * - `last7Days`: the 7 whole days before today (today excluded): on a Monday, Monday to Sunday of the
 *   week before.
 * - `lastMonth`: the previous calendar month, from its 1st to its last day.
 * Each starts at the first instant of its first day and ends at the last millisecond of its last day.
 */
export function scorecardWindow(
	preset: ScorecardWindowPreset,
	options: ScorecardWindowOptions,
): ScorecardWindow {
	const timeZone = readTimeZone(options?.timeZone);
	const nowMs =
		options.now === undefined ? Date.now() : asInputError(() => readTime(options.now, 'now'));
	const today = dayIn(nowMs, timeZone);
	let first: CalendarDay;
	let afterLast: CalendarDay;
	if (preset === 'last7Days') {
		first = shifted(today, -7);
		afterLast = today;
	} else if (preset === 'lastMonth') {
		afterLast = { year: today.year, month: today.month, day: 1 };
		first = shifted(afterLast, 0, -1);
	} else {
		throw new SiroInputError(
			'window',
			`Window ${describe(preset)} is not a preset.`,
			`Use ${SCORECARD_WINDOW_PRESETS.join(' or ')}, or give Start and End.`,
		);
	}
	const startMs = startOfDay(first, timeZone);
	const endMs = startOfDay(afterLast, timeZone) - 1;
	return {
		startAt: new Date(startMs).toISOString(),
		endAt: new Date(endMs).toISOString(),
		firstDay: dayText(first),
		lastDay: dayText(shifted(afterLast, -1)),
		timeZone,
	};
}
