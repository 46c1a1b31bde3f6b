import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ownValue } from '../../core';
import { optionsCollection } from '../../shared/collections';
import { ItemInputError } from '../../shared/nodeErrors';
import { perItem } from '../../shared/perItem';
import { validE164 } from '../../shared/phoneNumbers';
import type { FindSiroUserBy } from '../../shared/userMatching';
import { unmatchedUserError, userDirectory } from '../../shared/users';
import { defaultCountryOption, readDefaultCountry, simplifyUser, userJson } from './output';

/** Find By's values (as saved in workflows) and the search each is in findSiroUser. */
type FindBy = 'email' | 'phoneNumber' | 'externalId';

const FIND_BY: Record<
	FindBy,
	{ by: FindSiroUserBy; label: string; field: string; describe: (value: string) => string }
> = {
	email: {
		by: 'email',
		label: 'Email',
		field: 'email',
		describe: (value) => `the e-mail "${value}"`,
	},
	phoneNumber: {
		by: 'phone',
		label: 'Phone Number',
		field: 'phoneNumber',
		describe: (value) => `the phone number "${value}"`,
	},
	externalId: {
		by: 'externalId',
		label: 'External ID',
		field: 'externalId',
		describe: (value) => `the external ID "${value}"`,
	},
};

const showFor = (findBy: FindBy) => ({ show: { findBy: [findBy] } });

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
				description: 'Exact address, in any upper or lower case of the letters A–Z',
			},
			{
				name: 'Phone Number',
				value: 'phoneNumber',
				description:
					'The same valid number, whatever its format (+49 211 234567 is 0211 234567 in Germany); a number that is not valid matches nobody',
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
			'In any format; a number without a country code is read in the Default Country (option, US unless set)',
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
	optionsCollection([
		defaultCountryOption,
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
	]),
];

function readSearched(context: IExecuteFunctions, findBy: FindBy, itemIndex: number): string {
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
		const findBy = this.getNodeParameter('findBy', itemIndex, 'email') as FindBy;
		if (!Object.prototype.hasOwnProperty.call(FIND_BY, findBy)) {
			throw new ItemInputError(
				'findBy',
				`Find By "${String(findBy)}" is not one the node knows.`,
				'Pick Email, Phone Number or External ID.',
			);
		}
		const searched = readSearched(this, findBy, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as object;
		const defaultCountry = readDefaultCountry(options);
		const match = (await userDirectory(this)).find({
			by: FIND_BY[findBy].by,
			value: searched,
			defaultCountry,
			includeDisabled: ownValue(options, 'includeDisabled') === true,
		});
		if (match.status === 'found') {
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			return [userJson(match.user, simplify, defaultCountry)];
		}
		if (match.status === 'notFound' && ownValue(options, 'whenNotFound') === 'empty') return [];
		const described = FIND_BY[findBy].describe(searched.slice(0, 200));
		if (findBy === 'phoneNumber' && validE164(searched, defaultCountry) === undefined) {
			throw new ItemInputError(
				'phoneNumber',
				`No Siro user can have ${described}: it is not a valid phone number in ${defaultCountry}, nor with a country code.`,
				'Check the number, write it with its country code (e.g. +49 211 234567), or set the option Default Country to its country.',
			);
		}
		throw unmatchedUserError(findBy, described, match, {
			disabledHint:
				'Turn on the option Include Disabled Users to find them, or enable the user in Siro.',
		});
	});
}
