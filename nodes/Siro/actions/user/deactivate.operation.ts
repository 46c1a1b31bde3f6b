import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { perItem } from '../../shared/perItem';
import { siroConnection } from '../../shared/siroApi';
import { readLocator, resolveUserId, userLocator } from '../../shared/users';
import { readUserOutput, userOutputFields } from './output';

export const description: INodeProperties[] = [
	userLocator({
		name: 'user',
		displayName: 'User',
		description: 'The Siro user to deactivate (By Email finds disabled users too)',
		required: true,
	}),
	...userOutputFields,
];

/** PUT /v1/core/users/{id} with `disabled: true` and nothing else, for each item. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const picked = readLocator(this, 'user', itemIndex);
		const output = readUserOutput(this, itemIndex);
		const id = await resolveUserId(this, picked, 'User');
		const { client } = await siroConnection(this);
		return [output.json(await client.deactivateUser(id))];
	});
}
