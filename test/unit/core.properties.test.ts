/**
 * Property tests (fast-check) for the SPEC promise "no input, however hostile, can add, drop or change
 * another parameter: parse(build(x)) equals the normalized x". Inputs are weighted so the characters
 * that break naive links (& = # ? % + / ( ) ! ' *, %2B-looking text, line breaks, emoji, 10 kB
 * strings) occur in most runs. The expected link is computed by an independent oracle written from
 * SPEC (UTF-8 bytes, RFC 3986 unreserved characters kept, everything else %XX), not by the core.
 */
import fc from 'fast-check';

import { buildRecordLink, parseRecordLink, RecordLinkError } from '../../nodes/Siro/core';

jest.setTimeout(180_000);

const RUNS = 10_000;
const BASE = 'https://app.siro.ai/record';
const SPEC_ORDER = [
	'action',
	'title',
	'conversationType',
	'integrationConnectionId',
	'crmObjects',
	'opportunityId',
	'redirectUrl',
];
const CRM_TYPES = [
	'Lead',
	'Account',
	'Contact',
	'Opportunity',
	'Engagement',
	'Event',
	'ServiceAppointment',
];
/** Control characters (Unicode Cc) plus the line/paragraph separators, which the rules treat the same way. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
const CONTROL_RUNS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;
const CONTROL_GLOBAL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;

// ---------------------------------------------------------------------------------------------
// Oracle, written from SPEC

function isWellFormed(text: string): boolean {
	for (let index = 0; index < text.length; index++) {
		const unit = text.charCodeAt(index);
		if (unit >= 0xd800 && unit <= 0xdbff) {
			const next = text.charCodeAt(index + 1);
			if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
			index++;
		} else if (unit >= 0xdc00 && unit <= 0xdfff) {
			return false;
		}
	}
	return true;
}

/** RFC 3986 strict: each UTF-8 byte stays only if it is an unreserved character A-Z a-z 0-9 - . _ ~ */
const BYTE_AS_URL_TEXT = Array.from({ length: 256 }, (_, byte) => {
	const character = String.fromCharCode(byte);
	return /^[A-Za-z0-9\-._~]$/.test(character)
		? character
		: `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});

function oracleEncode(text: string): string {
	const bytes = Buffer.from(text, 'utf8');
	let out = '';
	for (let index = 0; index < bytes.length; index++) out += BYTE_AS_URL_TEXT[bytes[index]];
	return out;
}

class Refused {
	constructor(readonly field: string) {}
}

/** Unicode format characters (Cf): zero-width and text-direction marks, invisible in an ID. */
const INVISIBLE = /\p{Cf}/u;

function oracleIdentifier(field: string, value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value)) throw new Refused(field);
		return String(value);
	}
	const text = value as string;
	if (!isWellFormed(text)) throw new Refused(field);
	const trimmed = text.trim();
	if (trimmed === '') return undefined;
	if (CONTROL.test(trimmed) || INVISIBLE.test(trimmed)) throw new Refused(field);
	return trimmed;
}

interface OracleCrmObject {
	objectType: string;
	objectId: string;
}
type OracleParams = Record<string, string | OracleCrmObject[]>;

function oracleCrmObjects(value: unknown): OracleCrmObject[] | undefined {
	if (value === undefined) return undefined;
	const entries = typeof value === 'string' ? JSON.parse(value) : value;
	const list: Array<Record<string, unknown>> = Array.isArray(entries) ? entries : [entries];
	const kept: OracleCrmObject[] = [];
	for (const entry of list) {
		const objectType = CRM_TYPES.find(
			(type) => type.toLowerCase() === String(entry.objectType).trim().toLowerCase(),
		)!;
		let objectId: string | undefined;
		try {
			objectId = oracleIdentifier('crmObjects', entry.objectId);
		} catch {
			throw new Refused('crmObjects');
		}
		if (objectId === undefined) throw new Refused('crmObjects');
		if (!kept.some((other) => other.objectType === objectType && other.objectId === objectId))
			kept.push({ objectType, objectId });
	}
	return kept.length === 0 ? undefined : kept;
}

function oracleRedirectUrl(value: unknown): string | undefined {
	if (value === undefined) return undefined;
	const text = value as string;
	if (!isWellFormed(text)) throw new Refused('redirectUrl');
	// Generated either as https://x.example/… or as that URL encoded once (decoded back, once).
	const url = /^https%3A/i.test(text) ? decodeURIComponent(text) : text.trim();
	if (CONTROL.test(url)) throw new Refused('redirectUrl');
	// Read differently by the iOS and Android apps: blanks, a % that starts no escape, and a
	// backslash (browsers take it for a slash).
	if (/[\s\\]/.test(url) || /%(?![0-9A-Fa-f]{2})/.test(url)) throw new Refused('redirectUrl');
	return url;
}

function crmJson(objects: OracleCrmObject[]): string {
	return `[${objects.map((o) => `{"objectType":${JSON.stringify(o.objectType)},"objectId":${JSON.stringify(o.objectId)}}`).join(',')}]`;
}

function valueText(name: string, value: string | OracleCrmObject[]): string {
	return name === 'crmObjects' ? crmJson(value as OracleCrmObject[]) : (value as string);
}

type Expected = { refused: string } | { params: OracleParams; url: string };

/** What SPEC says build must do with this input: the link it writes, or the field it refuses. */
function expectedOutcome(input: Record<string, unknown>): Expected {
	try {
		const params: OracleParams = { action: (input.action as string).trim().toLowerCase() };
		if (typeof input.title === 'string' && !isWellFormed(input.title)) throw new Refused('title');
		const title =
			input.title === undefined ? undefined : String(input.title).replace(CONTROL_RUNS, ' ').trim();
		if (title) params.title = title;
		const conversationType = (input.conversationType as string | undefined)?.trim().toLowerCase();
		if (conversationType) params.conversationType = conversationType;
		const connection = oracleIdentifier('integrationConnectionId', input.integrationConnectionId);
		if (connection !== undefined) params.integrationConnectionId = connection;
		const crmObjects = oracleCrmObjects(input.crmObjects);
		if (crmObjects !== undefined) params.crmObjects = crmObjects;
		const opportunityId = oracleIdentifier('opportunityId', input.opportunityId);
		const jobId = oracleIdentifier('jobId', input.jobId);
		if (opportunityId !== undefined && jobId !== undefined && opportunityId !== jobId)
			throw new Refused('jobId');
		if ((opportunityId ?? jobId) !== undefined) params.opportunityId = (opportunityId ?? jobId)!;
		const redirectUrl = oracleRedirectUrl(input.redirectUrl);
		if (redirectUrl !== undefined) params.redirectUrl = redirectUrl;
		if (params.crmObjects !== undefined && params.integrationConnectionId === undefined)
			throw new Refused('integrationConnectionId');

		const present = SPEC_ORDER.filter((name) => params[name] !== undefined);
		const encoded = present.map((name) => [name, oracleEncode(valueText(name, params[name]))]);
		const url = `${BASE}?${encoded.map(([name, value]) => `${name}=${value}`).join('&')}`;
		if (url.length > 8000) {
			const longest = encoded.reduce((best, entry) =>
				entry[1].length > best[1].length ? entry : best,
			);
			throw new Refused(longest[0]);
		}
		return { params, url };
	} catch (error) {
		if (error instanceof Refused) return { refused: error.field };
		throw error;
	}
}

/** Builds, and checks that any refusal is a RecordLinkError the oracle expected, for the same field. */
function buildOrExpectedRefusal(input: Record<string, unknown>) {
	const expected = expectedOutcome(input);
	let built: ReturnType<typeof buildRecordLink> | undefined;
	try {
		built = buildRecordLink(input);
	} catch (error) {
		if (!(error instanceof RecordLinkError)) throw error;
		if (!('refused' in expected))
			throw new Error(`refused (${error.field}: ${error.message}) but SPEC accepts it`);
		check(
			error.field === expected.refused,
			() => `refused naming ${error.field}, SPEC expects ${expected.refused}: ${error.message}`,
		);
		return undefined;
	}
	if ('refused' in expected)
		throw new Error(`built ${built.url.slice(0, 200)} but SPEC refuses it (${expected.refused})`);
	return { ...built, expected };
}

/** A plain assertion for hot loops (jest's expect costs more than the check itself at 10,000 runs). */
function check(condition: boolean, explain: () => string): void {
	if (!condition) throw new Error(explain());
}

function queryPairs(url: string): Array<[string, string]> {
	check(url.startsWith(`${BASE}?`), () => `wrong base: ${url.slice(0, 80)}`);
	return url
		.slice(BASE.length + 1)
		.split('&')
		.map((pair) => {
			const equalsAt = pair.indexOf('=');
			return [pair.slice(0, equalsAt), pair.slice(equalsAt + 1)];
		});
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const HOSTILE = [
	'&',
	'=',
	'#',
	'?',
	'%',
	'+',
	'/',
	'(',
	')',
	'!',
	"'",
	'*',
	' ',
	'%2B',
	'%20',
	'%25',
	'%3A',
	'%2',
	'%%',
	'+%2B+',
	'&action=stop',
	'&title=x',
	'=&=',
	'#frag',
	'?q=1',
	'&&',
	'jobId=1',
	'&opportunityId=2',
	'crmObjects=[]',
	'[',
	']',
	'{',
	'}',
	'"',
	'\\',
	',',
	';',
	':',
	'~',
	'@',
	'$',
	'😀',
	'👩🏽‍🚀',
	'🇫🇷',
	'é',
	'e\u0301',
	'中文',
	'\u00A0',
	'\uFEFF',
	'\u200B',
	'javascript:',
	'%0A',
	'%E0%A4',
	'\\u0000',
];
const CONTROLS = [
	'\n',
	'\r\n',
	'\t',
	'\u0000',
	'\u0001',
	'\u001F',
	'\u007F',
	'\u0085',
	'\u009F',
	'\u2028',
	'\u2029',
	'\u000B',
];
const LONE_SURROGATES = ['\uD83D', '\uDE00', '\uD800', '\uDFFF'];

/** A piece of text; `controls` and `surrogates` are relative weights for those troublemakers. */
function piece(controls: number, surrogates: number): fc.Arbitrary<string> {
	return fc.oneof(
		{ weight: 60, arbitrary: fc.constantFrom(...HOSTILE) },
		{ weight: 30, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
		{
			weight: 20,
			arbitrary: fc
				.string({ unit: 'binary', maxLength: 6 })
				.map((text) => (controls ? text : text.replace(CONTROL_GLOBAL, ''))),
		},
		{ weight: 30, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 6 }) },
		{ weight: controls, arbitrary: fc.constantFrom(...CONTROLS) },
		{ weight: surrogates, arbitrary: fc.constantFrom(...LONE_SURROGATES) },
	);
}

/** Mostly short hostile text; now and then a repeated chunk up to 10 kB. */
function hostileText(controls: number, surrogates: number): fc.Arbitrary<string> {
	const part = piece(controls, surrogates);
	return fc.oneof(
		{ weight: 30, arbitrary: fc.array(part, { maxLength: 10 }).map((parts) => parts.join('')) },
		{
			weight: 1,
			arbitrary: fc
				.tuple(
					fc.array(part, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('') || 'x'),
					fc.integer({ min: 100, max: 10_240 }),
				)
				.map(([chunk, length]) => chunk.repeat(Math.max(1, Math.floor(length / chunk.length)))),
		},
	);
}

const titleArb = fc.oneof(
	{ weight: 10, arbitrary: hostileText(20, 1) },
	{ weight: 1, arbitrary: fc.integer() },
);
/** Identifiers: control characters (an error inside an ID) kept rare so most runs build. */
const identifierText = fc.oneof(
	{ weight: 12, arbitrary: hostileText(0, 0) },
	{ weight: 1, arbitrary: hostileText(20, 1) },
);
const identifierArb = fc.oneof(
	{ weight: 10, arbitrary: identifierText },
	{ weight: 2, arbitrary: fc.integer({ min: -1e6, max: 1e12 }) },
	{ weight: 1, arbitrary: fc.constantFrom('', '  ', ' \t\n ') },
);
const uuidArb = fc
	.tuple(fc.uuid(), fc.constantFrom('lower', 'upper', 'mixed'), fc.constantFrom('', ' ', '\t'))
	.map(([uuid, style, pad]) => {
		const cased =
			style === 'lower'
				? uuid.toLowerCase()
				: style === 'upper'
					? uuid.toUpperCase()
					: [...uuid].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
		return `${pad}${cased}${pad}`;
	});
const objectTypeArb = fc
	.tuple(
		fc.constantFrom(...CRM_TYPES),
		fc.constantFrom('canonical', 'lower', 'upper'),
		fc.boolean(),
	)
	.map(([type, style, padded]) => {
		const cased =
			style === 'lower' ? type.toLowerCase() : style === 'upper' ? type.toUpperCase() : type;
		return padded ? ` ${cased} ` : cased;
	});
const crmObjectArb = fc
	.tuple(
		objectTypeArb,
		fc.oneof(
			{ weight: 6, arbitrary: identifierArb },
			{ weight: 3, arbitrary: fc.constantFrom('dup-1', ' dup-1 ', 'DUP-1', 'dup-2', '7') },
			{ weight: 1, arbitrary: fc.constant(7) },
		),
		fc.boolean(),
	)
	.map(([objectType, objectId, idFirst]) =>
		idFirst ? { objectId, objectType } : { objectType, objectId },
	);
const crmObjectsArb = fc.oneof(
	fc.array(crmObjectArb, { maxLength: 5 }),
	fc.array(crmObjectArb, { maxLength: 5 }).map((list) => JSON.stringify(list)),
	crmObjectArb,
);
/**
 * The hostile text goes into the URL raw, or (half the time) through encodeURI, which keeps the
 * characters that matter here (& = # ? + @ ! ' ( ) *) and escapes those a URL may not carry raw.
 */
const redirectArb = fc
	.tuple(
		fc.oneof(
			{ weight: 12, arbitrary: hostileText(0, 0) },
			{ weight: 1, arbitrary: hostileText(20, 1) },
		),
		fc.boolean(),
		fc.boolean(),
	)
	.map(([text, throughEncodeUri, encodeOnce]) => {
		const path = throughEncodeUri && isWellFormed(text) ? encodeURI(text) : text;
		const plain = `https://x.example/${path}`;
		return encodeOnce && isWellFormed(plain) ? encodeURIComponent(plain) : plain;
	});
