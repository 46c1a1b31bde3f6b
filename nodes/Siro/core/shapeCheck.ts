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

/** A check for the value kinds a (nested) zod type accepts; undefined for a type it does not know. */
function compileValueCheck(type: z.ZodTypeAny): ValueCheck | undefined {
	if (type instanceof z.ZodString) return (value) => typeof value === 'string';
	if (type instanceof z.ZodNumber) return (value) => typeof value === 'number';
	if (type instanceof z.ZodArray) return Array.isArray;
	if (type instanceof z.ZodRecord) return isPlainObject;
	if (type instanceof z.ZodOptional || type instanceof z.ZodNullable) {
		const inner = compileValueCheck(type.unwrap());
		if (inner === undefined) return undefined;
		const acceptsNull = type instanceof z.ZodNullable || type.unwrap() instanceof z.ZodNullable;
		return (value) => value === undefined || (acceptsNull && value === null) || inner(value);
	}
	if (type instanceof z.ZodUnion) {
		const checks = (type.options as z.ZodTypeAny[]).map(compileValueCheck);
		if (checks.some((check) => check === undefined)) return undefined;
		return (value) => checks.some((check) => check!(value));
	}
	return undefined;
}

/**
 * Compiles a strict zod object schema of plain value kinds into a predicate that says, about ten
 * times faster than a zod parse, whether the schema would accept a value. Callers run the schema
 * itself when the predicate says no, to get its precise error; the rules stay in the schema alone.
 */
export function compileShapeCheck(schema: z.AnyZodObject): ValueCheck {
	const checks = new Map<string, ValueCheck>();
	const required: string[] = [];
	for (const [key, type] of Object.entries(schema.shape as Record<string, z.ZodTypeAny>)) {
		const check = compileValueCheck(type);
		if (check === undefined) throw new Error(`compileShapeCheck cannot compile the zod type of "${key}"`);
		checks.set(key, check);
		if (!type.isOptional()) required.push(key);
	}
	return (value) => {
		if (!isPlainObject(value)) return false;
		const object = value as Record<string, unknown>;
		for (const key in object) {
			const check = checks.get(key);
			if (check === undefined || !check(object[key])) return false;
		}
		return required.every((key) => key in object);
	};
}
