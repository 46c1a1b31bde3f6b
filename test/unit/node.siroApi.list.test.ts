/**
 * The Siro node's List Conversation Types, run with `new Siro().execute` against the fake Siro over
 * real sockets, through a stand-in for n8n's httpRequestWithAuthentication (test/unit/support/n8nHttp.ts).
 */
import { inspect } from 'util';

import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { DEMO } from '../../dev/fake-siro/server';
import type { ParametersForItem } from './support/executeContext';
import { useFakeSiro } from './support/fakeSiroFixture';
import { nodeErrorFrom, runSiroNode, type NodeError } from './support/runSiroNode';
import { accessTokenCredentials } from './support/siroCredentials';

const fake = useFakeSiro();

const SIMPLIFIED_KEYS = ['conversationType', 'displayName', 'id', 'orgId', 'teamId'];
const DEMO_TYPE_COUNT = Object.keys(DEMO.conversationTypes).length; // org-level types
const DEMO_CONFIGURATION_COUNT = DEMO_TYPE_COUNT + 1; // plus the team-level copy

const listParameters: IDataObject = {
	resource: 'conversationType',
	operation: 'getAll',
	organizationId: '',
	returnAll: true,
	limit: 50,
	simplify: true,
	filters: {},
};

/**
 * Runs List Conversation Types with the demo Access Token credential unless `credentials` says otherwise;
 * `parameters` given as an object are changes to `listParameters`.
 */
function runList(options: {
	items?: IDataObject[];
	parameters?: IDataObject | ParametersForItem;
	continueOnFail?: boolean;
	credentials?: ICredentialDataDecryptedObject;
}) {
	const parameters = options.parameters ?? listParameters;
	return runSiroNode({
		items: options.items,
		parameters:
			typeof parameters === 'function' ? parameters : { ...listParameters, ...parameters },
		continueOnFail: options.continueOnFail,
		credentials: options.credentials ?? accessTokenCredentials(fake),
	});
}

function listError(options: Parameters<typeof runList>[0]): Promise<NodeError> {
	return nodeErrorFrom(runList(options));
}

function configurationRequests() {
	return fake.requests.filter((entry) => entry.route === 'conversationConfigurations');
}

