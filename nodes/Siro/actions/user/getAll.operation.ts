import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { SiroUser, UserFilters } from '../../client';
import { ownValue } from '../../core';
import { filtersCollection } from '../../shared/collections';
import { PerRun, readLimit, returnAllOrLimit } from '../../shared/listing';
import { perItem } from '../../shared/perItem';
import { siroConnection } from '../../shared/siroApi';
import { readUserOutput, userOutputFields } from './output';

export const description: INodeProperties[] = [
	...returnAllOrLimit,
	filtersCollection([
		{
			displayName: 'Disabled',
			name: 'disabled',
			type: 'boolean',
			default: false,
			description:
				'Whether to list only disabled users (on) or only enabled ones (off). Leave the filter out to list both.',
		},
		{
			displayName: 'Exclude Siro Users',
			name: 'excludeSiroUsers',
			type: 'boolean',
			default: true,
			description: "Whether to leave out users with Siro's own e-mail addresses, bots included",
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			description: 'Only the user linked to this ID in an external system (your CRM)',
		},
	]),
	...userOutputFields,
];

function readFilters(filters: object): UserFilters {
	const disabled = ownValue(filters, 'disabled');
	const excludeSiroUsers = ownValue(filters, 'excludeSiroUsers');
	const externalId = ownValue(filters, 'externalId');
	return {
		disabled: typeof disabled === 'boolean' ? disabled : undefined,
		excludeSiroUsers: typeof excludeSiroUsers === 'boolean' ? excludeSiroUsers : undefined,
		externalId:
			typeof externalId === 'string' && externalId.trim() !== '' ? externalId.trim() : undefined,
	};
}

/** GET /v1/core/users, following cursors to the limit; items asking the same listing share it. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const listings = new PerRun<SiroUser[]>();
	return await perItem(this, items, async (itemIndex) => {
		const filters = readFilters(this.getNodeParameter('filters', itemIndex, {}) as object);
		const limit = readLimit(this, itemIndex);
		const output = readUserOutput(this, itemIndex);
		const users = await listings.get(JSON.stringify([filters, limit ?? 'all']), async () =>
			(await siroConnection(this)).client.listUsers(filters, { limit }),
		);
		return users.map(output.json);
	});
}
