/**
 * The library entry point (index.ts) with the transports docs/library.md shows (fetch and axios), over
 * real sockets to the fake Siro: what a script outside n8n gets.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import axios from 'axios';

import {
	buildRecordLink,
	createSiroClient,
	parseRecordLink,
	RecordLinkError,
	SiroApiError,
	type SiroRequestFunction,
} from '../../index';
import { DEMO } from '../../dev/fake-siro/server';
import { fetchTransport } from './support/fetchTransport';
import { useFakeSiro } from './support/fakeSiroFixture';

const fake = useFakeSiro();

/** docs/library.md's axios transport. */
const axiosTransport: SiroRequestFunction = async ({ method, url, headers, body, signal }) => {
	const response = await axios.request({
		method,
		url,
		headers,
		data: body,
		signal,
		maxRedirects: 0,
		responseType: 'text',
		validateStatus: () => true,
	});
	return {
		status: response.status,
		headers: response.headers as Record<string, unknown>,
		body: response.data,
	};
};

const sleep = (milliseconds: number) =>
	new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

describe.each([
	['fetch', fetchTransport],
	['axios', axiosTransport],
])('the library with the docs/library.md %s transport', (_name, request) => {
	it('lists conversation types with the user token and users with the organization token', async () => {
		const siro = createSiroClient({
			baseUrl: `${fake.url}/api-internalApi`,
			externalApiBaseUrl: `${fake.url}/api-externalApi`,
			accessToken: DEMO.userAccessToken,
			organizationApiToken: DEMO.organizationApiToken,
			request,
			sleep,
		});
		const types = await siro.listConversationTypes(DEMO.organizationId);
		expect(new Set(types.map((type) => type.displayName))).toEqual(
			new Set(Object.values(DEMO.conversationTypes).map((type) => type.displayName)),
		);
		const identity = await siro.getCallerIdentity();
		expect(identity.organizationId).toBe(DEMO.organizationId);
		expect(fake.requests[0].headers['x-siro-auth-token']).toBe(DEMO.userAccessToken);
		expect(fake.requests[0].headers.authorization).toBeUndefined();
		expect(fake.requests[1].headers.authorization).toBe(`Bearer ${DEMO.organizationApiToken}`);
		expect(fake.requests[1].headers['x-siro-auth-token']).toBeUndefined();
	});

	it('retries a 503 after sleeping, then succeeds', async () => {
		fake.setFault({ kind: 'unavailable', times: 1 });
		const slept: number[] = [];
		const siro = createSiroClient({
			baseUrl: `${fake.url}/api-internalApi`,
			accessToken: DEMO.userAccessToken,
			request,
			sleep: async (milliseconds) => void slept.push(milliseconds),
		});
		await siro.listConversationTypes(DEMO.organizationId);
		expect(fake.requests.map((entry) => entry.status)).toEqual([503, 200]);
		expect(slept).toHaveLength(1);
	});

	it('throws SiroApiError naming the organization for a 403', async () => {
		const siro = createSiroClient({
			baseUrl: `${fake.url}/api-internalApi`,
			accessToken: DEMO.userAccessToken,
			request,
			sleep,
		});
		const failure = await siro
			.listConversationTypes(DEMO.otherOrganizationId)
			.catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(SiroApiError);
		expect((failure as SiroApiError).message).toContain(DEMO.otherOrganizationId);
	});

	it('does not follow a redirect, so the token stays with Siro', async () => {
		const reached: string[] = [];
		const elsewhere = http.createServer((incoming, response) => {
			reached.push(String(incoming.headers['x-siro-auth-token']));
			response.end('{}');
		});
		await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
		const target = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
		const redirecting = http.createServer((_incoming, response) => {
			response.writeHead(307, { location: `${target}/v1/core/conversation-configurations` });
			response.end();
		});
		await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
		try {
			const siro = createSiroClient({
				baseUrl: `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`,
				accessToken: DEMO.userAccessToken,
				request,
				sleep,
			});
			const failure = await siro
				.listConversationTypes(DEMO.organizationId)
				.catch((error: unknown) => error);
			expect((failure as SiroApiError).kind).toBe('redirect');
			expect(reached).toEqual([]);
		} finally {
			await new Promise((resolve) => redirecting.close(resolve));
			await new Promise((resolve) => elsewhere.close(resolve));
		}
	});
});

describe('the link functions', () => {
	it('build, parse and RecordLinkError come from the same entry point', () => {
		const { url } = buildRecordLink({ action: 'stop' });
		expect(parseRecordLink(url)).toMatchObject({ valid: true, params: { action: 'stop' } });
		expect(() => buildRecordLink({ action: 'pause' })).toThrow(RecordLinkError);
	});
});
