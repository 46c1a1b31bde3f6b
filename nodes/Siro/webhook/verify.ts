/**
 * Verifies a webhook delivery from Siro. Siro sends its webhooks through Svix, so this is Svix's
 * scheme (the one Svix's own libraries implement):
 * - headers `svix-id`, `svix-timestamp` (integer seconds since the epoch) and `svix-signature`
 *   (space-separated `v1,<base64>` entries; other versions are ignored);
 * - each entry is base64 HMAC-SHA256 over `${svix-id}.${svix-timestamp}.${raw body}`, keyed with the
 *   base64-decoded part of the signing secret after `whsec_`;
 * - a delivery is accepted when any v1 entry matches (compared in constant time) and its timestamp is
 *   within the tolerance of now, in whole seconds, either way.
 *
 * Pure: no n8n import, only node:crypto, so the same check runs in the Siro Trigger and in a script.
 * No error built here quotes a secret or a header value, so no part of a secret can reach a message,
 * a stack or a property.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { isFieldObject, ownValue } from '../core/values';

export type SiroWebhookErrorReason =
	| 'missingHeaders'
	| 'badSignature'
	| 'timestampOutOfRange'
	| 'badSecret'
	| 'badPayload';

/** A delivery (or a signing secret) that verifySiroWebhook refuses; `reason` says which check failed. */
export class SiroWebhookError extends Error {
	readonly reason: SiroWebhookErrorReason;

	constructor(reason: SiroWebhookErrorReason, message: string) {
		super(message);
		this.name = 'SiroWebhookError';
		this.reason = reason;
	}
}

/** Request headers as Node gives them (`req.headers`): names in any case, a value or a list of values. */
export type SiroWebhookHeaders = Readonly<
	Record<string, string | readonly string[] | number | undefined>
>;

export interface VerifySiroWebhookOptions {
	/** The endpoint's signing secret (`whsec_…`), or several while Siro rotates it. */
	secret: string | readonly string[];
	headers: SiroWebhookHeaders;
	/** The body exactly as received, before any JSON parsing. A string is taken as its UTF-8 bytes. */
	rawBody: string | Uint8Array;
	/** How far the delivery's timestamp may be from now, either way. Default 300 (5 minutes). */
	toleranceSeconds?: number;
	/** The current time in milliseconds since the epoch. Default: Date.now(). */
	now?: number;
}

/**
 * A delivery's body, parsed: a JSON object, authentic but otherwise as Siro sent it (its fields are
 * not validated here). Siro's recording events have the fields of SiroRecordingEvent.
 */
export type SiroWebhookPayload = Record<string, unknown>;

export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

const SECRET_PREFIX = 'whsec_';
/** Svix's secrets are 24 to 64 bytes; anything far longer is not one (and would only cost work). */
const MAX_SECRET_LENGTH = 512;
/** Siro signs with one secret, two while rotating; a handful more is a caller's own rotation scheme. */
const MAX_SECRETS = 8;
/** Svix's message IDs are about 30 characters; the trigger remembers them, so they must stay short. */
const MAX_ID_LENGTH = 256;
/** Seconds since the epoch as decimal digits: 10 today, 15 is beyond any safe date. */
const TIMESTAMP_PATTERN = /^[0-9]{1,15}$/;
/** One `v1,<44 base64 characters>` entry per secret Siro signs with, a few more for other versions. */
const MAX_SIGNATURE_ENTRIES = 16;
const MAX_SIGNATURE_HEADER_LENGTH = 4096;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const ID_HEADER = 'svix-id';
const TIMESTAMP_HEADER = 'svix-timestamp';
const SIGNATURE_HEADER = 'svix-signature';
const SVIX_HEADERS = [ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER] as const;
type SvixHeader = (typeof SVIX_HEADERS)[number];
const LONGEST_HEADER_NAME = Math.max(...SVIX_HEADERS.map((name) => name.length));

const SECRET_HELP =
	"Copy the endpoint's Signing Secret from Siro (Organization Admin → Webhooks): it starts with whsec_ followed by base64.";

/**
 * The HMAC key of one signing secret: the base64 after `whsec_`. Throws `badSecret` for anything
 * else. `label` names the secret in the message (e.g. "The Previous Signing Secret"); the message
 * never quotes the secret itself.
 */
export function decodeSigningSecret(secret: unknown, label = 'The signing secret'): Buffer {
	if (typeof secret !== 'string' || secret.length === 0) {
		throw new SiroWebhookError('badSecret', `${label} is empty. ${SECRET_HELP}`);
	}
	if (secret.length > MAX_SECRET_LENGTH) {
		throw new SiroWebhookError(
			'badSecret',
			`${label} is longer than ${MAX_SECRET_LENGTH} characters, so it is not a Siro signing secret. ${SECRET_HELP}`,
		);
	}
	if (!secret.startsWith(SECRET_PREFIX)) {
		throw new SiroWebhookError('badSecret', `${label} does not start with whsec_. ${SECRET_HELP}`);
	}
	const encoded = secret.slice(SECRET_PREFIX.length);
	if (encoded.length === 0 || !BASE64_PATTERN.test(encoded)) {
		throw new SiroWebhookError(
			'badSecret',
			`${label} is not whsec_ followed by base64 (letters, digits, + and /, = at the end only); check that it was copied whole, without spaces. ${SECRET_HELP}`,
		);
	}
	return Buffer.from(encoded, 'base64');
}

