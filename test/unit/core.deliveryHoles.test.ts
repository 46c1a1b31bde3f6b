/**
 * The delivery holes an attack run found on main e47c2ec (issue 16, items 3, 4 and the last of 8):
 * each case here failed there, except those named "still …", which guard what already held. The rule:
 * only an event that is certainly the link counts for it, and anything uncertain between the link's
 * opening and a recording start breaks the chain (promise #2: never report a recording that did not
 * happen).
 */
import fc from 'fast-check';

import {
	buildRecordLink,
	linkDeliveryStatus,
	parseRecordLink,
	RecordLinkError,
} from '../../nodes/Siro/core';
import { mobileEvent, OTHER_REP, SENT_AT, sentAtMs } from './support/mobileEvents';

const { url: LINK } = buildRecordLink({
	action: 'start',
	title: 'Smith residence – roof',
	integrationConnectionId: 'conn-1',
	crmObjects: [{ objectType: 'Opportunity', objectId: '006A1' }],
});
const { url: OTHER_LINK } = buildRecordLink({ action: 'start', title: 'Jones residence' });
const QUERY = LINK.slice(LINK.indexOf('?'));

const received = (seconds: number, fullUrl: unknown = LINK, more?: Record<string, unknown>) =>
	mobileEvent('deeplinkReceived', seconds, { fullUrl }, more);
const consumed = (seconds: number, fullUrl: unknown = LINK, more?: Record<string, unknown>) =>
	mobileEvent('deeplinkConsumed', seconds, { fullUrl }, more);
const started = (seconds: number, more?: Record<string, unknown>) =>
	mobileEvent(
		'recorderStateChange',
		seconds,
		{ value: 'start', trigger: 'deeplink' },
		{
			recordingId: 'rec-1',
			...more,
		},
	);

const statusOf = (events: unknown, link = LINK) =>
	linkDeliveryStatus(link, events, { since: SENT_AT }).status;

/** A `[[[…]]]` crmObjects `depth` levels deep, raw brackets as the attack wrote it. */
const deepCrmObjects = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const linkWithCrmObjects = (crmObjects: string) =>
	`https://app.siro.ai/record?action=start&integrationConnectionId=conn-1&crmObjects=${crmObjects}`;

function thrownBy(run: () => unknown): unknown {
	try {
		run();
	} catch (error) {
		return error;
	}
	return undefined;
}

describe('item 3: a malformed opening between the link and a recording ends the link’s claim', () => {
	const malformed: Array<[string, Record<string, unknown>]> = [
		['fullUrl ""', consumed(2, '')],
		['fullUrl missing', mobileEvent('deeplinkConsumed', 2, {})],
		['fullUrl a number', consumed(2, 42)],
		['no event details', mobileEvent('deeplinkConsumed', 2, null)],
		['an unreadable createdAt', { ...consumed(2, OTHER_LINK), createdAt: 'yesterday' }],
		['createdAt a number', { ...consumed(2, OTHER_LINK), createdAt: sentAtMs + 2000 }],
	];

	it.each(malformed)('is opened, not recording, with a deeplinkConsumed whose %s', (_what, bad) => {
		expect(statusOf([received(0), consumed(1), bad, started(3)])).toBe('opened');
	});

	it('still says recording when the malformed event is another rep’s', () => {
		const bad = { ...consumed(2, ''), userId: OTHER_REP };
		expect(statusOf([consumed(1), bad, started(3)])).toBe('recording');
	});

	it('still says recording when the malformed opening came after the recording started', () => {
		expect(statusOf([consumed(1), started(3), consumed(4, '')])).toBe('recording');
	});

	it('still says opened with a well-formed other link in between', () => {
		expect(statusOf([consumed(1), consumed(2, OTHER_LINK), started(3)])).toBe('opened');
	});

	it('still ignores malformed receptions and recorder changes: they open no link', () => {
		const noise = [received(2, ''), { ...received(2), createdAt: 'soon' }];
		expect(statusOf([consumed(1), ...noise, started(3)])).toBe('recording');
	});
});