/** None, opportunityId, jobId, or both with the same value (differing values are a separate rule). */
const opportunityArb = fc.oneof(
	fc.constant({}),
	identifierArb.map((opportunityId) => ({ opportunityId })),
	identifierArb.map((jobId) => ({ jobId })),
	identifierArb.map((id) => ({ opportunityId: id, jobId: id })),
);

const startOrRestartFields = {
	conversationType: uuidArb,
	integrationConnectionId: identifierArb,
	crmObjects: crmObjectsArb,
	redirectUrl: redirectArb,
};

/** Inputs for every action, each with only the parameters that action accepts; CRM objects usually come with a connection ID. */
const inputArb: fc.Arbitrary<Record<string, unknown>> = fc
	.tuple(
		fc.oneof(
			{
				weight: 5,
				arbitrary: fc.record(
					{
						action: fc.constantFrom('start', ' Start', 'START\n'),
						title: titleArb,
						...startOrRestartFields,
					},
					{ requiredKeys: ['action'] },
				),
			},
			{
				weight: 3,
				arbitrary: fc.record(
					{ action: fc.constantFrom('restart', 'Restart '), ...startOrRestartFields },
					{ requiredKeys: ['action'] },
				),
			},
			{
				weight: 1,
				arbitrary: fc.record(
					{ action: fc.constantFrom('stop', 'STOP'), redirectUrl: redirectArb },
					{ requiredKeys: ['action'] },
				),
			},
		),
		opportunityArb,
		fc.nat(9),
	)
	.map(([input, opportunity, connection]) => {
		const full: Record<string, unknown> =
			String(input.action).trim().toLowerCase() === 'stop'
				? { ...input }
				: { ...input, ...opportunity };
		if (
			full.crmObjects !== undefined &&
			full.integrationConnectionId === undefined &&
			connection > 0
		)
			full.integrationConnectionId = `conn-${connection}`;
		return full;
	});

