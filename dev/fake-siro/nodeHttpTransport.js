'use strict';
/**
 * A `SiroRequestFunction` (and, for a Uint8Array body, a `StorageRequestFunction`) over Node's
 * http/https modules, for tests, benchmarks and scripts that use the client outside n8n. It resolves for every HTTP status (redirects are answers, never
 * followed), rejects on network failures with the socket's error code, and stops when the client's
 * signal fires, as the client's contract asks.
 */
const http = require('http');
const https = require('https');

function createNodeHttpTransport() {
	/**
	 * @param {{ method: string, url: string, headers: Record<string, string>, timeoutMs: number, signal?: AbortSignal, body?: unknown }} options
	 * @returns {Promise<{ status: number, headers: Record<string, unknown>, body: unknown }>}
	 */
	return function request({ method, url, headers, timeoutMs, signal, body }) {
		const target = new URL(url);
		const client = target.protocol === 'https:' ? https : http;
		// Bytes (a recording on its way to storage) go as they are; anything else is JSON.
		const payload = body === undefined || body instanceof Uint8Array ? body : JSON.stringify(body);
		const requestHeaders = { ...headers };
		if (payload !== undefined) requestHeaders['content-length'] = Buffer.byteLength(payload);

		return new Promise((resolve, reject) => {
			const outgoing = client.request(
				target,
				{ method, headers: requestHeaders, agent: false, signal },
				(incoming) => {
					const chunks = [];
					incoming.on('data', (chunk) => chunks.push(chunk));
					incoming.on('error', reject);
					incoming.on('end', () =>
						resolve({
							status: incoming.statusCode || 0,
							headers: incoming.headers,
							body: Buffer.concat(chunks).toString('utf8'),
						}),
					);
				},
			);
			outgoing.setTimeout(timeoutMs, () => {
				const timeout = new Error(`timeout of ${timeoutMs}ms exceeded`);
				timeout.code = 'ETIMEDOUT';
				outgoing.destroy(timeout);
			});
			outgoing.on('error', reject);
			outgoing.end(payload);
		});
	};
}

module.exports = { createNodeHttpTransport };
