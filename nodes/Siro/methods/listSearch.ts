import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { platformName } from '../shared/integrationPlatforms';
import { siroConnection } from '../shared/siroApi';

/** The open node's Organization ID option, else the credential's organization, and the connection. */
async function openNodesOrganization(context: ILoadOptionsFunctions) {
	const siro = await siroConnection(context);
	const organizationId = await siro.organizationId(
		String(context.getCurrentNodeParameter('options.organizationId') ?? ''),
	);
	return { siro, organizationId };
}

/**
 * The From List choices: the organization's conversation types (the node's Organization ID option, else
 * the credential's) by display name, one per UUID (Siro returns a type once for the organization and
 * again for each team that inherits it).
 */
export async function searchConversationTypes(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const { siro, organizationId } = await openNodesOrganization(this);
	const configurations = await siro.client.listConversationTypes(organizationId);
	const wanted = filter?.trim().toLowerCase() ?? '';
	const byUuid = new Map<string, string>();
	for (const { conversationType, displayName } of configurations) {
		const uuid = conversationType.toLowerCase();
		const name = displayName?.trim() || uuid;
		if (!byUuid.has(uuid) && name.toLowerCase().includes(wanted)) byUuid.set(uuid, name);
	}
	const results = [...byUuid]
		.map(([value, name]) => ({ name, value }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

/**
 * The From List choices of Integration Connection: the organization's CRM connections by name and
 * platform, active ones first, inactive ones marked (a link to an inactive connection records, but
 * Siro does not sync it to the CRM).
 */
export async function searchIntegrationConnections(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const siro = await siroConnection(this);
	const connections = await siro.client.listIntegrationConnections();
	const wanted = filter?.trim().toLowerCase() ?? '';
	const results = connections
		.map((connection) => {
			const inactive = connection.isActive === false;
			const parts = [connection.name?.trim() || connection.id];
			if (connection.integrationPlatform) parts.push(platformName(connection.integrationPlatform));
			if (inactive) parts.push('inactive');
			return { name: parts.join(' · '), value: connection.id, inactive };
		})
		.filter(({ name }) => name.toLowerCase().includes(wanted))
		.sort((a, b) => Number(a.inactive) - Number(b.inactive) || a.name.localeCompare(b.name))
		.map(({ name, value }) => ({ name, value }));
	return { results };
}

/**
 * The From List choices of Scorecard: the organization's scorecards (the node's Organization ID
 * option, else the credential's) by name, active ones first, inactive ones marked.
 */
export async function searchScorecards(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const { siro, organizationId } = await openNodesOrganization(this);
	const instances = await siro.client.listScorecardInstances({ organizationId });
	const wanted = filter?.trim().toLowerCase() ?? '';
	const results = instances
		.map((instance) => {
			const inactive = instance.isActive === false;
			const name = `${instance.name?.trim() || instance.id}${inactive ? ' · inactive' : ''}`;
			return { name, value: instance.id, inactive };
		})
		.filter(({ name }) => name.toLowerCase().includes(wanted))
		.sort((a, b) => Number(a.inactive) - Number(b.inactive) || a.name.localeCompare(b.name))
		.map(({ name, value }) => ({ name, value }));
	return { results };
}