describe('item 3: an event without a userId belongs to no known phone', () => {
	const withoutUser = (entry: Record<string, unknown>) => {
		const { userId: _dropped, ...rest } = entry;
		return rest;
	};

	it('does not chain an opening and a start that both lack the userId (they may be two reps)', () => {
		expect(statusOf([withoutUser(consumed(1)), withoutUser(started(3))])).toBe('opened');
	});

	it('breaks the rep’s chain with another link opened on an unknown phone', () => {
		expect(statusOf([consumed(1), withoutUser(consumed(2, OTHER_LINK)), started(3)])).toBe(
			'opened',
		);
		expect(statusOf([consumed(1), withoutUser(consumed(2, '')), started(3)])).toBe('opened');
	});

	it('treats an empty or non-text userId as missing', () => {
		for (const userId of ['', 42, null]) {
			expect(statusOf([consumed(1, LINK, { userId }), started(3, { userId })])).toBe('opened');
		}
	});

	it('still counts the link as received and opened (it certainly reached a phone)', () => {
		const events = [withoutUser(received(0)), withoutUser(consumed(1))];
		expect(statusOf(events)).toBe('opened');
	});

	it('still never gives the rep’s opening to a start without a userId', () => {
		expect(statusOf([consumed(1), withoutUser(started(3))])).toBe('opened');
	});
});

describe('item 3: an event for another host or path is not the link', () => {
	const elsewhere = [
		`https://evil.example/record${QUERY}`,
		`https://app.siro.ai/recordings${QUERY}`,
		`https://app.siro.ai/Record${QUERY}`,
		`http://app.siro.ai/record${QUERY}`,
		`https://app.siro.ai.evil.example/record${QUERY}`,
	];

	it.each(elsewhere)('never counts %s for the link', (fullUrl) => {
		expect(statusOf([received(0, fullUrl), consumed(1, fullUrl), started(2)])).toBe('notReceived');
	});

	it.each(elsewhere)('takes %s between the opening and a start as another link', (fullUrl) => {
		expect(statusOf([consumed(1), consumed(2, fullUrl), started(3)])).toBe('opened');
	});

	it('still matches the host in any case, as phones compare it', () => {
		const upperHost = `HTTPS://APP.SIRO.AI/record${QUERY}`;
		expect(statusOf([consumed(1, upperHost), started(2)])).toBe('recording');
	});

	it('refuses to check a link the Siro app does not open, naming the field', () => {
		const error = thrownBy(() => statusOf([], `https://evil.example/record${QUERY}`));
		expect(error).toBeInstanceOf(RecordLinkError);
		expect((error as RecordLinkError).field).toBe('link');
	});
});

describe('item 3: a link the app may read more than one way is not certainly the link', () => {
	const { url: JOB_LINK } = buildRecordLink({ action: 'start', opportunityId: 'opp-1' });
	const doubtful: Array<[string, string, string]> = [
		['a parameter given twice', LINK, `${LINK}&title=Other`],
		['the deprecated jobId next to opportunityId', JOB_LINK, `${JOB_LINK}&jobId=opp-2`],
		['a broken % escape in another parameter', LINK, `${LINK}&redirectUrl=%E0%A4`],
		[
			'a percent-encoded parameter name (Android misses it)',
			LINK,
			LINK.replace('title=', 't%69tle='),
		],
	];

	it.each(doubtful)('does not count a fullUrl with %s', (_what, link, fullUrl) => {
		expect(statusOf([consumed(1, fullUrl), started(2)], link)).toBe('notReceived');
		expect(statusOf([consumed(1, link), consumed(2, fullUrl), started(3)], link)).toBe('opened');
	});
});

