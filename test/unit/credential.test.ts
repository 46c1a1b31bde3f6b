/**
 * The Siro API credential: its shape as n8n reads it, which token `authenticate` gives each request,
 * its test request, and preAuthentication driven with n8n's `helpers.httpRequest` (the stand-in in
 * support/n8nHttp.ts, real sockets) against the fake Siro.
 */
import type {
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { SiroApi } from '../../credentials/SiroApi.credentials';
import { SiroApiError } from '../../nodes/Siro/client';
import { DEMO } from '../../dev/fake-siro/server';
import { expectNoSecretPieces } from '../../dev/secretPieces';
import { useFakeSiro } from './support/fakeSiroFixture';
import { n8nHttpRequest, resolveCredentialValue } from './support/n8nHttp';
import { CLIENT_SECRET_ECHOES, ECHOED_CLIENT_SECRET, echoName } from './support/secretEchoes';
import { accessTokenCredentials, oauthAppCredentials } from './support/siroCredentials';

const credential = new SiroApi();
const fake = useFakeSiro();

const helpers = { helpers: { httpRequest: n8nHttpRequest } } as unknown as IHttpRequestHelper;

function preAuthenticate(credentials: ICredentialDataDecryptedObject) {
	return credential.preAuthentication.call(helpers, credentials);
}

async function headersFor(credentials: ICredentialDataDecryptedObject, url: string) {
	const options: IHttpRequestOptions = { url, headers: { accept: 'application/json' } };
	return (await credential.authenticate(credentials, options)).headers;
}

function property(name: string, mode?: string): INodeProperties {
	const found = credential.properties.find(
		(candidate) =>
			candidate.name === name &&
			(mode === undefined ||
				(candidate.displayOptions?.show?.authMode as string[] | undefined)?.includes(mode) !==
					false),
	);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

function shownIn(mode: string) {
	return credential.properties
		.filter((candidate) => candidate.type !== 'hidden' && candidate.name !== 'authMode')
		.filter((candidate) => {
			const show = candidate.displayOptions?.show?.authMode as string[] | undefined;
			return show === undefined || show.includes(mode);
		})
		.map((candidate) => `${candidate.name}${candidate.required ? '*' : ''}`);
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

	it('offers three kinds of user access, each showing its own fields, the organization token in all', () => {
		expect(property('authMode').default).toBe('accessToken');
		expect(
			(property('authMode').options as Array<{ value: string }>).map((option) => option.value),
		).toEqual(['accessToken', 'oauthApp', 'none']);
		expect(shownIn('accessToken')).toEqual([
			'accessToken*',
			'organizationApiToken',
			'organizationId',
			'baseUrl',
			'oauthBaseUrl',
		]);
		expect(shownIn('oauthApp')).toEqual([
			'organizationApiToken*',
			'clientId*',
			'clientSecret*',
			'userId*',
			'organizationId',
			'baseUrl',
			'oauthBaseUrl',
		]);
		expect(shownIn('none')).toEqual([
			'organizationApiToken*',
			'organizationId',
			'baseUrl',
			'oauthBaseUrl',
		]);
	});

	it('hides every secret behind typeOptions.password', () => {
		const secrets = credential.properties.filter((candidate) =>
			['accessToken', 'organizationApiToken', 'clientSecret', 'mintedAccessToken'].includes(
				candidate.name,
			),
		);
		expect(secrets).toHaveLength(5);
		for (const secret of secrets) expect(secret.typeOptions?.password).toBe(true);
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
});

describe('authenticate: each request gets only the token its API takes', () => {
	const platform = () => `${fake.url}/api-internalApi/v1/core/conversation-configurations`;
	const external = () => `${fake.url}/api-externalApi/v1/core/users`;

	it('sends the pasted user token to the platform API and the organization token to the external API', async () => {
		const credentials = accessTokenCredentials(fake, {
			organizationApiToken: DEMO.organizationApiToken,
			mintedAccessToken: 'stale-minted-token-000',
		});
		expect(await headersFor(credentials, platform())).toEqual({
			accept: 'application/json',
			'x-siro-auth-token': DEMO.userAccessToken,
		});
		expect(await headersFor(credentials, external())).toEqual({
			accept: 'application/json',
			authorization: `Bearer ${DEMO.organizationApiToken}`,
		});
	});

	it('sends the minted token in the OAuth App mode, and no user token without user access', async () => {
		const oauth = oauthAppCredentials(fake, {
			accessToken: 'ignored-pasted-token-000',
			mintedAccessToken: 'minted-token-0000000001',
		});
		expect((await headersFor(oauth, platform()))?.['x-siro-auth-token']).toBe(
			'minted-token-0000000001',
		);
		const none = oauthAppCredentials(fake, { authMode: 'none', mintedAccessToken: '' });
		expect(await headersFor(none, platform())).toEqual({ accept: 'application/json' });
	});

	it('sends no token to any other address, not even one that starts like a Siro base URL', async () => {
		const credentials = accessTokenCredentials(fake, {
			organizationApiToken: DEMO.organizationApiToken,
		});
		for (const url of [
			'https://elsewhere.example/v1/core/users',
			`${fake.url}/api-internalApiX/v1/core/users`,
			`${fake.url}/api-externalApi.evil.example/v1`,
		]) {
			expect(await headersFor(credentials, url)).toEqual({ accept: 'application/json' });
		}
	});

	it('refuses a plain-http Base URL that is not loopback', async () => {
		for (const credentials of [
			accessTokenCredentials(fake, { baseUrl: 'http://siro.example.com/api' }),
			oauthAppCredentials(fake, { oauthBaseUrl: 'http://siro.example.com/api-externalApi' }),
		]) {
			const error = await headersFor(credentials, platform()).catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(SiroApiError);
			expect((error as SiroApiError).message).toMatch(/plain http/);
		}
	});
});

describe('test request', () => {
	const { request, rules } = credential.test;
	const resolve = (value: unknown, credentials: ICredentialDataDecryptedObject) =>
		resolveCredentialValue(value, credentials);

	it('asks for the caller identity when there is an organization token, never following redirects', () => {
		const credentials = oauthAppCredentials(fake);
		expect(request.method).toBe('GET');
		expect(request.disableFollowRedirect).toBe(true);
		expect(resolve(request.baseURL, credentials)).toBe(`${fake.url}/api-externalApi`);
		expect(resolve(request.url, credentials)).toBe('/v1/core/auth/caller-identity');
	});

	it("lists the organization's conversation types with the user token otherwise", () => {
		const credentials = accessTokenCredentials(fake, { organizationId: 'org with/space' });
		expect(resolve(request.baseURL, credentials)).toBe(`${fake.url}/api-internalApi`);
		expect(resolve(request.url, credentials)).toBe(
			'/v1/core/conversation-configurations?organizationId=org%20with%2Fspace',
		);
	});

	it('explains 401, 403 and 404', () => {
		const messages = Object.fromEntries(
			(rules ?? []).map((rule) => [rule.properties.value, rule.properties.message]),
		);
		expect(messages[401]).toMatch(/Organization API Token.*16 hours/);
		expect(messages[403]).toMatch(/member or admin/);
		expect(messages[404]).toMatch(/Organization ID and the Base URLs/);
	});
});

describe('preAuthentication', () => {
	it('outside the OAuth App mode stores nothing and sends no request', async () => {
		await expect(preAuthenticate(accessTokenCredentials(fake))).resolves.toEqual({});
		await expect(preAuthenticate(oauthAppCredentials(fake, { authMode: 'none' }))).resolves.toEqual(
			{},
		);
		expect(fake.countRequests()).toBe(0);
	});

	it('in the OAuth App mode mints a read token with the organization token, not following redirects', async () => {
		const output = await preAuthenticate(oauthAppCredentials(fake));
		expect(Object.keys(output)).toEqual(['mintedAccessToken']);
		expect(
			(fake.data.userTokens as Map<string, unknown>).has(String(output.mintedAccessToken)),
		).toBe(true);

		const [mint] = fake.requests;
		expect(mint.method).toBe('POST');
		expect(mint.path).toBe(
			`/api-externalApi/v1/core/oauth/apps/${DEMO.oauthClientId}/access-token`,
		);
		expect(mint.headers.authorization).toBe(`Bearer ${DEMO.organizationApiToken}`);
		expect(mint.headers['x-siro-auth-token']).toBeUndefined();
		expect(mint.body).toEqual({
			clientSecret: DEMO.oauthClientSecret,
			userId: DEMO.userId,
			scope: 'read',
		});
		expect(mint.status).toBe(201);
	});

	it('refuses a plain-http External API Base URL before sending anything', async () => {
		const error = await preAuthenticate(
			oauthAppCredentials(fake, { oauthBaseUrl: 'http://siro.example.com/api-externalApi' }),
		).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(SiroApiError);
		expect((error as SiroApiError).kind).toBe('invalidInput');
		expect(fake.countRequests()).toBe(0);
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
		const shown = `${error.message} ${error.description} ${JSON.stringify(error)} ${error.stack}`;
		for (const secret of [
			credentials.organizationApiToken,
			credentials.clientSecret,
			DEMO.organizationApiToken,
			DEMO.oauthClientSecret,
		]) {
			expect(shown).not.toContain(secret);
		}
	});

	it.each([
		['clientSecret', 'missingToken', /Client Secret is empty/],
		['organizationApiToken', 'missingToken', /Organization API Token is empty/],
		['clientId', 'invalidInput', /Client ID is empty/],
		['userId', 'invalidInput', /User ID is empty/],
	])('names an empty %s before calling Siro', async (field, kind, message) => {
		const error = (await preAuthenticate(oauthAppCredentials(fake, { [field]: '' })).catch(
			(caught: unknown) => caught,
		)) as SiroApiError;
		expect(error).toBeInstanceOf(SiroApiError);
		expect(error.kind).toBe(kind);
		expect(error.message).toMatch(message);
		expect(fake.countRequests()).toBe(0);
	});

	it.each(CLIENT_SECRET_ECHOES.map((echo) => [echoName(echo), echo] as const))(
		'keeps the client secret out of the error of a %s minting answer (issue 16, item 2)',
		async (_name, echo) => {
			fake.setFault({ kind: 'echoToken', route: 'accessToken', secret: 'clientSecret', ...echo });
			const credentials = oauthAppCredentials(fake, { clientSecret: ECHOED_CLIENT_SECRET });
			const error = (await preAuthenticate(credentials).catch(
				(caught: unknown) => caught,
			)) as SiroApiError;
			expect(error).toBeInstanceOf(SiroApiError);
			expect(error.httpCode).toBe(echo.status);
			expect(fake.countRequests('accessToken')).toBeGreaterThanOrEqual(1);
			const shown = `${error.message} ${error.description} ${JSON.stringify(error)} ${error.stack}`;
			expectNoSecretPieces(shown, [ECHOED_CLIENT_SECRET, DEMO.organizationApiToken]);
		},
	);

	it('retries minting through a 503', async () => {
		fake.setFault({ kind: 'unavailable', route: 'accessToken', times: 1 });
		await expect(preAuthenticate(oauthAppCredentials(fake))).resolves.toHaveProperty(
			'mintedAccessToken',
		);
		expect(fake.countRequests('accessToken')).toBe(2);
	});
});