describe('List Conversation Types: what it outputs', () => {
	it('outputs one simplified item per configuration, with only the five simplified fields', async () => {
		const { output } = await runList({});

		expect(output).toHaveLength(DEMO_CONFIGURATION_COUNT);
		for (const item of output) {
			expect(Object.keys(item.json).every((key) => SIMPLIFIED_KEYS.includes(key))).toBe(true);
			expect(item.json).toMatchObject({ orgId: DEMO.organizationId });
			expect(item.pairedItem).toEqual({ item: 0 });
		}
		expect(output.map((item) => item.json.displayName)).toEqual(
			expect.arrayContaining(Object.values(DEMO.conversationTypes).map((type) => type.displayName)),
		);
		const teamCopy = output.find((item) => item.json.teamId === DEMO.teamId);
		expect(teamCopy?.json).toEqual({
			conversationType: DEMO.teamConversationType,
			displayName: 'In-Home Consultation',
			id: `${DEMO.teamId}-${DEMO.teamConversationType}`,
			orgId: DEMO.organizationId,
			teamId: DEMO.teamId,
		});
	});

	it('with Simplify off outputs everything Siro returned, debrief questions included', async () => {
		const { output } = await runList({ parameters: { simplify: false } });

		expect(output).toHaveLength(DEMO_CONFIGURATION_COUNT);
		expect(output.map((item) => item.json)).toEqual(
			fake.data.configurationsByOrg[DEMO.organizationId],
		);
		expect(output[0].json.debriefQuestions).toEqual([
			expect.objectContaining({ prompt: 'What was the outcome?', responseType: 'SELECT_RESPONSE' }),
			expect.objectContaining({ prompt: 'Next appointment date' }),
		]);
		expect(output[0].json).toHaveProperty('summaryPrompts');
	});

	it('returns at most Limit items unless Return All is on', async () => {
		const limited = await runList({ parameters: { returnAll: false, limit: 2 } });
		expect(limited.output).toHaveLength(2);
		const all = await runList({ parameters: { returnAll: true, limit: 2 } });
		expect(all.output).toHaveLength(DEMO_CONFIGURATION_COUNT);
	});

	it('keeps only the types whose display name contains the filter text, ignoring case', async () => {
		const { output } = await runList({ parameters: { filters: { displayName: '  CONSULT ' } } });
		expect(output.map((item) => item.json.displayName)).toEqual([
			'In-Home Consultation',
			'In-Home Consultation',
		]);

		const none = await runList({ parameters: { filters: { displayName: 'no such type' } } });
		expect(none.output).toEqual([]);
	});

	it('reads the filters as own keys only: a polluted Object.prototype filters nothing', async () => {
		Object.defineProperty(Object.prototype, 'displayName', {
			value: 'no such type',
			configurable: true,
			writable: true,
		});
		try {
			const { output } = await runList({ parameters: { filters: {} } });
			expect(output).toHaveLength(DEMO_CONFIGURATION_COUNT);
		} finally {
			delete (Object.prototype as Record<string, unknown>).displayName;
		}
	});

	it("asks for the credential's organization by default and for the node's Organization ID when set", async () => {
		await runList({});
		fake.data.memberships[DEMO.userId].push('secondOrg789');
		fake.data.configurationsByOrg.secondOrg789 = [
			{
				id: 'second-1',
				conversationType: '11111111-2222-4333-8444-555555555555',
				displayName: 'Roof Check',
				orgId: 'secondOrg789',
			},
		];
		try {
			const { output } = await runList({ parameters: { organizationId: ' secondOrg789 ' } });
			expect(output.map((item) => item.json)).toEqual([
				{
					id: 'second-1',
					conversationType: '11111111-2222-4333-8444-555555555555',
					displayName: 'Roof Check',
					orgId: 'secondOrg789',
				},
			]);
		} finally {
			fake.data.memberships[DEMO.userId].pop();
			delete fake.data.configurationsByOrg.secondOrg789;
		}
		expect(configurationRequests().map((entry) => entry.query.organizationId)).toEqual([
			DEMO.organizationId,
			'secondOrg789',
		]);
		expect(
			configurationRequests().every(
				(entry) => entry.headers['x-siro-auth-token'] === DEMO.userAccessToken,
			),
		).toBe(true);
	});

	it('sends one request for 50 items asking for one organization, and pairs every output with its item', async () => {
		const items = Array.from({ length: 50 }, (_, index) => ({ index }));
		const { output } = await runList({ items });

		expect(fake.countRequests('conversationConfigurations')).toBe(1);
		expect(output).toHaveLength(50 * DEMO_CONFIGURATION_COUNT);
		output.forEach((item, outputIndex) => {
			expect(item.pairedItem).toEqual({ item: Math.floor(outputIndex / DEMO_CONFIGURATION_COUNT) });
		});
	});

	it('sends one request per organization for 50 items split over two organizations', async () => {
		fake.data.memberships[DEMO.userId].push(DEMO.otherOrganizationId);
		try {
			const organizationFor = (itemIndex: number) =>
				itemIndex % 2 === 0 ? DEMO.organizationId : DEMO.otherOrganizationId;
			const { output } = await runList({
				items: Array.from({ length: 50 }, () => ({})),
				parameters: (itemIndex) => ({
					...listParameters,
					organizationId: organizationFor(itemIndex),
				}),
			});
			expect(
				configurationRequests()
					.map((entry) => entry.query.organizationId)
					.sort(),
			).toEqual([DEMO.organizationId, DEMO.otherOrganizationId].sort());
			expect(output).toHaveLength(25 * DEMO_CONFIGURATION_COUNT + 25 * 1);
			for (const item of output) {
				const itemIndex = (item.pairedItem as { item: number }).item;
				expect(item.json.orgId).toBe(organizationFor(itemIndex));
			}
		} finally {
			fake.data.memberships[DEMO.userId].pop();
		}
	});

	it('lists 10,000 configurations', async () => {
		fake.setFault({ kind: 'manyConfigurations', count: 10000 });
		const { output } = await runList({ parameters: { returnAll: true } });

		expect(output).toHaveLength(10000);
		expect(output[9999].json).toEqual({
			conversationType: '00000000-0000-4000-8000-00000000270f',
			displayName: 'Conversation Type 10000',
			id: `${DEMO.organizationId}-00000000-0000-4000-8000-00000000270f`,
			orgId: DEMO.organizationId,
		});
		expect(fake.countRequests('conversationConfigurations')).toBe(1);
	});
});

