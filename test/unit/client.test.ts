/**
 * The Siro API client against the fake Siro server over real sockets. `sleep` is injected and
 * only records the delays it was asked for, so backoff, Retry-After and caps are asserted without
 * waiting; tries are counted from the server's request log.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	createSiroClient,
	RequestPacer,
	SiroApiError,
	type SiroApiErrorKind,
	type SiroClientOptions,
	type SiroRequestFunction,
} from '../../nodes/Siro/client';
import { createNodeHttpTransport } from '../../dev/fake-siro/nodeHttpTransport';
import { DEMO, startFakeSiro } from '../../dev/fake-siro/server';
import { expectNoSecretPieces } from '../../dev/secretPieces';
import { useFakeSiro } from './support/fakeSiroFixture';
import { CLIENT_SECRET_ECHOES, ECHOED_CLIENT_SECRET, echoName } from './support/secretEchoes';

const transport: SiroRequestFunction = createNodeHttpTransport();
const fake = useFakeSiro();

function recordingSleep() {
	const delays: number[] = [];
	return { delays, sleep: async (milliseconds: number) => void delays.push(milliseconds) };
}

function clientFor(overrides: Partial<SiroClientOptions> = {}) {
	const { delays, sleep } = recordingSleep();
	const client = createSiroClient({
		baseUrl: `${fake.url}/api-internalApi`,
		accessToken: DEMO.userAccessToken,
		request: transport,
		sleep,
		random: () => 0.5,
		...overrides,
	});
	return { client, delays };
}

async function failureOf(promise: Promise<unknown>): Promise<SiroApiError> {
	const outcome = await promise.then(
		() => undefined,
		(error: unknown) => error,
	);
	if (!(outcome instanceof SiroApiError))
		throw new Error(`expected a SiroApiError, got ${String(outcome)}`);
	return outcome;
}

function expectNoSecret(error: SiroApiError, ...secrets: string[]) {
	for (const text of [
		error.message,
		error.description,
		JSON.stringify(error),
		String(error.stack),
	]) {
		expectNoSecretPieces(text, secrets);
	}
}

/** A throwaway HTTP server on 127.0.0.1 for answers the fake Siro does not give. */
async function withServer(
	handler: http.RequestListener,
	run: (url: string, received: http.IncomingMessage[]) => Promise<void>,
) {
	const received: http.IncomingMessage[] = [];
	const sockets = new Set<import('node:net').Socket>();
	const server = http.createServer((request, response) => {
		received.push(request);
		handler(request, response);
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, received);
	} finally {
		for (const socket of sockets) socket.destroy();
		await new Promise((resolve) => server.close(resolve));
	}
}

describe('listConversationTypes', () => {
	it("returns the demo organization's org- and team-level configurations, extra fields kept", async () => {
		const { client } = clientFor();
		const configurations = await client.listConversationTypes(DEMO.organizationId);

		expect(configurations).toHaveLength(Object.keys(DEMO.conversationTypes).length + 1);
		const teamLevel = configurations.filter(
			(configuration) => configuration.teamId === DEMO.teamId,
		);
		expect(teamLevel).toHaveLength(1);
		expect(teamLevel[0].conversationType).toBe(DEMO.teamConversationType);
		expect(teamLevel[0].id).toBe(`${DEMO.teamId}-${DEMO.teamConversationType}`);
		const first = configurations[0];
		expect(first.id).toBe(`${DEMO.organizationId}-${first.conversationType}`);
		expect(Array.isArray(first.debriefQuestions)).toBe(true);
		expect(
			(first.debriefQuestions as Array<Record<string, unknown>>)[0].responseConfig,
		).toBeDefined();

		const [sent] = fake.requests;
		expect(sent.method).toBe('GET');
		expect(sent.path).toBe('/api-internalApi/v1/core/conversation-configurations');
		expect(sent.query).toEqual({ organizationId: DEMO.organizationId });
		expect(sent.headers['x-siro-auth-token']).toBe(DEMO.userAccessToken);
	});

	it('keeps fields the schema does not know about', async () => {
		const seeded = await startFakeSiro({
			seed: {
				configurationsByOrg: {
					orgX: [
						{
							id: 'orgX-t1',
							conversationType: 't1',
							displayName: 'T1',
							futureField: { nested: [1, 2] },
						},
					],
				},
			},
		});
		seeded.data.memberships[DEMO.userId] = ['orgX'];
		try {
			const { client } = clientFor({ baseUrl: seeded.url });
			const [configuration] = await client.listConversationTypes('orgX');
			expect(configuration).toEqual({
				id: 'orgX-t1',
				conversationType: 't1',
				displayName: 'T1',
				futureField: { nested: [1, 2] },
			});
		} finally {
			await seeded.close();
		}
	});

	it('works without a base path prefix and with trailing slashes, and encodes the organization ID', async () => {
		const { client } = clientFor({ baseUrl: `${fake.url}//` });
		await failureOf(client.listConversationTypes('a&b=c d'));
		expect(fake.requests[0].path).toBe('/v1/core/conversation-configurations');
		expect(fake.requests[0].query).toEqual({ organizationId: 'a&b=c d' });
	});

	it('sends no token header when the transport authenticates (n8n httpRequestWithAuthentication)', async () => {
		const authenticatingTransport: SiroRequestFunction = (request) =>
			transport({
				...request,
				headers: { ...request.headers, 'x-siro-auth-token': DEMO.userAccessToken },
			});
		const { client } = clientFor({
			accessToken: undefined,
			request: authenticatingTransport,
			authentication: {
				headersFor: () => ({}),
				secrets: () => [DEMO.userAccessToken],
				pacingKey: (api) => api,
			},
		});
		await expect(client.listConversationTypes(DEMO.organizationId)).resolves.toHaveLength(6);
		expect(fake.requests[0].headers['x-siro-auth-token']).toBe(DEMO.userAccessToken);
	});

	it("refuses a call whose API's token is missing before sending anything, naming the option", async () => {
		const { client } = clientFor({ accessToken: undefined });
		const platform = await failureOf(client.listConversationTypes(DEMO.organizationId));
		expect(platform.kind).toBe('missingToken');
		expect(platform.message).toMatch(/No accessToken was given/);
		const external = await failureOf(client.listUsers());
		expect(external.kind).toBe('missingToken');
		expect(external.message).toMatch(/No organizationApiToken was given/);
		expect(fake.countRequests()).toBe(0);
	});

	it('refuses an empty organization ID before sending anything', async () => {
		const { client } = clientFor();
		const error = await failureOf(client.listConversationTypes('  '));
		expect(error.kind).toBe('invalidInput');
		expect(fake.countRequests()).toBe(0);
	});
});

