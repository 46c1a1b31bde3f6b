/**
 * The Siro credential: its shape as n8n reads it, and preAuthentication driven directly with a
 * `this.helpers.httpRequest` that makes real HTTP calls (axios, like n8n's helper) to the fake Siro.
 */
import axios from 'axios';
import type {
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { SiroApi } from '../../credentials/SiroApi.credentials';
import { createSiroClient, SiroApiError, type SiroRequestFunction } from '../../nodes/Siro/client';
import { createNodeHttpTransport } from '../../dev/fake-siro/nodeHttpTransport';
import { DEMO } from '../../dev/fake-siro/server';
import { useFakeSiro } from './support/fakeSiroFixture';
import { accessTokenCredentials, oauthAppCredentials } from './support/siroCredentials';

const credential = new SiroApi();
const fake = useFakeSiro();

/** What n8n's helpers.httpRequest does with the options preAuthentication uses. */
const httpRequestHelper: IHttpRequestHelper = {
	helpers: {
		httpRequest: async (options: IHttpRequestOptions) => {
			const response = await axios.request({
				method: options.method,
				url: options.url,
				headers: options.headers as Record<string, string> | undefined,
				data: options.body,
				timeout: options.timeout,
				validateStatus: options.ignoreHttpStatusErrors ? () => true : undefined,
			});
			if (!options.returnFullResponse) return response.data;
			return {
				body: response.data,
				headers: response.headers,
				statusCode: response.status,
				statusMessage: response.statusText,
			};
		},
	},
} as IHttpRequestHelper;

function preAuthenticate(credentials: ICredentialDataDecryptedObject) {
	return credential.preAuthentication.call(httpRequestHelper, credentials);
}

/** Evaluates a simple `={{ … }}` credential expression the way n8n's engine does for plain JS. */
function resolveCredentialExpression(
	expression: string,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	const body = /^=\{\{([\s\S]*)\}\}$/.exec(expression);
	if (!body) return expression;
	return new Function('$credentials', `return (${body[1]});`)(credentials);
}

function authHeaderFor(credentials: ICredentialDataDecryptedObject): unknown {
	return resolveCredentialExpression(
		credential.authenticate.properties.headers!['x-siro-auth-token'] as string,
		credentials,
	);
}

function property(name: string): INodeProperties {
	const found = credential.properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

describe('shape', () => {
	it('identifies itself as n8n and its scanner expect', () => {
		expect(credential.name).toBe('siroApi');
		expect(credential.displayName).toBe('Siro API');
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		expect(credential.icon).toEqual({
			light: 'file:../nodes/Siro/siro.svg',
			dark: 'file:../nodes/Siro/siro.dark.svg',
		});
	});

	it('offers the two modes, each showing its own fields', () => {
		expect(property('authMode').default).toBe('accessToken');
		expect(
			(property('authMode').options as Array<{ value: string }>).map((option) => option.value),
		).toEqual(['accessToken', 'oauthApp']);
		const shownIn = (mode: string) =>
			credential.properties
				.filter((candidate) => candidate.type !== 'hidden' && candidate.name !== 'authMode')
				.filter((candidate) => {
					const show = candidate.displayOptions?.show?.authMode as string[] | undefined;
					return show === undefined || show.includes(mode);
				})
				.map((candidate) => candidate.name);
		expect(shownIn('accessToken')).toEqual(['accessToken', 'organizationId', 'baseUrl']);
		expect(shownIn('oauthApp')).toEqual([
			'organizationApiToken',
			'clientId',
			'clientSecret',
			'userId',
			'organizationId',
			'baseUrl',
			'oauthBaseUrl',
		]);
	});

	it('hides every secret behind typeOptions.password', () => {
		for (const name of [
			'accessToken',
			'organizationApiToken',
			'clientSecret',
			'mintedAccessToken',
		]) {
			expect(property(name).typeOptions?.password).toBe(true);
		}
	});

	it('defaults the Base URLs to Siro', () => {
		expect(property('baseUrl').default).toBe('https://app.siro.ai/api-internalApi');
		expect(property('oauthBaseUrl').default).toBe('https://functions.siro.ai/api-externalApi');
	});

	it('has exactly one hidden expirable field, the one n8n fills through preAuthentication', () => {
		// n8n's CredentialsHelper.preAuthentication looks the field up exactly like this.
		const expirable = credential.properties.filter(
			(candidate) => candidate.type === 'hidden' && candidate.typeOptions?.expirable === true,
		);
		expect(expirable.map((candidate) => candidate.name)).toEqual(['mintedAccessToken']);
		expect(expirable[0].default).toBe('');
	});

	it('sends the pasted token or the minted one in x-siro-auth-token, by mode', () => {
		expect(credential.authenticate.type).toBe('generic');
		expect(authHeaderFor(accessTokenCredentials(fake, { mintedAccessToken: 'stale' }))).toBe(
			DEMO.userAccessToken,
		);
		expect(
			authHeaderFor(
				oauthAppCredentials(fake, { accessToken: 'ignored', mintedAccessToken: 'minted-1' }),
			),
		).toBe('minted-1');
	});

	it('tests against conversation-configurations of the organization, explaining 401/403/404', () => {
		const { request, rules } = credential.test;
		expect(request.method).toBe('GET');
		expect(
			resolveCredentialExpression(request.baseURL as string, accessTokenCredentials(fake)),
		).toBe(`${fake.url}/api-internalApi`);
		expect(request.url).toBe('/v1/core/conversation-configurations');
		expect(
			resolveCredentialExpression(
				request.qs!.organizationId as string,
				accessTokenCredentials(fake),
			),
		).toBe(DEMO.organizationId);
		const messages = Object.fromEntries(
			(rules ?? []).map((rule) => [rule.properties.value, rule.properties.message]),
		);
		expect(messages[401]).toMatch(/16 hours/);
		expect(messages[403]).toMatch(/member or admin/);
		expect(messages[404]).toMatch(/Organization ID and the Base URL/);
	});
});

describe('preAuthentication', () => {
	it('in Access Token mode stores nothing and sends no request', async () => {
		await expect(preAuthenticate(accessTokenCredentials(fake))).resolves.toEqual({});
		expect(fake.countRequests()).toBe(0);
	});

	it('refuses a plain-http Base URL that is not loopback, in both modes', async () => {
		for (const credentials of [
			accessTokenCredentials(fake, { baseUrl: 'http://siro.example.com/api' }),
			oauthAppCredentials(fake, { baseUrl: 'http://siro.example.com/api' }),
			oauthAppCredentials(fake, { oauthBaseUrl: 'http://siro.example.com/api-externalApi' }),
		]) {
			const error = await preAuthenticate(credentials).catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(SiroApiError);
			expect((error as SiroApiError).kind).toBe('invalidInput');
		}
		expect(fake.countRequests()).toBe(0);
	});

	it('in OAuth App mode mints a read token that lists conversation types', async () => {
		const output = await preAuthenticate(oauthAppCredentials(fake));
		expect(Object.keys(output)).toEqual(['mintedAccessToken']);

		const [mint] = fake.requests;
		expect(mint.method).toBe('POST');
		expect(mint.path).toBe(
			`/api-externalApi/v1/core/oauth/apps/${DEMO.oauthClientId}/access-token`,
		);
		expect(mint.headers.authorization).toBe(`Bearer ${DEMO.organizationApiToken}`);
		expect(mint.body).toEqual({
			clientSecret: DEMO.oauthClientSecret,
			userId: DEMO.userId,
			scope: 'read',
		});
		expect(mint.status).toBe(201);

		const client = createSiroClient({
			baseUrl: `${fake.url}/api-internalApi`,
			accessToken: authHeaderFor(
				oauthAppCredentials(fake, output as ICredentialDataDecryptedObject),
			) as string,
			request: createNodeHttpTransport(),
			sleep: async () => undefined,
		});
		await expect(client.listConversationTypes(DEMO.organizationId)).resolves.toHaveLength(6);
	});

	it.each([
		['organizationApiToken', 'wrong-org-api-token-000', 'unauthorized', 401],
		['clientSecret', 'wrong-client-secret-000', 'unauthorized', 401],
		['clientId', 'unknown-client', 'notFound', 404],
		['userId', 'someone-else', 'forbidden', 403],
	])('explains a wrong %s without showing any secret', async (field, value, kind, httpCode) => {
		const credentials = oauthAppCredentials(fake, { [field]: value });
		const error = (await preAuthenticate(credentials).catch(
			(caught: unknown) => caught,
		)) as SiroApiError;
		expect(error).toBeInstanceOf(SiroApiError);
		expect(error.kind).toBe(kind);
		expect(error.httpCode).toBe(httpCode);
		const shown = `${error.message} ${error.description} ${JSON.stringify(error)}`;
		for (const secret of [
			credentials.organizationApiToken,
			credentials.clientSecret,
			DEMO.organizationApiToken,
			DEMO.oauthClientSecret,
		]) {
			expect(shown).not.toContain(secret);
		}
	});

	it('names an empty OAuth field before calling Siro', async () => {
		const error = (await preAuthenticate(oauthAppCredentials(fake, { clientSecret: '' })).catch(
			(caught: unknown) => caught,
		)) as SiroApiError;
		expect(error.kind).toBe('invalidInput');
		expect(error.message).toMatch(/Client Secret is empty/);
		expect(fake.countRequests()).toBe(0);
	});

	it('retries minting through a 503', async () => {
		fake.setFault({ kind: 'unavailable', route: 'accessToken', times: 1 });
		await expect(preAuthenticate(oauthAppCredentials(fake))).resolves.toHaveProperty(
			'mintedAccessToken',
		);
		expect(fake.countRequests('accessToken')).toBe(2);
	});
});

/**
 * n8n's httpRequestWithAuthentication, reduced to what matters for this credential: call
 * preAuthentication when the expirable field is empty, authenticate, send; when the request
 * throws a 401, call preAuthentication again (credentials expired), re-authenticate, resend once.
 * (packages/core …/request-helpers/authentication.ts and packages/cli/src/credentials-helper.ts)
 */
function n8nLikeAuthenticatedTransport(
	stored: ICredentialDataDecryptedObject,
): SiroRequestFunction {
	const send = async (headers: Record<string, string>, url: string) => {
		const response = await axios.request({ method: 'GET', url, headers });
		return {
			status: response.status,
			headers: response.headers as Record<string, unknown>,
			body: response.data,
		};
	};
	const refresh = async () => Object.assign(stored, await preAuthenticate(stored));
	return async ({ url, headers }) => {
		if (stored.mintedAccessToken === '') await refresh();
		try {
			return await send({ ...headers, 'x-siro-auth-token': authHeaderFor(stored) as string }, url);
		} catch (error) {
			if ((error as { response?: { status?: number } }).response?.status !== 401) throw error;
			await refresh();
			return await send({ ...headers, 'x-siro-auth-token': authHeaderFor(stored) as string }, url);
		}
	};
}

describe('expiring user tokens in OAuth App mode', () => {
	afterEach(() => fake.limitUserTokenUses(Infinity));

	it('mints once, reuses the token, and re-mints after it expires', async () => {
		fake.limitUserTokenUses(2);
		const stored = oauthAppCredentials(fake);
		const client = createSiroClient({
			baseUrl: String(stored.baseUrl),
			request: n8nLikeAuthenticatedTransport(stored),
			sleep: async () => undefined,
		});

		for (let run = 0; run < 3; run++) {
			await expect(client.listConversationTypes(DEMO.organizationId)).resolves.toHaveLength(6);
		}
		expect(fake.countRequests('accessToken')).toBe(2);
		expect(fake.requests.map((entry) => `${entry.route}:${entry.status}`)).toEqual([
			'accessToken:201',
			'conversationConfigurations:200',
			'conversationConfigurations:200',
			'conversationConfigurations:401',
			'accessToken:201',
			'conversationConfigurations:200',
		]);
	});

	it('a pasted token that expired gives the 16-hour explanation', async () => {
		fake.limitUserTokenUses(0);
		const client = createSiroClient({
			baseUrl: `${fake.url}/api-internalApi`,
			accessToken: DEMO.userAccessToken,
			request: createNodeHttpTransport(),
			sleep: async () => undefined,
		});
		const error = (await client
			.listConversationTypes(DEMO.organizationId)
			.catch((caught: unknown) => caught)) as SiroApiError;
		expect(error.kind).toBe('unauthorized');
		expect(error.description).toMatch(/16 hours/);
	});
});
