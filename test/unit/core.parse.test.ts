/** SPEC "Parse Record Link": what an ops person sees when a rep says a link "did nothing". */
import { buildRecordLink, parseRecordLink } from '../../nodes/Siro/core';

const BASE = 'https://app.siro.ai/record';
const UUID_A = '3f2b9c1e-8d4a-4e7b-9a61-2c5d8e9f0a1b';
const CRM_JSON_ENCODED = encodeURIComponent('[{"objectType":"Lead","objectId":"L1"}]');

function issuesOf(link: string): string {
	const parsed = parseRecordLink(link);
	expect(parsed.valid).toBe(false);
	expect(parsed.issues.length).toBeGreaterThan(0);
	return parsed.issues.join('\n');
}

function expectValid(link: string) {
	const parsed = parseRecordLink(link);
	expect(parsed.issues).toEqual([]);
	expect(parsed.valid).toBe(true);
	return parsed;
}

describe('valid links round-trip', () => {
	it.each([
		['a bare stop link', { action: 'stop' }],
		[
			'a stop link with a redirect',
			{ action: 'stop', redirectUrl: 'https://crm.example/done?x=1&y=(2)' },
		],
		[
			'a restart link with a type and CRM objects',
			{
				action: 'restart',
				conversationType: UUID_A,
				integrationConnectionId: 'conn 1',
				crmObjects: [{ objectType: 'Opportunity', objectId: '006A+1' }],
			},
		],
		[
			'a start link with every parameter',
			{
				action: 'start',
				title: "Smith & Sons (roof) + 50% — it's 😀",
				conversationType: UUID_A,
				integrationConnectionId: 'conn=1',
				crmObjects: [
					{ objectType: 'Lead', objectId: 'L#1' },
					{ objectType: 'ServiceAppointment', objectId: 'SA?2' },
				],
				opportunityId: 'opp/3',
				redirectUrl: 'yourapp://done#top',
			},
		],
	])('reads back %s exactly as it was normalised, valid', (_what, input) => {
		const { url, params } = buildRecordLink(input);
		const parsed = expectValid(url);
		expect(parsed.params).toEqual(params);
	});

	it('reports the deprecation of opportunityId as a warning, not an issue', () => {
		const parsed = expectValid(`${BASE}?action=start&opportunityId=opp1`);
		expect(parsed.warnings.join('\n')).toMatch(/deprecated/);
	});

	it('reads the conversationType the seed prints', () => {
		expect(
			expectValid(`${BASE}?action=start&conversationType=00000000-0000-0000-0000-000000000002`)
				.params.conversationType,
		).toBe('00000000-0000-0000-0000-000000000002');
	});

	it('gives no warnings at all for a link this library built without warnings', () => {
		const { url, warnings } = buildRecordLink({
			action: 'start',
			title: 'Visit (1)',
			redirectUrl: 'https://x.example/',
		});
		expect(warnings).toEqual([]);
		expect(parseRecordLink(url).warnings).toEqual([]);
	});
});