// ---------------------------------------------------------------------------------------------

describe('build on hostile input (fast-check, 10,000 runs each)', () => {
	it('either refuses, for a reason the rules allow and naming that field, or writes exactly the link SPEC describes', () => {
		let built = 0;
		fc.assert(
			fc.property(inputArb, (input) => {
				const result = buildOrExpectedRefusal(input);
				if (result === undefined) return;
				built++;
				if (result.url !== result.expected.url) expect(result.url).toBe(result.expected.url);
				check(result.url.length <= 8000, () => `link of ${result.url.length} characters`);
			}),
			{ numRuns: RUNS },
		);
		// Guard against an arbitrary that only ever produces refusals.
		expect(built).toBeGreaterThan(RUNS / 2);
	});

	it('parse(build(x)) deep-equals the normalised parameters build returns, and is valid', () => {
		fc.assert(
			fc.property(inputArb, (input) => {
				const result = buildOrExpectedRefusal(input);
				if (result === undefined) return;
				const parsed = parseRecordLink(result.url);
				expect(parsed.params).toEqual(result.params);
				expect(parsed.params).toEqual(result.expected.params);
				expect(parsed.issues).toEqual([]);
				expect(parsed.valid).toBe(true);
			}),
			{ numRuns: RUNS },
		);
	});

	it('iOS decoding (percent-decode only) and Android decoding (+ → space, then percent-decode) read identical values, equal to the normalised ones', () => {
		fc.assert(
			fc.property(inputArb, (input) => {
				const result = buildOrExpectedRefusal(input);
				if (result === undefined) return;
				const params = result.expected.params;
				for (const [name, raw] of queryPairs(result.url)) {
					const ios = decodeURIComponent(raw);
					const android = decodeURIComponent(raw.replace(/\+/g, ' '));
					check(
						android === ios,
						() => `${name}: Android reads ${JSON.stringify(android)}, iOS ${JSON.stringify(ios)}`,
					);
					check(
						ios === valueText(name, params[name]),
						() =>
							`${name}: read ${JSON.stringify(ios)}, normalised ${JSON.stringify(params[name])}`,
					);
				}
			}),
			{ numRuns: RUNS },
		);
	});

	it("never leaves + ( ) ! ' * or a space raw in the query: every value is unreserved characters and %XX escapes", () => {
		fc.assert(
			fc.property(inputArb, (input) => {
				const result = buildOrExpectedRefusal(input);
				if (result === undefined) return;
				const query = result.url.slice(BASE.length + 1);
				check(!/[+()!'* ]/.test(query), () => `raw character in ${query}`);
				for (const [name, raw] of queryPairs(result.url)) {
					check(/^[A-Za-z]+$/.test(name), () => `odd parameter name ${name}`);
					check(
						/^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})+$/.test(raw),
						() => `${name} is not strictly encoded: ${raw}`,
					);
				}
			}),
			{ numRuns: RUNS },
		);
	});

	it('writes exactly the parameters the input had, in the fixed order: no input adds, drops or reorders one', () => {
		fc.assert(
			fc.property(inputArb, (input) => {
				const result = buildOrExpectedRefusal(input);
				if (result === undefined) return;
				// Which parameters the input carries, from the input alone: present and not blank.
				const carries = (key: string) => {
					const value = input[key];
					if (value === undefined) return false;
					if (typeof value === 'number') return true;
					if (key === 'title') return String(value).replace(CONTROL_RUNS, '').trim() !== '';
					if (key === 'crmObjects') {
						const list = typeof value === 'string' ? JSON.parse(value) : value;
						return !Array.isArray(list) || list.length > 0;
					}
					return String(value).trim() !== '';
				};
				const expectedNames = SPEC_ORDER.filter((name) =>
					name === 'opportunityId' ? carries('opportunityId') || carries('jobId') : carries(name),
				);
				expect(queryPairs(result.url).map(([name]) => name)).toEqual(expectedNames);
			}),
			{ numRuns: RUNS },
		);
	});

	it('writes the same link whatever order the input keys come in', () => {
		fc.assert(
			fc.property(inputArb, fc.infiniteStream(fc.double()), (input, randomness) => {
				const result = buildOrExpectedRefusal(input);
				if (result === undefined) return;
				const keys = Object.keys(input);
				const draws = keys.map(() => randomness.next().value as number);
				const shuffled = Object.fromEntries(
					keys
						.map((key, index) => [key, draws[index]] as const)
						.sort((a, b) => a[1] - b[1])
						.map(([key]) => [key, input[key]]),
				);
				expect(buildRecordLink(shuffled).url).toBe(result.url);
			}),
			{ numRuns: RUNS },
		);
	});
});

