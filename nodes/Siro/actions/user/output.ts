import {
	deepCopy,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import type { SiroUser } from '../../client';
import { ownValue } from '../../core';
import { optionsCollection } from '../../shared/collections';
import { simplifyField } from '../../shared/listing';
import { readDefaultCountryParameter } from '../../shared/defaultCountry';
import { validE164, type CountryCode } from '../../shared/phoneNumbers';

/** What Simplify keeps of a user: who they are and how to reach them. */
export const SIMPLIFIED_USER_FIELDS = [
	'id',
	'email',
	'phoneNumber',
	'firstName',
	'lastName',
	'externalId',
	'disabled',
	'memberTeamId',
] as const;

export const simplifyUser = simplifyField(
	'id, email, phoneNumber (in E.164, such as +14155550100, ready for an SMS step; a number that is not valid stays as Siro has it, with a phoneNumberWarning), firstName, lastName, externalId, disabled and memberTeamId',
);

/**
 * The option that says which country a phone number written without a country code is in. Its name
 * stays defaultCountryCode and a calling code is still accepted, so a saved workflow's 44 keeps
 * meaning the UK: numbering plans are per region, and a calling code is read as its main region
 * (libphonenumber's data), which reads the national numbers of every region sharing it (+1, +7, +44)
 * the same as that region itself would. A widening of the values it takes, not a change of their
 * meaning: no new node version.
 */
export const defaultCountryOption: INodeProperties = {
	displayName: 'Default Country',
	name: 'defaultCountryCode',
	type: 'string',
	default: 'US',
	placeholder: 'e.g. DE',
	description:
		'Country of phone numbers written without a country code (in Siro or in a search): a two-letter ISO code such as US, GB or DE, or a calling code such as 1 or 49 (read as its main country). Simplified output writes valid phone numbers in E.164 with it; a number that is not valid stays as Siro has it, with a phoneNumberWarning.',
};

/** The Default Country option's region (US when not set). */
export function readDefaultCountry(options: object): CountryCode {
	return readDefaultCountryParameter(
		ownValue(options, 'defaultCountryCode') ?? 'US',
		'defaultCountryCode',
	);
}

/**
 * The user as an item's JSON: the simplified fields (null when Siro left one out, the phone number in
 * E.164 when it is a valid number), or a copy of everything exactly as Siro sent it. A phone number
 * that is not valid is never rewritten into someone else's: it stays as Siro has it, and
 * phoneNumberWarning says it is not ready for an SMS step.
 */
export function userJson(user: SiroUser, simplify: boolean, region: CountryCode): IDataObject {
	if (!simplify) return deepCopy(user as IDataObject);
	const json: IDataObject = {};
	for (const field of SIMPLIFIED_USER_FIELDS) {
		const value = Object.prototype.hasOwnProperty.call(user, field) ? user[field] : undefined;
		json[field] = (value ?? null) as IDataObject[string];
	}
	const phone = json.phoneNumber;
	if (typeof phone === 'string' && phone.trim() !== '') {
		const number = validE164(phone, region);
		if (number === undefined) {
			json.phoneNumberWarning = `Not a valid phone number in ${region}, nor with a country code: left as Siro has it, not ready for an SMS step. Correct it in Siro (with its country code, e.g. +49 211 234567), or set the option Default Country.`;
		} else {
			json.phoneNumber = number;
		}
	}
	return json;
}

/** Simplify and an Options collection holding Default Country: how an operation outputs users. */
export const userOutputFields: INodeProperties[] = [
	simplifyUser,
	optionsCollection([defaultCountryOption]),
];

/** The item's Default Country, and its users as JSON as its Simplify says (userOutputFields). */
export function readUserOutput(context: IExecuteFunctions, itemIndex: number) {
	const region = readDefaultCountry(context.getNodeParameter('options', itemIndex, {}) as object);
	const simplify = context.getNodeParameter('simplify', itemIndex, true) as boolean;
	return { region, json: (user: SiroUser) => userJson(user, simplify, region) };
}
