'use strict';
/**
 * A stand-in for the storage Siro's signed upload URLs point at (Google Cloud Storage): its own HTTP
 * server on 127.0.0.1 and its own port, so it is "another host" for a client, and a Siro token sent
 * to it is a leak the request log shows. It checks a signed PUT as storage does:
 *   - the signature (V4 style, HMAC here) covers the method, the path, the query and the signed
 *     headers (content-type, host, x-goog-content-length-range): any of them missing or different,
 *     or an x-goog-* header that was not signed, answers 403 SignatureDoesNotMatch;
 *   - past X-Goog-Date + X-Goog-Expires: 403 "Request has expired";
 *   - a Content-Length over the signed range, or a body longer than it: 400 EntityTooLarge;
 *   - an Authorization header next to a signed URL: 400 (two ways of authenticating).
 * The bytes are counted and hashed as they stream in (a 50 MB file is never held), and what each
 * request carried (headers included) is logged for tests.
 */
const crypto = require('crypto');
const http = require('http');

const BUCKET = 'siro-recordings-fake';
const CONTENT_TYPES = Object.freeze({ mp3: 'audio/mpeg', aac: 'audio/aac', wav: 'audio/wav' });
const SIGNED_HEADERS = ['content-type', 'host', 'x-goog-content-length-range'];
const DEFAULT_LIFETIME_MS = 15 * 60 * 1000;
/** Bytes of each stored object's start kept, so the upload call can check the file's type. */
const KEPT_HEAD_BYTES = 64;

