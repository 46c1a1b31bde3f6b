/**
 * Every rule of SPEC "Build Record Link", one test each, against the library API. Golden links are
 * derived by hand from Siro's own page on record deep links.
 */
import {
	buildRecordLink,
	parseRecordLink,
	RecordLinkError,
	type RecordLinkInput,
} from '../../nodes/Siro/core';

const BASE = 'https://app.siro.ai/record';
const UUID_A = '00000000-0000-0000-0000-000000000001';
const UUID_B = '00000000-0000-0000-0000-000000000002';
const VERB_THAT_SAYS_HOW_TO_FIX = /\b(Set|Use|Remove|Give|Pick|Shorten|Paste|Pass|Add)\b/;

/** The query of a link as [name, raw value] pairs, in order. */
function rawQuery(url: string): Array<[string, string]> {
	const query = url.slice(url.indexOf('?') + 1);
	return query.split('&').map((pair) => {
		const equalsAt = pair.indexOf('=');
		return [pair.slice(0, equalsAt), pair.slice(equalsAt + 1)];
	});
}

function rawValue(url: string, name: string): string | undefined {
	return rawQuery(url).find(([key]) => key === name)?.[1];
}

function decodedValue(url: string, name: string): string | undefined {
	const raw = rawValue(url, name);
	return raw === undefined ? undefined : decodeURIComponent(raw);
}

function build(input: Record<string, unknown>) {
	return buildRecordLink(input);
}

/** Builds, expects a RecordLinkError, checks the field, that the message names it and says how to fix it. */
function expectRecordLinkError(
	input: unknown,
	field: string,
	alsoMentions: Array<string | RegExp> = [],
): RecordLinkError {
	let thrown: unknown;
	try {
		buildRecordLink(input);
	} catch (error) {
		thrown = error;
	}
	expect(thrown).toBeInstanceOf(RecordLinkError);
	const error = thrown as RecordLinkError;
	expect(error.field).toBe(field);
	expect(error.message).toContain(field);
	expect(error.fix).toMatch(VERB_THAT_SAYS_HOW_TO_FIX);
	expect(error.message).toBe(`${error.problem} ${error.fix}`);
	for (const mention of alsoMentions) expect(error.message).toMatch(mention);
	return error;
}

describe("the seed's own example links", () => {
	it('builds the conversationType example link exactly as the seed prints it', () => {
		const { url, warnings } = build({ action: 'start', conversationType: UUID_B });
		expect(url).toBe(
			'https://app.siro.ai/record?action=start&conversationType=00000000-0000-0000-0000-000000000002',
		);
		expect(warnings).toEqual([]);
	});

	it("parses the seed's conversationType example link as a valid start link with that type", () => {
		const parsed = parseRecordLink(
			'https://app.siro.ai/record?action=start&conversationType=00000000-0000-0000-0000-000000000002',
		);
		expect(parsed).toMatchObject({
			valid: true,
			issues: [],
			params: { action: 'start', conversationType: UUID_B },
		});
	});

	// The seed's "after URL encoding" leaves [ ] { } " raw; strict encoding escapes those too, so the
	// golden value below is the seed's text with [ → %5B, ] → %5D, { → %7B, } → %7D, " → %22 (by hand).
	const seedCrmObjectsAfterEncoding =
		'[{"objectType"%3A"Lead"%2C"objectId"%3A"lead123"}%2C{"objectType"%3A"Opportunity"%2C"objectId"%3A"opp456"}]';
	const strictCrmObjects =
		'%5B%7B%22objectType%22%3A%22Lead%22%2C%22objectId%22%3A%22lead123%22%7D%2C%7B%22objectType%22%3A%22Opportunity%22%2C%22objectId%22%3A%22opp456%22%7D%5D';
	const seedCrmObjects = [
		{ objectType: 'Lead', objectId: 'lead123' },
		{ objectType: 'Opportunity', objectId: 'opp456' },
	];

	it("builds the seed's crmObjects example as the seed's encoding, with the brackets, braces and quotes escaped too", () => {
		const { url } = build({
			action: 'start',
			integrationConnectionId: 'conn1',
			crmObjects: seedCrmObjects,
		});
		expect(url).toBe(
			`${BASE}?action=start&integrationConnectionId=conn1&crmObjects=${strictCrmObjects}`,
		);
		expect(decodeURIComponent(rawValue(url, 'crmObjects')!)).toBe(
			decodeURIComponent(seedCrmObjectsAfterEncoding),
		);
	});

	it("reads the seed's own crmObjects encoding to the same objects, valid, with only a warning about the raw characters", () => {
		const parsed = parseRecordLink(
			`${BASE}?action=start&integrationConnectionId=conn1&crmObjects=${seedCrmObjectsAfterEncoding}`,
		);
		expect(parsed.params.crmObjects).toEqual(seedCrmObjects);
		expect(parsed.valid).toBe(true);
		expect(parsed.issues).toEqual([]);
		expect(parsed.warnings.join('\n')).toMatch(/crmObjects.*not percent-encoded/);
	});

	it("accepts the seed's 'before URL encoding' objects given as JSON text", () => {
		const fromJson = build({
			action: 'start',
			integrationConnectionId: 'conn1',
			crmObjects:
				'[{"objectType":"Lead","objectId":"lead123"},{"objectType":"Opportunity","objectId":"opp456"}]',
		});
		expect(fromJson.url).toBe(
			`${BASE}?action=start&integrationConnectionId=conn1&crmObjects=${strictCrmObjects}`,
		);
	});
});