describe('List Conversation Types: errors', () => {
	const itemsForTwoOrganizations = [
		{ org: DEMO.organizationId },
		{ org: DEMO.otherOrganizationId },
		{ org: DEMO.organizationId },
	];
	const organizationParameter: ParametersForItem = (itemIndex) => ({
		...listParameters,
		organizationId: itemsForTwoOrganizations[itemIndex].org,
	});

	it("stops on an organization the token's user does not belong to (403), naming it and the item", async () => {
		const error = await listError({
			items: itemsForTwoOrganizations,
			parameters: organizationParameter,
		});

		expect(error.message).toMatch(
			new RegExp(`not a member or admin of organization "${DEMO.otherOrganizationId}"`),
		);
		expect(error.message).toMatch(/403/);
		expect(error.message).toMatch(/\[item 1\]/);
		expect(error.description).toMatch(/Organization ID/);
		expect(error.context.itemIndex).toBe(1);
	});

	it('with Continue On Fail keeps the good items and puts the 403 on the item that asked for the other organization', async () => {
		const { output } = await runList({
			items: itemsForTwoOrganizations,
			parameters: organizationParameter,
			continueOnFail: true,
		});

		expect(output).toHaveLength(2 * DEMO_CONFIGURATION_COUNT + 1);
		const failed = output.filter((item) => item.json.error !== undefined);
		expect(failed).toHaveLength(1);
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(failed[0].json.error).toMatch(new RegExp(`organization "${DEMO.otherOrganizationId}"`));
		expect(failed[0].json.fix).toMatch(/Organization ID/);
		expect(output.filter((item) => (item.pairedItem as { item: number }).item === 0)).toHaveLength(
			DEMO_CONFIGURATION_COUNT,
		);
		expect(output.filter((item) => (item.pairedItem as { item: number }).item === 2)).toHaveLength(
			DEMO_CONFIGURATION_COUNT,
		);
		expect(fake.countRequests('conversationConfigurations')).toBe(2);
	});

	it('explains a 401 as a wrong or expired token, says user tokens last 16 hours, and sends it once', async () => {
		const error = await listError({
			credentials: accessTokenCredentials(fake, { accessToken: 'siro-revoked-token-0000000001' }),
		});

		expect(error.message).toMatch(/wrong or has expired/);
		expect(error.message).toMatch(/401/);
		expect(error.description).toMatch(/expire after 16 hours/);
		expect(fake.countRequests('conversationConfigurations')).toBe(1);
	});

	it('keeps the access token out of every error message, description, serialized error and output item', async () => {
		const revokedToken = 'siro-revoked-token-7d1e9a3c5b';
		const credentials = accessTokenCredentials(fake, { accessToken: revokedToken });
		const thrown = await listError({ credentials });
		const kept = await runList({ credentials, continueOnFail: true });

		fake.data.memberships[DEMO.userId] = [];
		let forbidden: NodeError;
		try {
			forbidden = await listError({});
		} finally {
			fake.data.memberships[DEMO.userId] = [DEMO.organizationId];
		}
		const tokensSent = configurationRequests().map((entry) => entry.headers['x-siro-auth-token']);
		expect(tokensSent).toEqual([revokedToken, revokedToken, DEMO.userAccessToken]); // the secrets did travel

		for (const [error, token] of [
			[thrown, revokedToken],
			[forbidden, DEMO.userAccessToken],
		] as const) {
			const everything = [
				error.message,
				error.description ?? '',
				JSON.stringify(error),
				inspect(error, { depth: 8 }),
			];
			for (const text of everything) expect(text).not.toContain(token);
		}
		expect(kept.output).toHaveLength(1);
		expect(kept.output[0].json.error).toMatch(/401/);
		expect(JSON.stringify(kept.output)).not.toContain(revokedToken);
	});

	it.each([
		['wrongShapeDataObject', /does not have the expected shape: data: Expected array/],
		['wrongShapeItems', /does not have the expected shape: data: Required/],
		[
			'wrongShapeMissingFields',
			/does not have the expected shape: data\[0\]\.conversationType: Required/,
		],
		['invalidJson', /answered with text that is not valid JSON/],
		['htmlPage', /answered with an HTML page instead of JSON/],
	])('turns a %s answer into a clear error that points at the Base URL', async (kind, message) => {
		fake.setFault({ kind });
		const error = await listError({});

		expect(error.message).toMatch(message);
		expect(error.description).toMatch(/Base URL/);
		expect(fake.countRequests('conversationConfigurations')).toBe(1);
	});

	it('waits as long as a 429 Retry-After asks, then retries and succeeds', async () => {
		fake.setFault({ kind: 'rateLimited', times: 1, retryAfter: 1 });
		const started = Date.now();
		const { output } = await runList({});

		expect(output).toHaveLength(DEMO_CONFIGURATION_COUNT);
		expect(configurationRequests().map((entry) => entry.status)).toEqual([429, 200]);
		const [first, second] = configurationRequests();
		// Backoff alone would wait at most 500 ms; Retry-After: 1 asks for a second.
		expect(second.time - first.time).toBeGreaterThanOrEqual(950);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	it('gives up on a 429 that keeps coming after a bounded number of tries, saying so', async () => {
		fake.setFault({ kind: 'rateLimited', retryAfter: 0 });
		const error = await listError({});

		expect(error.message).toMatch(/rate limiting.*429.*after 3 tries/);
		expect(error.description).toMatch(/1,000 requests per minute/);
		expect(fake.countRequests('conversationConfigurations')).toBe(3);
	});
});

describe('List Conversation Types: transient failures', () => {
	it('retries a 500 and succeeds on the next try', async () => {
		fake.setFault({ kind: 'serverError', times: 1 });
		const { output } = await runList({});

		expect(output).toHaveLength(DEMO_CONFIGURATION_COUNT);
		expect(configurationRequests().map((entry) => entry.status)).toEqual([500, 200]);
	});

	it('gives up on connections that keep being reset after a bounded number of tries, keeping its own explanation', async () => {
		fake.setFault({ kind: 'reset' });
		const error = await listError({});

		expect(error.message).toMatch(
			/^Could not reach Siro at 127\.0\.0\.1:\d+ while listing the conversation types of organization "demoOrg123": .*\(3 tries\)\. \[item 0\]$/,
		);
		expect(error.description).toMatch(/Base URL/);
		expect(fake.countRequests('conversationConfigurations')).toBe(3);
	});
});
