/**
 * linkDeliveryStatus: SPEC "Mobile Event … checking that a link reached the phone" and "The library,
 * more". Events are written as Siro's mobile-events answer carries them (externalApi
 * /v1/core/mobile-events: id, userId, organizationId, eventCode, event, recordingId, createdAt).
 */
import fc from 'fast-check';

import { buildRecordLink, linkDeliveryStatus, RecordLinkError } from '../../nodes/Siro/core';
import { mobileEvent, OTHER_REP, SENT_AT, sentAtMs } from './support/mobileEvents';

const { url: LINK } = buildRecordLink({
	action: 'start',
	title: 'Smith residence – roof (inspection) & quote',
	conversationType: '3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10',
	integrationConnectionId: 'conn-salesforce-1',
	crmObjects: [{ objectType: 'Opportunity', objectId: '006A1' }],
	redirectUrl: 'https://crm.example.com/visits/42?tab=notes',
});
const { url: OTHER_LINK } = buildRecordLink({ action: 'start', title: 'Jones residence' });

const received = (seconds: number, fullUrl = LINK, more?: Record<string, unknown>) =>
	mobileEvent('deeplinkReceived', seconds, { fullUrl }, more);
const consumed = (seconds: number, fullUrl = LINK, more?: Record<string, unknown>) =>
	mobileEvent('deeplinkConsumed', seconds, { fullUrl }, more);
const started = (
	seconds: number,
	recordingId = 'rec-1',
	trigger = 'deeplink',
	more?: Record<string, unknown>,
) =>
	mobileEvent(
		'recorderStateChange',
		seconds,
		{ value: 'start', trigger },
		{ recordingId, ...more },
	);

/** The whole tap the Siro app reports for a start link. */
const tapAndRecord = (seconds: number, fullUrl = LINK, recordingId = 'rec-1') => [
	received(seconds, fullUrl),
	consumed(seconds + 1, fullUrl),
	started(seconds + 2, recordingId),
];

/** A link re-serialised the way apps' URL libraries do it (each query name and value decoded, then encoded again). */
function reencode(url: string, encode: (text: string) => string): string {
	const queryAt = url.indexOf('?');
	const query = url
		.slice(queryAt + 1)
		.split('&')
		.map((pair) => {
			const equalsAt = pair.indexOf('=');
			return `${encode(decodeURIComponent(pair.slice(0, equalsAt)))}=${encode(decodeURIComponent(pair.slice(equalsAt + 1)))}`;
		})
		.join('&');
	return `${url.slice(0, queryAt)}?${query}`;
}
const formEncoded = (url: string) =>
	reencode(url, (text) => new URLSearchParams([['', text]]).toString().slice(1));
