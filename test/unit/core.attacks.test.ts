/**
 * The link-core holes an attack run found on main (issue 9): each case here failed there, except
 * the few named "still …", which guard what already held next to a hole. Only the public API is
 * used (buildRecordLink's url and warnings, parseRecordLink, RecordLinkError).
 */
import { buildRecordLink, parseRecordLink, RecordLinkError } from '../../nodes/Siro/core';

const BASE = 'https://app.siro.ai/record';
const MESSAGE_LIMIT = 1000;

function refusal(input: unknown): RecordLinkError {
	let thrown: unknown;
	try {
		buildRecordLink(input);
	} catch (error) {
		thrown = error;
	}
	expect(thrown).toBeInstanceOf(RecordLinkError);
	return thrown as RecordLinkError;
}

function expectRefused(input: unknown, field: string, mentions: RegExp[] = []): RecordLinkError {
	const error = refusal(input);
	expect(error.field).toBe(field);
	expect(error.message).toContain(field);
	for (const mention of mentions) expect(error.message).toMatch(mention);
	return error;
}

function issuesOf(link: string): string {
	const parsed = parseRecordLink(link);
	expect(parsed.valid).toBe(false);
	return parsed.issues.join('\n');
}

/** Runs `body` with Object.prototype (or another prototype) polluted, and always cleans up. */
function withPollution(target: object, key: string, value: unknown, body: () => void): void {
	Object.defineProperty(target, key, {
		value,
		configurable: true,
		enumerable: true,
		writable: true,
	});
	try {
		body();
	} finally {
		delete (target as Record<string, unknown>)[key];
	}
}

describe('numbers that are not safe integers are never IDs (hole 3)', () => {
	const withConnection = (crmObjects: unknown) => ({
		action: 'start',
		integrationConnectionId: 'conn1',
		crmObjects,
	});

	it.each([
		[
			'a 19-digit objectId',
			'[{"objectType":"Lead","objectId":4150868000000224005}]',
			/4150868000000224005/,
		],
		['1.50', '[{"objectType":"Lead","objectId":1.50}]', /1\.50/],
		['1e21', '[{"objectType":"Lead","objectId":1e21}]', /1e21/],
	])(
		'refuses %s in CRM objects JSON, naming crmObjects and saying to quote the ID',
		(_what, json, number) => {
			expectRefused(withConnection(json), 'crmObjects', [number, /quotes/]);
		},
	);

	it.each([
		['an unsafe integer', 2 ** 53 + 2],
		['a fraction', 1.5],
		['1e21', 1e21],
	])('refuses %s as an objectId number', (_what, objectId) => {
		expectRefused(withConnection([{ objectType: 'Lead', objectId }]), 'crmObjects', [
			/crmObjects\[0\]\.objectId/,
			/quotes/,
		]);
	});

	it.each([
		['integrationConnectionId', 1.5],
		['integrationConnectionId', 4150868000000224005],
		['opportunityId', 1e21],
		['jobId', 0.1],
	])('refuses %s given as the number %p, saying to quote it', (field, value) => {
		expectRefused({ action: 'start', [field]: value }, field, [/quotes/]);
	});

	it('still writes a safe integer as its digits', () => {
		expect(buildRecordLink({ action: 'start', integrationConnectionId: 42 }).url).toBe(
			`${BASE}?action=start&integrationConnectionId=42`,
		);
		expect(
			buildRecordLink(withConnection('[{"objectType":"Lead","objectId":9007199254740991}]')).url,
		).toContain('%229007199254740991%22');
	});
});