interface FaultCase {
	fault: string;
	kind: SiroApiErrorKind;
	httpCode?: number;
	tries: number;
	message: RegExp;
	description?: RegExp;
}

const faultCases: FaultCase[] = [
	{
		fault: 'badRequest',
		kind: 'badRequest',
		httpCode: 400,
		tries: 1,
		message:
			/\(400\) while listing the conversation types of organization "demoOrg123"\. Siro said: "Invalid organizationId parameter"/,
	},
	{
		fault: 'unauthorized',
		kind: 'unauthorized',
		httpCode: 401,
		tries: 1,
		message: /wrong or has expired/,
		description: /expire after 16 hours.*OAuth App \(Auto-Refresh\)/,
	},
	{
		fault: 'forbidden',
		kind: 'forbidden',
		httpCode: 403,
		tries: 1,
		message: /not a member or admin of organization "demoOrg123"/,
	},
	{
		fault: 'notFound',
		kind: 'notFound',
		httpCode: 404,
		tries: 1,
		message: /404/,
		description: /Organization ID and the Base URL/,
	},
	{
		fault: 'zodError',
		kind: 'badRequest',
		httpCode: 422,
		tries: 1,
		message: /\(422\) while .*Siro said: "organizationId: Required"/,
	},
	{
		fault: 'rateLimited',
		kind: 'rateLimited',
		httpCode: 429,
		tries: 3,
		message: /429.*after 3 tries/,
		description: /1,000 requests per minute/,
	},
	{
		fault: 'serverError',
		kind: 'server',
		httpCode: 500,
		tries: 3,
		message: /server error \(500\).*after 3 tries/,
	},
	{
		fault: 'unavailable',
		kind: 'server',
		httpCode: 503,
		tries: 3,
		message: /server error \(503\).*after 3 tries/,
	},
	{
		fault: 'reset',
		kind: 'network',
		tries: 3,
		message: /Could not reach Siro at 127\.0\.0\.1:\d+.*(reset|closed).*\(3 tries\)/,
	},
	{ fault: 'invalidJson', kind: 'invalidResponse', tries: 1, message: /not valid JSON/ },
	{
		fault: 'htmlPage',
		kind: 'invalidResponse',
		tries: 1,
		message: /an HTML page instead of JSON/,
		description: /Base URL/,
	},
	{
		fault: 'wrongShapeDataObject',
		kind: 'invalidResponse',
		tries: 1,
		message: /data: Expected array, received object/,
	},
	{
		fault: 'wrongShapeItems',
		kind: 'invalidResponse',
		tries: 1,
		message: /expected shape: data: Required/,
	},
	{
		fault: 'wrongShapeMissingFields',
		kind: 'invalidResponse',
		tries: 1,
		message: /data\[0\]\.conversationType: Required/,
	},
];

describe('errors for each fault', () => {
	it.each(faultCases)('$fault → $kind after $tries tries, token never shown', async (faultCase) => {
		fake.setFault({ kind: faultCase.fault });
		const { client, delays } = clientFor();
		const error = await failureOf(client.listConversationTypes(DEMO.organizationId));

		expect(error.kind).toBe(faultCase.kind);
		expect(error.httpCode).toBe(faultCase.httpCode);
		expect(error.message).toMatch(faultCase.message);
		if (faultCase.description) expect(error.description).toMatch(faultCase.description);
		expect(error.description.length).toBeGreaterThan(20);
		expect(error.attempts).toBe(faultCase.tries);
		expect(fake.countRequests('conversationConfigurations')).toBe(faultCase.tries);
		expect(delays).toHaveLength(faultCase.tries - 1);
		expectNoSecret(error, DEMO.userAccessToken);
	});

	it('a response that never arrives times out, is retried, and fails in bounded time', async () => {
		fake.setFault({ kind: 'hang' });
		const { client } = clientFor({ timeoutMs: 150 });
		const error = await failureOf(client.listConversationTypes(DEMO.organizationId));

		expect(error.kind).toBe('timeout');
		expect(error.message).toMatch(/did not answer completely within 150 ms.*\(3 tries\)/);
		expect(fake.countRequests('conversationConfigurations')).toBe(3);
	});

	it('a refused connection is retried and reported as a network error', async () => {
		const closed = await startFakeSiro();
		await closed.close();
		const { client } = clientFor({ baseUrl: closed.url });
		const error = await failureOf(client.listConversationTypes(DEMO.organizationId));
		expect(error.kind).toBe('network');
		expect(error.message).toMatch(/connection refused \(ECONNREFUSED\) \(3 tries\)/);
	});

	it('an empty list is not an error', async () => {
		fake.setFault({ kind: 'emptyList' });
		await expect(clientFor().client.listConversationTypes(DEMO.organizationId)).resolves.toEqual(
			[],
		);
	});

	it('keeps duplicate display names with different UUIDs (the node reports the ambiguity)', async () => {
		fake.setFault({ kind: 'duplicateNames' });
		const configurations = await clientFor().client.listConversationTypes(DEMO.organizationId);
		const sameName = configurations.filter(
			(configuration) => configuration.displayName === DEMO.duplicatedDisplayName,
		);
		expect(new Set(sameName.map((configuration) => configuration.conversationType)).size).toBe(2);
	});

	it('parses 10,000 configurations', async () => {
		fake.setFault({ kind: 'manyConfigurations' });
		const configurations = await clientFor().client.listConversationTypes(DEMO.organizationId);
		expect(configurations).toHaveLength(10000);
		expect(configurations[9999].displayName).toBe('Conversation Type 10000');
	});
});