/** Escapes only what a query value must (RFC 3986 pchar stays raw). */
const minimallyEncoded = (url: string) =>
	reencode(url, (text) =>
		[...text]
			.map((ch) => (/[A-Za-z0-9\-._~!$'()*,;:@/?]/.test(ch) ? ch : encodeURIComponent(ch)))
			.join(''),
	);
const lowerCaseEscapes = (url: string) =>
	url.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());

describe('linkDeliveryStatus: how far the link got', () => {
	it('is notReceived when no event concerns the link', () => {
		expect(linkDeliveryStatus(LINK, [], { since: SENT_AT })).toEqual({ status: 'notReceived' });
	});

	it('is received once the phone reported the link, with the time Siro gave', () => {
		const events = [received(5)];
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT })).toEqual({
			status: 'received',
			receivedAt: events[0].createdAt,
		});
	});

	it('is opened once the app consumed it', () => {
		const events = [received(5), consumed(6)];
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT })).toEqual({
			status: 'opened',
			receivedAt: events[0].createdAt,
			openedAt: events[1].createdAt,
		});
	});

	it('is recording once a deep-link start followed the opening, with the recording ID', () => {
		const events = tapAndRecord(5, LINK, 'rec-42');
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT })).toEqual({
			status: 'recording',
			receivedAt: events[0].createdAt,
			openedAt: events[1].createdAt,
			recordingStartedAt: events[2].createdAt,
			recordingId: 'rec-42',
		});
	});

	it('keeps the times exactly as Siro wrote them', () => {
		const events = [
			{ ...received(5), createdAt: '2026-03-02T16:00:05+01:00' },
			{ ...consumed(6), createdAt: '2026-03-02T15:00:06.000000Z' },
		];
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT })).toMatchObject({
			receivedAt: '2026-03-02T16:00:05+01:00',
			openedAt: '2026-03-02T15:00:06.000000Z',
		});
	});

	it('reports the first reception and opening when the rep tapped twice, and the recording that followed', () => {
		const events = [received(5), consumed(6), received(20), consumed(21), started(22)];
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT })).toMatchObject({
			status: 'recording',
			receivedAt: events[0].createdAt,
			openedAt: events[1].createdAt,
			recordingStartedAt: events[4].createdAt,
		});
	});

	it('reads the events in time order, whatever order they are listed in', () => {
		const events = tapAndRecord(5).reverse();
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT }).status).toBe('recording');
	});

	it('puts events Siro stamped with the same millisecond in the order a phone makes them', () => {
		const [get, open, start] = tapAndRecord(5);
		const sameTime = String(get.createdAt);
		const events = [start, open, get].map((entry) => ({ ...entry, createdAt: sameTime }));
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT }).status).toBe('recording');
	});

	it('omits recordingId when Siro gave none', () => {
		const events = [received(5), consumed(6), { ...started(7), recordingId: undefined }];
		const delivery = linkDeliveryStatus(LINK, events, { since: SENT_AT });
		expect(delivery.status).toBe('recording');
		expect('recordingId' in delivery).toBe(false);
	});
});

