import axios from 'axios';

import {
	buildRecordLink,
	createSiroClient,
	parseRecordLink,
	RecordLinkError,
	Siro,
	SiroApi,
	SiroApiError,
} from '../../index';
import { DEMO } from '../../dev/fake-siro/server';
import { useFakeSiro } from './support/fakeSiroFixture';

const fake = useFakeSiro();

/** The axios transport exactly as the README shows it. */
const axiosTransport = async ({
	method,
	url,
	headers,
	timeoutMs,
	body,
}: Parameters<Parameters<typeof createSiroClient>[0]['request']>[0]) => {
	const response = await axios.request({
		method,
		url,
		headers,
		data: body,
		timeout: timeoutMs,
		validateStatus: () => true,
	});
	return {
		status: response.status,
		headers: response.headers as Record<string, unknown>,
		body: response.data,
	};
};

describe('the library entry point (index.ts)', () => {
	it('lists conversation types with the README axios transport and the default sleep', async () => {
		const siro = createSiroClient({
			baseUrl: `${fake.url}/api-internalApi`,
			accessToken: DEMO.userAccessToken,
			request: axiosTransport,
		});
		const types = await siro.listConversationTypes(DEMO.organizationId);
		expect(new Set(types.map((type) => type.displayName))).toEqual(
			new Set(Object.values(DEMO.conversationTypes).map((type) => type.displayName)),
		);
		expect(fake.requests[0].headers['x-siro-auth-token']).toBe(DEMO.userAccessToken);
	});

	it('retries through the default sleep (n8n-workflow) and then succeeds', async () => {
		fake.setFault({ kind: 'unavailable', times: 1 });
		const siro = createSiroClient({
			baseUrl: `${fake.url}/api-internalApi`,
			accessToken: DEMO.userAccessToken,
			request: axiosTransport,
			retry: { baseDelayMs: 1, maxDelayMs: 2 },
		});
		await expect(siro.listConversationTypes(DEMO.organizationId)).resolves.toHaveLength(
			Object.keys(DEMO.conversationTypes).length + 1,
		);
		expect(fake.requests.map((entry) => entry.status)).toEqual([503, 200]);
	});

	it('throws SiroApiError naming the organization for a 403', async () => {
		const siro = createSiroClient({
			baseUrl: `${fake.url}/api-internalApi`,
			accessToken: DEMO.userAccessToken,
			request: axiosTransport,
		});
		const failure = await siro
			.listConversationTypes(DEMO.otherOrganizationId)
			.catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(SiroApiError);
		expect((failure as SiroApiError).message).toContain(DEMO.otherOrganizationId);
	});

	it('exports the link functions, the error class and the n8n classes', () => {
		const { url } = buildRecordLink({ action: 'stop' });
		expect(parseRecordLink(url)).toMatchObject({ valid: true, params: { action: 'stop' } });
		expect(() => buildRecordLink({ action: 'pause' })).toThrow(RecordLinkError);
		expect(new Siro().description.name).toBe('siro');
		expect(new SiroApi().name).toBe('siroApi');
	});
});
