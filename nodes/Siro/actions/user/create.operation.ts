import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { checkAllThenSend } from '../../shared/checkedItems';
import { siroConnection } from '../../shared/siroApi';
import {
	additionalFieldsDefinedBelow,
	DEFINED_BELOW,
	inputDataModeField,
	ownFields,
} from '../../shared/syncFields';
import { checkUserFieldsWithPlans } from '../../shared/userPhoneRules';
import { readUserOutput, userOutputFields } from './output';
import { createFields, USER_FIELD_NAMES, userFieldsFrom } from './writeFields';

export const description: INodeProperties[] = [
	inputDataModeField({
		defineBelow: "Set the user's fields below (expressions allowed)",
		fromInputFields:
			"Each item is Siro's Create user body: email, firstName, lastName, phoneNumber, externalId, memberTeamId, billable, contactSettings (never a password)",
	}),
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. avery.morgan@example.com',
		default: '',
		required: true,
		description:
			"The new rep's e-mail, where Siro sends them a link to set their password. Trimmed and checked to be an address; sent with its letters as given (Find User compares e-mails ignoring the case of A–Z). Unique in the organization.",
		displayOptions: DEFINED_BELOW,
	},
	additionalFieldsDefinedBelow(createFields),
	...userOutputFields,
];

/** The Create user body this item asks for, before the rules check it. */
function inputFor(context: IExecuteFunctions, item: INodeExecutionData, itemIndex: number) {
	if (context.getNodeParameter('inputDataMode', itemIndex, 'defineBelow') === 'fromInputFields') {
		return ownFields(item.json);
	}
	const body: IDataObject = {
		email: context.getNodeParameter('email', itemIndex, '') as string,
		...userFieldsFrom(
			context.getNodeParameter('additionalFields', itemIndex, {}) as object,
			createFields,
		),
	};
	return body;
}

/**
 * POST /v1/core/users for each item, every item checked first (Find User's e-mail and phone rules):
 * nothing is sent for an item that breaks one. The user joins the credential's organization (or the
 * organization token's own) unless the item names one.
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
			const fields = checkUserFieldsWithPlans(
				inputFor(this, items[itemIndex], itemIndex),
				'create',
				{ defaultCountry: output.region },
			);
			return { fields, output };
		},
		async ({ fields, output }) => {
			const connection = await siroConnection(this);
			fields.organizationId ??= await connection.organizationId();
			return [output.json(await connection.client.createUser(fields))];
		},
		USER_FIELD_NAMES,
	);
}