function signingKeys(secret: unknown): Buffer[] {
	const secrets: readonly unknown[] = Array.isArray(secret) ? secret : [secret];
	if (secrets.length === 0) {
		throw new SiroWebhookError('badSecret', `No signing secret was given. ${SECRET_HELP}`);
	}
	if (secrets.length > MAX_SECRETS) {
		throw new SiroWebhookError(
			'badSecret',
			`${secrets.length} signing secrets were given; at most ${MAX_SECRETS} are accepted.`,
		);
	}
	return secrets.map((one, index) =>
		decodeSigningSecret(
			one,
			secrets.length === 1
				? 'The signing secret'
				: `Signing secret ${index + 1} of ${secrets.length}`,
		),
	);
}

function missing(problem: string): SiroWebhookError {
	return new SiroWebhookError(
		'missingHeaders',
		`${problem} Siro signs every delivery with svix-id, svix-timestamp and svix-signature headers: this request was not sent by Siro, or something between Siro and here changed its headers.`,
	);
}

/** A header value as text; anything but text or a number reads as empty, hence missing. */
function headerText(value: unknown): string {
	if (typeof value === 'string') return value;
	return typeof value === 'number' ? String(value) : '';
}

/**
 * Every value given for each Svix header. Header names are compared in lower case; names longer than
 * any Svix header are skipped unread, so a request with huge or many headers costs one pass over the
 * names.
 */
function collectSvixHeaders(headers: unknown): Record<SvixHeader, string[]> {
	const values: Record<SvixHeader, string[]> = {
		[ID_HEADER]: [],
		[TIMESTAMP_HEADER]: [],
		[SIGNATURE_HEADER]: [],
	};
	if (typeof headers !== 'object' || headers === null) return values;
	for (const name of Object.keys(headers)) {
		if (name.length > LONGEST_HEADER_NAME) continue;
		const lowerName = name.toLowerCase();
		if (!(SVIX_HEADERS as readonly string[]).includes(lowerName)) continue;
		const value = ownValue(headers, name);
		const list = values[lowerName as SvixHeader];
		// Two values are already one too many (the signed content would be ambiguous): refused below.
		const entries: readonly unknown[] = Array.isArray(value) ? value.slice(0, 2) : [value];
		for (const entry of entries) {
			if (entry !== undefined && entry !== null) list.push(headerText(entry));
		}
	}
	return values;
}

/** The three Svix headers, each exactly one non-empty string. */
function readSvixHeaders(headers: unknown): Record<SvixHeader, string> {
	let values: Record<SvixHeader, string[]>;
	try {
		values = collectSvixHeaders(headers);
	} catch {
		// A getter or proxy of the caller's that throws: refused like any request without the headers,
		// and what was thrown is not quoted (it may hold a header value).
		throw missing('The request headers could not be read (reading them threw an error).');
	}
	const absent = SVIX_HEADERS.filter((name) => values[name].length === 0 || values[name][0] === '');
	if (absent.length > 0) {
		throw missing(`The request has no ${absent.join(', ')} header.`);
	}
	const repeated = SVIX_HEADERS.filter((name) => values[name].length > 1);
	if (repeated.length > 0) {
		throw missing(`The request has more than one ${repeated.join(', ')} header.`);
	}
	return {
		[ID_HEADER]: values[ID_HEADER][0],
		[TIMESTAMP_HEADER]: values[TIMESTAMP_HEADER][0],
		[SIGNATURE_HEADER]: values[SIGNATURE_HEADER][0],
	};
}

function checkedTolerance(toleranceSeconds: unknown): number {
	if (toleranceSeconds === undefined) return DEFAULT_TOLERANCE_SECONDS;
	if (
		typeof toleranceSeconds !== 'number' ||
		!(toleranceSeconds >= 0) ||
		!Number.isFinite(toleranceSeconds)
	) {
		throw new TypeError(
			'verifySiroWebhook: toleranceSeconds must be a number of seconds, 0 or more.',
		);
	}
	return toleranceSeconds;
}

function checkedNow(now: unknown): number {
	if (now === undefined) return Date.now();
	if (typeof now !== 'number' || !Number.isFinite(now)) {
		throw new TypeError(
			'verifySiroWebhook: now must be milliseconds since the epoch (a finite number).',
		);
	}
	return now;
}

