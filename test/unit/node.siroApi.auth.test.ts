/**
 * The credential's two modes as the node meets them inside n8n: the OAuth app mode mints a user token
 * through preAuthentication and n8n re-mints it after a 401; the access token mode never mints.
 * Real sockets to the fake Siro, through a stand-in for n8n's httpRequestWithAuthentication.
 */
import { inspect } from 'util';

import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { DEMO } from '../../dev/fake-siro/server';
import type { ParametersForItem } from './support/executeContext';
import { useFakeSiro } from './support/fakeSiroFixture';
import { nodeErrorFrom, runSiroNode } from './support/runSiroNode';
import { accessTokenCredentials, oauthAppCredentials } from './support/siroCredentials';

const fake = useFakeSiro();

beforeEach(() => {
	fake.limitUserTokenUses(Infinity);
	fake.data.memberships[DEMO.userId] = [DEMO.organizationId];
});

const DEMO_CONFIGURATION_COUNT = Object.keys(DEMO.conversationTypes).length + 1;

const listParameters: IDataObject = {
	resource: 'conversationType',
	operation: 'getAll',
	organizationId: '',
	returnAll: true,
	simplify: true,
	filters: {},
};

const buildByName: IDataObject = {
	resource: 'recordLink',
	operation: 'build',
	recordAction: 'start',
	title: 'Visit',
	crmObjectsInput: 'fields',
	options: {},
};

/** `stored` plays n8n's saved credential: preAuthentication writes the minted token into it. */
function run(
	stored: ICredentialDataDecryptedObject,
	parameters: IDataObject | ParametersForItem,
	items: IDataObject[] = [{}],
) {
	return runSiroNode({ credentials: stored, parameters, items });
}

/** The request log as `route status` lines, e.g. "accessToken 201", "conversationConfigurations 200". */
function exchanges(): string[] {
	return fake.requests.map((entry) => `${entry.route} ${entry.status}`);
}

