import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as listConversationTypes from './actions/conversationType/list.operation';
import * as buildRecordLink from './actions/recordLink/build.operation';
import * as parseRecordLink from './actions/recordLink/parse.operation';
import { router } from './actions/router';
import { searchConversationTypes } from './methods/listSearch';

export class Siro implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Siro',
		name: 'siro',
		icon: { light: 'file:siro.svg', dark: 'file:siro.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {"recordLink.build": "Build record link", "recordLink.parse": "Parse record link", "conversationType.getAll": "List conversation types"}[$parameter["resource"] + "." + $parameter["operation"]] }}',
		description:
			'Build Siro record deep links that start, stop or restart recordings, and list conversation types',
		defaults: { name: 'Siro' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'siroApi',
				// Building a link needs Siro only to pick a conversation type by name or check that it exists.
				required: false,
				displayOptions: { show: { operation: ['build', 'getAll'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Record Link', value: 'recordLink' },
					{ name: 'Conversation Type', value: 'conversationType' },
				],
				default: 'recordLink',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['recordLink'] } },
				options: [
					{
						name: 'Build',
						value: 'build',
						action: 'Build record link',
						description:
							'Make a deep link that starts, stops or restarts a recording in the Siro app',
					},
					{
						name: 'Parse',
						value: 'parse',
						action: 'Parse record link',
						description: 'Read a record link back and list every rule it breaks',
					},
				],
				default: 'build',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['conversationType'] } },
				options: [
					{
						name: 'Get Many',
						value: 'getAll',
						action: 'List conversation types',
						description: "List the organization's conversation types and their UUIDs",
					},
				],
				default: 'getAll',
			},
			...buildRecordLink.description,
			...parseRecordLink.description,
			...listConversationTypes.description,
		],
	};

	methods = {
		listSearch: { searchConversationTypes },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
