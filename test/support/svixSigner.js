'use strict';
/**
 * Signs webhook deliveries the way Svix signs Siro's (for tests of the receiving side, unit and
 * end-to-end): base64 HMAC-SHA256 over `${id}.${timestamp}.${body bytes}` keyed with the base64
 * after `whsec_`, one `v1,<signature>` entry per secret, space-separated. Written from Svix's
 * published scheme and checked against its test vector in test/unit/webhook.verify.test.ts.
 */
const crypto = require('node:crypto');

/** @param {string} secret `whsec_…` */
function svixSignature(secret, id, timestamp, body) {
	const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
	const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
	return crypto
		.createHmac('sha256', key)
		.update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), bytes]))
		.digest('base64');
}

/**
 * The three Svix headers for a delivery.
 * @param {{ secret: string | string[], id: string, timestamp: number | string, body: string | Buffer }} delivery
 * @returns {{ 'svix-id': string, 'svix-timestamp': string, 'svix-signature': string }}
 */
function svixHeaders({ secret, id, timestamp, body }) {
	const secrets = Array.isArray(secret) ? secret : [secret];
	return {
		'svix-id': id,
		'svix-timestamp': String(timestamp),
		'svix-signature': secrets
			.map((one) => `v1,${svixSignature(one, id, String(timestamp), body)}`)
			.join(' '),
	};
}

/** A fresh signing secret in Svix's format (24 random bytes, as Svix makes them). */
function newSigningSecret() {
	return `whsec_${crypto.randomBytes(24).toString('base64')}`;
}

module.exports = { svixSignature, svixHeaders, newSigningSecret };