describe('retries', () => {
	it('recovers when the fault lasts fewer tries than allowed, with exponential backoff', async () => {
		fake.setFault({ kind: 'serverError', times: 2 });
		const { client, delays } = clientFor({ random: () => 1 });
		await expect(client.listConversationTypes(DEMO.organizationId)).resolves.toHaveLength(6);
		expect(delays).toEqual([500, 1000]);
		expect(fake.countRequests()).toBe(3);
	});

	it('jitter keeps at least half of each backoff step, and steps are capped', async () => {
		fake.setFault({ kind: 'unavailable' });
		const { client, delays } = clientFor({
			random: () => 0,
			retry: { maxAttempts: 6, maxDelayMs: 2000 },
		});
		await failureOf(client.listConversationTypes(DEMO.organizationId));
		expect(delays).toEqual([250, 500, 1000, 1000, 1000]);
	});

	it('honours Retry-After in seconds', async () => {
		fake.setFault({ kind: 'rateLimited', times: 1, retryAfter: 7 });
		const { client, delays } = clientFor();
		await expect(client.listConversationTypes(DEMO.organizationId)).resolves.toHaveLength(6);
		expect(delays).toEqual([7000]);
	});

	it('honours Retry-After as an HTTP date', async () => {
		const inTenSeconds = new Date(Date.now() + 10000).toUTCString();
		fake.setFault({ kind: 'rateLimited', times: 1, retryAfter: inTenSeconds });
		const { client, delays } = clientFor();
		await client.listConversationTypes(DEMO.organizationId);
		expect(delays).toHaveLength(1);
		expect(delays[0]).toBeGreaterThan(7000);
		expect(delays[0]).toBeLessThanOrEqual(10000);
	});

	it('does not wait longer than the Retry-After cap: fails at once and says how long Siro asked', async () => {
		fake.setFault({ kind: 'rateLimited', retryAfter: 120 });
		const { client, delays } = clientFor();
		const error = await failureOf(client.listConversationTypes(DEMO.organizationId));
		expect(error.kind).toBe('rateLimited');
		expect(error.message).toMatch(/asked to wait 120 s/);
		expect(delays).toEqual([]);
		expect(fake.countRequests()).toBe(1);
	});

	it('uses the backoff when Retry-After is shorter than it', async () => {
		fake.setFault({ kind: 'unavailable', times: 1, retryAfter: 0 });
		const { client, delays } = clientFor({ random: () => 0 });
		await client.listConversationTypes(DEMO.organizationId);
		expect(delays).toEqual([250]);
	});
});

describe('secrets never reach an error (hole 1)', () => {
	const token = 'siro-user-token-Zq8Kx2Lm9Np4Rt7Vw1Yb3Cd6';
	const organizationToken = 'siro-org-token-Hj5Gf8Ds2Ak4Lp7Qw9Er3Ty6';

	/** A transport whose every answer is `answer(token it was sent)`. */
	function echoing(status: number, answer: (sent: string) => unknown): SiroRequestFunction {
		return async ({ headers }) => ({
			status,
			headers: {},
			body: answer(headers['x-siro-auth-token'] ?? headers.authorization ?? ''),
		});
	}

	const echoes: Array<[string, (sent: string) => string]> = [
		['raw', (sent) => `Invalid token ${sent}`],
		['URL-encoded', (sent) => `Invalid token ${encodeURIComponent(`${sent} /+`)}`],
		['base64', (sent) => `Invalid credentials ${Buffer.from(`user:${sent}`).toString('base64')}`],
		['lower-cased', (sent) => `invalid token ${sent.toLowerCase()}`],
		// Placed so that a 300-character cut falls inside the token.
		['cut at 300 characters', (sent) => `${'x'.repeat(290)} ${sent}`],
		['upper-cased', (sent) => `INVALID TOKEN ${sent.toUpperCase()}`],
	];

	it.each(echoes)(
		'keeps a %s echo of the user token out of message, description, stack and JSON',
		async (_name, echo) => {
			for (const status of [400, 401, 403, 422, 500]) {
				const { client } = clientFor({
					accessToken: token,
					request: echoing(status, (sent) => ({ error: echo(sent) })),
					retry: { maxAttempts: 1 },
				});
				expectNoSecret(await failureOf(client.listConversationTypes(DEMO.organizationId)), token);
			}
		},
	);

	it.each(echoes)(
		'keeps a %s echo of the organization token out of every error',
		async (_name, echo) => {
			const { client } = clientFor({
				organizationApiToken: organizationToken,
				request: echoing(400, (sent) => echo(sent)),
			});
			expectNoSecret(await failureOf(client.listUsers()), organizationToken);
		},
	);

	it('masks Authorization and x-siro-auth-token fragments even for tokens it was never given', async () => {
		const { client } = clientFor({
			request: echoing(400, () => ({
				error:
					'Authorization: Bearer minted-elsewhere-1234567 and x-siro-auth-token: other-777777777',
			})),
		});
		const error = await failureOf(client.listConversationTypes(DEMO.organizationId));
		expectNoSecret(error, 'minted-elsewhere-1234567', 'other-777777777');
		expect(error.message).toContain('[redacted]');
	});

	it('reads the secrets again for every error, so a token minted meanwhile is masked too', async () => {
		const secrets: string[] = [];
		const { client } = clientFor({
			authentication: { headersFor: () => ({}), secrets: () => secrets, pacingKey: (api) => api },
			request: echoing(401, () => ({ error: `token ${token} expired` })),
		});
		secrets.push(token);
		expectNoSecret(await failureOf(client.listConversationTypes(DEMO.organizationId)), token);
	});

	it("never quotes a transport error's message: it may hold the request's headers", async () => {
		const { client } = clientFor({
			accessToken: token,
			request: async () => {
				throw Object.assign(new Error(`cannot send header value ${token}`), { code: 'EWHATEVER' });
			},
		});
		const error = await failureOf(client.listConversationTypes(DEMO.organizationId));
		expect(error.kind).toBe('network');
		expect(error.message).toMatch(/no answer \(EWHATEVER\)/);
		expectNoSecret(error, token);
	});
});

describe('the OAuth client secret never reaches an error (issue 16, item 2)', () => {
	function mintingClient(overrides: Partial<SiroClientOptions> = {}) {
		return clientFor({
			externalApiBaseUrl: `${fake.url}/api-externalApi`,
			organizationApiToken: DEMO.organizationApiToken,
			...overrides,
		}).client;
	}
	const mint = (client: ReturnType<typeof mintingClient>) =>
		client.mintUserAccessToken({
			clientId: DEMO.oauthClientId,
			clientSecret: ECHOED_CLIENT_SECRET,
			userId: DEMO.userId,
		});

	it.each(CLIENT_SECRET_ECHOES.map((echo) => [echoName(echo), echo] as const))(
		'mintUserAccessToken: a %s answer',
		async (_name, echo) => {
			fake.setFault({ kind: 'echoToken', route: 'accessToken', secret: 'clientSecret', ...echo });
			const error = await failureOf(mint(mintingClient()));
			expect(error.httpCode).toBe(echo.status);
			expectNoSecret(error, ECHOED_CLIENT_SECRET, DEMO.organizationApiToken);
			if (echo.in === 'location' && echo.encoding !== 'urlencoded') {
				// What is left is shorter than a piece (the end of a base64 group).
				expect(error.message).toMatch(/to \[redacted\]\w{0,7}\.evil\.example/);
			}
		},
	);

	it("is on the client's list, not the call's: a later call's error masks it too", async () => {
		const client = mintingClient();
		fake.setFault({ kind: 'serverError', route: 'accessToken' });
		await failureOf(mint(client));
		fake.setFault({
			kind: 'echoToken',
			route: 'users',
			status: 400,
			in: 'text',
			secret: 'clientSecret',
		});
		const request: SiroRequestFunction = async () => ({
			status: 400,
			headers: {},
			body: `no such client secret ${ECHOED_CLIENT_SECRET.toLowerCase()}`,
		});
		const listing = mintingClient({ request });
		expectNoSecret(await failureOf(listing.listUsers()), DEMO.organizationApiToken);
		const echoed = await failureOf(
			createSiroClient({
				organizationApiToken: DEMO.organizationApiToken,
				secrets: [ECHOED_CLIENT_SECRET],
				request,
				sleep: async () => undefined,
			}).listUsers(),
		);
		expectNoSecret(echoed, ECHOED_CLIENT_SECRET);
	});

	it('keeps the mask on the secret when characters before it change length when lower-cased (İ)', async () => {
		const client = mintingClient({
			request: async () => ({
				status: 400,
				headers: {},
				body: { error: `${'İ'.repeat(12)} ${ECHOED_CLIENT_SECRET}` },
			}),
		});
		expectNoSecret(await failureOf(mint(client)), ECHOED_CLIENT_SECRET);
	});

	it('masks a secret in an error built outside a request (a custom authentication quoting it)', async () => {
		const signingSecret = 'whsec_C2lnbmluZy1zZWNyZXQtb2YtdGhlLWhvb2s=';
		const client = createSiroClient({
			secrets: [signingSecret],
			authentication: {
				headersFor: () => {
					throw new SiroApiError({
						kind: 'missingToken',
						message: `No token for ${signingSecret}`,
						description: `Set it (${signingSecret.toLowerCase()})`,
					});
				},
				secrets: () => [],
				pacingKey: (api) => api,
			},
			request: transport,
			sleep: async () => undefined,
		});
		const error = await failureOf(client.listUsers());
		expect(error.kind).toBe('missingToken');
		expectNoSecret(error, signingSecret);
	});
});

