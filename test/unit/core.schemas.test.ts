/**
 * The zod schemas are the documented contract; the core's normalizers are the validator (the library
 * loads without zod). This property holds them to the same verdicts on the kind of every value.
 */
import fc from 'fast-check';
import type { ZodIssue } from 'zod';

import { buildRecordLink, RecordLinkError } from '../../nodes/Siro/core';
import { recordLinkInputSchema, recordLinkParamsSchema } from '../../nodes/Siro/core/schemas';

const RUNS = 10_000;

/** Values the rules accept, per key, chosen so that no rule beyond the value's kind can refuse them. */
const GOOD: Record<string, fc.Arbitrary<unknown>> = {
	action: fc.constantFrom('start', ' Start ', 'START'),
	title: fc.oneof(
		fc.string({ unit: 'grapheme', maxLength: 20 }),
		fc.integer(),
		fc.double({ noNaN: true, noDefaultInfinity: true }),
	),
	conversationType: fc.oneof(fc.uuid(), fc.constant('')),
	redirectUrl: fc.constantFrom('https://x.example/done?a=1', 'yourapp://done', ''),
	integrationConnectionId: fc.oneof(
		fc.constantFrom('conn-1', ' conn 2 '),
		fc.integer({ min: -1e9, max: Number.MAX_SAFE_INTEGER }),
	),
	crmObjects: fc.constantFrom(
		[{ objectType: 'Lead', objectId: 'L1' }],
		[{ objectId: 7, objectType: 'opportunity' }],
		{ objectType: 'Event', objectId: 'E1' },
		'[{"objectType":"Contact","objectId":"C1"}]',
	),
	// The same text for both, so that the alias never disagrees with opportunityId.
	opportunityId: fc.constant('opp-1'),
	jobId: fc.constant('opp-1'),
};

/** Values of the wrong kind for some keys; which ones, each schema says. */
const ANY_KIND = fc.oneof(
	fc.boolean(),
	fc.constantFrom(1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, -7, 42),
	fc.constantFrom(new Date(0), new Map(), new Set(['x']), () => 'start', Symbol('x'), BigInt(1)),
	fc.constantFrom(
		{},
		{ objectType: 'Lead' },
		[],
		['start'],
		[1],
		[{ objectType: 'Lead', objectId: 1.5 }],
	),
	fc.constantFrom(
		[{ objectType: 'Lead', objectId: 'L1', name: 'x' }],
		[{ objectType: 'Lead', objectId: null }],
		{ objectType: 7, objectId: 'x' },
	),
	fc.constantFrom(null, undefined),
);

const KEYS = Object.keys(GOOD);
const STRANGERS = ['Title', 'jobid', 'redirectURL', 'foo'];

const inputArb = fc
	.tuple(
		fc.dictionary(
			fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...KEYS) }, fc.constantFrom(...STRANGERS)),
			fc.constant(undefined),
			{ maxKeys: 8 },
		),
		fc.infiniteStream(fc.oneof({ weight: 9, arbitrary: fc.constant('good') }, fc.constant('any'))),
		fc.infiniteStream(ANY_KIND),
		fc.boolean(),
	)
	.chain(([keys, kinds, anyKinds, bare]) => {
		const names = Object.keys(keys);
		return fc
			.tuple(...names.map((name) => (name in GOOD ? GOOD[name] : fc.constant('x'))))
			.map((goodValues) => {
				const input: Record<string, unknown> = bare ? Object.create(null) : {};
				names.forEach((name, index) => {
					input[name] = kinds.next().value === 'good' ? goodValues[index] : anyKinds.next().value;
				});
				return input;
			});
	});

/** The fields zod's issues name: the input key of each issue, or each input key it does not know. */
function fieldsNamedBy(issues: ZodIssue[]): string[] {
	return issues.flatMap((issue) =>
		issue.code === 'unrecognized_keys' && issue.path.length === 0
			? issue.keys
			: [String(issue.path[0] ?? 'input')],
	);
}

function verdictOfNormalizers(input: unknown) {
	try {
		return { params: buildRecordLink(input).params };
	} catch (error) {
		if (!(error instanceof RecordLinkError)) throw error;
		return { refused: error.field };
	}
}

/** The rules between keys, which the schema leaves out: the field the normalizers then refuse. */
function refusedBetweenKeys(input: Record<string, unknown>): string | undefined {
	const text = (key: string) =>
		typeof input[key] === 'string' || typeof input[key] === 'number'
			? String(input[key]).trim()
			: '';
	// jobId is opportunityId's alias: given both, they must agree (checked as the values are read).
	if (
		text('jobId') !== '' &&
		text('opportunityId') !== '' &&
		text('jobId') !== text('opportunityId')
	)
		return 'jobId';
	// CRM objects (a list that is not empty) need an integration connection (checked once all are read).
	const crmObjects = input.crmObjects;
	const hasCrmObjects = Array.isArray(crmObjects) ? crmObjects.length > 0 : !!crmObjects;
	if (hasCrmObjects && text('integrationConnectionId') === '') return 'integrationConnectionId';
	return undefined;
}

describe('recordLinkInputSchema and the normalizers give the same verdicts (fast-check, 10,000 runs)', () => {
	it('accept and refuse the same inputs, naming a field zod names, and what they accept fits recordLinkParamsSchema', () => {
		let accepted = 0;
		fc.assert(
			fc.property(inputArb, (input) => {
				const schema = recordLinkInputSchema.safeParse(input);
				const normalized = verdictOfNormalizers(input);
				if (!schema.success) {
					expect(normalized).toHaveProperty('refused');
					// Normalizers stop at the first rule broken, which may be one between keys.
					expect([...fieldsNamedBy(schema.error.issues), refusedBetweenKeys(input)]).toContain(
						(normalized as { refused: string }).refused,
					);
					return;
				}
				const betweenKeys = refusedBetweenKeys(input);
				if (betweenKeys !== undefined) {
					expect(normalized).toEqual({ refused: betweenKeys });
					return;
				}
				expect(normalized).toHaveProperty('params');
				const params = (normalized as { params: unknown }).params;
				expect(recordLinkParamsSchema.strict().safeParse(params).success).toBe(true);
				accepted++;
			}),
			{ numRuns: RUNS },
		);
		// Guard against an arbitrary that only ever produces refusals.
		expect(accepted).toBeGreaterThan(RUNS / 10);
	});

	it.each([
		['null', null],
		['text', 'action=start'],
		['a list', [{ action: 'start' }]],
		['a Date', new Date(0)],
		['a Map', new Map([['action', 'start']])],
		['a Set', new Set()],
	])('both refuse %s as the whole input', (_what, input) => {
		expect(recordLinkInputSchema.safeParse(input).success).toBe(false);
		expect(verdictOfNormalizers(input)).toEqual({ refused: 'input' });
	});
});

describe('the link core without zod', () => {
	it('loads and builds with zod missing: only ./schemas needs it', () => {
		jest.isolateModules(() => {
			jest.doMock('zod', () => {
				throw new Error('zod is not installed');
			});
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const core = require('../../nodes/Siro/core') as typeof import('../../nodes/Siro/core');
			expect(core.buildRecordLink({ action: 'stop' }).url).toBe(
				'https://app.siro.ai/record?action=stop',
			);
			expect(() => require('../../nodes/Siro/core/schemas')).toThrow(/zod is not installed/);
		});
	});
});