describe('issues', () => {
	it('flags a raw + in a value (iOS keeps it, Android reads a space)', () => {
		expect(issuesOf(`${BASE}?action=start&title=Roof+inspection`)).toMatch(/title.*"\+"/);
	});

	it('reads a raw + as iOS does (a plus, not a space) while flagging it', () => {
		expect(parseRecordLink(`${BASE}?action=start&title=A+B`).params.title).toBe('A+B');
	});

	it('flags a raw space in a value', () => {
		expect(issuesOf(`${BASE}?action=start&title=Roof inspection`)).toMatch(/title.*space/);
	});

	it('flags a title on a stop link, naming title and stop', () => {
		expect(issuesOf(`${BASE}?action=stop&title=Visit`)).toMatch(/title.*stop/);
	});

	it.each(['conversationType', 'integrationConnectionId', 'opportunityId'])(
		'flags %s on a stop link',
		(name) => {
			const value = name === 'conversationType' ? UUID_A : 'x1';
			expect(issuesOf(`${BASE}?action=stop&${name}=${value}`)).toMatch(new RegExp(`${name}.*stop`));
		},
	);

	it('flags crmObjects without integrationConnectionId', () => {
		expect(issuesOf(`${BASE}?action=start&crmObjects=${CRM_JSON_ENCODED}`)).toMatch(
			/integrationConnectionId/,
		);
	});

	it('flags a malformed conversationType UUID', () => {
		expect(issuesOf(`${BASE}?action=start&conversationType=1234`)).toMatch(
			/conversationType.*not a UUID/,
		);
	});

	it('flags a display name given as conversationType', () => {
		expect(issuesOf(`${BASE}?action=start&conversationType=Sample%20Conversation%20Type`)).toMatch(
			/display name/,
		);
	});

	it('flags an unknown parameter and still reads the rest', () => {
		const parsed = parseRecordLink(`${BASE}?action=start&utm_source=sms&title=Visit`);
		expect(parsed.valid).toBe(false);
		expect(parsed.issues.join('\n')).toMatch(/"utm_source" is not a Siro record link parameter/);
		expect(parsed.params).toEqual({ action: 'start', title: 'Visit' });
	});

	it('flags a parameter name in the wrong case, giving the right spelling', () => {
		expect(issuesOf(`${BASE}?action=start&Title=Visit`)).toMatch(/must be spelt title/);
	});

	it('flags a duplicate parameter and keeps the first value', () => {
		const parsed = parseRecordLink(`${BASE}?action=start&title=First&title=Second`);
		expect(parsed.valid).toBe(false);
		expect(parsed.issues.join('\n')).toMatch(/title appears more than once/);
		expect(parsed.params.title).toBe('First');
	});

	it('flags jobId next to opportunityId as a duplicate', () => {
		expect(issuesOf(`${BASE}?action=start&opportunityId=a&jobId=b`)).toMatch(
			/jobId appears more than once/,
		);
	});

	it('flags a raw # (everything after it is lost) and reads only what comes before it', () => {
		const parsed = parseRecordLink(`${BASE}?action=start&title=Job#42&conversationType=${UUID_A}`);
		expect(parsed.valid).toBe(false);
		expect(parsed.issues.join('\n')).toMatch(/"#"/);
		expect(parsed.params).toEqual({ action: 'start', title: 'Job' });
	});

	it.each([
		['another host', `https://evil.example/record?action=start`],
		['plain http', `http://app.siro.ai/record?action=start`],
		['another path', `https://app.siro.ai/recording?action=start`],
		['no query at all', `https://app.siro.ai/`],
	])('flags the wrong base (%s)', (_what, link) => {
		expect(issuesOf(link)).toMatch(/does not start with https:\/\/app\.siro\.ai\/record/);
	});

	it('flags a missing action', () => {
		expect(issuesOf(`${BASE}?title=Visit`)).toMatch(/no action/);
	});

	it.each(['Start', 'pause', ''])(
		'flags the action %j (Siro wants start, stop or restart in lower case)',
		(action) => {
			expect(issuesOf(`${BASE}?action=${action}`)).toMatch(/action/);
		},
	);

	it('reads jobId as opportunityId, valid, with a deprecation warning', () => {
		const parsed = expectValid(`${BASE}?action=restart&jobId=J-77`);
		expect(parsed.params).toEqual({ action: 'restart', opportunityId: 'J-77' });
		expect(parsed.warnings.join('\n')).toMatch(/deprecated/);
	});

	it('flags a redirectUrl encoded twice', () => {
		const twice = encodeURIComponent(encodeURIComponent('https://crm.example/done'));
		expect(issuesOf(`${BASE}?action=stop&redirectUrl=${twice}`)).toMatch(
			/redirectUrl is encoded twice/,
		);
	});

	it('flags a dangerous redirectUrl scheme', () => {
		expect(issuesOf(`${BASE}?action=stop&redirectUrl=javascript%3Aalert(1)`)).toMatch(
			/javascript:/,
		);
	});

	it('flags a relative redirectUrl', () => {
		expect(issuesOf(`${BASE}?action=stop&redirectUrl=%2Fdone`)).toMatch(/redirectUrl/);
	});

	it.each([
		['a truncated escape', 'Roof%2'],
		['a lone %', '100%'],
		['invalid UTF-8', '%E0%A4'],
	])('flags a broken %% escape (%s)', (_what, value) => {
		expect(issuesOf(`${BASE}?action=start&title=${value}`)).toMatch(/title has a broken % escape/);
	});

	it.each([
		['not JSON', encodeURIComponent('Lead:L1'), /not valid JSON/],
		['not a list', encodeURIComponent('{"objectType":"Lead","objectId":"L1"}'), /not a JSON list/],
		[
			'a type in the wrong case',
			encodeURIComponent('[{"objectType":"lead","objectId":"L1"}]'),
			/crmObjects\[0\]/,
		],
		[
			'an empty objectId',
			encodeURIComponent('[{"objectType":"Lead","objectId":""}]'),
			/crmObjects\[0\]/,
		],
		[
			'a numeric objectId',
			encodeURIComponent('[{"objectType":"Lead","objectId":1}]'),
			/crmObjects\[0\]/,
		],
		[
			'an extra key',
			encodeURIComponent('[{"objectType":"Lead","objectId":"L1","name":"x"}]'),
			/crmObjects\[0\]/,
		],
	])('flags crmObjects that Siro would drop (%s)', (_what, value, expected) => {
		expect(issuesOf(`${BASE}?action=start&integrationConnectionId=c&crmObjects=${value}`)).toMatch(
			expected,
		);
	});

	it('flags a link longer than 8000 characters', () => {
		expect(issuesOf(`${BASE}?action=start&title=${'a'.repeat(8000)}`)).toMatch(/8000/);
	});

	it.each([
		['nothing', undefined],
		['an empty string', ''],
		['a number', 42],
	])('reports that no link was given for %s', (_what, link) => {
		expect(issuesOf(link as string)).toMatch(/No link was given/);
	});
});

