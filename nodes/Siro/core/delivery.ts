/**
 * Did a record link reach the rep's phone, and did it start a recording? Read from the mobile events
 * the Siro app reports (`GET /v1/core/mobile-events`): `deeplinkReceived` and `deeplinkConsumed`
 * carry the link the app got (`event.fullUrl`), and a `recorderStateChange` `{value: 'start',
 * trigger: 'deeplink'}` after the link was consumed is the recording it started.
 *
 * Apps may re-encode a link before reporting it (`%20` as `+`, lower-case escapes, fewer escapes), so a
 * link is matched by the parameters it carries as the app reads them (readRecordLink), never as text.
 * Events come from outside, so every entry is read defensively: own data properties only, and never
 * allowed to throw.
 *
 * A "recording" verdict must never be wrong (a rep told their visit is recorded when it is not), so
 * only an event that is certainly this link counts for it, and an opening that may have been another
 * link's breaks the link's claim on the next recording: an opening whose link cannot be read (no
 * fullUrl, not the Siro app's link, a link the app may read more than one way), whose time cannot be
 * read (it may have happened at any time), or whose phone is unknown (no userId: it may be any rep's).
 */
import { RecordLinkError } from './errors';
import { PARAMETER_ORDER } from './params';
import type { ParsedRecordLinkParams } from './params/parameter';
import { readRecordLink } from './parse';
import { readTime } from './time';
import { describe } from './values';

export type DeliveryStatus = 'notReceived' | 'received' | 'opened' | 'recording';

export interface LinkDelivery {
	/** The furthest the link got: not on the phone yet, received, opened (tapped), or recording. */
	status: DeliveryStatus;
	/** `createdAt` of the first matching `deeplinkReceived`, as Siro gave it. */
	receivedAt?: string;
	/** `createdAt` of the first matching `deeplinkConsumed`, as Siro gave it. */
	openedAt?: string;
	/** `createdAt` of the `recorderStateChange` {start, deeplink} that followed the link's opening. */
	recordingStartedAt?: string;
	/** That event's `recordingId`, when Siro gave one. */
	recordingId?: string;
}

export interface LinkDeliveryOptions {
	/**
	 * When the link was sent: events before it never count (an older tap of the same link is not this
	 * delivery). An ISO 8601 text with a time zone (or a date alone, read as UTC midnight), a Date, or
	 * milliseconds since the epoch. Leave it out to count every event.
	 */
	since?: string | Date | number;
}

/**
 * The most entries `events` may hold (lists of lists counted with their entries), so the work done is
 * bounded whatever is passed. One rep's phone reports a handful of these events per link; a listing
 * of the rep's events since the link was sent stays far below it.
 */
const MOST_DELIVERY_EVENTS = 100_000;

type EventCode = 'deeplinkReceived' | 'deeplinkConsumed' | 'recorderStateChange';

/** The order of events that Siro stamped with the same millisecond: the order they happen in on a phone. */
const CAUSAL_RANK: Record<EventCode, number> = {
	deeplinkReceived: 0,
	deeplinkConsumed: 1,
	recorderStateChange: 2,
};

interface PhoneEvent {
	code: EventCode;
	/** Undefined when `createdAt` cannot be read: the event may have happened at any time. */
	time?: number;
	createdAt: string;
	/**
	 * Events of several reps may be mixed: a recording follows the opening on the same phone only.
	 * Undefined when Siro gave no userId: the event may be any rep's.
	 */
	userId?: string;
	/** A deep-link event's link; undefined when it cannot be read. */
	fullUrl?: string;
	value?: string;
	trigger?: string;
	recordingId?: string;
	/** Position in the input, to keep the input's order among events of the same millisecond and kind. */
	position: number;
}

/** The value of an own data property; never a getter's (which could throw or lie), never an inherited one. */
function ownData(object: object, key: string): unknown {
	const descriptor = Object.getOwnPropertyDescriptor(object, key);
	return descriptor !== undefined && 'value' in descriptor ? descriptor.value : undefined;
}