describe('base URL and fixed parameter order', () => {
	it('starts every link with https://app.siro.ai/record?', () => {
		for (const action of ['start', 'stop', 'restart']) {
			expect(build({ action }).url).toBe(`${BASE}?action=${action}`);
		}
	});

	it('writes the parameters in the order action, title, conversationType, integrationConnectionId, crmObjects, opportunityId, redirectUrl whatever the input order', () => {
		const { url } = build({
			redirectUrl: 'https://crm.example/done',
			opportunityId: 'opp1',
			crmObjects: [{ objectType: 'Lead', objectId: 'l1' }],
			integrationConnectionId: 'conn1',
			conversationType: UUID_A,
			title: 'Visit',
			action: 'start',
		});
		expect(rawQuery(url).map(([name]) => name)).toEqual([
			'action',
			'title',
			'conversationType',
			'integrationConnectionId',
			'crmObjects',
			'opportunityId',
			'redirectUrl',
		]);
	});

	it('builds the same input byte-for-byte the same twice', () => {
		const input = {
			action: 'start',
			title: 'Smith (roof)',
			conversationType: UUID_A,
			redirectUrl: 'https://x.example/?a=1&b=2',
		};
		expect(build(input).url).toBe(build({ ...input }).url);
	});
});

describe('strict percent-encoding of values', () => {
	it('encodes a space as %20, never +', () => {
		const { url } = build({ action: 'start', title: 'Roof inspection' });
		expect(url).toBe(`${BASE}?action=start&title=Roof%20inspection`);
	});

	it('encodes a + as %2B', () => {
		expect(rawValue(build({ action: 'start', title: 'A+B' }).url, 'title')).toBe('A%2BB');
	});

	it.each([
		['!', '%21'],
		["'", '%27'],
		['(', '%28'],
		[')', '%29'],
		['*', '%2A'],
	])('escapes %s (left raw by encodeURIComponent) as %s', (character, escaped) => {
		expect(rawValue(build({ action: 'start', title: `a${character}b` }).url, 'title')).toBe(
			`a${escaped}b`,
		);
	});

	it('escapes & = # ? / % so a value cannot start a new parameter or a fragment', () => {
		expect(rawValue(build({ action: 'start', title: 'a&b=c#d?e/f%g' }).url, 'title')).toBe(
			'a%26b%3Dc%23d%3Fe%2Ff%25g',
		);
	});

	it('encodes a hand-checked title with every awkward character', () => {
		const { url } = build({ action: 'start', title: "Smith (roof) + 50% off! It's *new*" });
		expect(rawValue(url, 'title')).toBe(
			'Smith%20%28roof%29%20%2B%2050%25%20off%21%20It%27s%20%2Anew%2A',
		);
	});

	it('encodes emoji and accented letters as UTF-8 percent escapes', () => {
		expect(rawValue(build({ action: 'start', title: 'Café 😀' }).url, 'title')).toBe(
			'Caf%C3%A9%20%F0%9F%98%80',
		);
	});

	it('encodes text that already looks percent-encoded as literal text (%2B stays the characters %, 2, B)', () => {
		const { url } = build({ action: 'start', title: '50%2B' });
		expect(rawValue(url, 'title')).toBe('50%252B');
		expect(parseRecordLink(url).params.title).toBe('50%2B');
	});
});

describe('action', () => {
	it.each(['start', 'stop', 'restart'])('accepts %s', (action) => {
		expect(buildRecordLink({ action }).params).toEqual({ action });
	});

	it('trims and lower-cases the action', () => {
		expect(build({ action: '  ReStart ' }).url).toBe(`${BASE}?action=restart`);
	});

	it('refuses an unknown action, naming action and the accepted values', () => {
		expectRecordLinkError({ action: 'pause' }, 'action', ['start, stop or restart']);
	});

	it('refuses a missing action', () => {
		expectRecordLinkError({ title: 'Visit' }, 'action', [/missing/]);
	});

	it('refuses an empty action', () => {
		expectRecordLinkError({ action: '  ' }, 'action');
	});

	it('refuses an action that is not text', () => {
		expectRecordLinkError({ action: 1 }, 'action');
	});
});

