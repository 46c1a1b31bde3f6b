/**
 * Readers for the fields of Siro's sync bodies: each reads one value handed in by a caller (a sheet
 * row, an n8n item, a script), checks it against the rule SPEC and Siro's schema give it, and returns
 * it as Siro wants it, or throws SiroInputError naming the field. Objects are read as own keys only.
 */
import { normalizeIdentifier } from '../core/params/identifier';
import { readTime } from '../core/time';
import {
	CONTROL_CHARACTER,
	describe,
	INVISIBLE_CHARACTER,
	isFieldObject,
	ownValue,
	readText,
} from '../core/values';
import { asInputError, SiroInputError } from './errors';

export type Fields = Record<string, unknown>;

/** The value as an object of fields, or a SiroInputError naming `field`. */
export function readObject(value: unknown, field: string): Fields {
	if (!isFieldObject(value)) {
		throw new SiroInputError(
			field,
			`${field} is ${describe(value)}, not an object of fields.`,
			`Set ${field} to an object such as { "externalId": "…" }.`,
		);
	}
	return value;
}

export const own = (fields: Fields, key: string): unknown => ownValue(fields, key);

/** An ID Siro compares exactly: trimmed text, or a whole number short of precision loss. */
export function readId(value: unknown, field: string): string | undefined {
	return asInputError(() => normalizeIdentifier(field, value));
}

export function requiredId(value: unknown, field: string, what: string): string {
	const id = readId(value, field);
	if (id === undefined) {
		throw new SiroInputError(field, `${field} is missing.`, `Set ${field} to ${what}.`);
	}
	return id;
}

/** Free text (a subject, a name); a number becomes its text; blank → left out. */
export function readString(value: unknown, field: string): string | undefined {
	const text = asInputError(() =>
		readText(value, field, { expected: 'text', numbers: 'finite' }),
	)?.trim();
	return text === undefined || text === '' ? undefined : text;
}

/** An ISO 8601 text with Z or an offset (or a date alone, or a time without a zone) tells no instant. */
const ZONED_DATE_TIME =
	/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * An instant as Siro stores it (ISO 8601 in UTC): from ISO text with Z or an offset, a Date,
 * milliseconds since the epoch, or n8n's DateTime. A time without an offset could be any of 24 hours.
 */
export function readInstant(value: unknown, field: string): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string' && !ZONED_DATE_TIME.test(value.trim())) {
		throw new SiroInputError(
			field,
			`${field} ${describe(value)} has no time zone offset, so it could mean any of 24 hours.`,
			`Write it with Z or an offset (2026-03-08T09:00:00-08:00)${
				field === 'startTime' ? ', or give the local time as startTimeLocalized' : ''
			}.`,
		);
	}
	return new Date(asInputError(() => readTime(value, field))).toISOString();
}

/** A number Siro can store: finite; numeric text (a sheet's cell) is read as its number. */
export function readNumber(value: unknown, field: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const number =
		typeof value === 'number'
			? value
			: typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(value)
				? Number(value)
				: Number.NaN;
	if (!Number.isFinite(number)) {
		throw new SiroInputError(
			field,
			`${field} is ${describe(value)}, not a finite number.`,
			`Set ${field} to a number such as 1250.50.`,
		);
	}
	return number;
}

export function readBoolean(value: unknown, field: string): boolean | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'boolean') return value;
	throw new SiroInputError(
		field,
		`${field} is ${describe(value)}.`,
		`Set ${field} to true or false.`,
	);
}

/** One of `options`, matched case-insensitively and written as Siro spells it. */
export function readChoice<T extends string>(
	value: unknown,
	field: string,
	options: readonly T[],
): T | undefined {
	const text = readString(value, field);
	if (text === undefined) return undefined;
	const found = options.find((option) => option.toLowerCase() === text.toLowerCase());
	if (found === undefined) {
		throw new SiroInputError(
			field,
			`${field} ${describe(text)} is not one Siro knows.`,
			`Use one of ${options.join(', ')}.`,
		);
	}
	return found;
}

/** A list; a single value stands for a list of one (a sheet cell holds one phone number). */
export function readList(value: unknown): unknown[] | undefined {
	if (value === undefined || value === null) return undefined;
	return Array.isArray(value) ? value : [value];
}

/** What an e-mail address must look like for Siro to match it: one @, text on both sides, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readEmail(value: unknown, field: string): string | undefined {
	const text = readString(value, field);
	if (text === undefined) return undefined;
	// A zero-width character makes the address differ from the user's in Siro: it would never match.
	if (!EMAIL.test(text) || CONTROL_CHARACTER.test(text) || INVISIBLE_CHARACTER.test(text)) {
		throw new SiroInputError(
			field,
			`${field} ${describe(text)} is not an e-mail address.`,
			'Siro matches people by e-mail: give the address, such as avery.morgan@example.com.',
		);
	}
	return text;
}