describe('OAuth app mode', () => {
	it('mints a user token on the first request, stores it in the credential and sends it to Siro', async () => {
		const stored = oauthAppCredentials(fake);
		const { output } = await run(stored, listParameters);

		expect(output).toHaveLength(DEMO_CONFIGURATION_COUNT);
		expect(exchanges()).toEqual(['accessToken 201', 'conversationConfigurations 200']);
		const [mint, list] = fake.requests;
		expect(mint.headers.authorization).toBe(`Bearer ${DEMO.organizationApiToken}`);
		expect(mint.body).toEqual({
			clientSecret: DEMO.oauthClientSecret,
			userId: DEMO.userId,
			scope: 'read',
		});
		expect(stored.mintedAccessToken).toMatch(/^siro-minted-/);
		expect(list.headers['x-siro-auth-token']).toBe(stored.mintedAccessToken);
	});

	it('reuses the stored token on the next execution without minting again', async () => {
		const stored = oauthAppCredentials(fake);
		await run(stored, listParameters);
		const firstToken = stored.mintedAccessToken;
		fake.resetLog();

		await run(stored, listParameters);
		expect(exchanges()).toEqual(['conversationConfigurations 200']);
		expect(fake.requests[0].headers['x-siro-auth-token']).toBe(firstToken);
	});

	it('re-mints when the token expires mid-run and the run still outputs every item', async () => {
		fake.data.memberships[DEMO.userId].push(DEMO.otherOrganizationId);
		fake.limitUserTokenUses(1); // every token Siro mints from now on works once, then answers 401
		const stored = oauthAppCredentials(fake);
		const organizations = [DEMO.organizationId, DEMO.otherOrganizationId];
		const { output, preAuthentications } = await run(
			stored,
			(itemIndex) => ({ ...listParameters, organizationId: organizations[itemIndex] }),
			[{}, {}],
		);

		// mint → 200 → 401 → mint → 200. The node first reads statuses itself (to keep Siro's
		// Retry-After), so the 401 is sent once more with status errors on: that throw is what makes
		// n8n re-mint, exactly as n8n's httpRequestWithAuthentication does.
		expect(exchanges()).toEqual([
			'accessToken 201',
			'conversationConfigurations 200',
			'conversationConfigurations 401',
			'conversationConfigurations 401',
			'accessToken 201',
			'conversationConfigurations 200',
		]);
		expect(preAuthentications).toEqual([
			{ expired: false, stored: true },
			{ expired: true, stored: true },
		]);
		const [, first, expired, , , renewed] = fake.requests;
		expect(expired.headers['x-siro-auth-token']).toBe(first.headers['x-siro-auth-token']);
		expect(renewed.headers['x-siro-auth-token']).not.toBe(first.headers['x-siro-auth-token']);
		expect(renewed.headers['x-siro-auth-token']).toBe(stored.mintedAccessToken);

		expect(output).toHaveLength(DEMO_CONFIGURATION_COUNT + 1);
		expect(output.filter((item) => (item.pairedItem as { item: number }).item === 0)).toHaveLength(
			DEMO_CONFIGURATION_COUNT,
		);
		expect(output[DEMO_CONFIGURATION_COUNT]).toEqual({
			json: expect.objectContaining({
				displayName: 'Site Survey',
				orgId: DEMO.otherOrganizationId,
			}),
			pairedItem: { item: 1 },
		});
	});

	it('re-mints, in a later execution, a stored token that has expired since', async () => {
		fake.limitUserTokenUses(1); // every token Siro mints from now on works once, then answers 401
		const stored = oauthAppCredentials(fake);
		await run(stored, listParameters);
		const staleToken = stored.mintedAccessToken;
		fake.resetLog();

		const { output } = await run(stored, {
			...buildByName,
			conversationType: { __rl: true, mode: 'name', value: 'service call' },
		});
		expect(new URL(String(output[0].json.recordLink)).searchParams.get('conversationType')).toBe(
			DEMO.conversationTypes.serviceCall.conversationType,
		);
		expect(exchanges()).toEqual([
			'conversationConfigurations 401',
			'conversationConfigurations 401',
			'accessToken 201',
			'conversationConfigurations 200',
		]);
		expect(fake.requests[0].headers['x-siro-auth-token']).toBe(staleToken);
		expect(stored.mintedAccessToken).not.toBe(staleToken);
		expect(fake.requests[3].headers['x-siro-auth-token']).toBe(stored.mintedAccessToken);
	});

	it('gives the 401 explanation when Siro refuses even a freshly minted token, minting once more only', async () => {
		fake.limitUserTokenUses(0); // every token is refused
		const stored = oauthAppCredentials(fake);
		const error = await nodeErrorFrom(run(stored, listParameters));

		expect(error.message).toMatch(
			/rejected the user access token \(401 Unauthorized\) while listing the conversation types of organization "demoOrg123": it is wrong or has expired/,
		);
		expect(exchanges()).toEqual([
			'accessToken 201',
			'conversationConfigurations 401',
			'conversationConfigurations 401',
			'accessToken 201',
			'conversationConfigurations 401',
		]);
		const minted = fake.requests
			.map((entry) => entry.headers['x-siro-auth-token'])
			.filter(Boolean) as string[];
		for (const secret of [...minted, DEMO.organizationApiToken, DEMO.oauthClientSecret]) {
			for (const text of [
				error.message,
				error.description ?? '',
				JSON.stringify(error),
				inspect(error, { depth: 8 }),
			]) {
				expect(text).not.toContain(secret);
			}
		}
	});
});

describe('Access token mode', () => {
	it('sends the pasted token and never mints', async () => {
		const stored = accessTokenCredentials(fake);
		const { output, preAuthentications } = await run(stored, listParameters);

		expect(output).toHaveLength(DEMO_CONFIGURATION_COUNT);
		expect(exchanges()).toEqual(['conversationConfigurations 200']);
		expect(fake.requests[0].headers['x-siro-auth-token']).toBe(DEMO.userAccessToken);
		// n8n calls preAuthentication (the expirable field is empty) but it stores nothing in this mode.
		expect(preAuthentications.every((call) => !call.stored)).toBe(true);
		expect(stored.mintedAccessToken).toBe('');
	});

	it('does not resend or re-mint after a 401: one request, no mint, and the expiry explained', async () => {
		const stored = accessTokenCredentials(fake);
		fake.limitUserTokenUses(0);
		const error = await nodeErrorFrom(
			run(stored, {
				...buildByName,
				conversationType: { __rl: true, mode: 'name', value: 'Service Call' },
			}),
		);

		expect(error.message).toMatch(/401.*wrong or has expired.*\[item 0\]$/);
		expect(error.description).toMatch(/16 hours.*OAuth App \(Auto-Refresh\)/);
		expect(exchanges()).toEqual(['conversationConfigurations 401']);
		expect(fake.countRequests('accessToken')).toBe(0);
	});
});