describe('targeted refusals (fast-check, 10,000 runs each)', () => {
	const cleanText = fc.array(piece(0, 0), { maxLength: 6 }).map((parts) => parts.join(''));

	it('refuses a lone surrogate anywhere in any text parameter, naming that parameter', () => {
		const where = fc.constantFrom(
			'title',
			'integrationConnectionId',
			'objectId',
			'opportunityId',
			'jobId',
			'redirectUrl',
		);
		fc.assert(
			fc.property(
				where,
				cleanText,
				fc.constantFrom(...LONE_SURROGATES),
				cleanText,
				(field, before, lone, after) => {
					const text = `${before}${lone}${after}`;
					fc.pre(!isWellFormed(text));
					const input: Record<string, unknown> = { action: 'start' };
					if (field === 'objectId')
						Object.assign(input, {
							integrationConnectionId: 'c',
							crmObjects: [{ objectType: 'Lead', objectId: text }],
						});
					else if (field === 'redirectUrl') input.redirectUrl = `https://x.example/${text}`;
					else input[field] = text;
					let thrown: unknown;
					try {
						buildRecordLink(input);
					} catch (error) {
						thrown = error;
					}
					const expectedField = field === 'objectId' ? 'crmObjects' : field;
					check(
						thrown instanceof RecordLinkError &&
							thrown.field === expectedField &&
							/surrogate/.test(thrown.message),
						() => `${JSON.stringify(text)} in ${field}: ${String(thrown)}`,
					);
				},
			),
			{ numRuns: RUNS },
		);
	});

	it('refuses javascript:, data:, vbscript: and file: redirects in any case, with control characters smuggled anywhere, plain or encoded', () => {
		const smuggled = fc.array(
			fc.constantFrom('', '', '', '\t', '\n', '\r', '\u0000', '\u000B', '\u001F'),
			{ minLength: 12, maxLength: 12 },
		);
		fc.assert(
			fc.property(
				fc.constantFrom('javascript:', 'data:', 'vbscript:', 'file:'),
				fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
				smuggled,
				fc.constantFrom('', ' ', '\t', '\n'),
				cleanText,
				fc.constantFrom('plain', 'encoded'),
				(scheme, upper, inserts, lead, rest, form) => {
					const mangled = [...scheme]
						.map((c, i) => `${inserts[i]}${upper[i] ? c.toUpperCase() : c}`)
						.join('');
					const plain = `${lead}${mangled}${rest}`;
					const redirectUrl =
						form === 'encoded' && isWellFormed(plain) ? encodeURIComponent(plain) : plain;
					let thrown: unknown;
					try {
						buildRecordLink({ action: 'stop', redirectUrl });
					} catch (error) {
						thrown = error;
					}
					check(
						thrown instanceof RecordLinkError && thrown.field === 'redirectUrl',
						() => `${JSON.stringify(redirectUrl)} was not refused`,
					);
				},
			),
			{ numRuns: RUNS },
		);
	});

	it('refuses differing opportunityId and jobId, naming jobId', () => {
		const id = fc
			.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 })
			.filter((text) => text.trim() !== '');
		fc.assert(
			fc.property(id, id, (opportunityId, jobId) => {
				fc.pre(opportunityId.trim() !== jobId.trim());
				let thrown: unknown;
				try {
					buildRecordLink({ action: 'start', opportunityId, jobId });
				} catch (error) {
					thrown = error;
				}
				check(
					thrown instanceof RecordLinkError && thrown.field === 'jobId',
					() => `not refused naming jobId: ${String(thrown)}`,
				);
			}),
			{ numRuns: RUNS },
		);
	});
});

