import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { perItem } from '../../shared/perItem';
import { siroConnection } from '../../shared/siroApi';
import { readLocator, resolveUserId, userLocator } from '../../shared/users';
import { defaultCountryOption, readDefaultCountry, simplifyUser, userJson } from './output';

export const description: INodeProperties[] = [
	userLocator({
		name: 'user',
		displayName: 'User',
		description: 'The Siro user to deactivate (By Email finds disabled users too)',
		required: true,
	}),
	simplifyUser,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [defaultCountryOption],
	},
];

/** PUT /v1/core/users/{id} with `disabled: true` and nothing else, for each item. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const picked = readLocator(this, 'user', itemIndex);
		const region = readDefaultCountry(this.getNodeParameter('options', itemIndex, {}) as object);
		const id = await resolveUserId(this, picked, 'User');
		const { client } = await siroConnection(this);
		const user = await client.deactivateUser(id);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		return [userJson(user, simplify, region)];
	});
}