describe('linkDeliveryStatus: which events belong to the link', () => {
	it.each([
		['form encoding (+ for a space)', formEncoded],
		['minimal encoding', minimallyEncoded],
		['lower-case escapes', lowerCaseEscapes],
	])('matches the link re-encoded by the app (%s)', (_name, encode) => {
		const fullUrl = encode(LINK);
		expect(fullUrl).not.toBe(LINK);
		expect(linkDeliveryStatus(LINK, tapAndRecord(5, fullUrl), { since: SENT_AT }).status).toBe(
			'recording',
		);
	});

	it('matches the parameters in another order, with the deprecated jobId spelling, or the CRM keys swapped', () => {
		const { url } = buildRecordLink({
			action: 'start',
			title: 'Visit',
			integrationConnectionId: 'conn-1',
			crmObjects: [{ objectType: 'Lead', objectId: 'L1' }],
			opportunityId: 'opp-9',
		});
		const reordered =
			'https://app.siro.ai/record?jobId=opp-9&crmObjects=' +
			encodeURIComponent('[{"objectId":"L1","objectType":"Lead"}]') +
			'&integrationConnectionId=conn-1&title=Visit&action=start';
		expect(linkDeliveryStatus(url, tapAndRecord(5, reordered), { since: SENT_AT }).status).toBe(
			'recording',
		);
	});

	it('does not match a link whose parameters differ in any way', () => {
		const differing = [
			OTHER_LINK,
			LINK.replace('action=start', 'action=restart'),
			LINK.replace('006A1', '006A2'),
			LINK.replace('conn-salesforce-1', 'conn-salesforce-2'),
			LINK.replace('&redirectUrl=', '&x=') + '&redirectUrl=https%3A%2F%2Fother.example',
			LINK.split('&redirectUrl=')[0],
			`${LINK}&opportunityId=opp-1`,
			// A literal plus is not a space: %2B stays a plus whatever the reading.
			LINK.replace('%20', '%2B'),
		];
		for (const fullUrl of differing) {
			expect(linkDeliveryStatus(LINK, tapAndRecord(5, fullUrl), { since: SENT_AT })).toEqual({
				status: 'notReceived',
			});
		}
	});

	it('never counts events from before Sent At, even of the same link', () => {
		const early = tapAndRecord(-600);
		expect(linkDeliveryStatus(LINK, early, { since: SENT_AT })).toEqual({ status: 'notReceived' });
		// An opening before Sent At does not make a later deep-link start this link's recording either.
		const events = [...early.slice(0, 2), started(5)];
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT })).toEqual({ status: 'notReceived' });
	});

	it('counts an event at exactly Sent At', () => {
		expect(linkDeliveryStatus(LINK, [received(0)], { since: SENT_AT }).status).toBe('received');
	});

	it('does not count a recording started with the record button', () => {
		const events = [received(5), consumed(6), started(7, 'rec-hand', 'buttonPress')];
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT })).toMatchObject({
			status: 'opened',
		});
	});

	it('does not count a deep-link start that came before the link was opened', () => {
		const events = [started(3), received(5), consumed(6)];
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT }).status).toBe('opened');
	});

	it('does not count other recorder changes (stop, pause, resume)', () => {
		const events = [
			received(5),
			consumed(6),
			mobileEvent(
				'recorderStateChange',
				7,
				{ value: 'stop', trigger: 'deeplink' },
				{ recordingId: 'r0' },
			),
			mobileEvent(
				'recorderStateChange',
				8,
				{ value: 'resume', trigger: 'deeplink' },
				{ recordingId: 'r0' },
			),
		];
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT }).status).toBe('opened');
	});

	it("gives a recording to the link opened last: another link's recording is not this one's", () => {
		const events = [received(5), consumed(6), ...tapAndRecord(10, OTHER_LINK, 'rec-other')];
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT })).toMatchObject({
			status: 'opened',
		});
		expect(linkDeliveryStatus(OTHER_LINK, events, { since: SENT_AT })).toMatchObject({
			status: 'recording',
			recordingId: 'rec-other',
		});
	});

	it("does not take another rep's recording for this link's", () => {
		const events = [
			received(5),
			consumed(6),
			started(7, 'rec-of-someone-else', 'deeplink', { userId: OTHER_REP }),
		];
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT }).status).toBe('opened');
	});

	it('ignores events of other kinds', () => {
		const events = [
			mobileEvent('appStateChange', 5, { value: 'active' }),
			mobileEvent('networkStatusChange', 6, { value: 'online' }),
			mobileEvent('recordingMetadataChanged', 7, { title: LINK }),
		];
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT })).toEqual({ status: 'notReceived' });
	});
});