const xmlError = (code, message) =>
	`<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

/** 20261207T184500Z, as X-Goog-Date writes it. */
const googDate = (milliseconds) =>
	new Date(milliseconds)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
const parseGoogDate = (text) => {
	const found = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text || '');
	return found
		? Date.UTC(+found[1], +found[2] - 1, +found[3], +found[4], +found[5], +found[6])
		: Number.NaN;
};

function createFakeStorage({ now = Date.now } = {}) {
	const signingKey = crypto.randomBytes(32);
	/** object path → { fileType, contentType, fileSize } as signed */
	const signed = new Map();
	/** object path → { contentType, size, sha256, head: Buffer } once stored */
	const objects = new Map();
	const requests = [];
	/** Every signed-urls answer handed out, so tests can look for its secrets where they must not be. */
	const issued = [];
	const settings = { lifetimeMs: DEFAULT_LIFETIME_MS, clockAheadMs: 0 };
	const openSockets = new Set();
	let server;
	let origin = '';

	const sign = (canonical) =>
		crypto.createHmac('sha256', signingKey).update(canonical).digest('hex');

	/** The text signed for a request: method, path, the query without its signature, the signed headers. */
	function canonicalRequest(method, path, searchParams, headerValue) {
		const query = [...searchParams]
			.filter(([name]) => name !== 'X-Goog-Signature')
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
			.join('&');
		const headers = SIGNED_HEADERS.map((name) => `${name}:${headerValue(name)}\n`).join('');
		return `${method}\n${path}\n${query}\n${headers}`;
	}

	function signedUrl(method, path, headers, signedAtMs) {
		const query = new URLSearchParams({
			'X-Goog-Algorithm': 'GOOG4-HMAC-SHA256',
			'X-Goog-Credential': `siro-uploader/${googDate(signedAtMs).slice(0, 8)}/auto/storage/goog4_request`,
			'X-Goog-Date': googDate(signedAtMs),
			'X-Goog-Expires': String(Math.max(0, Math.floor(settings.lifetimeMs / 1000))),
			'X-Goog-SignedHeaders': method === 'PUT' ? SIGNED_HEADERS.join(';') : 'host',
		});
		const host = new URL(origin).host;
		const canonical =
			method === 'PUT'
				? canonicalRequest(method, path, query, (name) => (name === 'host' ? host : headers[name]))
				: `${method}\n${path}\n${[...query].map(([n, v]) => `${n}=${v}`).join('&')}\nhost:${host}\n`;
		query.set('X-Goog-Signature', sign(canonical));
		return `${origin}${path}?${query}`;
	}

	/** What Siro's signed-urls call answers: a PUT URL and its headers, a GET URL, the expiry. */
	function signUpload({ fileType, fileSize, organizationId }) {
		const path = `/${BUCKET}/${organizationId}/${crypto.randomUUID()}.${fileType}`;
		const signedAtMs = now();
		const uploadHeaders = {
			'Content-Type': CONTENT_TYPES[fileType],
			'x-goog-content-length-range': `0,${fileSize}`,
		};
		const lowerCaseHeaders = {
			'content-type': uploadHeaders['Content-Type'],
			'x-goog-content-length-range': uploadHeaders['x-goog-content-length-range'],
		};
		signed.set(path, { fileType, contentType: CONTENT_TYPES[fileType], fileSize });
		const answer = {
			uploadUrl: signedUrl('PUT', path, lowerCaseHeaders, signedAtMs),
			uploadHeaders,
			downloadUrl: signedUrl('GET', path, {}, signedAtMs),
			expiresAt: new Date(signedAtMs + settings.lifetimeMs).toISOString(),
		};
		issued.push(answer);
		return answer;
	}

	/** The stored object a download URL of this storage names, when its file arrived. */
	function objectAt(downloadUrl) {
		let url;
		try {
			url = new URL(downloadUrl);
		} catch {
			return undefined;
		}
		if (url.origin !== origin) return undefined;
		const object = objects.get(url.pathname);
		return object && { ...object, ...signed.get(url.pathname), path: url.pathname };
	}

	/** Checks the PUT's signature and expiry: → an error reply, or undefined when it may store. */
	function refusal(request, url) {
		const search = url.searchParams;
		if (request.method !== 'PUT' || !signed.has(url.pathname) || !search.get('X-Goog-Signature'))
			return { status: 403, code: 'SignatureDoesNotMatch', message: 'Access denied.' };
		if (request.headers.authorization !== undefined)
			return {
				status: 400,
				code: 'InvalidArgument',
				message: 'Cannot use an Authorization header with a signed URL.',
			};
		const signedNames = (search.get('X-Goog-SignedHeaders') || '').split(';');
		const unsignedGoog = Object.keys(request.headers).find(
			(name) => name.startsWith('x-goog-') && !signedNames.includes(name),
		);
		const canonical = canonicalRequest('PUT', url.pathname, search, (name) =>
			request.headers[name] === undefined ? '' : request.headers[name],
		);
		const expected = Buffer.from(sign(canonical));
		const given = Buffer.from(search.get('X-Goog-Signature'));
		const matches = expected.length === given.length && crypto.timingSafeEqual(expected, given);
		if (!matches || unsignedGoog !== undefined)
			return {
				status: 403,
				code: 'SignatureDoesNotMatch',
				message:
					'The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.',
			};
		const expiresAtMs =
			parseGoogDate(search.get('X-Goog-Date')) + Number(search.get('X-Goog-Expires')) * 1000;
		if (!(now() + settings.clockAheadMs < expiresAtMs))
			return { status: 403, code: 'ExpiredToken', message: 'Request has expired' };
		return undefined;
	}

	function answer(response, entry, status, code, message) {
		entry.status = status;
		entry.code = code;
		const text = code === undefined ? '' : xmlError(code, message);
		response.writeHead(status, {
			'content-type': code === undefined ? 'text/plain' : 'application/xml; charset=UTF-8',
			'content-length': Buffer.byteLength(text),
			connection: 'close',
		});
		response.end(text);
	}

	function handle(request, response) {
		const url = new URL(request.url, origin);
		const entry = {
			method: request.method,
			path: url.pathname,
			url: request.url,
			headers: { ...request.headers },
			receivedBytes: 0,
			time: Date.now(),
		};
		requests.push(entry);
		const refused = refusal(request, url);
		const allowed = signed.get(url.pathname);
		const maxBytes = allowed ? allowed.fileSize : 0;
		const declared =
			request.headers['content-length'] === undefined
				? undefined
				: Number(request.headers['content-length']);
		const tooLarge =
			!refused && declared !== undefined && declared > maxBytes
				? {
						status: 400,
						code: 'EntityTooLarge',
						message: 'Your proposed upload exceeds the maximum allowed size.',
					}
				: undefined;
		const hash = crypto.createHash('sha256');
		const head = [];
		let headBytes = 0;
		let finished = false;
		const finish = (status, code, message) => {
			if (finished) return;
			finished = true;
			answer(response, entry, status, code, message);
		};
		if (refused || tooLarge) {
			const { status, code, message } = refused || tooLarge;
			// Read the rest (counted, dropped) so the client sees the answer rather than a reset.
			request.on('data', (chunk) => (entry.receivedBytes += chunk.length));
			request.on('end', () => finish(status, code, message));
			return;
		}
		request.on('data', (chunk) => {
			entry.receivedBytes += chunk.length;
			if (entry.receivedBytes > maxBytes) {
				finish(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.');
				return;
			}
			hash.update(chunk);
			if (headBytes < KEPT_HEAD_BYTES) {
				head.push(chunk.subarray(0, KEPT_HEAD_BYTES - headBytes));
				headBytes += Math.min(chunk.length, KEPT_HEAD_BYTES - headBytes);
			}
		});
		request.on('end', () => {
			if (finished) return;
			if (declared !== undefined && entry.receivedBytes !== declared) {
				finish(400, 'IncompleteBody', 'The body is shorter than its Content-Length.');
				return;
			}
			objects.set(url.pathname, {
				contentType: request.headers['content-type'],
				size: entry.receivedBytes,
				sha256: hash.digest('hex'),
				head: Buffer.concat(head),
			});
			finish(200);
		});
	}

	return {
		get url() {
			return origin;
		},
		/** Every request received: { method, path, url, headers, receivedBytes, status, code, time }. */
		requests,
		issued,
		objects,
		signUpload,
		objectAt,
		/** How long signed URLs live from now on (default 15 minutes). */
		setLifetime(milliseconds) {
			settings.lifetimeMs = milliseconds;
		},
		/** Storage's clock runs this far ahead of the fake Siro's (expiry tests); 0 by default. */
		setClockAhead(milliseconds) {
			settings.clockAheadMs = milliseconds;
		},
		reset() {
			requests.length = 0;
			issued.length = 0;
			settings.lifetimeMs = DEFAULT_LIFETIME_MS;
			settings.clockAheadMs = 0;
		},
		async start() {
			server = http.createServer(handle);
			server.on('connection', (socket) => {
				openSockets.add(socket);
				socket.on('close', () => openSockets.delete(socket));
			});
			await new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(0, '127.0.0.1', resolve);
			});
			origin = `http://127.0.0.1:${server.address().port}`;
		},
		async close() {
			if (!server) return;
			await new Promise((resolve) => {
				server.close(() => resolve());
				for (const socket of openSockets) socket.destroy();
			});
		},
	};
}

module.exports = { createFakeStorage, CONTENT_TYPES };