describe('input shape', () => {
	it('refuses an unknown parameter key, naming it and the accepted names', () => {
		expectRecordLinkError({ action: 'start', Title: 'Visit' }, 'Title', [
			'title, conversationType',
		]);
	});

	it('refuses a misspelt parameter instead of silently dropping it', () => {
		expectRecordLinkError({ action: 'start', redirectURL: 'https://x.example/' }, 'redirectURL');
	});

	it.each([
		['null', null],
		['a list', [{ action: 'start' }]],
		['text', 'action=start'],
	])('refuses an input that is %s, not an object', (_description, input) => {
		expectRecordLinkError(input, 'input');
	});

	it('treats null and undefined optional parameters as absent', () => {
		expect(
			build({
				action: 'stop',
				title: null,
				conversationType: undefined,
				redirectUrl: null,
				crmObjects: null,
				opportunityId: null,
			}).url,
		).toBe(`${BASE}?action=stop`);
	});
});

describe('title', () => {
	it('trims the title', () => {
		expect(decodedValue(build({ action: 'start', title: '  Smith visit \t ' }).url, 'title')).toBe(
			'Smith visit',
		);
	});

	it('turns each run of control characters (CR, LF, TAB, NEL, line separator…) into one space', () => {
		const { params } = buildRecordLink({
			action: 'start',
			title: 'Nguyen\r\n\r\nfollow-up\tcall\u0085again\u2028now\u0000\u0001end',
		});
		expect(params.title).toBe('Nguyen follow-up call again now end');
	});

	it('keeps spaces next to control characters (only the control run itself becomes one space)', () => {
		expect(buildRecordLink({ action: 'start', title: 'a \n b' }).params.title).toBe('a   b');
	});

	it('omits a title that is empty or only blanks and control characters', () => {
		expect(build({ action: 'start', title: '' }).url).toBe(`${BASE}?action=start`);
		expect(build({ action: 'start', title: ' \r\n\t\u0000 ' }).url).toBe(`${BASE}?action=start`);
	});

	it('turns a number into text', () => {
		expect(build({ action: 'start', title: 42 }).url).toBe(`${BASE}?action=start&title=42`);
	});

	it.each(['stop', 'restart'])(
		'refuses a title on a %s link, naming title and the action',
		(action) => {
			expectRecordLinkError({ action, title: 'Visit' }, 'title', [action, /start/]);
		},
	);

	it('does not refuse a blank title on a stop link (it is omitted, not sent)', () => {
		expect(build({ action: 'stop', title: '  \n ' }).url).toBe(`${BASE}?action=stop`);
	});

	it('refuses a lone surrogate, naming title', () => {
		expectRecordLinkError({ action: 'start', title: 'broken \uD83D here' }, 'title', [/surrogate/]);
	});

	it('refuses a non-finite number', () => {
		expectRecordLinkError({ action: 'start', title: Number.NaN }, 'title');
	});
});

