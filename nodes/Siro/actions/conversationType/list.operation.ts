import {
	deepCopy,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ownValue } from '../../core';
import { ConversationTypeCatalog } from '../../shared/conversationTypes';
import { errorItemJson, toNodeError } from '../../shared/nodeErrors';
import { siroConnection } from '../../shared/siroApi';

const showForList = { show: { resource: ['conversationType'], operation: ['getAll'] } };
const SIMPLIFIED_FIELDS = ['conversationType', 'displayName', 'id', 'orgId', 'teamId'];

export const description: INodeProperties[] = [
	{
		displayName: 'Organization ID',
		name: 'organizationId',
		type: 'string',
		default: '',
		placeholder: "Leave empty to use the credential's organization ID",
		description:
			"Siro organization whose conversation types to list. Defaults to the credential's.",
		displayOptions: showForList,
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showForList,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...showForList.show, returnAll: [false] } },
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return a simplified version of the response instead of the raw data. Simplified keeps the conversationType, display name, configuration ID, organization ID and team ID.',
		displayOptions: showForList,
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showForList,
		options: [
			{
				displayName: 'Display Name Contains',
				name: 'displayName',
				type: 'string',
				default: '',
				description:
					'Only conversation types whose display name contains this text (case-insensitive)',
			},
		],
	},
];

function simplify(configuration: IDataObject): IDataObject {
	const simplified: IDataObject = {};
	for (const field of SIMPLIFIED_FIELDS) {
		if (configuration[field] !== undefined) simplified[field] = configuration[field];
	}
	return simplified;
}

/** One request per organization per execution, however many items ask for it. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const results: INodeExecutionData[] = [];
	const catalog = new ConversationTypeCatalog(async (organizationId) =>
		(await siroConnection(this)).client.listConversationTypes(organizationId),
	);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const organizationId = await (
				await siroConnection(this)
			).organizationId(this.getNodeParameter('organizationId', itemIndex, '') as string);
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const limit = returnAll
				? Infinity
				: (this.getNodeParameter('limit', itemIndex, 50) as number);
			const keepAll = !(this.getNodeParameter('simplify', itemIndex, true) as boolean);
			const filters = this.getNodeParameter('filters', itemIndex, {}) as object;
			const displayName = ownValue(filters, 'displayName');
			const nameContains = typeof displayName === 'string' ? displayName.trim().toLowerCase() : '';

			const configurations = await catalog.list(organizationId);
			const matching = configurations.filter((configuration) =>
				configuration.displayName.toLowerCase().includes(nameContains),
			);
			for (const configuration of matching.slice(0, limit)) {
				results.push({
					json: keepAll
						? deepCopy(configuration as IDataObject)
						: simplify(configuration as IDataObject),
					pairedItem: { item: itemIndex },
				});
			}
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, itemIndex);
			results.push({ json: errorItemJson(error), pairedItem: { item: itemIndex } });
		}
	}
	return results;
}
