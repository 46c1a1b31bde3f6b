import {
	deepCopy,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ownValue } from '../../core';
import { filtersCollection } from '../../shared/collections';
import { executionConversationTypes } from '../../shared/conversationTypes';
import { readLimit, returnAllOrLimit } from '../../shared/listing';
import { perItem } from '../../shared/perItem';
import { siroConnection } from '../../shared/siroApi';

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
	},
	...returnAllOrLimit,
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return a simplified version of the response instead of the raw data. Simplified keeps the conversationType, display name, configuration ID, organization ID and team ID.',
	},
	filtersCollection([
		{
			displayName: 'Display Name Contains',
			name: 'displayName',
			type: 'string',
			default: '',
			description:
				'Only conversation types whose display name contains this text (case-insensitive)',
		},
	]),
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
	const catalog = executionConversationTypes(this);
	return await perItem(this, items, async (itemIndex) => {
		const organizationId = await (
			await siroConnection(this)
		).organizationId(this.getNodeParameter('organizationId', itemIndex, '') as string);
		const limit = readLimit(this, itemIndex);
		const keepAll = !(this.getNodeParameter('simplify', itemIndex, true) as boolean);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as object;
		const displayName = ownValue(filters, 'displayName');
		const nameContains = typeof displayName === 'string' ? displayName.trim().toLowerCase() : '';

		const configurations = await catalog.list(organizationId);
		const matching = configurations.filter((configuration) =>
			configuration.displayName.toLowerCase().includes(nameContains),
		);
		return matching
			.slice(0, limit)
			.map((configuration) =>
				keepAll ? deepCopy(configuration as IDataObject) : simplify(configuration as IDataObject),
			);
	});
}
