import {
	deepCopy,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { IntegrationConnection } from '../../client';
import { ownValue } from '../../core';
import { filtersCollection } from '../../shared/collections';
import { INTEGRATION_PLATFORMS } from '../../shared/integrationPlatforms';
import { PerRun, readLimit, returnAllOrLimit } from '../../shared/listing';
import { perItem } from '../../shared/perItem';
import { siroConnection } from '../../shared/siroApi';

export const description: INodeProperties[] = [
	...returnAllOrLimit,
	filtersCollection([
		{
			displayName: 'Platform',
			name: 'integrationPlatform',
			type: 'options',
			options: Object.entries(INTEGRATION_PLATFORMS).map(([value, name]) => ({ name, value })),
			default: 'SALESFORCE',
			description: 'Only connections to this CRM or platform',
		},
	]),
];

/** GET /v1/core/integrations/connections; items asking the same listing share it. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const listings = new PerRun<IntegrationConnection[]>();
	return await perItem(this, items, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as object;
		const platform = ownValue(filters, 'integrationPlatform');
		const integrationPlatform =
			typeof platform === 'string' && platform !== '' ? platform : undefined;
		const limit = readLimit(this, itemIndex);
		const connections = await listings.get(
			JSON.stringify([integrationPlatform ?? '', limit ?? 'all']),
			async () =>
				(await siroConnection(this)).client.listIntegrationConnections(
					{ integrationPlatform },
					{ limit },
				),
		);
		return connections.map((connection) => deepCopy(connection as IDataObject));
	});
}