describe('item 4: a link nested deep is an issue, never a RangeError', () => {
	// 3,060 levels: 6,120 characters of brackets, a link under the 8,000 limit (the attack's case).
	const deepLink = linkWithCrmObjects(deepCrmObjects(3060));
	const veryDeepLink = linkWithCrmObjects(deepCrmObjects(200_000));

	it('parse reports crmObjects nested deeper than Siro’s flat CRM objects, and keeps no deep value', () => {
		for (const link of [deepLink, veryDeepLink]) {
			const parsed = parseRecordLink(link);
			expect(parsed.valid).toBe(false);
			expect(parsed.issues.join('\n')).toMatch(/crmObjects.*(deeper|nest)/);
			expect(parsed.params.crmObjects).toBeUndefined();
			expect(() => JSON.stringify(parsed)).not.toThrow();
		}
	});

	it('parse reports where a CRM object holds a list or an object', () => {
		const nested = encodeURIComponent('[{"objectType":"Lead","objectId":{"id":"L1"}}]');
		const parsed = parseRecordLink(linkWithCrmObjects(nested));
		expect(parsed.issues.join('\n')).toMatch(/crmObjects\[0\]\.objectId/);
		expect(parsed.params.crmObjects).toBeUndefined();
	});

	it('still keeps a flat but wrong CRM list as the app reads it, with its issue', () => {
		const flat = encodeURIComponent('[{"objectType":"lead","objectId":"L1"}]');
		const parsed = parseRecordLink(linkWithCrmObjects(flat));
		expect(parsed.params.crmObjects).toEqual([{ objectType: 'lead', objectId: 'L1' }]);
		expect(parsed.issues.join('\n')).toMatch(/crmObjects\[0\]\.objectType/);
	});

	it('still refuses deep CRM objects on build, naming crmObjects', () => {
		for (const crmObjects of [deepCrmObjects(3060), deepCrmObjects(200_000)]) {
			const error = thrownBy(() =>
				buildRecordLink({ action: 'start', integrationConnectionId: 'c', crmObjects }),
			);
			expect(error).toBeInstanceOf(RecordLinkError);
			expect((error as RecordLinkError).field).toBe('crmObjects');
		}
	});

	it('checks delivery with a deep fullUrl among the events: not the link, and it breaks the chain', () => {
		for (const fullUrl of [deepLink, veryDeepLink]) {
			expect(statusOf([received(0, fullUrl), consumed(1, fullUrl), started(2)])).toBe(
				'notReceived',
			);
			expect(statusOf([consumed(1), consumed(2, fullUrl), started(3)])).toBe('opened');
		}
	});

	it('refuses a deep link itself with a RecordLinkError naming link, not a RangeError', () => {
		for (const link of [deepLink, veryDeepLink]) {
			const error = thrownBy(() => statusOf([consumed(1, link), started(2)], link));
			expect(error).toBeInstanceOf(RecordLinkError);
			expect((error as RecordLinkError).field).toBe('link');
			expect((error as RecordLinkError).message).toMatch(/crmObjects/);
		}
	});
});

describe('item 8: huge sparse lists are read by their real elements, and bounded', () => {
	const HUGE = 50_000_000;
	const sparse = (entries: unknown[]) => {
		const list: unknown[] = [];
		list.length = HUGE;
		entries.forEach((entry, index) => {
			list[index * 1_000_000] = entry;
		});
		return list;
	};

	it('reads a flat sparse list of length 5e7 fast', () => {
		const startedAt = Date.now();
		expect(statusOf(sparse([received(0), consumed(1), started(2)]))).toBe('recording');
		expect(Date.now() - startedAt).toBeLessThan(500);
	});

	it('reads sparse inner lists (Siro’s list of lists) and the whole answer fast', () => {
		const startedAt = Date.now();
		const data = sparse([sparse([received(0)]), sparse([consumed(1), started(2)])]);
		expect(statusOf(data)).toBe('recording');
		expect(statusOf({ data })).toBe('recording');
		expect(Date.now() - startedAt).toBeLessThan(500);
	});

	it('reads an array-like Proxy of length 5e7 fast', () => {
		const startedAt = Date.now();
		const proxy = new Proxy(sparse([received(0), consumed(1)]), {});
		expect(statusOf(proxy)).toBe('opened');
		expect(Date.now() - startedAt).toBeLessThan(500);
	});

	it('refuses more than 100,000 entries with a RecordLinkError naming events', () => {
		const many = new Array(100_001).fill(0);
		const error = thrownBy(() => statusOf(many));
		expect(error).toBeInstanceOf(RecordLinkError);
		expect((error as RecordLinkError).field).toBe('events');
		expect((error as RecordLinkError).message).toMatch(/100,000/);
		// Counted across Siro's list of lists too.
		const nested = [new Array(60_000).fill(0), new Array(60_000).fill(0)];
		expect((thrownBy(() => statusOf(nested)) as RecordLinkError).field).toBe('events');
	});

	it('still reads 100,000 entries', () => {
		const events = new Array(100_000).fill(received(5));
		expect(statusOf(events)).toBe('received');
	});
});