describe('redirects are never followed (hole 2)', () => {
	it.each([301, 302, 303, 307, 308])(
		'a %i is an error naming where it pointed; the token goes nowhere else',
		async (status) => {
			await withServer(
				(_request, response) => response.end('{}'),
				async (elsewhere, reachedElsewhere) => {
					await withServer(
						(_request, response) => {
							response.writeHead(status, { location: `${elsewhere}/steal` });
							response.end();
						},
						async (siro) => {
							const { client } = clientFor({
								baseUrl: siro,
								organizationApiToken: 'org-token-123456789',
							});
							const error = await failureOf(client.listConversationTypes(DEMO.organizationId));
							expect(error.kind).toBe('redirect');
							expect(error.httpCode).toBe(status);
							expect(error.message).toContain(new URL(elsewhere).host);
							expect(error.attempts).toBe(1);
							const mint = await failureOf(
								createSiroClient({
									externalApiBaseUrl: siro,
									organizationApiToken: 'org-token-123456789',
									request: transport,
									sleep: async () => undefined,
								}).mintUserAccessToken({
									clientId: 'c',
									clientSecret: 'client-secret-12345',
									userId: 'u',
								}),
							);
							expect(mint.kind).toBe('redirect');
							expect(reachedElsewhere).toHaveLength(0);
						},
					);
				},
			);
		},
	);
});

describe('every call ends within attempts × timeout + backoff (hole 6)', () => {
	it('a server dripping one byte at a time is cut off at the deadline and retried', async () => {
		await withServer(
			(_request, response) => {
				response.writeHead(200, { 'content-type': 'application/json' });
				const drip = setInterval(() => response.write(' '), 20);
				response.on('close', () => clearInterval(drip));
			},
			async (siro, received) => {
				const { client, delays } = clientFor({ baseUrl: siro, timeoutMs: 300 });
				const error = await failureOf(client.listConversationTypes(DEMO.organizationId));
				expect(error.kind).toBe('timeout');
				expect(error.attempts).toBe(3);
				expect(received).toHaveLength(3);
				expect(delays).toHaveLength(2);
			},
		);
	});

	it('a stall after the headers is a timeout, retried, not "an empty body"', async () => {
		await withServer(
			(_request, response) => response.writeHead(200, { 'content-type': 'application/json' }),
			async (siro, received) => {
				const { client } = clientFor({ baseUrl: siro, timeoutMs: 200 });
				const error = await failureOf(client.listConversationTypes(DEMO.organizationId));
				expect(error.kind).toBe('timeout');
				expect(received).toHaveLength(3);
			},
		);
	});

	it('ends even when the transport ignores the signal and never settles', async () => {
		let signalled = 0;
		const { client } = clientFor({
			timeoutMs: 50,
			request: ({ signal }) => {
				signal.addEventListener('abort', () => signalled++);
				return new Promise(() => undefined);
			},
		});
		const error = await failureOf(client.listConversationTypes(DEMO.organizationId));
		expect(error.kind).toBe('timeout');
		expect(error.attempts).toBe(3);
		expect(signalled).toBe(3);
	});

	it('a 2xx carried by a thrown error is a network failure, not an answer', async () => {
		const { client } = clientFor({
			request: async () => {
				throw Object.assign(new Error('weird'), { response: { status: 200, data: { data: [] } } });
			},
		});
		const error = await failureOf(client.listConversationTypes(DEMO.organizationId));
		expect(error.kind).toBe('network');
		expect(error.attempts).toBe(3);
	});
});

describe('sizes are bounded (hole 7)', () => {
	it('refuses an answer over the size cap', async () => {
		const { client } = clientFor({
			request: async () => ({
				status: 200,
				headers: {},
				body: `{"data":[${' '.repeat(50 * 1048576)}]}`,
			}),
		});
		const error = await failureOf(client.listConversationTypes(DEMO.organizationId));
		expect(error.kind).toBe('invalidResponse');
		expect(error.message).toMatch(/50 MB long, over the 32 MB/);
	});

	it('caps messages however long what Siro said is', async () => {
		const { client } = clientFor({
			request: async () => ({ status: 400, headers: {}, body: { error: 'x'.repeat(1048576) } }),
		});
		const error = await failureOf(client.listConversationTypes(DEMO.organizationId));
		expect(error.message.length).toBeLessThanOrEqual(600);
		expect(error.description.length).toBeLessThanOrEqual(400);
		expect(JSON.stringify(error).length).toBeLessThan(1500);
	});

	it('quotes at most an excerpt of a huge organization ID', async () => {
		const { client } = clientFor();
		const error = await failureOf(client.listConversationTypes('o'.repeat(1048576)));
		expect(error.kind).toBe('invalidInput');
		expect(error.message.length).toBeLessThan(200);
		expect(fake.countRequests()).toBe(0);
	});
});

