/**
 * The Siro API client against the fake Siro server over real sockets. `sleep` is injected and
 * only records the delays it was asked for, so backoff, Retry-After and caps are asserted without
 * waiting; tries are counted from the server's request log.
 */
import axios from 'axios';
import { NodeApiError, type INode } from 'n8n-workflow';

import {
	createSiroClient,
	SiroApiError,
	type SiroApiErrorKind,
	type SiroClientOptions,
	type SiroRequestFunction,
} from '../../nodes/Siro/client';
import { createNodeHttpTransport } from '../../dev/fake-siro/nodeHttpTransport';
import { DEMO, startFakeSiro } from '../../dev/fake-siro/server';
import { useFakeSiro } from './support/fakeSiroFixture';

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

function expectNoSecret(error: SiroApiError, secret: string) {
	expect(error.message).not.toContain(secret);
	expect(error.description).not.toContain(secret);
	expect(JSON.stringify(error)).not.toContain(secret);
	expect(String(error.stack)).not.toContain(secret);
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
		const { client } = clientFor({ accessToken: undefined, request: authenticatingTransport });
		await expect(client.listConversationTypes(DEMO.organizationId)).resolves.toHaveLength(6);

		const { client: unauthenticated } = clientFor({ accessToken: undefined });
		const error = await failureOf(unauthenticated.listConversationTypes(DEMO.organizationId));
		expect(error.kind).toBe('unauthorized');
		expect(fake.requests[1].headers).not.toHaveProperty('x-siro-auth-token');
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
		message: /\(400\): Invalid organizationId parameter/,
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
		message: /\(422\): organizationId: Required/,
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
		expect(error.organizationId).toBe(DEMO.organizationId);
		expect(error.attempts).toBe(faultCase.tries);
		expect(fake.countRequests('conversationConfigurations')).toBe(faultCase.tries);
		expect(delays).toHaveLength(faultCase.tries - 1);
		expectNoSecret(error, DEMO.userAccessToken);
	});

	it('a response that never arrives times out, is retried, and fails in bounded time', async () => {
		fake.setFault({ kind: 'hang' });
		const { client } = clientFor({ timeoutMs: 150 });
		const started = Date.now();
		const error = await failureOf(client.listConversationTypes(DEMO.organizationId));

		expect(Date.now() - started).toBeLessThan(3000);
		expect(error.kind).toBe('timeout');
		expect(error.message).toMatch(/did not answer within 150 ms.*\(3 tries\)/);
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
		const started = Date.now();
		const configurations = await clientFor().client.listConversationTypes(DEMO.organizationId);
		const elapsedMs = Date.now() - started;
		expect(configurations).toHaveLength(10000);
		expect(configurations[9999].displayName).toBe('Conversation Type 10000');
		expect(elapsedMs).toBeLessThan(5000);
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

describe('secrets', () => {
	const leakyToken = 'leaky-token-abcdef123456';

	it('scrubs the token even when Siro echoes it, plus Bearer and header fragments', async () => {
		const echoingTransport: SiroRequestFunction = async () => ({
			status: 400,
			headers: {},
			body: {
				error: `bad token ${leakyToken}; Authorization: Bearer other-secret-99; x-siro-auth-token: third-secret-77`,
			},
		});
		const { client } = clientFor({ accessToken: leakyToken, request: echoingTransport });
		const error = await failureOf(client.listConversationTypes(DEMO.organizationId));
		expectNoSecret(error, leakyToken);
		expectNoSecret(error, 'other-secret-99');
		expectNoSecret(error, 'third-secret-77');
		expect(error.message).toContain('[redacted]');
	});

	it('scrubs secrets the transport knows but the client was not given', async () => {
		const echoingTransport: SiroRequestFunction = async () => {
			throw Object.assign(new Error(`cannot send header value ${leakyToken}`), {
				code: 'EWHATEVER',
			});
		};
		const { client } = clientFor({
			accessToken: undefined,
			request: echoingTransport,
			secrets: [leakyToken],
		});
		const error = await failureOf(client.listConversationTypes(DEMO.organizationId));
		expect(error.kind).toBe('network');
		expectNoSecret(error, leakyToken);
	});
});

describe('transports that throw on HTTP errors', () => {
	const axiosTransport: SiroRequestFunction = async ({ method, url, headers, timeoutMs, body }) => {
		const response = await axios.request({ method, url, headers, timeout: timeoutMs, data: body });
		return {
			status: response.status,
			headers: response.headers as Record<string, unknown>,
			body: response.data,
		};
	};

	it('reads the status of an axios error (4xx not retried, 5xx retried)', async () => {
		const { client: forbidden } = clientFor({ request: axiosTransport });
		const error = await failureOf(forbidden.listConversationTypes(DEMO.otherOrganizationId));
		expect(error.kind).toBe('forbidden');
		expect(error.message).toContain(DEMO.otherOrganizationId);

		fake.resetLog();
		fake.setFault({ kind: 'rateLimited', times: 1, retryAfter: 3 });
		const { client, delays } = clientFor({ request: axiosTransport });
		await expect(client.listConversationTypes(DEMO.organizationId)).resolves.toHaveLength(6);
		expect(delays).toEqual([3000]);
	});

	it("reads n8n's NodeApiError (what httpRequestWithAuthentication throws)", async () => {
		const node: INode = {
			id: 'n',
			name: 'Siro',
			type: 'n8n-nodes-siro.siro',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const n8nLikeTransport: SiroRequestFunction = async (request) => {
			try {
				return await axiosTransport(request);
			} catch (error) {
				throw new NodeApiError(node, error as never);
			}
		};
		const { client } = clientFor({ request: n8nLikeTransport, accessToken: 'not-a-valid-token' });
		const unauthorized = await failureOf(client.listConversationTypes(DEMO.organizationId));
		expect(unauthorized.kind).toBe('unauthorized');
		expect(unauthorized.httpCode).toBe(401);

		fake.setFault({ kind: 'reset' });
		const { client: resetClient } = clientFor({ request: n8nLikeTransport });
		const reset = await failureOf(resetClient.listConversationTypes(DEMO.organizationId));
		expect(reset.kind).toBe('network');
		expect(reset.attempts).toBe(3);
	});
});

describe('base URL', () => {
	it.each([
		['http://example.com/api', /plain http/],
		['ftp://example.com', /not an absolute http\(s\) URL/],
		['app.siro.ai/api-internalApi', /not an absolute http\(s\) URL/],
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