describe('parse never throws (fast-check, 10,000 runs each)', () => {
	const anyText = fc.oneof(
		fc.string({ unit: 'binary', maxLength: 200 }),
		fc.array(piece(20, 5), { maxLength: 30 }).map((parts) => parts.join('')),
		fc.array(piece(20, 5), { maxLength: 30 }).map((parts) => `${BASE}?${parts.join('')}`),
	);

	it('returns params, valid, issues and warnings for any string', () => {
		fc.assert(
			fc.property(anyText, (link) => {
				const parsed = parseRecordLink(link);
				check(
					parsed.valid === (parsed.issues.length === 0),
					() => `valid ${parsed.valid} with issues ${parsed.issues}`,
				);
				check(
					Array.isArray(parsed.warnings) && typeof parsed.params === 'object',
					() => 'malformed result',
				);
			}),
			{ numRuns: RUNS },
		);
	});

	it('returns a result for valid links with hostile text spliced in anywhere', () => {
		const builtLink = inputArb.map((input) => {
			try {
				return buildRecordLink(input).url;
			} catch {
				return `${BASE}?action=start&title=x`;
			}
		});
		fc.assert(
			fc.property(
				builtLink,
				fc.nat(),
				fc.array(piece(20, 5), { minLength: 1, maxLength: 4 }),
				(url, at, parts) => {
					const position = at % (url.length + 1);
					const spliced = `${url.slice(0, position)}${parts.join('')}${url.slice(position)}`;
					const parsed = parseRecordLink(spliced);
					check(
						parsed.valid === (parsed.issues.length === 0),
						() => `valid ${parsed.valid} with issues ${parsed.issues}`,
					);
				},
			),
			{ numRuns: RUNS },
		);
	});

	it('never reads a link as valid when a raw +, space or # is spliced into a value', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }).map(oracleEncode),
				fc.constantFrom('+', ' ', '#'),
				fc.nat(),
				(encodedTitle, character, at) => {
					// Strictly inside the value: a trailing blank is trimmed off a pasted link, harmlessly.
					const position = at % encodedTitle.length;
					const link = `${BASE}?action=start&title=${encodedTitle.slice(0, position)}${character}${encodedTitle.slice(position)}`;
					check(!parseRecordLink(link).valid, () => `${link} read as valid`);
				},
			),
			{ numRuns: RUNS },
		);
	});
});