describe('pacing: no more than the limit per token in any minute', () => {
	it('holds a burst of requests to the limit per 60 s window, per token', async () => {
		let now = 0;
		const sentAt: number[] = [];
		const pacer = new RequestPacer({ requestsPerMinute: 50, now: () => now });
		const sleep = async (milliseconds: number) => {
			now += milliseconds;
		};
		const client = createSiroClient({
			accessToken: 't'.repeat(20),
			organizationApiToken: 'o'.repeat(20),
			pacer,
			sleep,
			request: async () => {
				sentAt.push(now);
				return { status: 200, headers: {}, body: { data: [], cursor: null } };
			},
		});
		await Promise.all(Array.from({ length: 180 }, () => client.listUsers()));
		expect(sentAt).toHaveLength(180);
		for (const start of sentAt) {
			expect(
				sentAt.filter((time) => time >= start && time < start + 60000).length,
			).toBeLessThanOrEqual(50);
		}
		expect(sentAt[179]).toBeGreaterThanOrEqual(180000);
		// The other token has its own budget.
		const before = now;
		await client.listConversationTypes(DEMO.organizationId).catch(() => undefined);
		expect(now).toBe(before);
	});

	it('counts retries too, and still retries a 429', async () => {
		let now = 0;
		const statuses = [429, 200];
		const sleeps: number[] = [];
		const client = createSiroClient({
			organizationApiToken: 'o'.repeat(20),
			pacer: new RequestPacer({ requestsPerMinute: 1, now: () => now }),
			random: () => 0,
			sleep: async (milliseconds) => {
				sleeps.push(milliseconds);
				now += milliseconds;
			},
			request: async () => ({
				status: statuses.shift()!,
				headers: {},
				body: { data: [], cursor: null },
			}),
		});
		await expect(client.listUsers()).resolves.toEqual([]);
		expect(sleeps).toEqual([250, 59750]);
	});
});

describe('pacing when the given sleep returns early (issue 16, item 8)', () => {
	it('does not spin: a sleep that never waits ends in a clear error naming sleep, not an endless loop', async () => {
		let sleeps = 0;
		const pacer = new RequestPacer({ requestsPerMinute: 1, now: () => 0 });
		const sleep = async () => {
			sleeps++;
			// The old pacer called this forever, never yielding to the event loop: stop it here.
			if (sleeps > 1000) throw new Error('the pacer is spinning');
		};
		await pacer.waitTurn('token', sleep);
		const error = await failureOf(pacer.waitTurn('token', sleep));
		expect(error.kind).toBe('invalidInput');
		expect(error.message).toMatch(/sleep/);
		expect(sleeps).toBeLessThanOrEqual(10);
		// The queue goes on: a later turn with a working sleep gets its slot.
		let now = 0;
		const paced = new RequestPacer({ requestsPerMinute: 1, now: () => now });
		await paced.waitTurn('token', sleep).catch(() => undefined);
		await paced.waitTurn('token', sleep).catch(() => undefined);
		await paced.waitTurn('token', async (milliseconds) => {
			now += milliseconds;
		});
		expect(now).toBe(60000);
	});

	it('waits again for the rest when the sleep returns a little early', async () => {
		let now = 0;
		const asked: number[] = [];
		const pacer = new RequestPacer({ requestsPerMinute: 1, now: () => now });
		const sleep = async (milliseconds: number) => {
			asked.push(milliseconds);
			now += milliseconds > 1 ? milliseconds - 1 : milliseconds;
		};
		await pacer.waitTurn('token', sleep);
		await pacer.waitTurn('token', sleep);
		expect(asked).toEqual([60000, 1]);
	});
});

