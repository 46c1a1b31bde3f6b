import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ownValue } from '../../core';
import { ItemInputError } from '../../shared/nodeErrors';
import { perItem } from '../../shared/perItem';
import type { UserKey } from '../../shared/userMatching';
import { unmatchedUserError, userDirectory } from '../../shared/users';
import { defaultCountryCodeOption, readDefaultCountryCode, simplifyUser, userJson } from './output';

const FIND_BY: Record<
	UserKey,
	{ label: string; field: string; describe: (value: string) => string }
> = {
	email: { label: 'Email', field: 'email', describe: (value) => `the e-mail "${value}"` },
	phoneNumber: {
		label: 'Phone Number',
		field: 'phoneNumber',
		describe: (value) => `the phone number "${value}"`,
	},
	externalId: {
		label: 'External ID',
		field: 'externalId',
		describe: (value) => `the external ID "${value}"`,
	},
};

const showFor = (findBy: UserKey) => ({ show: { findBy: [findBy] } });

export const description: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Email',
				value: 'email',
				description: 'Exact address, in any upper or lower case',
			},
			{
				name: 'Phone Number',
				value: 'phoneNumber',
				description: 'Compared as E.164 digits: spaces, dashes and brackets do not matter',
			},
			{
				name: 'External ID',
				value: 'externalId',
				description: 'The ID the user has in an external system (your CRM), exactly',
			},
		],
		default: 'email',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. avery.morgan@example.com',
		default: '',
		required: true,
		description: "The user's e-mail address, e.g. a calendar event's attendee",
		displayOptions: showFor('email'),
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		placeholder: 'e.g. +1 212 555 0100',
		default: '',
		required: true,
		description:
			'In any format; a number without a country code is read in the Default Country Code (option)',
		displayOptions: showFor('phoneNumber'),
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		required: true,
		description: 'The ID the user has in your CRM or another external system',
		displayOptions: showFor('externalId'),
	},
	simplifyUser,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			defaultCountryCodeOption,
			{
				displayName: 'Include Disabled Users',
				name: 'includeDisabled',
				type: 'boolean',
				default: false,
				description: 'Whether users disabled in Siro can be found',
			},
			{
				displayName: 'When Not Found',
				name: 'whenNotFound',
				type: 'options',
				options: [
					{
						name: 'Error',
						value: 'error',
						description: 'Stop, or with Continue On Fail output the error',
					},
					{
						name: 'Output Nothing',
						value: 'empty',
						description: 'Output no item for this input, and go on',
					},
				],
				default: 'error',
			},
		],
	},
];

function readSearched(context: IExecuteFunctions, findBy: UserKey, itemIndex: number): string {
	const { label, field } = FIND_BY[findBy];
	const value = context.getNodeParameter(field, itemIndex, '') as unknown;
	if (typeof value === 'number' && !Number.isSafeInteger(value)) {
		throw new ItemInputError(
			field,
			`${label} is the number ${value}, which cannot be exact (digits are lost past ${Number.MAX_SAFE_INTEGER}, and 1.50 would become 1.5).`,
			`Give ${label} as text, in quotes where it comes from.`,
		);
	}
	const text =
		typeof value === 'number'
			? String(value)
			: typeof value === 'string'
				? value.trim()
				: undefined;
	if (text === undefined || text === '') {
		throw new ItemInputError(
			field,
			`${label} is ${text === '' ? 'empty' : 'not text'}.`,
			`Set ${label} to the value to look for, e.g. an expression reading it from the item.`,
		);
	}
	return text;
}

/**
 * Lists the organization's users once per run (every page of GET /v1/core/users), however many
 * items search, and matches each item locally.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const findBy = this.getNodeParameter('findBy', itemIndex, 'email') as UserKey;
		if (!Object.prototype.hasOwnProperty.call(FIND_BY, findBy)) {
			throw new ItemInputError(
				'findBy',
				`Find By "${String(findBy)}" is not one the node knows.`,
				'Pick Email, Phone Number or External ID.',
			);
		}
		const searched = readSearched(this, findBy, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as object;
		const defaultCountryCode = readDefaultCountryCode(options);
		const includeDisabled = ownValue(options, 'includeDisabled') === true;
		const match = (await userDirectory(this)).find(findBy, searched, {
			includeDisabled,
			defaultCountryCode,
		});
		if ('found' in match) {
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			return [userJson(match.found, simplify, defaultCountryCode)];
		}
		if ('notFound' in match && ownValue(options, 'whenNotFound') === 'empty') return [];
		throw unmatchedUserError(findBy, FIND_BY[findBy].describe(searched.slice(0, 200)), match, {
			disabledHint:
				'Turn on the option Include Disabled Users to find them, or enable the user in Siro.',
		});
	});
}
