/**
 * npm start's first workflow, "build a record link (click Execute workflow)": its Siro node, exactly
 * as the demo saves it (node version, parameters), run against the fake Siro with the demo's
 * credential, makes the link its parameters describe: the conversation type picked From List exists
 * in the organization (Must Exist) and the integration connection From List is one the fake Siro has.
 */
import type { IDataObject } from 'n8n-workflow';

import { tryItWorkflow } from '../../dev/demo/demo';
import { DEMO } from '../../dev/fake-siro/server';
import { buildRecordLink } from '../../nodes/Siro/core';
import { useFakeSiro } from './support/fakeSiroFixture';
import { runSiroNode } from './support/runSiroNode';
import { organizationTokenCredentials } from './support/siroCredentials';

const fake = useFakeSiro();

it('builds the link its parameters describe, on the node version users get today', async () => {
	const siroNode = tryItWorkflow().nodes.find((node) => node.type === 'n8n-nodes-siro.siro')!;
	expect(siroNode.typeVersion).toBe(1.1);
	const connection = fake.data.integrationConnections.find(
		(candidate: IDataObject) => candidate.id === DEMO.integrationConnections.salesforce,
	);
	expect(connection).toBeDefined();

	const { output } = await runSiroNode({
		credentials: organizationTokenCredentials(fake),
		parameters: siroNode.parameters as IDataObject,
		node: { typeVersion: siroNode.typeVersion },
	});
	expect(output).toEqual([
		{
			json: {
				recordLink: buildRecordLink({
					action: 'start',
					title: 'Jones (2nd visit) + gutters',
					conversationType: DEMO.conversationTypes.inHomeConsultation.conversationType,
					integrationConnectionId: DEMO.integrationConnections.salesforce,
					crmObjects: [{ objectType: 'Opportunity', objectId: '006A1' }],
				}).url,
				recordLinkWarnings: [],
			},
			pairedItem: { item: 0 },
		},
	]);
});
