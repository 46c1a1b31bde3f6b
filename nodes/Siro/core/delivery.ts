/**
 * Did a record link reach the rep's phone, and did it start a recording? Read from the mobile events
 * the Siro app reports (`GET /v1/core/mobile-events`): `deeplinkReceived` and `deeplinkConsumed`
 * carry the link the app got (`event.fullUrl`), and a `recorderStateChange` `{value: 'start',
 * trigger: 'deeplink'}` after the link was consumed is the recording it started.
 *
 * Apps may re-encode a link before reporting it (`%20` as `+`, lower-case escapes, fewer escapes), so a
 * link is matched by the parameters it carries as the app reads them (parseRecordLink), never as text.
 * Events come from outside, so every entry is read defensively: own data properties only, and any entry
 * that is not a well-formed event is skipped rather than trusted or allowed to throw.
 */
import { RecordLinkError } from './errors';
import { PARAMETER_ORDER } from './params';
import type { ParsedRecordLinkParams } from './params/parameter';
import { parseRecordLink } from './parse';
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

type EventCode = 'deeplinkReceived' | 'deeplinkConsumed' | 'recorderStateChange';

/** The order of events that Siro stamped with the same millisecond: the order they happen in on a phone. */
const CAUSAL_RANK: Record<EventCode, number> = {
	deeplinkReceived: 0,
	deeplinkConsumed: 1,
	recorderStateChange: 2,
};

interface PhoneEvent {
	code: EventCode;
	time: number;
	createdAt: string;
	/** Events of several reps may be mixed: a recording follows the opening on the same phone only. */
	userId: string;
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

/** The entries of a list, own elements only (holes and accessors skipped). */
function ownElements(list: unknown[]): unknown[] {
	const length = ownData(list, 'length');
	const elements: unknown[] = [];
	if (typeof length !== 'number') return elements;
	for (let index = 0; index < length; index++) {
		const descriptor = Object.getOwnPropertyDescriptor(list, index);
		if (descriptor !== undefined && 'value' in descriptor) elements.push(descriptor.value);
	}
	return elements;
}

/** One of the three events delivery reads, or undefined for anything else or anything malformed. */
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
	const createdAt = ownData(entry, 'createdAt');
	if (typeof createdAt !== 'string') return undefined;
	const time = Date.parse(createdAt);
	if (!Number.isFinite(time)) return undefined;
	const details = ownData(entry, 'event');
	if (!isRecord(details)) return undefined;
	const userIdValue = ownData(entry, 'userId');
	const event: PhoneEvent = {
		code,
		time,
		createdAt,
		userId: typeof userIdValue === 'string' ? userIdValue : '',
		position,
	};
	if (code === 'recorderStateChange') {
		event.value = ownText(details, 'value');
		event.trigger = ownText(details, 'trigger');
		event.recordingId = ownText(entry, 'recordingId');
	} else {
		event.fullUrl = ownText(details, 'fullUrl');
		if (event.fullUrl === undefined) return undefined;
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
	for (const entry of safeElements(list)) {
		if (Array.isArray(entry)) safeElements(entry).forEach(take);
		else take(entry);
	}
	return read;
}

function safeElements(list: unknown[]): unknown[] {
	try {
		return ownElements(list);
	} catch {
		return [];
	}
}

/** JSON with object keys sorted: {"objectType","objectId"} in either order is the same CRM object. */
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

/**
 * The ways an app may have meant a reported link: as written (iOS reads `+` as a plus), and with `+`
 * in the query read as a space (form encoding, as Android's and URLSearchParams write spaces).
 */
function readingsOf(fullUrl: string): string[] {
	const direct = parametersKey(parseRecordLink(fullUrl).params);
	const queryAt = fullUrl.indexOf('?');
	if (queryAt < 0 || !fullUrl.includes('+', queryAt)) return [direct];
	const formDecoded = `${fullUrl.slice(0, queryAt)}${fullUrl.slice(queryAt).replace(/\+/g, '%20')}`;
	return [direct, parametersKey(parseRecordLink(formDecoded).params)];
}

function linkKey(link: unknown): string {
	if (typeof link !== 'string' || link.trim() === '') {
		throw new RecordLinkError(
			'link',
			`link is ${describe(link)}.`,
			'Pass the record link that was sent to the rep (https://app.siro.ai/record?action=…).',
		);
	}
	const { params } = parseRecordLink(link);
	if (Object.keys(params).length === 0) {
		throw new RecordLinkError(
			'link',
			`link ${describe(link)} carries no Siro record link parameter, so no event can be matched to it.`,
			'Pass the record link that was sent to the rep (https://app.siro.ai/record?action=…).',
		);
	}
	return parametersKey(params);
}

/**
 * How far `link` got on the rep's phone, from the Siro mobile events listed for that rep since the
 * link was sent. Throws RecordLinkError (field `link`, `events` or `since`) only for unusable
 * arguments; malformed events are ignored.
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
	const counted = readEvents(events)
		.filter((event) => event.time >= since)
		.sort(
			(a, b) =>
				a.time - b.time || CAUSAL_RANK[a.code] - CAUSAL_RANK[b.code] || a.position - b.position,
		);

	const matchesByUrl = new Map<string, boolean>();
	const matches = (fullUrl: string) => {
		let match = matchesByUrl.get(fullUrl);
		if (match === undefined) {
			match = readingsOf(fullUrl).includes(wanted);
			matchesByUrl.set(fullUrl, match);
		}
		return match;
	};

	const delivery: LinkDelivery = { status: 'notReceived' };
	/** Phones (users) whose last opened link is this one: their next deep-link start is its recording. */
	const openedHere = new Set<string>();
	for (const event of counted) {
		if (event.code === 'deeplinkReceived') {
			if (delivery.receivedAt === undefined && matches(event.fullUrl!)) {
				delivery.receivedAt = event.createdAt;
			}
		} else if (event.code === 'deeplinkConsumed') {
			if (matches(event.fullUrl!)) {
				delivery.openedAt ??= event.createdAt;
				openedHere.add(event.userId);
			} else {
				// Another link opened since: a recording that follows is that link's.
				openedHere.delete(event.userId);
			}
		} else if (
			event.value === 'start' &&
			event.trigger === 'deeplink' &&
			openedHere.has(event.userId)
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
