import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { SiroUser } from '../../client';
import { PerRun } from '../../shared/listing';
import { perItem } from '../../shared/perItem';
import { siroConnection } from '../../shared/siroApi';
import { readLocator, resolveUserId, userDirectory, userLocator } from '../../shared/users';
import { readUserOutput, userOutputFields } from './output';

export const description: INodeProperties[] = [
	userLocator({
		name: 'user',
		displayName: 'User',
		description: 'The Siro user to get',
		required: true,
	}),
	...userOutputFields,
];

/** GET /v1/core/users/{id} once per distinct user per run; By Email reads the run's user listing instead. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const usersById = new PerRun<SiroUser>();
	return await perItem(this, items, async (itemIndex) => {
		const picked = readLocator(this, 'user', itemIndex);
		const output = readUserOutput(this, itemIndex);
		const id = await resolveUserId(this, picked, 'User');
		// By Email already has the whole user from the run's listing; a second request would add nothing.
		const user =
			picked.mode === 'email'
				? (await userDirectory(this)).users.find((candidate) => candidate.id === id)!
				: await usersById.get(id, async () => (await siroConnection(this)).client.getUser(id));
		return [output.json(user)];
	});
}
