import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { checkAllThenSend } from '../../shared/checkedItems';
import { siroConnection } from '../../shared/siroApi';
import { checkUserFieldsWithPlans } from '../../shared/userPhoneRules';
import { readLocator, resolveUserId, userLocator } from '../../shared/users';
import { readUserOutput, userOutputFields } from './output';
import { updateFields, USER_FIELD_NAMES, userFieldsFrom } from './writeFields';

export const description: INodeProperties[] = [
	userLocator({
		name: 'user',
		displayName: 'User',
		description: 'The Siro user to update',
		required: true,
	}),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here are sent; Siro keeps the others as they are',
		options: updateFields,
	},
	...userOutputFields,
];

/**
 * PUT /v1/core/users/{id} with only the fields added, every item checked first (Find User's e-mail
 * and phone rules): nothing is sent for an item that breaks one.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await checkAllThenSend(
		this,
		items,
		async (itemIndex) => {
			const output = readUserOutput(this, itemIndex);
			const given = userFieldsFrom(
				this.getNodeParameter('updateFields', itemIndex, {}) as object,
				updateFields,
			);
			const fields = checkUserFieldsWithPlans(given, 'update', { defaultCountry: output.region });
			return { picked: readLocator(this, 'user', itemIndex), fields, output };
		},
		async ({ picked, fields, output }) => {
			const id = await resolveUserId(this, picked, 'User');
			const { client } = await siroConnection(this);
			return [output.json(await client.updateUser(id, fields))];
		},
		USER_FIELD_NAMES,
	);
}