function bodyBytes(rawBody: unknown): Uint8Array {
	if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8');
	if (rawBody instanceof Uint8Array) return rawBody;
	throw new TypeError(
		'verifySiroWebhook: rawBody must be the body exactly as received, as a string or a Buffer (not parsed JSON).',
	);
}

function checkTimestamp(timestamp: string, nowMs: number, toleranceSeconds: number): void {
	// Whole seconds, as Svix's libraries compare them.
	const nowSeconds = Math.floor(nowMs / 1000);
	const age = nowSeconds - Number(timestamp);
	if (Math.abs(age) <= toleranceSeconds) return;
	const when = age > 0 ? `${age} seconds old` : `${-age} seconds in the future`;
	throw new SiroWebhookError(
		'timestampOutOfRange',
		`The delivery's svix-timestamp is ${when}; deliveries are accepted up to ${toleranceSeconds} seconds from now. An old delivery sent again is refused this way; if Siro's own deliveries are refused, check this server's clock.`,
	);
}

/** The base64 signatures of the v1 entries, at most MAX_SIGNATURE_ENTRIES entries read. */
function v1Signatures(header: string): string[] {
	const tooMany = new SiroWebhookError(
		'badSignature',
		`The svix-signature header is longer than Siro sends (more than ${MAX_SIGNATURE_ENTRIES} signatures or ${MAX_SIGNATURE_HEADER_LENGTH} characters); refused without checking.`,
	);
	if (header.length > MAX_SIGNATURE_HEADER_LENGTH) throw tooMany;
	const entries = header.split(' ').filter((entry) => entry.length > 0);
	if (entries.length > MAX_SIGNATURE_ENTRIES) throw tooMany;
	const signatures: string[] = [];
	for (const entry of entries) {
		const comma = entry.indexOf(',');
		if (comma !== -1 && entry.slice(0, comma) === 'v1') signatures.push(entry.slice(comma + 1));
	}
	return signatures;
}

function signatureOf(key: Buffer, id: string, timestamp: string, body: Uint8Array): Buffer {
	// The body's own bytes are signed, never a re-encoding of them.
	const hmac = createHmac('sha256', key);
	hmac.update(`${id}.${timestamp}.`, 'utf8');
	hmac.update(body);
	return Buffer.from(hmac.digest('base64'), 'utf8');
}

function anySignatureMatches(expected: Buffer[], received: string[]): boolean {
	for (const signature of received) {
		const candidate = Buffer.from(signature, 'utf8');
		for (const wanted of expected) {
			if (candidate.length === wanted.length && timingSafeEqual(candidate, wanted)) return true;
		}
	}
	return false;
}

function badPayload(problem: string): SiroWebhookError {
	return new SiroWebhookError(
		'badPayload',
		`The delivery is signed correctly, but ${problem} Siro's events are JSON objects.`,
	);
}

function parsePayload(body: Uint8Array): SiroWebhookPayload {
	let payload: unknown;
	try {
		payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
	} catch {
		throw badPayload('its body is not JSON in UTF-8.');
	}
	if (!isFieldObject(payload)) throw badPayload('its body is not a JSON object.');
	return payload;
}

/**
 * Checks that a delivery was signed by Siro with `secret` within `toleranceSeconds` of `now`, and
 * returns its parsed payload. Throws SiroWebhookError (`reason`: missingHeaders, badSignature,
 * timestampOutOfRange, badSecret or badPayload) when it was not, and TypeError for options that are
 * not what this function takes. Checks run in that order: secret, headers, timestamp, signature,
 * payload — so a payload is only parsed once it is known to come from Siro.
 */
export function verifySiroWebhook(options: VerifySiroWebhookOptions): SiroWebhookPayload {
	const keys = signingKeys(options.secret);
	const tolerance = checkedTolerance(options.toleranceSeconds);
	const now = checkedNow(options.now);
	const body = bodyBytes(options.rawBody);

	const headers = readSvixHeaders(options.headers);
	const id = headers[ID_HEADER];
	const timestamp = headers[TIMESTAMP_HEADER];
	if (id.length > MAX_ID_LENGTH) {
		throw missing(`The svix-id header is longer than ${MAX_ID_LENGTH} characters.`);
	}
	if (!TIMESTAMP_PATTERN.test(timestamp)) {
		throw missing('The svix-timestamp header is not a whole number of seconds.');
	}
	checkTimestamp(timestamp, now, tolerance);

	const received = v1Signatures(headers[SIGNATURE_HEADER]);
	const expected = keys.map((key) => signatureOf(key, id, timestamp, body));
	if (!anySignatureMatches(expected, received)) {
		throw new SiroWebhookError(
			'badSignature',
			received.length === 0
				? 'The svix-signature header has no v1 signature. This request was not signed by Siro.'
				: "No signature in svix-signature matches this body signed with the signing secret. Either the request was not sent by Siro (or was changed on the way), or the secret is not this endpoint's: copy it again from Siro (Organization Admin → Webhooks).",
		);
	}
	return parsePayload(body);
}