describe('linkDeliveryStatus: the shapes events come in', () => {
	const events = tapAndRecord(5);

	it("reads Siro's documented data (a list of lists), a flat list, and the whole answer", () => {
		const nested = [[events[0]], [events[1], events[2]]];
		for (const shape of [events, nested, { data: nested, cursor: null }, { data: events }]) {
			expect(linkDeliveryStatus(LINK, shape, { since: SENT_AT }).status).toBe('recording');
		}
	});

	it('ignores malformed entries and never throws on them', () => {
		const throwing = Object.defineProperty({ ...received(5) }, 'eventCode', {
			enumerable: true,
			get() {
				throw new Error('boom');
			},
		});
		const proxy = new Proxy(
			{},
			{
				getOwnPropertyDescriptor() {
					throw new Error('trap');
				},
			},
		);
		const nullPrototype = Object.assign(Object.create(null), received(5, OTHER_LINK));
		const garbage: unknown[] = [
			null,
			undefined,
			0,
			'deeplinkReceived',
			true,
			[null, 1, [received(5)]], // deeper than Siro nests: not read
			{},
			{ ...received(5), createdAt: 'yesterday' },
			{ ...received(5), createdAt: 1772463605000 },
			{ ...received(5), event: null },
			{ ...received(5), event: { fullUrl: 42 } },
			{ ...received(5), event: 'https://app.siro.ai/record?action=start' },
			{ ...consumed(6), eventCode: 'DeepLinkConsumed' },
			{ ...started(7), event: { value: 'start' } },
			throwing,
			proxy,
			nullPrototype,
			Object.assign([], { eventCode: 'deeplinkReceived' }),
			new Date(),
		];
		expect(linkDeliveryStatus(LINK, garbage, { since: SENT_AT })).toEqual({
			status: 'notReceived',
		});
		expect(linkDeliveryStatus(LINK, [...garbage, ...events], { since: SENT_AT }).status).toBe(
			'recording',
		);
	});

	it('reads own data properties only: nothing inherited, no getter run', () => {
		const inherited = Object.create(received(5));
		let getterRuns = 0;
		const viaGetter = Object.defineProperty({ ...consumed(6) }, 'event', {
			enumerable: true,
			get() {
				getterRuns++;
				return { fullUrl: LINK };
			},
		});
		expect(linkDeliveryStatus(LINK, [inherited, viaGetter], { since: SENT_AT })).toEqual({
			status: 'notReceived',
		});
		expect(getterRuns).toBe(0);
	});

	it('is not fooled by a polluted Object.prototype', () => {
		const prototype = Object.prototype as Record<string, unknown>;
		prototype.eventCode = 'deeplinkReceived';
		prototype.createdAt = SENT_AT;
		prototype.event = { fullUrl: LINK };
		prototype.since = '2000-01-01T00:00:00Z';
		try {
			expect(linkDeliveryStatus(LINK, [{}, { id: 'x' }], {})).toEqual({ status: 'notReceived' });
			// `since` inherited from the prototype is not the caller's: old events still count without it.
			expect(linkDeliveryStatus(LINK, [received(-999999)], {}).status).toBe('received');
		} finally {
			delete prototype.eventCode;
			delete prototype.createdAt;
			delete prototype.event;
			delete prototype.since;
		}
	});

	it('skips holes in sparse lists and takes fullUrl that are not record links as other links', () => {
		const sparse: unknown[] = [];
		sparse[3] = received(5);
		expect(linkDeliveryStatus(LINK, sparse, { since: SENT_AT }).status).toBe('received');
		const events = [received(5), consumed(6), consumed(6.5, 'https://example.com/'), started(7)];
		expect(linkDeliveryStatus(LINK, events, { since: SENT_AT }).status).toBe('opened');
	});

	it('refuses events that are not a list at all', () => {
		for (const notAList of [undefined, null, 'events', 42, { data: 'x' }, { items: [] }]) {
			expect(() => linkDeliveryStatus(LINK, notAList, { since: SENT_AT })).toThrow(RecordLinkError);
		}
		try {
			linkDeliveryStatus(LINK, 'events', { since: SENT_AT });
		} catch (error) {
			expect((error as RecordLinkError).field).toBe('events');
		}
	});
});

