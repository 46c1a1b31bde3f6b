import {
	deepCopy,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { IntegrationConnection } from '../../client';
import { ownValue } from '../../core';
import { PerRun, readLimit, returnAllOrLimit } from '../../shared/listing';
import { errorItemJson, toNodeError } from '../../shared/nodeErrors';
import { siroConnection } from '../../shared/siroApi';

/** The platforms Siro's integration connections filter takes (externalApi, integrationPlatform). */
const PLATFORMS: Array<[string, string]> = [
	['Authenticom', 'AUTHENTICOM'],
	['Calendar Only', 'CALENDAR_ONLY'],
	['CompanyCam', 'COMPANY_CAM'],
	['Fortellis', 'FORTELLIS'],
	['Funnel', 'FUNNEL'],
	['Ingage', 'INGAGE'],
	['Knock', 'KNOCK'],
	['Lead Perfection', 'LEAD_PERFECTION'],
	['Merge', 'MERGE'],
	['Salesforce', 'SALESFORCE'],
	['ServiceTitan', 'SERVICE_TITAN'],
	['Siro Custom Input', 'SIRO_CUSTOM_INPUT'],
	['Solution View', 'SOLUTION_VIEW'],
	['Spotio', 'SPOTIO'],
	['Yardi Senior Housing', 'YARDI_SENIOR_HOUSING'],
];

export const description: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Platform',
				name: 'integrationPlatform',
				type: 'options',
				options: PLATFORMS.map(([name, value]) => ({ name, value })),
				default: 'SALESFORCE',
				description: 'Only connections to this CRM or platform',
			},
		],
	},
];

/** GET /v1/core/integrations/connections; items asking the same listing share it. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const results: INodeExecutionData[] = [];
	const listings = new PerRun<IntegrationConnection[]>();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
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
			for (const connection of connections) {
				results.push({
					json: deepCopy(connection as IDataObject),
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