function isRecord(value: unknown): value is object {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ownText(object: object, key: string): string | undefined {
	const value = ownData(object, key);
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function tooManyEvents(): RecordLinkError {
	return new RecordLinkError(
		'events',
		`events holds more than ${MOST_DELIVERY_EVENTS.toLocaleString('en-US')} entries, more than linkDeliveryStatus reads.`,
		"Pass the rep's mobile events since the link was sent (list them with the rep's userId and createdAfter).",
	);
}

/** A list's own index keys: "0", "17"… (an array's other own keys, such as "length", are no entries). */
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * The entries of a list: its own elements, found by its own keys rather than by counting up to its
 * length (a length of 50,000,000 over three elements is three reads, not 50,000,000). Holes and
 * accessors are skipped, and a list whose keys cannot be read (a Proxy whose traps throw) has none.
 * `countEntry` is called for each index key, and throws past the bound.
 */
function ownElements(list: unknown[], countEntry: () => void): unknown[] {
	let keys: string[];
	try {
		keys = Object.keys(list);
	} catch {
		return [];
	}
	const elements: unknown[] = [];
	for (const key of keys) {
		if (!ARRAY_INDEX.test(key)) continue;
		countEntry();
		try {
			const descriptor = Object.getOwnPropertyDescriptor(list, key);
			if (descriptor !== undefined && 'value' in descriptor) elements.push(descriptor.value);
		} catch {
			// As malformed as a hole.
		}
	}
	return elements;
}

/**
 * One of the three events delivery reads, or undefined for anything else. A deep-link event is kept
 * however malformed the rest of it is (an opening of an unreadable link still breaks the claim of the
 * link opened before it); a reception or recorder change that cannot be read is left out later.
 */
function readEvent(entry: unknown, position: number): PhoneEvent | undefined {
	if (!isRecord(entry)) return undefined;
	const code = ownData(entry, 'eventCode');
	if (
		code !== 'deeplinkReceived' &&
		code !== 'deeplinkConsumed' &&
		code !== 'recorderStateChange'
	) {
		return undefined;
	}
	const createdAtValue = ownData(entry, 'createdAt');
	const createdAt = typeof createdAtValue === 'string' ? createdAtValue : '';
	const time = Date.parse(createdAt);
	const event: PhoneEvent = {
		code,
		createdAt,
		time: Number.isFinite(time) ? time : undefined,
		userId: ownText(entry, 'userId'),
		position,
	};
	const details = ownData(entry, 'event');
	if (!isRecord(details)) return event;
	if (code === 'recorderStateChange') {
		event.value = ownText(details, 'value');
		event.trigger = ownText(details, 'trigger');
		event.recordingId = ownText(entry, 'recordingId');
	} else {
		event.fullUrl = ownText(details, 'fullUrl');
	}
	return event;
}

/** Siro's documented `data` (a list of lists of events), a flat list, or a whole `{ data }` answer. */
function readEvents(events: unknown): PhoneEvent[] {
	let list: unknown = events;
	if (isRecord(events)) {
		try {
			list = ownData(events, 'data');
		} catch {
			list = undefined;
		}
	}
	if (!Array.isArray(list)) {
		throw new RecordLinkError(
			'events',
			`events is ${describe(events)}, not a list of Siro mobile events.`,
			"Pass the mobile events as Siro lists them: its answer's data (a list of lists), a flat list, or the answer itself.",
		);
	}
	let entries = 0;
	const countEntry = () => {
		if (++entries > MOST_DELIVERY_EVENTS) throw tooManyEvents();
	};
	const read: PhoneEvent[] = [];
	let position = 0;
	const take = (entry: unknown) => {
		try {
			const event = readEvent(entry, position++);
			if (event !== undefined) read.push(event);
		} catch {
			// A hostile entry (a Proxy whose traps throw…) is as malformed as any other: skipped.
		}
	};
	for (const entry of ownElements(list, countEntry)) {
		if (Array.isArray(entry)) ownElements(entry, countEntry).forEach(take);
		else take(entry);
	}
	return read;
}

/**
 * JSON with object keys sorted: {"objectType","objectId"} in either order is the same CRM object.
 * Its recursion is shallow: parse keeps no value nested deeper than Siro's CRM objects (a list of
 * flat objects), whatever depth a link's text has.
 */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (isRecord(value)) {
		const keys = Object.keys(value).sort();
		return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(ownData(value, key))}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** What a link says, as one comparable text: each parameter the app reads, in a fixed order. */
function parametersKey(params: ParsedRecordLinkParams): string {
	return canonicalJson(
		PARAMETER_ORDER.filter((name) => params[name] !== undefined).map((name) => [
			name,
			params[name],
		]),
	);
}

/** A link's parameters as one comparable text, when the app reads the link one way only. */
function certainKey(link: string): string | undefined {
	const { parsed, doubt } = readRecordLink(link);
	return doubt === undefined ? parametersKey(parsed.params) : undefined;
}

/**
 * The ways an app may have meant a reported link: as written (iOS reads `+` as a plus), and with `+`
 * in the query read as a space (form encoding, as Android's and URLSearchParams write spaces). None
 * when the link is not one the app reads one way only.
 */
function readingsOf(fullUrl: string): string[] {
	const direct = certainKey(fullUrl);
	if (direct === undefined) return [];
	const queryAt = fullUrl.indexOf('?');
	if (queryAt < 0 || !fullUrl.includes('+', queryAt)) return [direct];
	const formDecoded = `${fullUrl.slice(0, queryAt)}${fullUrl.slice(queryAt).replace(/\+/g, '%20')}`;
	const spaces = certainKey(formDecoded);
	return spaces === undefined ? [direct] : [direct, spaces];
}

const LINK_FIX =
	'Pass the record link that was sent to the rep (https://app.siro.ai/record?action=…).';

function linkKey(link: unknown): string {
	if (typeof link !== 'string' || link.trim() === '') {
		throw new RecordLinkError('link', `link is ${describe(link)}.`, LINK_FIX);
	}
	const { parsed, doubt } = readRecordLink(link);
	if (Object.keys(parsed.params).length === 0) {
		throw new RecordLinkError(
			'link',
			`link ${describe(link)} carries no Siro record link parameter, so no event can be matched to it.`,
			LINK_FIX,
		);
	}
	if (doubt !== undefined) {
		throw new RecordLinkError(
			'link',
			`link ${describe(link)} cannot be told apart from other links with certainty: ${doubt}.`,
			LINK_FIX,
		);
	}
	return parametersKey(parsed.params);
}

/**
 * How far `link` got on the rep's phone, from the Siro mobile events listed for that rep since the
 * link was sent. Throws RecordLinkError (field `link`, `events` or `since`) only for unusable
 * arguments: a link the app does not read one way only among them, and more than
 * MOST_DELIVERY_EVENTS entries. Malformed events never count for the link, and a malformed opening
 * breaks its claim on a later recording.
 */
export function linkDeliveryStatus(
	link: string,
	events: unknown,
	options: LinkDeliveryOptions = {},
): LinkDelivery {
	const wanted = linkKey(link);
	const givenSince = isRecord(options) ? ownData(options, 'since') : undefined;
	const since =
		givenSince === undefined || givenSince === null ? -Infinity : readTime(givenSince, 'since');

	const matchesByUrl = new Map<string, boolean>();
	/** Whether a deep-link event is certainly this link. */
	const isLink = (event: PhoneEvent) => {
		if (event.fullUrl === undefined) return false;
		let match = matchesByUrl.get(event.fullUrl);
		if (match === undefined) {
			match = readingsOf(event.fullUrl).includes(wanted);
			matchesByUrl.set(event.fullUrl, match);
		}
		return match;
	};

	/**
	 * Phones that opened something other than certainly this link at a time that cannot be read: it
	 * may fall between any opening and recording there, so none of their recordings is this link's.
	 * `undefined` stands for an unknown phone, which may be any of them.
	 */
	const openedOtherAnyTime = new Set<string | undefined>();
	const timeline: PhoneEvent[] = [];
	for (const event of readEvents(events)) {
		if (event.time !== undefined) {
			if (event.time >= since) timeline.push(event);
		} else if (event.code === 'deeplinkConsumed' && !isLink(event)) {
			openedOtherAnyTime.add(event.userId);
		}
	}
	timeline.sort(
		(a, b) =>
			a.time! - b.time! || CAUSAL_RANK[a.code] - CAUSAL_RANK[b.code] || a.position - b.position,
	);
	const mayHaveOpenedOther = (userId: string) =>
		openedOtherAnyTime.has(userId) || openedOtherAnyTime.has(undefined);

	const delivery: LinkDelivery = { status: 'notReceived' };
	/** Phones (users) whose last opened link is certainly this one: their next deep-link start is its recording. */
	const openedHere = new Set<string>();
	for (const event of timeline) {
		if (event.code === 'deeplinkReceived') {
			if (delivery.receivedAt === undefined && isLink(event)) {
				delivery.receivedAt = event.createdAt;
			}
		} else if (event.code === 'deeplinkConsumed') {
			if (isLink(event)) {
				delivery.openedAt ??= event.createdAt;
				// Opened on an unknown phone: no recording can be shown to follow it on the same one.
				if (event.userId !== undefined) openedHere.add(event.userId);
			} else if (event.userId === undefined) {
				// Another (or an unreadable) link opened on an unknown phone: it may be any rep's.
				openedHere.clear();
			} else {
				// Another (or an unreadable) link opened since: a recording that follows is that link's.
				openedHere.delete(event.userId);
			}
		} else if (
			event.value === 'start' &&
			event.trigger === 'deeplink' &&
			event.userId !== undefined &&
			openedHere.has(event.userId) &&
			!mayHaveOpenedOther(event.userId)
		) {
			delivery.recordingStartedAt = event.createdAt;
			if (event.recordingId !== undefined) delivery.recordingId = event.recordingId;
			break;
		}
	}

	if (delivery.recordingStartedAt !== undefined) delivery.status = 'recording';
	else if (delivery.openedAt !== undefined) delivery.status = 'opened';
	else if (delivery.receivedAt !== undefined) delivery.status = 'received';
	return delivery;
}
