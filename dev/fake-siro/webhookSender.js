'use strict';
/**
 * Sends Siro's webhook events (`integrations.recordingProcessed`, `integrations.recordingLinked`;
 * payload: the excerpt's RecordingEventWebhookPayload) to a target URL, signed the way Svix signs:
 *   svix-id: msg_…   svix-timestamp: <seconds>   svix-signature: v1,<sig> [v1,<sig> …]
 *   sig = base64(HMAC-SHA256(key, `${svix-id}.${svix-timestamp}.${raw body}`)),
 *   key = base64-decoded part of the signing secret after "whsec_".
 * It can also send what an attacker or a broken network would: forged, stale, replayed, altered.
 */
const crypto = require('crypto');
const http = require('http');
const https = require('https');

const { requestError } = require('./errors');
const { DEMO } = require('./fixtures');
const { runtimeIds } = require('./random');

const EVENT_TYPES = Object.freeze([
	'integrations.recordingProcessed',
	'integrations.recordingLinked',
]);
/** How old a stale delivery's timestamp is: past Svix's 5-minute tolerance. */
const STALE_AGE_SECONDS = 6 * 60 + 40;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `v1,<base64 signature>` of one delivery under one `whsec_…` secret. */
function svixSignature(secret, id, timestamp, rawBody) {
	if (typeof secret !== 'string' || !secret.startsWith('whsec_'))
		throw requestError(400, 'A signing secret starts with "whsec_"');
	const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
	const signature = crypto
		.createHmac('sha256', key)
		.update(`${id}.${timestamp}.${rawBody}`)
		.digest('base64');
	return `v1,${signature}`;
}

/** A Siro webhook payload for a recording as the store has it now. */
function payloadFor(recording, eventType) {
	const payload = {
		recordingId: recording.id,
		siroUserId: recording.userId,
		recordingProcessed: recording.isProcessingDone,
		recordingLinked: recording.crm !== null,
		eventType,
	};
	if (recording.crm) payload.crm = recording.crm;
	return payload;
}

/** A copy of the payload whose CRM IDs carry accents, emoji and a right-to-left name. */
function withUnicode(payload) {
	const crm = payload.crm || { integrationConnectionId: DEMO.integrationConnections.salesforce };
	return {
		...payload,
		crm: {
			...crm,
			opportunity: { id: 'opp-ünï', externalId: 'Opportunité – Zoë’s “kitchen” 🏠' },
			contacts: [{ id: 'con-ünï', externalId: 'José Ñúñez · سارا' }],
		},
	};
}

