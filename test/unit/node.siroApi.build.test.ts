/**
 * What of Build Record Link and the From List picker talks to Siro: conversation types By Name,
 * the Must Exist check and the From List search, run against the fake Siro over real sockets through
 * a stand-in for n8n's httpRequestWithAuthentication (test/unit/support/n8nHttp.ts).
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { searchConversationTypes } from '../../nodes/Siro/methods/listSearch';
import { DEMO } from '../../dev/fake-siro/server';
import type { ParametersForItem } from './support/executeContext';
import { useFakeSiro } from './support/fakeSiroFixture';
import { loadOptionsContext } from './support/loadOptionsContext';
import { nodeErrorFrom, runSiroNode } from './support/runSiroNode';
import { accessTokenCredentials } from './support/siroCredentials';

const fake = useFakeSiro();

const { inHomeConsultation, followUpVisit, serviceCall } = DEMO.conversationTypes;
const OTHER_ORG_SURVEY = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'; // "Site Survey", the other organization's only type

function buildParameters(
	conversationType: { mode: string; value: string },
	options: IDataObject = {},
): IDataObject {
	return {
		resource: 'recordLink',
		operation: 'build',
		recordAction: 'start',
		title: 'Smith visit',
		conversationType: { __rl: true, ...conversationType },
		crmObjectsInput: 'fields',
		options,
	};
}

/** Runs the node with the demo Access Token credential unless `credentials` says otherwise (null: none selected). */
function runBuild(options: {
	items?: IDataObject[];
	parameters: IDataObject | ParametersForItem;
	continueOnFail?: boolean;
	credentials?: ICredentialDataDecryptedObject | null;
}) {
	const { credentials, ...run } = options;
	return runSiroNode({
		...run,
		credentials: credentials === null ? undefined : (credentials ?? accessTokenCredentials(fake)),
	});
}

function buildError(options: Parameters<typeof runBuild>[0]) {
	return nodeErrorFrom(runBuild(options));
}

function conversationTypeOf(link: unknown): string | null {
	return new URL(String(link)).searchParams.get('conversationType');
}

function withOtherOrganizationMembership<T>(run: () => Promise<T>): Promise<T> {
	fake.data.memberships[DEMO.userId].push(DEMO.otherOrganizationId);
	return run().finally(() => {
		fake.data.memberships[DEMO.userId] = [DEMO.organizationId];
	});
}

describe('From List: searchConversationTypes', () => {
	it("lists the credential organization's types by display name, once per UUID, sorted by name", async () => {
		const { results } = await searchConversationTypes.call(
			loadOptionsContext(accessTokenCredentials(fake)),
		);

		expect(results).toEqual(
			Object.values(DEMO.conversationTypes)
				.map((type) => ({ name: type.displayName, value: type.conversationType }))
				.sort((a, b) => a.name.localeCompare(b.name)),
		);
		// The fake answers the team-level copy of In-Home Consultation too; the picker shows it once.
		expect(results.filter((result) => result.value === DEMO.teamConversationType)).toHaveLength(1);
		expect(fake.requests.map((entry) => [entry.route, entry.query.organizationId])).toEqual([
			['conversationConfigurations', DEMO.organizationId],
		]);
	});

	it('keeps only the names containing the filter text, ignoring case', async () => {
		const { results } = await searchConversationTypes.call(
			loadOptionsContext(accessTokenCredentials(fake)),
			' mE ',
		);
		expect(results.map((result) => result.name)).toEqual([
			'In-Home Consultation',
			'Virtual Appointment',
		]);
	});

	it("lists the organization chosen in the node's options instead of the credential's", async () => {
		await withOtherOrganizationMembership(async () => {
			await searchConversationTypes.call(
				loadOptionsContext(accessTokenCredentials(fake), {
					'options.organizationId': ` ${DEMO.otherOrganizationId} `,
				}),
			);
		});
		expect(fake.requests.map((entry) => entry.query.organizationId)).toEqual([
			DEMO.otherOrganizationId,
		]);
	});

	it('says which credential is missing instead of crashing', async () => {
		await expect(searchConversationTypes.call(loadOptionsContext(undefined))).rejects.toThrow(
			'No Siro API credentials are selected',
		);
		expect(fake.requests).toHaveLength(0);
	});
});

