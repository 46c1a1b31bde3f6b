import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { ScorecardInstance, ScorecardInstanceFilters } from '../../client';
import { ownValue } from '../../core';
import { filtersCollection } from '../../shared/collections';
import { PerRun, readLimit, returnAllOrLimit } from '../../shared/listing';
import { ItemInputError } from '../../shared/nodeErrors';
import { perItem } from '../../shared/perItem';
import { siroConnection } from '../../shared/siroApi';
import { organizationOf, organizationOptions, userAccessNotice } from './fields';

export const description: INodeProperties[] = [
	userAccessNotice,
	...returnAllOrLimit,
	filtersCollection([
		{
			displayName: 'Active Only',
			name: 'isActive',
			type: 'boolean',
			default: true,
			description:
				'Whether to list only active scorecards (on) or only inactive ones (off). Siro shows users who are not admins active scorecards only.',
		},
		{
			displayName: 'Conversation Type ID',
			name: 'conversationTypeId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10',
			description:
				'Only the scorecards of this conversation type (its UUID, as Conversation Type → List gives it)',
		},
	]),
	organizationOptions,
];

function readFilters(filters: object): Omit<ScorecardInstanceFilters, 'organizationId'> {
	const isActive = ownValue(filters, 'isActive');
	const conversationTypeId = ownValue(filters, 'conversationTypeId');
	if (conversationTypeId !== undefined && typeof conversationTypeId !== 'string') {
		throw new ItemInputError(
			'conversationTypeId',
			'Conversation Type ID is not text.',
			"Set it to the conversation type's UUID.",
		);
	}
	return {
		isActive: typeof isActive === 'boolean' ? isActive : undefined,
		conversationTypeId: conversationTypeId?.trim() || undefined,
	};
}

/** GET /v1/core/scorecards/instances; items asking the same listing share it. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const listings = new PerRun<ScorecardInstance[]>();
	return await perItem(this, items, async (itemIndex) => {
		const filters = readFilters(this.getNodeParameter('filters', itemIndex, {}) as object);
		const limit = readLimit(this, itemIndex);
		const siro = await siroConnection(this);
		const organizationId = await organizationOf(this, itemIndex, siro);
		const wanted = { organizationId, ...filters };
		const instances = await listings.get(JSON.stringify([wanted, limit ?? 'all']), () =>
			siro.client.listScorecardInstances(wanted, { limit }),
		);
		return instances as IDataObject[];
	});
}
