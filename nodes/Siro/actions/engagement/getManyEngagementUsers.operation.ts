import {
	deepCopy,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { readId, type EngagementUserFilters, type EngagementUserLink } from '../../client';
import { ownValue } from '../../core';
import { filtersCollection } from '../../shared/collections';
import { PerRun, readLimit, returnAllOrLimit } from '../../shared/listing';
import { perItem } from '../../shared/perItem';
import { siroConnection } from '../../shared/siroApi';
import { readLocator, resolveUserId, userLocator } from '../../shared/users';

export const description: INodeProperties[] = [
	userLocator({
		name: 'user',
		displayName: 'User',
		description: "Only this rep's engagements. Leave empty for every rep's.",
	}),
	...returnAllOrLimit,
	filtersCollection([
		{
			displayName: 'Engagement ID',
			name: 'engagementId',
			type: 'string',
			default: '',
			description: "Only the reps on this engagement (Siro's ID, which Sync outputs)",
		},
	]),
];

/**
 * GET /v1/integrations/engagement-users (which rep is on which engagement), following cursors to the
 * limit; items asking the same listing share it.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const listings = new PerRun<EngagementUserLink[]>();
	return await perItem(this, items, async (itemIndex) => {
		const picked = readLocator(this, 'user', itemIndex);
		const engagementId = ownValue(
			this.getNodeParameter('filters', itemIndex, {}) as object,
			'engagementId',
		);
		const limit = readLimit(this, itemIndex);
		const filters: EngagementUserFilters = {
			engagementId:
				engagementId === undefined || engagementId === ''
					? undefined
					: readId(engagementId, 'Engagement ID'),
			userId: picked.value.trim() === '' ? undefined : await resolveUserId(this, picked, 'User'),
		};
		const links = await listings.get(JSON.stringify([filters, limit ?? 'all']), async () =>
			(await siroConnection(this)).client.listEngagementUsers(filters, { limit }),
		);
		return links.map((link) => deepCopy(link as IDataObject));
	});
}