describe('Build Record Link: conversation type By Name', () => {
	it('resolves the display name case-insensitively to its UUID in the link', async () => {
		const { output } = await runBuild({
			parameters: buildParameters({ mode: 'name', value: '  in-home CONSULTATION ' }),
		});

		expect(conversationTypeOf(output[0].json.recordLink)).toBe(inHomeConsultation.conversationType);
		expect(output[0].json.recordLink).toBe(
			`https://app.siro.ai/record?action=start&title=Smith%20visit&conversationType=${inHomeConsultation.conversationType}`,
		);
	});

	it('refuses a name the organization does not have, listing the names that exist', async () => {
		const error = await buildError({
			parameters: buildParameters({ mode: 'name', value: 'Roof Inspection' }),
		});

		expect(error.message).toBe(
			`Organization ${DEMO.organizationId} has no conversation type named "Roof Inspection". [item 0]`,
		);
		for (const type of Object.values(DEMO.conversationTypes)) {
			expect(error.description).toContain(`${type.displayName} (${type.conversationType})`);
		}
	});

	it('refuses a name two conversation types share, naming both UUIDs', async () => {
		fake.setFault({ kind: 'duplicateNames' });
		const error = await buildError({
			parameters: buildParameters({ mode: 'name', value: followUpVisit.displayName }),
		});

		expect(error.message).toMatch(/has 2 conversation types named "Follow-up Visit"/);
		expect(error.message).toContain(followUpVisit.conversationType);
		expect(error.message).toContain(DEMO.duplicateConversationType);
		expect(error.description).toMatch(/By ID or From List/);
	});

	it('sends one request per organization however many items it resolves', async () => {
		const names = [inHomeConsultation.displayName, serviceCall.displayName, 'site survey'];
		const organizationFor = (itemIndex: number) =>
			itemIndex % 3 === 2 ? DEMO.otherOrganizationId : '';
		const { output } = await withOtherOrganizationMembership(() =>
			runBuild({
				items: Array.from({ length: 30 }, () => ({})),
				parameters: (itemIndex) =>
					buildParameters(
						{ mode: 'name', value: names[itemIndex % 3] },
						{ organizationId: organizationFor(itemIndex) },
					),
			}),
		);

		expect(output.map((item) => conversationTypeOf(item.json.recordLink))).toEqual(
			Array.from(
				{ length: 30 },
				(_, itemIndex) =>
					[inHomeConsultation.conversationType, serviceCall.conversationType, OTHER_ORG_SURVEY][
						itemIndex % 3
					],
			),
		);
		expect(fake.requests.map((entry) => entry.query.organizationId).sort()).toEqual(
			[DEMO.organizationId, DEMO.otherOrganizationId].sort(),
		);
	});

	it('with Continue On Fail outputs the links it could resolve and the error on the item it could not', async () => {
		const names = [serviceCall.displayName, 'Roof Inspection', inHomeConsultation.displayName];
		const { output } = await runBuild({
			items: [{}, {}, {}],
			continueOnFail: true,
			parameters: (itemIndex) => buildParameters({ mode: 'name', value: names[itemIndex] }),
		});

		expect(conversationTypeOf(output[0].json.recordLink)).toBe(serviceCall.conversationType);
		expect(output[1].json).toMatchObject({
			field: 'conversationType',
			error: expect.stringMatching(/Roof Inspection/),
		});
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(conversationTypeOf(output[2].json.recordLink)).toBe(inHomeConsultation.conversationType);
		expect(fake.countRequests('conversationConfigurations')).toBe(1);
	});

	it('without a credential stops with a NodeOperationError saying to select one, sending nothing', async () => {
		const error = await buildError({
			credentials: null,
			parameters: buildParameters({ mode: 'name', value: inHomeConsultation.displayName }),
		});

		expect(error.message).toBe('No Siro API credentials are selected');
		expect(error.description).toMatch(/Select or create Siro API credentials/);
		expect(fake.requests).toHaveLength(0);
	});
});

