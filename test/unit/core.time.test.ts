/** readTime: the points in time callers give (Sent At, Created After/Before, since). */
import { RecordLinkError, readTime } from '../../nodes/Siro/core';

const INSTANT = Date.parse('2026-03-02T15:00:00.000Z');

function refusal(value: unknown, options = {}): RecordLinkError {
	try {
		readTime(value, 'Sent At', options);
	} catch (error) {
		expect(error).toBeInstanceOf(RecordLinkError);
		return error as RecordLinkError;
	}
	throw new Error(`${String(value)} was accepted`);
}

describe('readTime', () => {
	it.each([
		'2026-03-02T15:00:00.000Z',
		'2026-03-02T15:00:00Z',
		'2026-03-02t15:00:00z',
		'2026-03-02T15:00Z',
		'2026-03-02 15:00:00Z',
		'2026-03-02T15:00:00,000Z',
		'2026-03-02T16:00:00+01:00',
		'2026-03-02T16:00:00+0100',
		'2026-03-02T16:00:00+01',
		'2026-03-02T10:00:00-05:00',
		'  2026-03-02T15:00:00.000Z  ',
	])('reads %p', (text) => {
		expect(readTime(text, 'Sent At')).toBe(INSTANT);
	});

	it('keeps milliseconds and drops digits past them', () => {
		expect(readTime('2026-03-02T15:00:00.123456Z', 'x')).toBe(INSTANT + 123);
		expect(readTime('2026-03-02T15:00:00.5Z', 'x')).toBe(INSTANT + 500);
	});

	it('reads a date alone as midnight UTC', () => {
		expect(readTime('2026-03-02', 'x')).toBe(Date.parse('2026-03-02T00:00:00Z'));
	});

	it('takes a Date, milliseconds, and the Luxon DateTime n8n expressions give', () => {
		expect(readTime(new Date(INSTANT), 'x')).toBe(INSTANT);
		expect(readTime(INSTANT, 'x')).toBe(INSTANT);
		// Luxon keeps the instant in own fields `ts` and `isLuxonDateTime` (luxon/src/datetime.js).
		expect(readTime({ ts: INSTANT, isLuxonDateTime: true, invalid: null }, 'x')).toBe(INSTANT);
	});

	it('reads a time without a zone in the zone it is given, summer time included', () => {
		const options = { localTimeZone: 'America/New_York' };
		expect(readTime('2026-03-02T10:00:00', 'x', options)).toBe(INSTANT); // EST, UTC-5
		expect(readTime('2026-07-02T10:00:00', 'x', options)).toBe(
			Date.parse('2026-07-02T14:00:00Z'), // EDT, UTC-4
		);
		expect(readTime('2026-03-02T16:00:00', 'x', { localTimeZone: 'Europe/Berlin' })).toBe(INSTANT);
		expect(readTime('2026-03-02T15:00:00.250', 'x', { localTimeZone: 'UTC' })).toBe(INSTANT + 250);
	});

	it.each([
		['2026-03-02T15:00:00', {}, /no time zone/],
		['2026-03-02T15:00:00', { localTimeZone: 'Mars/Olympus' }, /no time zone/],
		['2026-02-30T15:00:00Z', {}, /not a real date/],
		['2026-03-02T25:00:00Z', {}, /not a real date/],
		['2026-03-02T15:00:00+19:00', {}, /past ±18:00/],
		['2 March 2026', {}, /not an ISO 8601 time/],
		['', {}, /not an ISO 8601 time/],
		['1772463600000', {}, /not an ISO 8601 time/],
	])('refuses %p (%p), naming the field', (text, options, message) => {
		const error = refusal(text, options);
		expect(error.field).toBe('Sent At');
		expect(error.message).toMatch(message);
		expect(error.message).toMatch(/Sent At/);
	});

	it.each([
		[Number.NaN, /not a point in time/],
		[Infinity, /not a point in time/],
		[new Date('nope'), /invalid Date/],
		[{ ts: Number.NaN, isLuxonDateTime: true }, /invalid DateTime/],
		[{ ts: INSTANT, isLuxonDateTime: true, invalid: { reason: 'x' } }, /invalid DateTime/],
		[Object.create({ ts: INSTANT, isLuxonDateTime: true }), /an object/],
		[null, /null/],
		[undefined, /missing/],
		[[INSTANT], /a list/],
		[true, /true/],
	])('refuses %p', (value, message) => {
		expect(refusal(value).message).toMatch(message);
	});
});