describe('paging', () => {
	function pagedTransport(pages: Record<string, { data: unknown[]; cursor: string | null }>) {
		const cursorsAsked: Array<string | null> = [];
		const request: SiroRequestFunction = async ({ url }) => {
			const cursor = new URL(url).searchParams.get('cursor');
			cursorsAsked.push(cursor);
			return { status: 200, headers: {}, body: pages[cursor ?? 'first'] };
		};
		return { request, cursorsAsked };
	}
	const user = (id: string) => ({ id, email: `${id}@example.com`, disabled: false });

	it('follows cursors to the end, and stops as soon as the limit is reached', async () => {
		const pages = {
			first: { data: [user('a'), user('b')], cursor: 'c1' },
			c1: { data: [user('c'), user('d')], cursor: 'c2' },
			c2: { data: [user('e')], cursor: null },
		};
		const all = pagedTransport(pages);
		const { client } = clientFor({ organizationApiToken: 'o'.repeat(20), request: all.request });
		expect((await client.listUsers()).map((found) => found.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(all.cursorsAsked).toEqual([null, 'c1', 'c2']);

		const limited = pagedTransport(pages);
		const { client: limitedClient } = clientFor({
			organizationApiToken: 'o'.repeat(20),
			request: limited.request,
		});
		expect(await limitedClient.listUsers({}, { limit: 3 })).toHaveLength(3);
		expect(limited.cursorsAsked).toEqual([null, 'c1']);
	});

	/** Every paged listing of the client, asked with `options`; `sent` counts the requests. */
	function everyListing(options: Record<string, unknown>) {
		let sent = 0;
		const { client } = clientFor({
			organizationApiToken: 'o'.repeat(20),
			request: async () => {
				sent++;
				return { status: 200, headers: {}, body: { data: [user('a')], cursor: null } };
			},
		});
		const listings: Array<[string, () => Promise<unknown>]> = [
			['listUsers', () => client.listUsers({}, options)],
			['listMobileEvents', () => client.listMobileEvents({}, options)],
			['listRecordings', () => client.listRecordings({}, options)],
			['listIntegrationConnections', () => client.listIntegrationConnections({}, options)],
		];
		return { listings, sent: () => sent };
	}

	it.each([NaN, 1.5, -1, -Infinity, '5', null])(
		'refuses limit %p before sending anything, naming limit (never "everything")',
		async (limit) => {
			const { listings, sent } = everyListing({ limit });
			for (const [name, list] of listings) {
				const error = await failureOf(list());
				expect([name, error.kind]).toEqual([name, 'invalidInput']);
				expect(error.message).toMatch(/^limit /);
				expect(error.description).toMatch(/whole number/);
			}
			expect(sent()).toBe(0);
		},
	);

	it('limit 0 lists nothing and sends nothing', async () => {
		const { listings, sent } = everyListing({ limit: 0 });
		for (const [, list] of listings) expect(await list()).toEqual([]);
		expect(sent()).toBe(0);
	});

	it('refuses a cursor Siro sends twice instead of looping forever', async () => {
		const { request } = pagedTransport({
			first: { data: [user('a')], cursor: 'c1' },
			c1: { data: [user('b')], cursor: 'c1' },
		});
		const { client } = clientFor({ organizationApiToken: 'o'.repeat(20), request });
		const error = await failureOf(client.listUsers());
		expect(error.kind).toBe('invalidResponse');
		expect(error.message).toMatch(/cursor "c1" came back a second time/);
	});

	it('reads mobile events nested in arrays as Siro documents them, and flat', async () => {
		const event = (id: string) => ({
			id,
			userId: 'u1',
			organizationId: 'o1',
			eventCode: 'deeplinkReceived',
			event: { fullUrl: 'https://app.siro.ai/record?action=start' },
			createdAt: '2026-12-06T10:00:00.000Z',
		});
		for (const data of [
			[[event('1'), event('2')], [event('3')]],
			[event('1'), event('2'), event('3')],
		]) {
			const { client } = clientFor({
				organizationApiToken: 'o'.repeat(20),
				request: async () => ({ status: 200, headers: {}, body: { data, cursor: null } }),
			});
			expect((await client.listMobileEvents()).map((found) => found.id)).toEqual(['1', '2', '3']);
		}
	});
});

describe('a listing is bounded in time, items and bytes (issue 16, items 5 and 6)', () => {
	const TEN_MINUTES = 10 * 60 * 1000;
	type Listed = 'listUsers' | 'listMobileEvents' | 'listRecordings' | 'getTranscript';
	const LISTINGS: Listed[] = ['listUsers', 'listMobileEvents', 'listRecordings', 'getTranscript'];

	/** Page `n` of each listing, with one item and a cursor to a further page. */
	function pageOf(listed: Listed, n: number, itemsPerPage = 1): unknown {
		const ids = Array.from({ length: itemsPerPage }, (_, index) => `i${n}-${index}`);
		switch (listed) {
			case 'listUsers':
				return { data: ids.map((id) => ({ id })), cursor: `c${n}` };
			case 'listMobileEvents':
				return {
					data: [
						ids.map((id) => ({
							id,
							userId: 'u1',
							organizationId: 'o1',
							eventCode: 'deeplinkReceived',
							event: { fullUrl: 'https://app.siro.ai/record?action=start' },
							createdAt: '2026-12-06T10:00:00.000Z',
						})),
					],
					cursor: `c${n}`,
				};
			case 'listRecordings':
				return {
					data: ids.map((id) => ({ id, updatedAt: '2026-12-06T10:00:00.000Z' })),
					cursor: `c${n}`,
				};
			case 'getTranscript':
				return {
					data: {
						utterances: ids.map((id) => ({ utterance: id, speakerTag: 'A' })),
						speakerMap: {},
					},
					cursor: n,
				};
		}
	}

	function list(client: ReturnType<typeof createSiroClient>, listed: Listed, options = {}) {
		return listed === 'getTranscript'
			? client.getTranscript('rec-1', options)
			: client[listed]({}, options);
	}

	/** A client on a fake clock that only `sleep` and `request` move. */
	function clockedClient(request: (now: { ms: number }) => SiroRequestFunction) {
		const clock = { ms: Date.UTC(2026, 11, 7) };
		const now = () => clock.ms;
		const client = createSiroClient({
			accessToken: 't'.repeat(20),
			organizationApiToken: 'o'.repeat(20),
			now,
			pacer: new RequestPacer({ now }),
			sleep: async (milliseconds) => {
				clock.ms += milliseconds;
			},
			random: () => 0.5,
			request: request(clock),
		});
		return { client, clock };
	}

	/** Each page first answered 429 + Retry-After: 30, then 200 with a fresh cursor. */
	function throttling(listed: Listed) {
		let requests = 0;
		let pages = 0;
		const request: SiroRequestFunction = async () => {
			requests++;
			if (requests % 2 === 1) {
				return { status: 429, headers: { 'retry-after': '30' }, body: { error: 'slow down' } };
			}
			pages++;
			return { status: 200, headers: {}, body: pageOf(listed, pages) };
		};
		return { request, requests: () => requests };
	}

	it.each(LISTINGS)(
		'%s: 429 + Retry-After 30 before every page ends at the 10-minute limit, saying how far it got',
		async (listed) => {
			const { request, requests } = throttling(listed);
			const { client, clock } = clockedClient(() => request);
			const startedAt = clock.ms;
			const error = await failureOf(list(client, listed));
			expect(error.kind).toBe('listingLimit');
			expect(error.message).toMatch(
				/^Stopped .* at its time limit of 10 min \(maxDurationMs\), after 19 pages and 19 items in 10 min\.$/,
			);
			expect(error.description).toMatch(/maxDurationMs/);
			expect(clock.ms - startedAt).toBeLessThanOrEqual(TEN_MINUTES);
			expect(requests()).toBe(39);
		},
	);

	it('says which wait would have passed the limit when one was due', async () => {
		const { request } = throttling('listUsers');
		const { client } = clockedClient(() => request);
		const error = await failureOf(client.listUsers({}, { maxDurationMs: 100000 }));
		expect(error.message).toBe(
			"Stopped listing the organization's users at its time limit of 1 min 40 s (maxDurationMs), after 3 pages and 3 items in 1 min 30 s; the next step, a retry after HTTP 429, meant waiting 30 s more.",
		);
	});

	it('counts the Retry-After waits asked for even when the given sleep returns at once', async () => {
		const { request, requests } = throttling('listUsers');
		const { client, delays } = clientFor({ organizationApiToken: 'o'.repeat(20), request });
		const error = await failureOf(client.listUsers());
		expect(error.kind).toBe('listingLimit');
		expect(delays.reduce((sum, delay) => sum + delay, 0)).toBeLessThanOrEqual(TEN_MINUTES);
		expect(requests()).toBe(39);
	});

	it('ends a listing of slow pages at the limit too (each page 25 s on the clock)', async () => {
		let pages = 0;
		const { client } = clockedClient((clock) => async () => {
			clock.ms += 25000;
			pages++;
			return { status: 200, headers: {}, body: pageOf('listRecordings', pages) };
		});
		const error = await failureOf(client.listRecordings());
		expect(error.kind).toBe('listingLimit');
		expect(error.message).toMatch(/after 24 pages and 24 items in 10 min\.$/);
		expect(pages).toBe(24);
	});

	it('takes a longer time limit where one is needed, and refuses one that is no whole number', async () => {
		let pages = 0;
		const { client } = clockedClient((clock) => async () => {
			clock.ms += 25000;
			pages++;
			return {
				status: 200,
				headers: {},
				body: {
					...(pageOf('listUsers', pages) as object),
					cursor: pages < 30 ? `c${pages}` : null,
				},
			};
		});
		expect(await client.listUsers({}, { maxDurationMs: 15 * 60 * 1000 })).toHaveLength(30);
		for (const maxDurationMs of [0, NaN, 1.5, Infinity]) {
			const error = await failureOf(client.listUsers({}, { maxDurationMs }));
			expect(error.kind).toBe('invalidInput');
			expect(error.message).toMatch(/^maxDurationMs is /);
		}
	});

	it('stops at 100,000 items: pages of 150,000 tiny items end after the first, not after 5', async () => {
		let pages = 0;
		const { client } = clientFor({
			organizationApiToken: 'o'.repeat(20),
			request: async () => {
				pages++;
				const body = JSON.stringify(pageOf('listUsers', pages, 150000));
				return { status: 200, headers: {}, body: pages < 5 ? body : body.replace(/"c5"/, 'null') };
			},
		});
		const error = await failureOf(client.listUsers());
		expect(error.kind).toBe('listingLimit');
		expect(error.message).toMatch(
			/^Stopped listing the organization's users at its limit of 100,000 items \(maxItems\), after 1 page and 100,000 items in \d+ (ms|s); Siro has more\.$/,
		);
		expect(pages).toBe(1);
	});

	it('gives exactly maxItems items without an error, and stops one past it', async () => {
		const pages = (last: number): SiroRequestFunction => {
			let page = 0;
			return async () => {
				page++;
				const body = pageOf('listUsers', page, 3) as { cursor: string | null };
				return {
					status: 200,
					headers: {},
					body: { ...body, cursor: page < last ? body.cursor : null },
				};
			};
		};
		const exact = clientFor({ organizationApiToken: 'o'.repeat(20), request: pages(2) }).client;
		expect(await exact.listUsers({}, { maxItems: 6 })).toHaveLength(6);
		const over = clientFor({ organizationApiToken: 'o'.repeat(20), request: pages(3) }).client;
		const error = await failureOf(over.listUsers({}, { maxItems: 6 }));
		expect(error.message).toMatch(
			/at its limit of 6 items \(maxItems\), after 3 pages and 6 items/,
		);
		// A limit below the cap is no error: the listing simply stops there.
		const limited = clientFor({ organizationApiToken: 'o'.repeat(20), request: pages(3) }).client;
		expect(await limited.listUsers({}, { limit: 5, maxItems: 6 })).toHaveLength(5);
	});

	it('stops past 256 MB of answers: pages of 30 MB with one item each end after the 9th', async () => {
		const padding = 'x'.repeat(30 * 1024 * 1024);
		let pages = 0;
		const { client } = clientFor({
			organizationApiToken: 'o'.repeat(20),
			request: async () => {
				pages++;
				// The padding is beside the data, so the test itself keeps no page in memory.
				const body = `{"data":[{"id":"u${pages}"}],"cursor":"c${pages}","padding":"${padding}"}`;
				return { status: 200, headers: {}, body };
			},
		});
		const error = await failureOf(client.listUsers());
		expect(error.kind).toBe('listingLimit');
		expect(error.message).toMatch(
			/past its limit of 256 MB of answers \(maxBytes\): 270 MB in 9 pages and 9 items/,
		);
		expect(pages).toBe(9);
	});

	it('takes another byte limit, and refuses one that is no whole number', async () => {
		let pages = 0;
		const { client } = clientFor({
			organizationApiToken: 'o'.repeat(20),
			request: async () => {
				pages++;
				return { status: 200, headers: {}, body: JSON.stringify(pageOf('listUsers', pages)) };
			},
		});
		const error = await failureOf(client.listUsers({}, { maxBytes: 100 }));
		expect(error.message).toMatch(
			/past its limit of 100 bytes of answers \(maxBytes\): 1\d\d bytes in 3 pages and 3 items/,
		);
		for (const maxBytes of [-1, '1000']) {
			const refused = await failureOf(client.listUsers({}, { maxBytes } as never));
			expect(refused.message).toMatch(/^maxBytes is /);
		}
	});
});

describe('recordings', () => {
	/** A client for both Siro APIs of the fake: the organization token and the demo user's token. */
	function recordingsClient(overrides: Partial<SiroClientOptions> = {}) {
		return clientFor({
			externalApiBaseUrl: `${fake.url}/api-externalApi`,
			organizationApiToken: DEMO.organizationApiToken,
			...overrides,
		}).client;
	}
	const lastQuery = (route: string) =>
		fake.requests.filter((entry) => entry.route === route).at(-1)?.query;

	it('lists every recording of the organization newest first, deleted ones flagged, in one page of up to 1,000', async () => {
		const recordings = await recordingsClient().listRecordings();
		expect(recordings).toHaveLength(DEMO.recordingCount);
		expect(recordings.filter((recording) => recording.deleted).map(({ id }) => id)).toEqual([
			DEMO.recordings.deleted,
		]);
		const created = recordings.map((recording) => recording.createdAt);
		expect([...created].sort().reverse()).toEqual(created);
		expect(fake.countRequests('recordings')).toBe(1);
		expect(lastQuery('recordings')).toEqual({ pageSize: '1000' });
	});

	it('asks for pages no larger than the limit, and follows cursors when Siro pages smaller', async () => {
		const five = await recordingsClient().listRecordings({}, { limit: 5 });
		expect(five).toHaveLength(5);
		expect(lastQuery('recordings')).toEqual({ pageSize: '5' });

		// Siro's own page size may be smaller than asked: the fake's 25 when pageSize is left out.
		fake.resetLog();
		const pages: string[] = [];
		const request: SiroRequestFunction = async (httpRequest) => {
			const url = new URL(httpRequest.url);
			url.searchParams.delete('pageSize');
			pages.push(url.searchParams.get('cursor') === null ? 'first' : 'next');
			return await transport({ ...httpRequest, url: url.toString() });
		};
		const all = await recordingsClient({ request }).listRecordings();
		expect(all).toHaveLength(DEMO.recordingCount);
		expect(pages).toEqual(['first', 'next']);
		expect(new Set(all.map(({ id }) => id)).size).toBe(DEMO.recordingCount);
	});

	it("sends the windows and flags as Siro's query parameters and gets only matching recordings", async () => {
		const all = await recordingsClient().listRecordings();
		const updated = all.map((recording) => recording.updatedAt).sort();
		const after = updated[10];
		const before = updated[30];
		const matching = await recordingsClient().listRecordings({
			updatedAfter: after,
			updatedBefore: before,
			isProcessingDone: true,
			isSummaryDone: true,
			showCrmLinks: true,
			showSummary: false,
		});
		expect(lastQuery('recordings')).toEqual({
			pageSize: '1000',
			'updatedAt:gt': after,
			'updatedAt:lt': before,
			isProcessingDone: 'true',
			isSummaryDone: 'true',
			showCrmLinks: 'true',
			showSummary: 'false',
		});
		expect(matching.length).toBeGreaterThan(0);
		for (const recording of matching) {
			expect(recording.updatedAt > after && recording.updatedAt < before).toBe(true);
			expect(recording.isProcessingDone).toBe(true);
			expect(recording).not.toHaveProperty('summary');
		}
		expect(matching.some((recording) => recording.crm !== undefined)).toBe(true);

		const created = all.map((recording) => recording.createdAt).sort();
		const window = await recordingsClient().listRecordings({
			createdAfter: created[0],
			createdBefore: created[5],
			isEntityExtractionDone: false,
		});
		expect(lastQuery('recordings')).toMatchObject({
			'createdAt:gt': created[0],
			'createdAt:lt': created[5],
			isEntityExtractionDone: 'false',
		});
		for (const recording of window) {
			expect(recording.createdAt > created[0] && recording.createdAt < created[5]).toBe(true);
		}
	});

	it('reads filters and details as own keys only: a polluted Object.prototype adds no parameter', async () => {
		const polluted = ['updatedAfter', 'isProcessingDone', 'showSummary'];
		for (const key of polluted) {
			Object.defineProperty(Object.prototype, key, {
				value: '2999-01-01T00:00:00.000Z',
				configurable: true,
				writable: true,
			});
		}
		try {
			const client = recordingsClient();
			expect(await client.listRecordings({ showCrmLinks: true }, { limit: 2 })).toHaveLength(2);
			expect(lastQuery('recordings')).toEqual({ pageSize: '2', showCrmLinks: 'true' });
			await client.getRecording(DEMO.recordings.processedLinked, {});
			expect(lastQuery('recording')).toEqual({});
		} finally {
			for (const key of polluted) delete (Object.prototype as Record<string, unknown>)[key];
		}
	});

	it("gets one recording with the details asked for, and names it when it is not the token's organization's", async () => {
		const recording = await recordingsClient().getRecording(DEMO.recordings.processedLinked, {
			showCrmLinks: true,
			showSummary: true,
			showFollowups: true,
		});
		expect(recording.id).toBe(DEMO.recordings.processedLinked);
		expect(recording.crm).toMatchObject({ integrationConnectionId: expect.any(String) });
		expect(recording.summary).toEqual(
			expect.arrayContaining([expect.objectContaining({ name: 'Overview' })]),
		);
		expect(lastQuery('recording')).toEqual({
			showCrmLinks: 'true',
			showSummary: 'true',
			showFollowups: 'true',
		});

		const error = await failureOf(
			recordingsClient().getRecording(DEMO.recordings.otherOrganization),
		);
		expect(error).toMatchObject({ kind: 'notFound', httpCode: 404 });
		expect(error.message).toContain(
			`Siro has no recording for recording "${DEMO.recordings.otherOrganization}"`,
		);
	});

	it('gets the summary sections of a recording', async () => {
		const sections = await recordingsClient().getRecordingSummaries(
			DEMO.recordings.processedLinked,
		);
		expect(sections.map(({ name }) => name)).toEqual([
			'Overview',
			'Customer Needs',
			'Objections',
			'Next Steps',
		]);
		for (const section of sections) expect(section.content).toEqual(expect.any(String));
	});

	it("gets a whole transcript and its speaker names from the platform API with the user's token", async () => {
		const transcript = await recordingsClient().getTranscript(DEMO.recordings.longTranscript);
		expect(transcript.utterances).toHaveLength(DEMO.longTranscriptUtterances);
		expect(Object.keys(transcript.speakerMap).sort()).toEqual(['0', '1', '2']);
		const request = fake.requests.filter((entry) => entry.route === 'utterances').at(-1);
		expect(request?.headers['x-siro-auth-token']).toBe(DEMO.userAccessToken);
		expect(request?.headers.authorization).toBeUndefined();
	});

	it('refuses a transcript without a user token before sending anything', async () => {
		const error = await failureOf(
			recordingsClient({ accessToken: undefined }).getTranscript(DEMO.recordings.longTranscript),
		);
		expect(error).toMatchObject({ kind: 'missingToken', attempts: 0 });
		expect(error.message).toContain('accessToken');
		expect(fake.countRequests('utterances')).toBe(0);
	});
});

describe('base URL', () => {
	it.each([
		['http://example.com/api', /plain http/],
		['ftp://example.com', /not an absolute https URL/],
		['app.siro.ai/api-internalApi', /not an absolute https URL/],
		['', /is empty/],
		['https://app.siro.ai/api?x=1', /query string/],
		['https://user:pass@app.siro.ai', /user name or password/],
	])('refuses %j', (baseUrl, message) => {
		let thrown: unknown;
		try {
			clientFor({ baseUrl });
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(SiroApiError);
		expect((thrown as SiroApiError).kind).toBe('invalidInput');
		expect((thrown as SiroApiError).message).toMatch(message);
	});

	it.each([
		['https://app.siro.ai/api-internalApi/', 'https://app.siro.ai/api-internalApi'],
		['https://api.siro.ai', 'https://api.siro.ai'],
		['http://localhost:3999', 'http://localhost:3999'],
		['http://127.0.0.1:3999/api-internalApi', 'http://127.0.0.1:3999/api-internalApi'],
		['http://[::1]:3999', 'http://[::1]:3999'],
	])('accepts %j', (baseUrl, normalized) => {
		expect(clientFor({ baseUrl }).client.baseUrl).toBe(normalized);
	});
});

describe('base URL holes (hole 9)', () => {
	it('refuses a URL with a password without quoting it', () => {
		const password = 'Hx7kq2Pz9w4Lm';
		let thrown: unknown;
		try {
			clientFor({ baseUrl: `https://admin:${password}@app.siro.ai/api-internalApi` });
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(SiroApiError);
		expectNoSecret(thrown as SiroApiError, password);
	});

	it('does not quote a URL that does not parse but may hold a password (issue 16, item 2)', () => {
		const password = 'Hx7kq2Pz9w4Lm';
		for (const baseUrl of [
			`https://admin:${password}@app siro.ai/api`,
			`https://admin:${password}@[::1/api`,
		]) {
			let thrown: unknown;
			try {
				clientFor({ baseUrl });
			} catch (error) {
				thrown = error;
			}
			expect(thrown).toBeInstanceOf(SiroApiError);
			expect((thrown as SiroApiError).message).toBe(
				'The Base URL given is not an absolute https URL.',
			);
			expectNoSecret(thrown as SiroApiError, password);
		}
	});

	it('strips 100,000 trailing slashes in linear time', () => {
		// A backtracking /\/+$/ takes seconds here; the jest timeout of this test is the bound.
		const { client } = clientFor({ baseUrl: `https://app.siro.ai/api${'/'.repeat(100000)}` });
		expect(client.baseUrl).toBe('https://app.siro.ai/api');
	}, 1000);
});
