import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { conversationType } from './actions/conversationType/ConversationType.resource';
import { recordLink } from './actions/recordLink/RecordLink.resource';
import { recording } from './actions/recording/Recording.resource';
import { describeResources, runOperation } from './actions/resources';
import { searchConversationTypes } from './methods/listSearch';

/** The Resource menu, in the order it shows; each resource folder owns its operations. */
const resources = [recordLink, recording, conversationType];
const { subtitle, properties, operationsUsingSiro } = describeResources(resources);

export class Siro implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Siro',
		name: 'siro',
		icon: { light: 'file:siro.svg', dark: 'file:siro.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle,
		description:
			'Build Siro record deep links that start, stop or restart recordings, get recordings with their summaries and transcripts, and list conversation types',
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
		listSearch: { searchConversationTypes },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation.call(this, resources);
	}
}