describe('warnings, not issues', () => {
	it.each([
		['( ) in a title', `${BASE}?action=start&title=Visit(2)`, { title: 'Visit(2)' }, /\(/],
		["! * ' in a title", `${BASE}?action=start&title=Hi!*'`, { title: "Hi!*'" }, /!/],
		[
			'a raw :// in redirectUrl',
			`${BASE}?action=stop&redirectUrl=https://crm.example/done`,
			{ redirectUrl: 'https://crm.example/done' },
			/redirectUrl/,
		],
	])(
		'warns about unencoded but harmless characters (%s) and still reads the value',
		(_what, link, params, mention) => {
			const parsed = expectValid(link);
			expect(parsed.params).toMatchObject(params);
			expect(parsed.warnings.join('\n')).toMatch(/not percent-encoded/);
			expect(parsed.warnings.join('\n')).toMatch(mention);
		},
	);

	it('warns about parameters out of the usual order', () => {
		const parsed = expectValid(`${BASE}?title=Visit&action=start`);
		expect(parsed.warnings.join('\n')).toMatch(/usual order/);
	});

	it('warns about an empty value', () => {
		const parsed = expectValid(`${BASE}?action=start&title=`);
		expect(parsed.warnings.join('\n')).toMatch(/title is empty/);
	});

	it('warns about a repeated CRM object', () => {
		const twice = encodeURIComponent(
			'[{"objectType":"Lead","objectId":"L1"},{"objectType":"Lead","objectId":"L1"}]',
		);
		const parsed = expectValid(
			`${BASE}?action=start&integrationConnectionId=c&crmObjects=${twice}`,
		);
		expect(parsed.warnings.join('\n')).toMatch(/crmObjects\[1\] repeats/);
	});

	it('warns about a custom redirect scheme that Siro must whitelist', () => {
		const parsed = expectValid(
			`${BASE}?action=stop&redirectUrl=${encodeURIComponent('yourapp://done')}`,
		);
		expect(parsed.warnings.join('\n')).toMatch(/whitelist/);
	});

	it('warns about length above 300 and above 2000 characters', () => {
		expect(
			expectValid(`${BASE}?action=start&title=${'a'.repeat(300)}`).warnings.join('\n'),
		).toMatch(/SMS/);
		expect(
			expectValid(`${BASE}?action=start&title=${'a'.repeat(2000)}`).warnings.join('\n'),
		).toMatch(/email/);
	});
});