describe('linkDeliveryStatus: since', () => {
	const events = [received(-1), consumed(1)];

	it('takes an ISO 8601 time, a Date, or milliseconds since the epoch, all meaning the same', () => {
		for (const since of [
			SENT_AT,
			'2026-03-02T16:00:00+01:00',
			'2026-03-02T16:00:00+0100',
			'2026-03-02T16:00:00+01',
			'2026-03-02 15:00:00Z',
			'2026-03-02T15:00:00,000Z',
			new Date(SENT_AT),
			sentAtMs,
		]) {
			expect(linkDeliveryStatus(LINK, events, { since })).toEqual({
				status: 'opened',
				openedAt: events[1].createdAt,
			});
		}
	});

	it('reads a date alone as UTC midnight', () => {
		expect(linkDeliveryStatus(LINK, [received(-1)], { since: '2026-03-02' }).status).toBe(
			'received',
		);
		expect(linkDeliveryStatus(LINK, [received(-1)], { since: '2026-03-03' }).status).toBe(
			'notReceived',
		);
	});

	it('counts every event when since is left out', () => {
		expect(linkDeliveryStatus(LINK, events).status).toBe('opened');
		expect(linkDeliveryStatus(LINK, [received(-86400 * 365)], {}).status).toBe('received');
	});

	it.each([
		['2026-03-02T15:00:00', /no time zone/],
		['2 March 2026', /not an ISO 8601 time/],
		['2026-02-30T15:00:00Z', /not a real date/],
		['', /not an ISO 8601 time/],
		[Number.NaN, /not a point in time/],
		[Infinity, /not a point in time/],
		[new Date('nope'), /invalid Date/],
		[{ toISOString: (): string => SENT_AT }, /an object/],
		[true, /true/],
	])('refuses since %p, naming the field', (since, message) => {
		let caught: unknown;
		try {
			linkDeliveryStatus(LINK, events, { since: since as string });
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(RecordLinkError);
		expect((caught as RecordLinkError).field).toBe('since');
		expect((caught as RecordLinkError).message).toMatch(message);
	});
});

describe('linkDeliveryStatus: the link', () => {
	it.each([undefined, null, '', '   ', 42, {}, 'https://example.com/', 'not a link'])(
		'refuses %p, naming the field',
		(link) => {
			let caught: unknown;
			try {
				linkDeliveryStatus(link as string, [], { since: SENT_AT });
			} catch (error) {
				caught = error;
			}
			expect(caught).toBeInstanceOf(RecordLinkError);
			expect((caught as RecordLinkError).field).toBe('link');
		},
	);

	it('still matches a link with issues, as the app reads it', () => {
		const broken = 'https://app.siro.ai/record?action=start&title=Smith+visit';
		expect(linkDeliveryStatus(broken, tapAndRecord(5, broken), { since: SENT_AT }).status).toBe(
			'recording',
		);
	});
});

describe('linkDeliveryStatus: properties', () => {
	const text = fc.string({ minLength: 1, maxLength: 40 }).filter((value) => value.trim() !== '');
	const linkInput = fc.record({
		title: text,
		objectId: fc
			.stringMatching(/^[A-Za-z0-9 _+&=#%-]{1,20}$/)
			.filter((value) => value.trim() !== ''),
	});
	const build = ({ title, objectId }: { title: string; objectId: string }) =>
		buildRecordLink({
			action: 'start',
			title,
			integrationConnectionId: 'conn-1',
			crmObjects: [{ objectType: 'Lead', objectId }],
		}).url;

	it('matches any link however the app re-encodes it', () => {
		fc.assert(
			fc.property(
				linkInput,
				fc.constantFrom(formEncoded, minimallyEncoded, lowerCaseEscapes),
				(input, encode) => {
					const link = build(input);
					return (
						linkDeliveryStatus(link, tapAndRecord(5, encode(link)), { since: SENT_AT }).status ===
						'recording'
					);
				},
			),
			{ numRuns: 1000 },
		);
	});

	/** The title a link carries, and the same with every plus read as a space. */
	const titleOf = (title: string) => buildRecordLink({ action: 'start', title }).params.title ?? '';
	const plusAsSpace = (title: string) => titleOf(title).replace(/\+/g, ' ');

	it('never matches a link with another title, however the app re-encodes it', () => {
		fc.assert(
			fc.property(
				linkInput,
				text,
				fc.constantFrom(formEncoded, minimallyEncoded, lowerCaseEscapes),
				(input, otherTitle, encode) => {
					// A '+' an app wrote may stand for a space: titles differing only in that are the one ambiguity.
					fc.pre(plusAsSpace(otherTitle) !== plusAsSpace(input.title));
					const link = build(input);
					const other = build({ ...input, title: otherTitle });
					return (
						linkDeliveryStatus(link, tapAndRecord(5, encode(other)), { since: SENT_AT }).status ===
						'notReceived'
					);
				},
			),
			{ numRuns: 1000 },
		);
	});
});
