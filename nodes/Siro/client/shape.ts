/**
 * Checking Siro's answers against its documented shapes without zod (the library loads without it):
 * what a field must be, read as own keys only, and a message in zod's words when it is not
 * ("data[0].conversationType: Required"). Fields the package does not rely on pass through as Siro
 * sent them, so a new Siro field never breaks a workflow.
 */

export class ShapeError extends Error {
	constructor(readonly issue: string) {
		super(issue);
		this.name = 'ShapeError';
		Object.setPrototypeOf(this, ShapeError.prototype);
	}
}

export type JsonRecord = Record<string, unknown>;

const hasOwnProperty = Object.prototype.hasOwnProperty;

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

function fail(path: string, expected: string, value: unknown): never {
	if (value === undefined) throw new ShapeError(`${path}: Required`);
	throw new ShapeError(`${path}: Expected ${expected}, received ${kindOf(value)}`);
}

export function field(record: JsonRecord, key: string): unknown {
	return hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function asObject(value: unknown, path: string): JsonRecord {
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		fail(path, 'object', value);
	return value as JsonRecord;
}

export function asArray(value: unknown, path: string): unknown[] {
	if (!Array.isArray(value)) fail(path, 'array', value);
	return value as unknown[];
}

/** A string field that must be there (non-empty when `nonEmpty`). */
export function requiredString(
	record: JsonRecord,
	key: string,
	path: string,
	nonEmpty = false,
): string {
	const value = field(record, key);
	if (typeof value !== 'string') fail(`${path}.${key}`, 'string', value);
	if (nonEmpty && value === '') throw new ShapeError(`${path}.${key}: must not be empty`);
	return value as string;
}

const CHECKS: Record<string, (value: unknown) => boolean> = {
	string: (value) => typeof value === 'string',
	boolean: (value) => typeof value === 'boolean',
	number: (value) => typeof value === 'number' && Number.isFinite(value),
	array: Array.isArray,
	object: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
};

/** Documented fields the package reads: checked when present (null tolerated, as Siro sends it). */
export function optionalFields(
	record: JsonRecord,
	path: string,
	types: Record<string, keyof typeof CHECKS>,
): void {
	for (const [key, type] of Object.entries(types)) {
		const value = field(record, key);
		if (value !== undefined && value !== null && !CHECKS[type](value)) {
			fail(`${path}.${key}`, type, value);
		}
	}
}

/** The `{ data: [...], cursor }` envelope of Siro's list answers. */
export function listEnvelope(body: unknown): { data: unknown[]; cursor: string | undefined } {
	const record = asObject(body, 'answer');
	const data = asArray(field(record, 'data'), 'data');
	const cursor = field(record, 'cursor');
	if (cursor !== undefined && cursor !== null && typeof cursor !== 'string') {
		fail('cursor', 'string', cursor);
	}
	return { data, cursor: typeof cursor === 'string' && cursor !== '' ? cursor : undefined };
}
