/** The organization's CRM integration connections (external API, organization token). */
import type { SiroApiCaller } from '../caller';
import { collectPages, type ListOptions } from '../paging';
import {
	asObject,
	listEnvelope,
	optionalFields,
	requiredString,
	type JsonRecord,
} from '../shape';
import { idSegment } from './ids';

export interface IntegrationConnection extends JsonRecord {
	id: string;
	name: string;
	integrationPlatform: string;
	isActive: boolean;
}

function readIntegrationConnection(value: unknown, path = 'answer'): IntegrationConnection {
	const record = asObject(value, path);
	requiredString(record, 'id', path, true);
	optionalFields(record, path, {
		name: 'string',
		integrationPlatform: 'string',
		isActive: 'boolean',
		externalAccountId: 'string',
		organizationId: 'string',
		syncStatus: 'array',
	});
	return record as IntegrationConnection;
}

function readConnectionsPage(body: unknown) {
	const { data, cursor } = listEnvelope(body);
	return {
		items: data.map((entry, index) => readIntegrationConnection(entry, `data[${index}]`)),
		cursor,
	};
}

export async function listIntegrationConnections(
	caller: SiroApiCaller,
	filters: { integrationPlatform?: string } = {},
	options: ListOptions = {},
): Promise<IntegrationConnection[]> {
	return await collectPages(
		caller,
		{
			api: 'external',
			method: 'GET',
			path: '/v1/core/integrations/connections',
			query: { integrationPlatform: filters.integrationPlatform },
			purpose: "listing the organization's integration connections",
		},
		readConnectionsPage,
		options,
	);
}

export async function getIntegrationConnection(
	caller: SiroApiCaller,
	id: unknown,
): Promise<IntegrationConnection> {
	const segment = idSegment(id, 'Integration Connection ID');
	return await caller.callAndRead(
		{
			api: 'external',
			method: 'GET',
			path: `/v1/core/integrations/connections/${segment}`,
			purpose: `getting integration connection "${decodeURIComponent(segment)}"`,
		},
		(body) => readIntegrationConnection(body),
	);
}
