import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { DISPOSITIONS, checkOpportunitySyncBody } from '../../engagements';
import { checkAllThenSend } from '../../shared/checkedItems';
import { optionsCollection } from '../../shared/collections';
import { ItemWarnings } from '../../shared/itemWarnings';
import { siroConnection } from '../../shared/siroApi';
import {
	additionalFieldsDefinedBelow,
	collectionFields,
	CRM_RECORD_CONTACT_DETAILS,
	DEFINED_BELOW,
	deletedOptions,
	inputDataModeField,
	ownFields,
	readDeleted,
	TIME_PLACEHOLDER,
} from '../../shared/syncFields';

const CRM_RECORD_JSON_HINT = `externalId (required), name, ${CRM_RECORD_CONTACT_DETAILS}`;

export const description: INodeProperties[] = [
	inputDataModeField({
		defineBelow: "Set the opportunity's fields below (expressions allowed)",
		fromInputFields:
			"Each item is Siro's opportunity sync body (externalId, name, amount, disposition, closedAt, account, contact…)",
	}),
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. opp-1042',
		description:
			"The opportunity's ID in your CRM. Siro creates the opportunity the first time and updates it on every later sync with the same ID.",
		displayOptions: DEFINED_BELOW,
	},
	additionalFieldsDefinedBelow([
		{
			displayName: 'Account (JSON)',
			name: 'account',
			type: 'json',
			default: '{}',
			description: `The customer account, as Siro's schema has it: ${CRM_RECORD_JSON_HINT}`,
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			description: "Siro's ID of an account already in Siro",
		},
		{
			displayName: 'Amount',
			name: 'amount',
			type: 'number',
			typeOptions: { numberPrecision: 2 },
			default: 0,
			description: "The deal's value",
		},
		{
			displayName: 'Closed At',
			name: 'closedAt',
			type: 'string',
			default: '',
			placeholder: TIME_PLACEHOLDER,
			description: 'When the deal was won or lost, ISO 8601 with Z or an offset',
		},
		{
			displayName: 'Contact (JSON)',
			name: 'contact',
			type: 'json',
			default: '{}',
			description: `The customer contact: ${CRM_RECORD_JSON_HINT}, account`,
		},
		{
			displayName: 'Disposition',
			name: 'disposition',
			type: 'options',
			options: DISPOSITIONS.map((value) => ({
				name: value.charAt(0) + value.slice(1).toLowerCase(),
				value,
			})),
			default: 'OPEN',
			description: 'Whether the deal is open, won or lost',
		},
		{
			displayName: 'Last Activity At',
			name: 'lastActivityAt',
			type: 'string',
			default: '',
			placeholder: TIME_PLACEHOLDER,
			description: 'ISO 8601 with Z or an offset',
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. Jones – roof replacement',
			description: "The deal's name",
		},
		{
			displayName: 'Remote Created At',
			name: 'remoteCreatedAt',
			type: 'string',
			default: '',
			placeholder: TIME_PLACEHOLDER,
			description: 'When the CRM created it, ISO 8601 with Z or an offset',
		},
	]),
	optionsCollection(deletedOptions('opportunity')),
];

const ADDITIONAL_FIELDS = [
	'account',
	'accountId',
	'amount',
	'closedAt',
	'contact',
	'disposition',
	'lastActivityAt',
	'name',
	'remoteCreatedAt',
];

/** The opportunity body this item asks for, before the rules check it. */
function inputFor(context: IExecuteFunctions, item: INodeExecutionData, itemIndex: number) {
	const fromInputFields =
		context.getNodeParameter('inputDataMode', itemIndex, 'defineBelow') === 'fromInputFields';
	const body: IDataObject = fromInputFields
		? ownFields(item.json)
		: {
				externalId: context.getNodeParameter('externalId', itemIndex) as string,
				...collectionFields(
					context.getNodeParameter('additionalFields', itemIndex, {}) as object,
					ADDITIONAL_FIELDS,
					['account', 'contact'],
				),
			};
	const deletedAt = readDeleted(context.getNodeParameter('options', itemIndex, {}) as object, () =>
		new Date().toISOString(),
	);
	if (deletedAt !== undefined) body.deletedAt = deletedAt as string;
	return body;
}

/** PUT /v1/integrations/sync/opportunities for each item, every item checked before the first request. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const warnings = new ItemWarnings();
	const results = await checkAllThenSend(
		this,
		items,
		async (itemIndex) => {
			const checked = checkOpportunitySyncBody(inputFor(this, items[itemIndex], itemIndex));
			warnings.add(itemIndex, checked.warnings);
			return checked.body;
		},
		async (body) => {
			const { client } = await siroConnection(this);
			const { opportunity } = await client.syncOpportunity(body);
			return [opportunity as IDataObject];
		},
	);
	warnings.reportAsHints(this);
	return results;
}