describe('random timelines: recording only when certainly the link, on the same phone, uninterrupted', () => {
	type Url = 'link' | 'other' | 'elsewhere' | 'unreadable';
	interface Step {
		code: 'deeplinkReceived' | 'deeplinkConsumed' | 'recorderStateChange';
		url: Url;
		user: 'rep' | 'other' | 'none';
		timeReadable: boolean;
		trigger: 'deeplink' | 'buttonPress';
	}
	const URLS: Record<Exclude<Url, 'unreadable'>, string> = {
		link: LINK,
		other: OTHER_LINK,
		elsewhere: `https://evil.example/record${QUERY}`,
	};
	const step = fc.record<Step>({
		code: fc.constantFrom('deeplinkReceived', 'deeplinkConsumed', 'recorderStateChange'),
		url: fc.constantFrom<Url>('link', 'link', 'other', 'elsewhere', 'unreadable'),
		user: fc.constantFrom<Step['user']>('rep', 'rep', 'other', 'none'),
		// One event in ten has a createdAt that cannot be read.
		timeReadable: fc.integer({ min: 0, max: 9 }).map((draw) => draw > 0),
		trigger: fc.constantFrom<Step['trigger']>('deeplink', 'deeplink', 'buttonPress'),
	});

	/** The steps as Siro events, the n-th at second n (so no two share a millisecond). */
	const asEvents = (steps: Step[]) =>
		steps.map((s, second) => {
			const details =
				s.code === 'recorderStateChange'
					? { value: 'start', trigger: s.trigger }
					: { fullUrl: s.url === 'unreadable' ? '' : URLS[s.url] };
			const entry = mobileEvent(s.code, second, details, { recordingId: `rec-${second}` });
			if (s.user === 'other') entry.userId = OTHER_REP;
			if (s.user === 'none') delete entry.userId;
			if (!s.timeReadable) entry.createdAt = 'not a time';
			return entry;
		});

	/** The rule stated directly: some opening of the link by a rep, then that rep's deep-link start, nothing uncertain between. */
	function mayRecord(steps: Step[]): boolean {
		const opensOther = (s: Step) => s.code === 'deeplinkConsumed' && s.url !== 'link';
		return steps.some((start, startAt) => {
			if (start.code !== 'recorderStateChange' || start.trigger !== 'deeplink') return false;
			if (!start.timeReadable || start.user === 'none') return false;
			const mine = (s: Step) => s.user === start.user || s.user === 'none';
			if (steps.some((s) => !s.timeReadable && opensOther(s) && mine(s))) return false;
			return steps.some(
				(open, openAt) =>
					openAt < startAt &&
					open.code === 'deeplinkConsumed' &&
					open.url === 'link' &&
					open.timeReadable &&
					open.user === start.user &&
					!steps.slice(openAt + 1, startAt).some((s) => s.timeReadable && opensOther(s) && mine(s)),
			);
		});
	}

	it('agrees with the rule on 3,000 random timelines', () => {
		fc.assert(
			fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
				const status = linkDeliveryStatus(LINK, asEvents(steps), { since: SENT_AT }).status;
				return (status === 'recording') === mayRecord(steps);
			}),
			{ numRuns: 3000 },
		);
	});
});
