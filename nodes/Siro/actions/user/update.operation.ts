import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { checkAllThenSend } from '../../shared/checkedItems';
import { siroConnection } from '../../shared/siroApi';
import { checkUserFieldsWithPlans } from '../../shared/userPhoneRules';
import { readLocator, resolveUserId, userLocator } from '../../shared/users';
import { defaultCountryOption, readDefaultCountry, simplifyUser, userJson } from './output';
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
			const region = readDefaultCountry(this.getNodeParameter('options', itemIndex, {}) as object);
			const given = userFieldsFrom(
				this.getNodeParameter('updateFields', itemIndex, {}) as object,
				updateFields,
			);
			const fields = checkUserFieldsWithPlans(given, 'update', { defaultCountry: region });
			return { picked: readLocator(this, 'user', itemIndex), fields, region };
		},
		async ({ picked, fields, region }, itemIndex) => {
			const id = await resolveUserId(this, picked, 'User');
			const { client } = await siroConnection(this);
			const user = await client.updateUser(id, fields);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			return [userJson(user, simplify, region)];
		},
		USER_FIELD_NAMES,
	);
}
