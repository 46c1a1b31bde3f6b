import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { conversationType } from './actions/conversationType/ConversationType.resource';
import { engagement } from './actions/engagement/Engagement.resource';
import { integrationConnection } from './actions/integrationConnection/IntegrationConnection.resource';
import { mobileEvent } from './actions/mobileEvent/MobileEvent.resource';
import { opportunity } from './actions/opportunity/Opportunity.resource';
import { recordLink } from './actions/recordLink/RecordLink.resource';
import { recording } from './actions/recording/Recording.resource';
import { describeResources, runOperation } from './actions/resources';
import { scorecard } from './actions/scorecard/Scorecard.resource';
import { user } from './actions/user/User.resource';
import {
	searchConversationTypes,
	searchIntegrationConnections,
	searchScorecards,
} from './methods/listSearch';
import { searchUsers } from './shared/users';

/** The Resource menu, in the order it shows; each resource folder owns its operations. */
const resources = [
	recordLink,
	user,
	integrationConnection,
	mobileEvent,
	recording,
	engagement,
	opportunity,
	conversationType,
	scorecard,
];
const { subtitle, properties, operationsUsingSiro } = describeResources(resources);

export class Siro implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Siro',
		name: 'siro',
		icon: { light: 'file:siro.svg', dark: 'file:siro.dark.svg' },
		group: ['transform'],
		// 1.1: Build Record Link's integration connection is a resource locator (integrationConnection)
		// instead of a text field (integrationConnectionId); version-1 workflows keep the text field.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle,
		description:
			'Build Siro record deep links, find reps, check that a link started a recording, sync appointments and opportunities into Siro and see which appointments were recorded, get or link recordings with their summaries and transcripts, and score reps with scorecards',
		defaults: { name: 'Siro' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'siroApi',
				// Not required: Parse, and Build without a Siro lookup, work without credentials.
				required: false,
				displayOptions: { show: { operation: operationsUsingSiro } },
			},
		],
		properties,
	};

	methods = {
		listSearch: {
			searchConversationTypes,
			searchUsers,
			searchIntegrationConnections,
			searchScorecards,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation.call(this, resources);
	}
}