describe('conversationType', () => {
	it.each([
		'{3F8C2A61-5B7E-4D92-9C1A-7E6B2D4F8A10}',
		'urn:uuid:3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10',
	])('refuses the wrapped UUID %s and names the bare one to use', (conversationType) => {
		expectRecordLinkError({ action: 'start', conversationType }, 'conversationType', [
			/braces or a urn:uuid: prefix/,
			/Use the bare UUID: 3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10\./,
		]);
	});

	it.each([
		['version 4', '3f2b9c1e-8d4a-4e7b-9a61-2c5d8e9f0a1b'],
		['version 1', 'c232ab00-9414-11ec-b3c8-9f6bdeced846'],
		['version 7', '01890a5d-ac96-774b-bcce-b302099a8057'],
		["the seed's all-zero example", UUID_A],
	])('accepts a UUID of any version (%s)', (_version, uuid) => {
		expect(
			decodedValue(build({ action: 'start', conversationType: uuid }).url, 'conversationType'),
		).toBe(uuid);
	});

	it('accepts an upper-case UUID and writes it in lower case', () => {
		const { url } = build({
			action: 'start',
			conversationType: ' 3F2B9C1E-8D4A-4E7B-9A61-2C5D8E9F0A1B ',
		});
		expect(rawValue(url, 'conversationType')).toBe('3f2b9c1e-8d4a-4e7b-9a61-2c5d8e9f0a1b');
	});

	it('is accepted on restart links', () => {
		expect(build({ action: 'restart', conversationType: UUID_B }).url).toBe(
			`${BASE}?action=restart&conversationType=${UUID_B}`,
		);
	});

	it('refuses conversationType on a stop link, naming it and the action', () => {
		expectRecordLinkError({ action: 'stop', conversationType: UUID_A }, 'conversationType', [
			'stop',
			/start or restart/,
		]);
	});

	it('omits an empty conversationType (the rep keeps their default)', () => {
		expect(build({ action: 'start', conversationType: '  ' }).url).toBe(`${BASE}?action=start`);
	});

	it.each([
		['too short', '00000000-0000-0000-0000-00000000001'],
		['missing dashes', '00000000000000000000000000000001'],
		['one group too long', '000000000-0000-0000-0000-000000000001'],
	])(
		'refuses a malformed UUID (%s), naming conversationType and where to get a real one',
		(_why, value) => {
			expectRecordLinkError({ action: 'start', conversationType: value }, 'conversationType', [
				/not a UUID/,
				/List Conversation Types/,
			]);
		},
	);

	it('refuses a display name, saying it looks like a display name', () => {
		expectRecordLinkError(
			{ action: 'start', conversationType: 'Example Conversation Type A' },
			'conversationType',
			[/display name/],
		);
	});

	it("refuses a configuration's id (orgId-uuid), pointing at the conversationType field and the UUID inside", () => {
		expectRecordLinkError(
			{
				action: 'start',
				conversationType: 'exampleOrgId123456789-00000000-0000-0000-0000-000000000001',
			},
			'conversationType',
			[/configuration's id/, /conversationType field/, UUID_A],
		);
	});

	it('refuses a number for conversationType', () => {
		expectRecordLinkError({ action: 'start', conversationType: 1 }, 'conversationType');
	});
});

describe('redirectUrl', () => {
	it.each(['localhost:3000/done', 'crm.example.com:8080/visits'])(
		'refuses %s: a host and port without https:// would be read as a custom scheme',
		(redirectUrl) => {
			expectRecordLinkError({ action: 'start', redirectUrl }, 'redirectUrl', [
				/not an absolute URL/,
				/https:\/\//,
			]);
		},
	);

	it.each(['start', 'stop', 'restart'])('is accepted on %s links', (action) => {
		const { url } = build({ action, redirectUrl: 'https://crm.example/done' });
		expect(url).toBe(`${BASE}?action=${action}&redirectUrl=https%3A%2F%2Fcrm.example%2Fdone`);
	});

	it("keeps the user's URL text, query and fragment included, encoded once", () => {
		const redirectUrl = 'https://crm.example/jobs/7?tab=notes&from=siro#top';
		const { url } = build({ action: 'stop', redirectUrl });
		expect(rawValue(url, 'redirectUrl')).toBe(
			'https%3A%2F%2Fcrm.example%2Fjobs%2F7%3Ftab%3Dnotes%26from%3Dsiro%23top',
		);
		expect(parseRecordLink(url).params.redirectUrl).toBe(redirectUrl);
	});

	it("keeps a plain URL's own %-escapes as text (encodes its % as %25)", () => {
		const { url } = build({ action: 'stop', redirectUrl: 'https://x.example/?q=a%20b' });
		expect(parseRecordLink(url).params.redirectUrl).toBe('https://x.example/?q=a%20b');
	});

	it.each([
		['upper-case escapes', 'https%3A%2F%2Fcrm.example%2Fdone%3Fa%3D1%26b%3D2'],
		['lower-case escapes', 'https%3a%2f%2fcrm.example%2fdone%3fa%3d1%26b%3d2'],
	])(
		'decodes an already-encoded URL once (%s) instead of encoding it twice, with a warning',
		(_case, encoded) => {
			const { url, warnings } = build({ action: 'start', redirectUrl: encoded });
			expect(rawValue(url, 'redirectUrl')).toBe('https%3A%2F%2Fcrm.example%2Fdone%3Fa%3D1%26b%3D2');
			expect(url).not.toContain('%25');
			expect(buildRecordLink({ action: 'start', redirectUrl: encoded }).params.redirectUrl).toBe(
				'https://crm.example/done?a=1&b=2',
			);
			expect(warnings.join('\n')).toMatch(/decoded once/);
		},
	);

	it('refuses an already-encoded URL with a broken % escape', () => {
		expectRecordLinkError(
			{ action: 'start', redirectUrl: 'https%3A%2F%2Fx.example%2F%E0%A4' },
			'redirectUrl',
			[/broken %/],
		);
	});

	it.each([
		'javascript:alert(1)',
		'JavaScript:alert(1)',
		'JAVASCRIPT:alert(1)',
		'  javascript:alert(1)',
		'data:text/html,<script>alert(1)</script>',
		'DATA:text/html;base64,PHNjcmlwdD4=',
		'vbscript:msgbox(1)',
		'VBScript:msgbox(1)',
		'file:///etc/passwd',
		'FILE://C:/Windows/win.ini',
		'javascript%3Aalert(1)',
		'data%3Atext%2Fhtml%2Cx',
	])('refuses the dangerous redirect %j', (redirectUrl) => {
		expectRecordLinkError({ action: 'start', redirectUrl }, 'redirectUrl');
	});

	it.each([
		'java\tscript:alert(1)',
		'java\nscript:alert(1)',
		'java\r\nscript:alert(1)',
		'\u0000javascript:alert(1)',
		'jav\u0000ascript:alert(1)',
		'da\tta:text/html,x',
		'file\n:///etc/passwd',
		'javascript%3A%0Aalert(1)',
		'java%09script%3Aalert(1)',
	])('refuses a dangerous scheme with control characters smuggled inside (%j)', (redirectUrl) => {
		expectRecordLinkError({ action: 'start', redirectUrl }, 'redirectUrl');
	});

	it('refuses control characters anywhere in an https URL (browsers would silently drop them)', () => {
		expectRecordLinkError(
			{ action: 'start', redirectUrl: 'https://x.example/a\nb' },
			'redirectUrl',
			[/control character/],
		);
	});

	it.each(['/done', 'crm.example/done', 'www.example.com', '//crm.example/done'])(
		'refuses a relative URL (%j)',
		(redirectUrl) => {
			expectRecordLinkError({ action: 'start', redirectUrl }, 'redirectUrl', [
				/absolute|valid web address/,
			]);
		},
	);

	it.each(['https://', 'https:/crm.example', 'http:// spaced.example'])(
		'refuses a broken web address (%j)',
		(redirectUrl) => {
			expectRecordLinkError({ action: 'start', redirectUrl }, 'redirectUrl');
		},
	);

	it('accepts a custom app scheme with a warning that Siro must whitelist it', () => {
		const { url, warnings } = build({ action: 'stop', redirectUrl: 'yourApp://done?job=1' });
		expect(rawValue(url, 'redirectUrl')).toBe('yourApp%3A%2F%2Fdone%3Fjob%3D1');
		expect(warnings.join('\n')).toMatch(/whitelist/);
	});

	it('gives no warning for an https URL', () => {
		expect(build({ action: 'stop', redirectUrl: 'https://x.example/' }).warnings).toEqual([]);
	});

	it('omits an empty redirectUrl', () => {
		expect(build({ action: 'stop', redirectUrl: ' ' }).url).toBe(`${BASE}?action=stop`);
	});

	it('refuses a lone surrogate in redirectUrl, naming redirectUrl', () => {
		expectRecordLinkError(
			{ action: 'stop', redirectUrl: 'https://x.example/\uDC00' },
			'redirectUrl',
			[/surrogate/],
		);
	});
});

describe('integrationConnectionId', () => {
	it.each(['start', 'restart'])('is accepted on %s links, trimmed', (action) => {
		expect(build({ action, integrationConnectionId: ' conn-1 ' }).url).toBe(
			`${BASE}?action=${action}&integrationConnectionId=conn-1`,
		);
	});

	it('refuses it on a stop link, naming it and the action', () => {
		expectRecordLinkError(
			{ action: 'stop', integrationConnectionId: 'conn-1' },
			'integrationConnectionId',
			['stop'],
		);
	});

	it('is required when CRM objects are given', () => {
		expectRecordLinkError(
			{ action: 'start', crmObjects: [{ objectType: 'Lead', objectId: 'l1' }] },
			'integrationConnectionId',
			[/CRM objects/],
		);
	});

	it('counts as missing when blank, so CRM objects still need it', () => {
		expectRecordLinkError(
			{
				action: 'start',
				integrationConnectionId: '  ',
				crmObjects: [{ objectType: 'Lead', objectId: 'l1' }],
			},
			'integrationConnectionId',
		);
	});

	it('is not required when the CRM object list is empty (the list is omitted)', () => {
		expect(build({ action: 'start', crmObjects: [] }).url).toBe(`${BASE}?action=start`);
	});

	it('turns a number into text', () => {
		expect(build({ action: 'start', integrationConnectionId: 123 }).url).toBe(
			`${BASE}?action=start&integrationConnectionId=123`,
		);
	});

	it('refuses a line break inside it', () => {
		expectRecordLinkError(
			{ action: 'start', integrationConnectionId: 'conn\n1' },
			'integrationConnectionId',
			[/control character/],
		);
	});

	it('refuses a lone surrogate, naming integrationConnectionId', () => {
		expectRecordLinkError(
			{ action: 'start', integrationConnectionId: 'conn\uD800' },
			'integrationConnectionId',
		);
	});
});

describe('crmObjects', () => {
	const withConnection = (crmObjects: unknown, action = 'start') => ({
		action,
		integrationConnectionId: 'conn1',
		crmObjects,
	});
	const normalizedCrm = (crmObjects: unknown) =>
		buildRecordLink(withConnection(crmObjects)).params.crmObjects;

	it.each([
		'Lead',
		'Account',
		'Contact',
		'Opportunity',
		'Engagement',
		'Event',
		'ServiceAppointment',
	])('accepts the object type %s (Contact included, as in the seed type)', (objectType) => {
		expect(normalizedCrm([{ objectType, objectId: 'x1' }])).toEqual([
			{ objectType, objectId: 'x1' },
		]);
	});

	it.each([
		['lead', 'Lead'],
		['ACCOUNT', 'Account'],
		['contact', 'Contact'],
		['oPPORTUNITY', 'Opportunity'],
		[' engagement ', 'Engagement'],
		['EVENT', 'Event'],
		['serviceappointment', 'ServiceAppointment'],
	])('matches %j case-insensitively and writes it as %s', (given, canonical) => {
		expect(normalizedCrm([{ objectType: given, objectId: 'x1' }])).toEqual([
			{ objectType: canonical, objectId: 'x1' },
		]);
	});

	it.each(['Deal', 'Service Appointment', 'Leads', ''])(
		'refuses the unknown object type %j, listing the types',
		(objectType) => {
			expectRecordLinkError(withConnection([{ objectType, objectId: 'x1' }]), 'crmObjects', [
				'Lead, Account, Contact, Opportunity, Engagement, Event, ServiceAppointment',
			]);
		},
	);

	it('refuses an object without objectType', () => {
		expectRecordLinkError(withConnection([{ objectId: 'x1' }]), 'crmObjects', [/objectType/]);
	});

	it.each([
		['missing', { objectType: 'Lead' }],
		['empty', { objectType: 'Lead', objectId: '' }],
		['blank', { objectType: 'Lead', objectId: ' \t ' }],
		['null', { objectType: 'Lead', objectId: null }],
		['an object', { objectType: 'Lead', objectId: { id: 1 } }],
	])('refuses an objectId that is %s, naming crmObjects and the position', (_why, entry) => {
		expectRecordLinkError(
			withConnection([{ objectType: 'Account', objectId: 'a1' }, entry]),
			'crmObjects',
			['crmObjects[1].objectId'],
		);
	});

	it('refuses a line break inside an objectId, with field crmObjects (the parameter) and the position in the message', () => {
		expectRecordLinkError(
			withConnection([{ objectType: 'Lead', objectId: 'l\n1' }]),
			'crmObjects',
			['crmObjects[0].objectId'],
		);
	});

	it('refuses a lone surrogate inside an objectId, with field crmObjects', () => {
		expectRecordLinkError(
			withConnection([{ objectType: 'Lead', objectId: 'l\uD800' }]),
			'crmObjects',
			['crmObjects[0].objectId'],
		);
	});

	it('trims objectId and turns numbers into text', () => {
		expect(
			normalizedCrm([
				{ objectType: 'Lead', objectId: ' 00Q1 ' },
				{ objectType: 'Account', objectId: 42 },
			]),
		).toEqual([
			{ objectType: 'Lead', objectId: '00Q1' },
			{ objectType: 'Account', objectId: '42' },
		]);
	});

	it('drops exact duplicates after canonicalising type case and trimming the ID, keeping the first position', () => {
		expect(
			normalizedCrm([
				{ objectType: 'Lead', objectId: 'L1' },
				{ objectType: 'Account', objectId: 'A1' },
				{ objectType: 'LEAD', objectId: ' L1 ' },
				{ objectType: 'Account', objectId: 'A1' },
			]),
		).toEqual([
			{ objectType: 'Lead', objectId: 'L1' },
			{ objectType: 'Account', objectId: 'A1' },
		]);
	});

	it('keeps objects that differ only in ID case or only in type (not exact duplicates)', () => {
		expect(
			normalizedCrm([
				{ objectType: 'Lead', objectId: 'x' },
				{ objectType: 'Lead', objectId: 'X' },
				{ objectType: 'Contact', objectId: 'x' },
			]),
		).toHaveLength(3);
	});

	it('treats a number ID and the same ID as text as duplicates', () => {
		expect(
			normalizedCrm([
				{ objectType: 'Lead', objectId: 7 },
				{ objectType: 'Lead', objectId: '7' },
			]),
		).toEqual([{ objectType: 'Lead', objectId: '7' }]);
	});

	it.each([
		['an empty list', []],
		['empty JSON text', '[]'],
		['blank text', '  '],
		['JSON null', 'null'],
	])('omits %s', (_what, crmObjects) => {
		expect(build(withConnection(crmObjects)).url).toBe(
			`${BASE}?action=start&integrationConnectionId=conn1`,
		);
	});

	it('accepts a single object instead of a list', () => {
		expect(normalizedCrm({ objectType: 'opportunity', objectId: '006A1' })).toEqual([
			{ objectType: 'Opportunity', objectId: '006A1' },
		]);
	});

	it('accepts JSON text of a list and of a single object', () => {
		expect(normalizedCrm(' [{"objectType":"lead","objectId":"L1"}] ')).toEqual([
			{ objectType: 'Lead', objectId: 'L1' },
		]);
		expect(normalizedCrm('{"objectType":"Event","objectId":9}')).toEqual([
			{ objectType: 'Event', objectId: '9' },
		]);
	});

	it('refuses text that is not JSON, naming crmObjects and showing the expected form', () => {
		expectRecordLinkError(withConnection('Lead:L1'), 'crmObjects', [
			/not valid JSON/,
			/objectType/,
		]);
	});

	it.each([
		['a number', 5],
		['a string inside the list', ['Lead:L1']],
		['a list inside the list', [[{ objectType: 'Lead', objectId: 'L1' }]]],
	])('refuses %s as a CRM object', (_what, crmObjects) => {
		expectRecordLinkError(withConnection(crmObjects), 'crmObjects');
	});

	it('writes JSON with keys objectType then objectId, no spaces, whatever key order the input used', () => {
		const { url } = build(withConnection([{ objectId: 'l 1', objectType: 'lead' }]));
		expect(decodedValue(url, 'crmObjects')).toBe('[{"objectType":"Lead","objectId":"l 1"}]');
	});

	it('encodes the JSON exactly once (decoding once gives JSON, not more escapes)', () => {
		const { url } = build(withConnection([{ objectType: 'Lead', objectId: 'a b%c' }]));
		const once = decodedValue(url, 'crmObjects')!;
		expect(JSON.parse(once)).toEqual([{ objectType: 'Lead', objectId: 'a b%c' }]);
		expect(rawValue(url, 'crmObjects')).toBe(
			'%5B%7B%22objectType%22%3A%22Lead%22%2C%22objectId%22%3A%22a%20b%25c%22%7D%5D',
		);
	});

	it('is accepted on restart links', () => {
		expect(
			parseRecordLink(
				build(withConnection([{ objectType: 'Lead', objectId: 'L1' }], 'restart')).url,
			).valid,
		).toBe(true);
	});

	it('refuses more different CRM objects than any link can carry, naming crmObjects', () => {
		const crmObjects = Array.from({ length: 200 }, (_, index) => ({
			objectType: 'Lead',
			objectId: `${index}`,
		}));
		expectRecordLinkError(withConnection(crmObjects), 'crmObjects', [/more than \d+ different/]);
	});

	it('checks a CRM JSON text of millions of escapes without running out of stack', () => {
		const json = JSON.stringify([{ objectType: 'Lead', objectId: '"\\'.repeat(2_000_000) }]);
		expectRecordLinkError(withConnection(json), 'crmObjects', [/characters long/]);
		expect(
			parseRecordLink(`${BASE}?action=start&crmObjects=${encodeURIComponent(json)}`).valid,
		).toBe(false);
	});

	it('keeps one object out of 100,000 repeats of it', () => {
		const crmObjects = Array.from({ length: 100_000 }, () => ({
			objectType: 'Lead',
			objectId: 'L1',
		}));
		expect(normalizedCrm(crmObjects)).toEqual([{ objectType: 'Lead', objectId: 'L1' }]);
	});

	it('refuses CRM objects on a stop link, naming crmObjects and the action', () => {
		expectRecordLinkError(
			{ action: 'stop', crmObjects: [{ objectType: 'Lead', objectId: 'L1' }] },
			'crmObjects',
			['stop'],
		);
	});
});

describe('opportunityId and its alias jobId', () => {
	it.each(['start', 'restart'])(
		'is written on %s links with a deprecation warning pointing to CRM objects',
		(action) => {
			const { url, warnings } = build({ action, opportunityId: ' opp-1 ' });
			expect(url).toBe(`${BASE}?action=${action}&opportunityId=opp-1`);
			expect(warnings.join('\n')).toMatch(/deprecated/);
			expect(warnings.join('\n')).toMatch(/CRM objects/);
		},
	);

	it('writes jobId as opportunityId, with the deprecation warning', () => {
		const { url, warnings } = build({ action: 'start', jobId: 'J-7' });
		expect(url).toBe(`${BASE}?action=start&opportunityId=J-7`);
		expect(warnings.join('\n')).toMatch(/deprecated/);
	});

	it('accepts jobId and opportunityId together when they agree (one parameter written)', () => {
		expect(build({ action: 'start', opportunityId: 'J-7', jobId: ' J-7' }).url).toBe(
			`${BASE}?action=start&opportunityId=J-7`,
		);
	});

	it('refuses jobId and opportunityId that differ', () => {
		expectRecordLinkError({ action: 'start', opportunityId: 'opp-1', jobId: 'job-2' }, 'jobId', [
			'opportunityId',
			/only one/,
		]);
	});

	it('turns a number into text', () => {
		expect(build({ action: 'start', opportunityId: 1234 }).url).toBe(
			`${BASE}?action=start&opportunityId=1234`,
		);
	});

	it('refuses opportunityId on a stop link, naming it and the action', () => {
		expectRecordLinkError({ action: 'stop', opportunityId: 'opp-1' }, 'opportunityId', ['stop']);
	});

	it('refuses jobId on a stop link too', () => {
		expect(() => build({ action: 'stop', jobId: 'job-1' })).toThrow(RecordLinkError);
		expect(() => build({ action: 'stop', jobId: 'job-1' })).toThrow(/stop/);
	});

	it('refuses control characters inside jobId, naming jobId', () => {
		expectRecordLinkError({ action: 'start', jobId: 'job\t1' }, 'jobId');
	});

	it('gives no deprecation warning when neither is given', () => {
		expect(build({ action: 'start', title: 'x' }).warnings).toEqual([]);
	});
});

describe('link length', () => {
	const prefix = `${BASE}?action=start&title=`;
	const titleForLength = (length: number) => 'a'.repeat(length - prefix.length);

	it('gives no warning at 300 characters', () => {
		const { url, warnings } = build({ action: 'start', title: titleForLength(300) });
		expect(url).toHaveLength(300);
		expect(warnings).toEqual([]);
	});

	it('warns above 300 characters (SMS split)', () => {
		const { url, warnings } = build({ action: 'start', title: titleForLength(301) });
		expect(url).toHaveLength(301);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/301 characters.*SMS/);
	});

	it('gives the ordinary warning at exactly 2000 characters', () => {
		const { warnings } = build({ action: 'start', title: titleForLength(2000) });
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/SMS/);
	});

	it('warns more strongly above 2000 characters (email, calendar and chat apps)', () => {
		const { warnings } = build({ action: 'start', title: titleForLength(2001) });
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/2001 characters.*email, calendar and chat/);
	});

	it('accepts exactly 8000 characters, with the strong warning', () => {
		const { url, warnings } = build({ action: 'start', title: titleForLength(8000) });
		expect(url).toHaveLength(8000);
		expect(warnings[0]).toMatch(/email/);
	});

	it('refuses above 8000 characters, naming the longest parameter', () => {
		expectRecordLinkError({ action: 'start', title: titleForLength(8001) }, 'title', [
			/8001 characters/,
			/Shorten title/,
		]);
	});

	it('counts encoded length, not input length (3000 spaces become 9000 characters)', () => {
		expectRecordLinkError({ action: 'start', title: `a${' '.repeat(3000)}a` }, 'title');
	});

	it('names crmObjects when the CRM objects are the longest part', () => {
		const crmObjects = Array.from({ length: 120 }, (_, index) => ({
			objectType: 'ServiceAppointment',
			objectId: `SA-${index}`,
		}));
		expectRecordLinkError(
			{
				action: 'start',
				title: 'short',
				integrationConnectionId: 'conn1',
				crmObjects,
				redirectUrl: 'https://x.example/',
			},
			'crmObjects',
		);
	});

	it('names redirectUrl when it is the longest part', () => {
		expectRecordLinkError(
			{ action: 'stop', redirectUrl: `https://x.example/?q=${'~'.repeat(8000)}` },
			'redirectUrl',
		);
	});
});

describe('build returns the parameters it writes', () => {
	it('returns the normalised parameters, which parse reads back from the link, with the warnings', () => {
		const input: RecordLinkInput = {
			action: ' START',
			title: ' Roof\nvisit ',
			conversationType: UUID_A.toUpperCase(),
			integrationConnectionId: 7,
			crmObjects: '{"objectType":"lead","objectId":" L1 "}',
			jobId: 99,
			redirectUrl: 'https%3A%2F%2Fx.example%2F',
		};
		const built = buildRecordLink(input);
		expect(built.params).toEqual({
			action: 'start',
			title: 'Roof visit',
			conversationType: UUID_A,
			integrationConnectionId: '7',
			crmObjects: [{ objectType: 'Lead', objectId: 'L1' }],
			opportunityId: '99',
			redirectUrl: 'https://x.example/',
		});
		expect(parseRecordLink(built.url).params).toEqual(built.params);
		expect(built.warnings).toEqual([
			expect.stringMatching(/opportunityId .* deprecated/),
			expect.stringMatching(/redirectUrl arrived URL-encoded/),
		]);
	});
});
