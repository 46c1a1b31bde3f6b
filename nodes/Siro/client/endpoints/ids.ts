/** IDs that go into a request's path or query, checked before anything is sent. */
import { SiroApiError } from '../errors';

const CONTROL_OR_INVISIBLE = /[\p{Cc}\u2028\u2029\p{Cf}]/u;
const ID_LIMIT = 200;

/**
 * An ID as Siro compares it: text (or a whole number short of precision loss), without surrounding
 * spaces, line breaks or invisible characters; `.` and `..` are refused, since URL normalisation
 * would turn `/users/..` into another path.
 */
export function readId(value: unknown, label: string): string {
	const refuse = (problem: string, fix: string) =>
		new SiroApiError({
			kind: 'invalidInput',
			message: `${label} ${problem}`,
			description: fix,
			attempts: 0,
		});
	if (typeof value === 'number') {
		if (Number.isSafeInteger(value)) return String(value);
		throw refuse(
			`is the number ${value}, which cannot be an exact ID (digits are lost past ${Number.MAX_SAFE_INTEGER}, and 1.50 would become 1.5).`,
			`Give ${label} as text, in quotes where it comes from.`,
		);
	}
	if (typeof value !== 'string') {
		throw refuse(
			`is ${value === undefined || value === null ? 'missing' : `a ${Array.isArray(value) ? 'list' : typeof value}`}.`,
			`Set ${label} to the ID as text.`,
		);
	}
	const id = value.trim();
	if (id === '') throw refuse('is empty.', `Set ${label}.`);
	if (id.length > ID_LIMIT)
		throw refuse(`is ${id.length} characters long; Siro IDs are short.`, `Check ${label}.`);
	if (CONTROL_OR_INVISIBLE.test(id)) {
		throw refuse(
			'contains a line break or an invisible character.',
			`Remove it from ${label}: Siro compares IDs exactly.`,
		);
	}
	if (id === '.' || id === '..') throw refuse(`is "${id}".`, `Set ${label} to a real ID.`);
	return id;
}

/** The ID encoded for one path segment. */
export function idSegment(value: unknown, label: string): string {
	return encodeURIComponent(readId(value, label));
}
