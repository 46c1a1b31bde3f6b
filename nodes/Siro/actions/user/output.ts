import { deepCopy, type IDataObject, type INodeProperties } from 'n8n-workflow';

import type { SiroUser } from '../../client';
import { ownValue } from '../../core';
import { simplifyField } from '../../shared/listing';
import { ItemInputError } from '../../shared/nodeErrors';
import { countryCallingCode, smsPhoneNumber } from '../../shared/userMatching';

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
	'id, email, phoneNumber (in E.164, such as +14155550100, ready for an SMS step), firstName, lastName, externalId, disabled and memberTeamId',
);

/** The option that says which country a phone number written without a country code is in. */
export const defaultCountryCodeOption: INodeProperties = {
	displayName: 'Default Country Code',
	name: 'defaultCountryCode',
	type: 'string',
	default: '1',
	placeholder: 'e.g. 44',
	description:
		'Country calling code of phone numbers written without one (in Siro or in a search), e.g. 1 for the US and Canada. Simplified output writes phone numbers in E.164 with it; a number it cannot read stays as Siro has it.',
};

/** The Default Country Code option's digits ("1" when not set). */
export function readDefaultCountryCode(options: object): string {
	const given = ownValue(options, 'defaultCountryCode') ?? '1';
	const code = countryCallingCode(given);
	if (code === undefined) {
		throw new ItemInputError(
			'defaultCountryCode',
			`Default Country Code ${JSON.stringify(given)?.slice(0, 40)} is not a country calling code.`,
			'Set it to 1 to 3 digits, e.g. 1 (US, Canada) or 44 (UK).',
		);
	}
	return code;
}

/**
 * The user as an item's JSON: the simplified fields (null when Siro left one out, the phone number in
 * E.164 when it can be read), or a copy of everything exactly as Siro sent it.
 */
export function userJson(
	user: SiroUser,
	simplify: boolean,
	defaultCountryCode: string,
): IDataObject {
	if (!simplify) return deepCopy(user as IDataObject);
	const json: IDataObject = {};
	for (const field of SIMPLIFIED_USER_FIELDS) {
		const value = Object.prototype.hasOwnProperty.call(user, field) ? user[field] : undefined;
		json[field] = (value ?? null) as IDataObject[string];
	}
	json.phoneNumber = smsPhoneNumber(json.phoneNumber, defaultCountryCode) as IDataObject[string];
	return json;
}