/** Posts `rawBody` with `headers` to `url`; resolves { status, headers, body } whatever the status. */
function post(url, headers, rawBody, timeoutMs) {
	const target = new URL(url);
	const client = target.protocol === 'https:' ? https : http;
	return new Promise((resolve, reject) => {
		const outgoing = client.request(
			target,
			{
				method: 'POST',
				headers: { ...headers, 'content-length': Buffer.byteLength(rawBody) },
				agent: false,
			},
			(incoming) => {
				const chunks = [];
				incoming.on('data', (chunk) => chunks.push(chunk));
				incoming.on('error', reject);
				incoming.on('end', () =>
					resolve({
						status: incoming.statusCode,
						headers: incoming.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
			},
		);
		outgoing.setTimeout(timeoutMs, () =>
			outgoing.destroy(new Error(`No answer from ${url} within ${timeoutMs} ms`)),
		);
		outgoing.on('error', reject);
		outgoing.end(rawBody);
	});
}

function checkTarget(url) {
	if (typeof url !== 'string' || !URL.canParse(url))
		throw requestError(400, '"url" must be an absolute http(s) URL');
	const target = new URL(url);
	if (!['http:', 'https:'].includes(target.protocol) || !LOOPBACK_HOSTS.has(target.hostname))
		throw requestError(
			400,
			'"url" must be an http(s) URL on this machine (127.0.0.1, localhost or [::1])',
		);
}

/**
 * @param {{ findRecording: (id: string) => any }} deps
 */
function createWebhookSender({ findRecording }) {
	/** svix-id → what was sent, so a delivery can be replayed byte for byte */
	const sent = new Map();

	/**
	 * Sends one delivery. Options:
	 *   url                 target (loopback only); for `replay`, default the original target
	 *   eventType           'integrations.recordingProcessed' (default) | 'integrations.recordingLinked'
	 *   recordingId         payload from this recording (default DEMO.recordings.processedLinked)
	 *   payload             the payload object itself, instead
	 *   rawBody             the exact body text, instead (signed and sent byte for byte)
	 *   pretty              JSON with indentation and a trailing newline (significant whitespace)
	 *   unicode             CRM IDs with accents, emoji and right-to-left text
	 *   secret / secrets    signing secret(s): one `v1,` entry each, space-separated (rotation);
	 *                       default DEMO.webhookSigningSecret
	 *   forged              sign with a random secret instead
	 *   stale               timestamp 6 min 40 s in the past; or `timestamp` (seconds) exactly
	 *   altered             change the body after signing: true/'content' (the recording ID) or 'whitespace'
	 *   replay              a svix-id sent before: the same headers and body again
	 *   timeoutMs           default 10,000
	 * Resolves { status, headers, body, delivery: { id, timestamp, url, headers, rawBody } }.
	 */
	async function send(options = {}) {
		const timeoutMs = options.timeoutMs === undefined ? 10000 : options.timeoutMs;
		if (options.replay !== undefined) {
			const original = sent.get(options.replay);
			if (!original)
				throw requestError(400, `No earlier delivery with svix-id "${options.replay}"`);
			const url = options.url === undefined ? original.url : options.url;
			checkTarget(url);
			const answer = await post(url, original.headers, original.rawBody, timeoutMs);
			return { ...answer, delivery: { ...original, url } };
		}

		checkTarget(options.url);
		const eventType = options.eventType === undefined ? EVENT_TYPES[0] : options.eventType;
		if (!EVENT_TYPES.includes(eventType))
			throw requestError(400, `"eventType" must be one of ${EVENT_TYPES.join(', ')}`);
		let rawBody = options.rawBody;
		if (rawBody === undefined) {
			let payload = options.payload;
			if (payload === undefined)
				payload = payloadFor(
					findRecording(options.recordingId || DEMO.recordings.processedLinked),
					eventType,
				);
			if (options.unicode) payload = withUnicode(payload);
			rawBody = options.pretty ? `${JSON.stringify(payload, null, 2)}\n` : JSON.stringify(payload);
		} else if (typeof rawBody !== 'string') {
			throw requestError(400, '"rawBody" must be a string');
		}

		const id = `msg_${runtimeIds.base62(27)}`;
		const nowSeconds = Math.floor(Date.now() / 1000);
		const timestamp = String(
			options.timestamp !== undefined
				? options.timestamp
				: options.stale
					? nowSeconds - STALE_AGE_SECONDS
					: nowSeconds,
		);
		let secrets = options.secrets || [options.secret || DEMO.webhookSigningSecret];
		if (options.forged) secrets = [`whsec_${crypto.randomBytes(24).toString('base64')}`];
		const headers = {
			'content-type': 'application/json',
			'user-agent': 'Svix-Webhooks/1.62.0 (fake Siro)',
			'svix-id': id,
			'svix-timestamp': timestamp,
			'svix-signature': secrets
				.map((secret) => svixSignature(secret, id, timestamp, rawBody))
				.join(' '),
		};
		if (options.altered === 'whitespace') rawBody = `${rawBody} `;
		else if (options.altered) rawBody = alterContent(rawBody);

		const delivery = { id, timestamp, url: options.url, headers, rawBody };
		sent.set(id, delivery);
		const answer = await post(options.url, headers, rawBody, timeoutMs);
		return { ...answer, delivery };
	}

	return {
		send,
		payloadFor: (recordingId, eventType = EVENT_TYPES[0]) =>
			payloadFor(findRecording(recordingId), eventType),
	};
}

/** The body with its first recording ID pointing elsewhere (last character changed). */
function alterContent(rawBody) {
	const altered = rawBody.replace(
		/("recordingId"\s*:\s*"[^"]*)([^"])"/,
		(match, head, last) => `${head}${last === '0' ? '1' : '0'}"`,
	);
	return altered === rawBody
		? `${rawBody.slice(0, -1)}${rawBody.endsWith('0') ? '1' : '0'}`
		: altered;
}

module.exports = { createWebhookSender };
