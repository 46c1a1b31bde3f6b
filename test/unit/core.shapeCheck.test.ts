import fc from 'fast-check';
import { z } from 'zod';

import { recordLinkInputSchema } from '../../nodes/Siro/core';
import { compileShapeCheck } from '../../nodes/Siro/core/shapeCheck';

const hasInputShape = compileShapeCheck(recordLinkInputSchema);
const inputKeys = Object.keys(recordLinkInputSchema.shape);

/** Values of every kind JSON and n8n expressions produce, and a few they should not. */
const anyValue = fc.oneof(
	fc.string(),
	fc.double(),
	fc.integer(),
	fc.boolean(),
	fc.constant(null),
	fc.constant(undefined),
	fc.array(fc.anything(), { maxLength: 3 }),
	fc.dictionary(fc.string(), fc.anything(), { maxKeys: 3 }),
	fc.date(),
	fc.constantFrom(new Map(), new Set(), Promise.resolve(1)),
);

describe('compileShapeCheck: the fast pre-check must answer exactly as the zod schema', () => {
	it('agrees with recordLinkInputSchema on arbitrary objects over its keys and a few strangers', () => {
		const key = fc.oneof(
			fc.constantFrom(...inputKeys),
			fc.constantFrom('jobid', 'Title', 'foo', '__proto__x'),
		);
		fc.assert(
			fc.property(fc.dictionary(key, anyValue, { maxKeys: 9 }), (input) => {
				expect(hasInputShape(input)).toBe(recordLinkInputSchema.safeParse(input).success);
			}),
			{ numRuns: 10_000 },
		);
	});

	it('agrees on non-objects', () => {
		for (const value of [null, undefined, 'start', 3, [], [{ action: 'start' }], true]) {
			expect(hasInputShape(value)).toBe(recordLinkInputSchema.safeParse(value).success);
		}
	});

	it('refuses to compile a schema it cannot mirror rather than guessing', () => {
		expect(() => compileShapeCheck(z.object({ when: z.date() }).strict())).toThrow(/"when"/);
	});
});
