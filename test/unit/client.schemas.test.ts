/**
 * The zod schema of Siro's conversation-configurations answer is the documented contract; the
 * client's own reader (no zod: the library loads without it) must give the same verdicts.
 */
import fc from 'fast-check';

import { conversationConfigurationsResponseSchema } from '../../nodes/Siro/client/schemas';
import { readConversationConfigurations } from '../../nodes/Siro/client/endpoints/conversationTypes';
import { ShapeError } from '../../nodes/Siro/client/shape';

const RUNS = 10_000;

const anyValue = fc.oneof(
	fc.string({ maxLength: 5 }),
	fc.constant(''),
	fc.integer(),
	fc.double(),
	fc.boolean(),
	fc.constant(null),
	fc.constant(undefined),
	fc.constant([]),
	fc.constant({}),
	fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
);

const fieldValue = (good: fc.Arbitrary<unknown>) =>
	fc.oneof({ weight: 4, arbitrary: good }, anyValue);

const configuration = fc.record(
	{
		id: fieldValue(fc.string({ minLength: 1, maxLength: 8 })),
		conversationType: fieldValue(fc.uuid()),
		displayName: fieldValue(fc.string({ maxLength: 8 })),
		orgId: fieldValue(fc.string({ maxLength: 8 })),
		teamId: fieldValue(fc.option(fc.string({ maxLength: 8 }))),
		expressions: fieldValue(fc.array(fc.object(), { maxLength: 2 })),
		halftimeModeEnabled: fieldValue(fc.boolean()),
		belongsToConfigGroups: fieldValue(fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 })),
		futureField: anyValue,
	},
	{ requiredKeys: [] },
);

const answer = fc.oneof(
	{ weight: 6, arbitrary: fc.record({ data: fc.array(configuration, { maxLength: 4 }) }) },
	fc.record({ data: anyValue }),
	anyValue,
);

function plainVerdict(body: unknown): boolean {
	try {
		readConversationConfigurations(body);
		return true;
	} catch (error) {
		if (error instanceof ShapeError) return false;
		throw error;
	}
}

describe('conversation configurations: the reader agrees with the zod contract', () => {
	it(`accepts exactly what the schema accepts (${RUNS} random answers)`, () => {
		fc.assert(
			fc.property(answer, (body) => {
				expect(plainVerdict(body)).toBe(
					conversationConfigurationsResponseSchema.safeParse(body).success,
				);
			}),
			{ numRuns: RUNS },
		);
	});

	it('keeps every field as Siro sent it', () => {
		const body = {
			data: [{ id: 'a', conversationType: 'u', displayName: 'A', futureField: { x: [1] } }],
		};
		expect(readConversationConfigurations(body)).toEqual(body.data);
	});
});