describe('own keys only (hole 4)', () => {
	it('ignores a redirectUrl inherited from a polluted Object.prototype', () => {
		withPollution(Object.prototype, 'redirectUrl', 'javascript:alert(1)', () => {
			expect(buildRecordLink({ action: 'stop' }).url).toBe(`${BASE}?action=stop`);
			const bare = Object.assign(Object.create(null), { action: 'start' });
			expect(buildRecordLink(bare).url).toBe(`${BASE}?action=start`);
		});
	});

	it('ignores an inherited https redirectUrl too (it would enter every link)', () => {
		withPollution(Object.prototype, 'redirectUrl', 'https://evil.example/', () => {
			expect(buildRecordLink({ action: 'start', title: 'Visit' }).url).not.toContain('evil');
		});
	});

	it('ignores an inherited title on a stop link instead of refusing the link', () => {
		withPollution(Object.prototype, 'title', 'Injected', () => {
			expect(buildRecordLink({ action: 'stop' }).url).toBe(`${BASE}?action=stop`);
		});
	});

	it('still refuses a dangerous redirectUrl on a null-prototype input', () => {
		const input = Object.assign(Object.create(null), {
			action: 'start',
			redirectUrl: 'javascript:alert(1)',
		});
		withPollution(Object.prototype, 'redirectUrl', 'https://x.example/', () => {
			expectRefused(input, 'redirectUrl', [/javascript:/]);
		});
	});

	it('does not take a CRM objectId from a polluted prototype', () => {
		withPollution(Object.prototype, 'objectId', 'evil', () => {
			expectRefused(
				{ action: 'start', integrationConnectionId: 'c', crmObjects: [{ objectType: 'Lead' }] },
				'crmObjects',
				[/crmObjects\[0\]\.objectId/],
			);
		});
	});

	it('skips holes in a CRM list even when Array.prototype fills them', () => {
		// eslint-disable-next-line no-sparse-arrays
		const crmObjects = [
			{ objectType: 'Lead', objectId: 'L1' },
			,
			{ objectType: 'Lead', objectId: 'L2' },
		];
		withPollution(Array.prototype, '1', { objectType: 'Lead', objectId: 'evil' }, () => {
			const { url } = buildRecordLink({
				action: 'start',
				integrationConnectionId: 'c',
				crmObjects,
			});
			expect(url).not.toContain('evil');
			expect(url).toContain('L2');
		});
	});

	it('parse does not read an inherited action as the link action', () => {
		withPollution(Object.prototype, 'action', 'start', () => {
			expect(issuesOf(`${BASE}?title=Visit`)).toMatch(/no action/);
		});
	});

	it('reads each input field once: a getter cannot pass the check and then change', () => {
		let reads = 0;
		const input = {
			get redirectUrl() {
				reads++;
				return reads === 1 ? 'https://x.example/' : 'javascript:alert(1)';
			},
			action: 'stop',
		};
		expect(buildRecordLink(input).url).toBe(
			`${BASE}?action=stop&redirectUrl=https%3A%2F%2Fx.example%2F`,
		);
		expect(reads).toBe(1);
	});
});

describe('parse reads the link as phones do: path exactly /record (hole 5)', () => {
	it.each([
		['a dot-dot segment', `${BASE}/../logout?action=start`],
		['an encoded dot-dot segment', `${BASE}/%2e%2e/logout?action=start`],
		['an upper-case path', 'https://app.siro.ai/RECORD?action=start'],
		['a longer path', `${BASE}/anything?action=start`],
		['a trailing slash', `${BASE}/?action=start`],
		['a space after /record/', `${BASE}/ x?action=start`],
		['a tab after /record/', `${BASE}/\t?action=start`],
	])('flags %s', (_what, link) => {
		expect(issuesOf(link)).toMatch(/does not start with https:\/\/app\.siro\.ai\/record\?/);
	});

	it.each([
		['a space in the path', 'https://app.siro.ai/rec ord?action=start'],
		['a port', 'https://app.siro.ai:8443/record?action=start'],
		['user info', 'https://evil@app.siro.ai/record?action=start'],
	])('still flags %s', (_what, link) => {
		expect(issuesOf(link)).toMatch(/does not start with https:\/\/app\.siro\.ai\/record\?/);
	});

	it('still accepts the scheme and host in any case', () => {
		expect(parseRecordLink('HTTPS://App.Siro.AI/record?action=start')).toMatchObject({
			valid: true,
			issues: [],
		});
	});

	it.each(['%61ction=start', 'action=start&%74itle=Visit'])(
		'flags a percent-encoded parameter name (%s): Android does not decode names',
		(query) => {
			expect(issuesOf(`${BASE}?${query}`)).toMatch(/percent-encoded.*Android/);
		},
	);
});