describe('Build Record Link: Must Exist in Organization', () => {
	const mustExist = (value: string, options: IDataObject = {}) =>
		buildParameters({ mode: 'id', value }, { conversationTypeCheck: 'mustExist', ...options });

	it('passes a UUID the organization has, written lower-case in the link whatever case it came in', async () => {
		const { output } = await runBuild({
			parameters: mustExist(serviceCall.conversationType.toUpperCase()),
		});

		expect(conversationTypeOf(output[0].json.recordLink)).toBe(serviceCall.conversationType);
		expect(fake.countRequests('conversationConfigurations')).toBe(1);
	});

	it('refuses a well-formed UUID the organization does not have, naming the organization', async () => {
		const error = await buildError({ parameters: mustExist(OTHER_ORG_SURVEY) });

		expect(error.message).toBe(
			`Conversation type ${OTHER_ORG_SURVEY} is not one of organization ${DEMO.organizationId}'s, so Siro would silently use the rep's default. [item 0]`,
		);
		expect(error.description).toContain(`Service Call (${serviceCall.conversationType})`);
	});

	it("checks against the organization set in the node's options rather than the credential's", async () => {
		const { output } = await withOtherOrganizationMembership(() =>
			runBuild({
				parameters: mustExist(OTHER_ORG_SURVEY, { organizationId: DEMO.otherOrganizationId }),
			}),
		);
		expect(conversationTypeOf(output[0].json.recordLink)).toBe(OTHER_ORG_SURVEY);
		expect(fake.requests.map((entry) => entry.query.organizationId)).toEqual([
			DEMO.otherOrganizationId,
		]);
	});

	it('sends one request per organization per execution for 40 items', async () => {
		const uuids = [
			inHomeConsultation.conversationType,
			followUpVisit.conversationType,
			OTHER_ORG_SURVEY,
		];
		const { output } = await runBuild({
			items: Array.from({ length: 40 }, () => ({})),
			continueOnFail: true,
			parameters: (itemIndex) => mustExist(uuids[itemIndex % 3]),
		});

		expect(fake.countRequests('conversationConfigurations')).toBe(1);
		output.forEach((item, itemIndex) => {
			if (itemIndex % 3 === 2)
				expect(item.json.error).toMatch(/is not one of organization demoOrg123's/);
			else expect(conversationTypeOf(item.json.recordLink)).toBe(uuids[itemIndex % 3]);
		});
	});

	it('a 403 for the organization stops the check with the reason, naming the organization and the item', async () => {
		const error = await buildError({
			items: [{}, {}],
			parameters: (itemIndex) =>
				itemIndex === 0
					? mustExist(serviceCall.conversationType)
					: mustExist(OTHER_ORG_SURVEY, { organizationId: DEMO.otherOrganizationId }),
		});

		expect(error.message).toMatch(
			new RegExp(
				`not a member or admin of organization "${DEMO.otherOrganizationId}".*\\[item 1\\]$`,
			),
		);
	});

	it('By ID with the Format check sends no request at all, even with a credential set', async () => {
		const { output, recorder } = await runBuild({
			items: [{}, {}],
			parameters: buildParameters(
				{ mode: 'id', value: serviceCall.conversationType.toUpperCase() },
				{ conversationTypeCheck: 'format' },
			),
		});

		expect(output.map((item) => conversationTypeOf(item.json.recordLink))).toEqual([
			serviceCall.conversationType,
			serviceCall.conversationType,
		]);
		expect(fake.requests).toHaveLength(0);
		expect(recorder.credentialReads).toBe(0);
	});
});
