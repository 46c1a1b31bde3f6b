/**
 * Fields a recording is described with wherever one is made (Build Record Link, Recording → Upload):
 * the Conversation Type locator and the CRM objects (from fields or JSON), and how they are read.
 * The link core's rules apply to what they give.
 */
import type {
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { CRM_OBJECT_TYPES, UUID_REGEX_SOURCE, ownValue } from '../core';

const withDisplay = (displayOptions: IDisplayOptions | undefined) =>
	displayOptions === undefined ? {} : { displayOptions };

/** The Conversation Type locator (parameter conversationType): From List, By ID (UUID), By Name. */
export function conversationTypeLocator(
	description: string,
	displayOptions?: IDisplayOptions,
): INodeProperties {
	return {
		displayName: 'Conversation Type',
		name: 'conversationType',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description,
		...withDisplay(displayOptions),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a conversation type...',
				typeOptions: { searchListMethod: 'searchConversationTypes', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 00000000-0000-0000-0000-000000000002',
				hint: 'The conversationType UUID of a conversation configuration (not its id)',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `^\\s*${UUID_REGEX_SOURCE}\\s*$`,
							errorMessage: 'Not a conversationType UUID (8-4-4-4-12 hexadecimal digits)',
						},
					},
				],
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. In-Home Consultation',
				hint: 'Display name, looked up in the organization when the workflow runs (case-insensitive)',
			},
		],
	};
}

/** The conversation type as the user picked it: a UUID (From List, By ID) or a name to resolve. */
export function readConversationTypeLocator(
	context: IExecuteFunctions,
	itemIndex: number,
): { mode: string; value: string } {
	const locator = context.getNodeParameter('conversationType', itemIndex, '') as unknown;
	if (typeof locator !== 'object' || locator === null)
		return { mode: 'id', value: String(locator ?? '') };
	const mode = ownValue(locator, 'mode');
	const value = ownValue(locator, 'value');
	return {
		mode: typeof mode === 'string' ? mode : 'id',
		value: value === undefined || value === null ? '' : String(value),
	};
}

const CRM_TYPE_OPTIONS: INodePropertyOptions[] = CRM_OBJECT_TYPES.map((type) => ({
	name: type === 'ServiceAppointment' ? 'Service Appointment' : type,
	value: type,
}));

/**
 * CRM Objects Input (fields or JSON), CRM Objects and CRM Objects (JSON). `show` holds the display
 * conditions all three share; the last two add the input mode to them.
 */
export function crmObjectsFields(show: NonNullable<IDisplayOptions['show']>): INodeProperties[] {
	return [
		{
			displayName: 'CRM Objects Input',
			name: 'crmObjectsInput',
			type: 'options',
			options: [
				{ name: 'Using Fields Below', value: 'fields' },
				{ name: 'Using JSON', value: 'json' },
			],
			default: 'fields',
			description: 'How to give the CRM records this recording relates to',
			displayOptions: { show },
		},
		{
			displayName: 'CRM Objects',
			name: 'crmObjects',
			placeholder: 'Add CRM Object',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			description: 'CRM records the recording relates to; exact duplicates are dropped',
			displayOptions: { show: { ...show, crmObjectsInput: ['fields'] } },
			options: [
				{
					displayName: 'CRM Object',
					name: 'crmObject',
					values: [
						{
							displayName: 'Object Type',
							name: 'objectType',
							type: 'options',
							options: CRM_TYPE_OPTIONS,
							default: 'Opportunity',
						},
						{
							displayName: 'Object ID',
							name: 'objectId',
							type: 'string',
							default: '',
							placeholder: 'e.g. 006A000001',
							description: 'ID of the record in your CRM',
						},
					],
				},
			],
		},
		{
			displayName: 'CRM Objects (JSON)',
			name: 'crmObjectsJson',
			type: 'json',
			default: '[]',
			description: `A list such as [{"objectType": "Lead", "objectId": "lead123"}]. Types: ${CRM_OBJECT_TYPES.join(', ')} (any case). Quote IDs: numbers past 9007199254740991 lose digits.`,
			displayOptions: { show: { ...show, crmObjectsInput: ['json'] } },
		},
	];
}

/** The CRM objects as given, from the fields or the JSON, for the link core's rules to read. */
export function readCrmObjectsInput(context: IExecuteFunctions, itemIndex: number): unknown {
	const inputMode = context.getNodeParameter('crmObjectsInput', itemIndex, 'fields') as string;
	if (inputMode === 'json') return context.getNodeParameter('crmObjectsJson', itemIndex, '[]');
	const collection = context.getNodeParameter('crmObjects', itemIndex, {}) as object;
	return ownValue(collection, 'crmObject') ?? [];
}