describe('sizes (hole 7)', () => {
	const huge = 'x'.repeat(1_000_000);

	it('quotes only an excerpt of a 1 MB conversationType', () => {
		const error = expectRefused({ action: 'start', conversationType: huge }, 'conversationType');
		expect(error.message.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
	});

	it('quotes only an excerpt of a 1 MB unknown key, and of differing 1 MB IDs', () => {
		expect(refusal({ action: 'start', [huge]: 1 }).message.length).toBeLessThanOrEqual(
			MESSAGE_LIMIT,
		);
		expect(refusal({ action: 'start', [huge]: 1 }).field.length).toBeLessThanOrEqual(100);
		const error = expectRefused(
			{ action: 'start', opportunityId: `a${huge}`, jobId: `b${huge}` },
			'jobId',
		);
		expect(error.message.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
	});

	it('lists a bounded number of issues for a 1 MB link, and says how many more', () => {
		const parsed = parseRecordLink(`${BASE}?${'x=1&'.repeat(250_000)}action=start`);
		expect(parsed.valid).toBe(false);
		expect(parsed.issues.length).toBeLessThanOrEqual(25);
		expect(parsed.issues[parsed.issues.length - 1]).toMatch(/and \d+ more issues/);
		expect(parsed.issues.join('').length).toBeLessThan(30_000);
	});

	it('caps an issue that quotes a 1 MB parameter name or value', () => {
		const parsed = parseRecordLink(`${BASE}?action=start&${huge}=1&conversationType=${huge}`);
		for (const issue of parsed.issues) expect(issue.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
		expect(parsed.warnings.join('').length).toBeLessThan(30_000);
	});
});

describe('redirect URLs a phone reads differently (hole 8)', () => {
	it.each([
		['user info before the host', 'https://app.siro.ai@evil.example/'],
		['a user and password', 'https://user:pass@x.example/'],
		['a backslash before @', 'https://app.siro.ai\\@evil.example/'],
		['a backslash in the path', 'https://x.example\\done'],
		['a % that starts no escape', 'https://x.example/%ZZ'],
		['a raw space', 'https://x.example/a b'],
		['an intent: URL', 'intent://scan/#Intent;scheme=zxing;package=com.example;end'],
		['a content: URL', 'content://com.android.contacts/contacts'],
		[
			'an itms-services: URL',
			'itms-services://?action=download-manifest&url=https://x.example/m.plist',
		],
	])('refuses %s', (_what, redirectUrl) => {
		expectRefused({ action: 'stop', redirectUrl }, 'redirectUrl');
	});

	it('refuses the same URLs when they arrive URL-encoded', () => {
		expectRefused(
			{ action: 'stop', redirectUrl: encodeURIComponent('https://app.siro.ai@evil.example/') },
			'redirectUrl',
		);
	});

	it('warns about plain http://', () => {
		const { warnings } = buildRecordLink({ action: 'stop', redirectUrl: 'http://x.example/done' });
		expect(warnings.join('\n')).toMatch(/plain http:\/\/.*https:\/\//);
	});

	it('flags them in a link too', () => {
		const redirect = (url: string) => `${BASE}?action=stop&redirectUrl=${encodeURIComponent(url)}`;
		expect(issuesOf(redirect('https://app.siro.ai@evil.example/'))).toMatch(/redirectUrl/);
		expect(issuesOf(redirect('intent://x#Intent;end'))).toMatch(/intent:/);
		expect(parseRecordLink(redirect('http://x.example/')).warnings.join('\n')).toMatch(/http:\/\//);
	});
});

describe('smaller holes (hole 9)', () => {
	const withConnection = (crmObjects: unknown) => ({
		action: 'start',
		integrationConnectionId: 'conn1',
		crmObjects,
	});

	it.each([
		['a zero-width space', 'conn\u200B1'],
		['a right-to-left override', '\u202Econn1'],
		['a zero-width joiner', 'conn\u200D1'],
		['a soft hyphen', 'conn\u00AD1'],
	])('refuses %s in integrationConnectionId', (_what, integrationConnectionId) => {
		expectRefused({ action: 'start', integrationConnectionId }, 'integrationConnectionId', [
			/invisible/,
		]);
	});

	it('refuses a bidi isolate in an objectId, naming its place', () => {
		expectRefused(withConnection([{ objectType: 'Lead', objectId: 'L\u20661' }]), 'crmObjects', [
			/crmObjects\[0\]\.objectId/,
			/invisible/,
		]);
	});

	it('refuses a key Siro does not read inside a CRM object', () => {
		expectRefused(
			withConnection([{ objectType: 'Lead', objectId: 'L1', name: 'Smith' }]),
			'crmObjects',
			[/"name"/],
		);
	});

	it('refuses a key repeated inside a CRM object in JSON (JSON.parse keeps the last one)', () => {
		expectRefused(
			withConnection('[{"objectType":"Lead","objectId":"L1","objectId":"L2"}]'),
			'crmObjects',
			[/"objectId"/],
		);
	});

	it.each([
		['a line break in integrationConnectionId', 'integrationConnectionId=conn%0A1'],
		['a zero-width space in opportunityId', 'opportunityId=opp%E2%80%8B1'],
		[
			'an unpaired surrogate escape in an objectId',
			`integrationConnectionId=c&crmObjects=${encodeURIComponent('[{"objectType":"Lead","objectId":"L\\ud800"}]')}`,
		],
		[
			'a repeated key in a CRM object',
			`integrationConnectionId=c&crmObjects=${encodeURIComponent('[{"objectType":"Lead","objectId":"a","objectId":"b"}]')}`,
		],
		[
			'a control character in an objectId',
			`integrationConnectionId=c&crmObjects=${encodeURIComponent('[{"objectType":"Lead","objectId":"L\\n1"}]')}`,
		],
	])('parse flags what build refuses: %s', (_what, query) => {
		expect(issuesOf(`${BASE}?action=start&${query}`)).not.toBe('');
	});

	it.each([
		['a Date', new Date(0), /a Date/],
		['a Map', new Map([['action', 'start']]), /a Map/],
		['a Set', new Set(['start']), /a Set/],
	])('names %s given as the whole input', (_what, input, kind) => {
		expectRefused(input, 'input', [kind]);
	});

	it.each([
		['title', new Date(0), /a Date/],
		['crmObjects', new Map(), /a Map/],
		['redirectUrl', new Set(), /a Set/],
	])('names the kind of value given as %s', (field, value, kind) => {
		expectRefused({ action: 'start', integrationConnectionId: 'c', [field]: value }, field, [kind]);
	});
});

describe('a CRM list too long to walk (issue 16, item 8, on the build path)', () => {
	const withConnection = (crmObjects: unknown) => ({
		action: 'start',
		integrationConnectionId: 'conn1',
		crmObjects,
	});

	it('refuses a sparse list of length 5e7 at once, naming crmObjects', () => {
		const sparse: unknown[] = [];
		sparse[49_999_999] = { objectType: 'Lead', objectId: '1' };
		const started = Date.now();
		expectRefused(withConnection(sparse), 'crmObjects', [/50000000 entries/]);
		expect(Date.now() - started).toBeLessThan(200);
	});

	it('refuses a list of 100,001 copies of one object instead of walking it', () => {
		const copies = Array.from({ length: 100_001 }, () => ({ objectType: 'Lead', objectId: '1' }));
		expectRefused(withConnection(copies), 'crmObjects', [/100001 entries/]);
	});
});
