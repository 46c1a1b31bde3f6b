/**
 * Phone numbers of the users Create and Update write, read as Find User reads them: by the world's
 * numbering plans (phoneNumbers.ts, libphonenumber), written with their country code or in a default
 * country. Apart from the client (../client/userFields.ts) so that only what writes users bundles the
 * plans: the library's createSiroClient and the node's User operations wrap the client with them.
 */
import type { SiroClient } from '../client';
import {
	checkUserFields,
	type PhoneNumberRules,
	type SiroUserFields,
	type UserFieldOptions,
} from '../client/userFields';
import { describe, ownValue } from '../core/values';
import { SiroInputError } from '../engagements/errors';
import { readDefaultRegion, validE164 } from './phoneNumbers';

/** The numbering-plan rules for `options.defaultCountry` (none: only numbers with a country code). */
export function userPhoneRules(options: UserFieldOptions = {}): PhoneNumberRules {
	const defaultCountry = ownValue(options, 'defaultCountry');
	const region = defaultCountry === undefined ? undefined : readDefaultRegion(defaultCountry);
	if (defaultCountry !== undefined && region === undefined) {
		throw new SiroInputError(
			'defaultCountry',
			`The default country ${describe(defaultCountry)} is not a country or a country calling code.`,
			'Give a two-letter ISO code such as US, GB or DE, or a calling code such as 1 or 49.',
		);
	}
	return {
		e164: (phone) => validE164(phone, region),
		refusal:
			region === undefined
				? {
						where: 'with a country code',
						fix: 'Write it with its country code (e.g. +49 211 234567), or give the default country it is from.',
					}
				: {
						where: `in ${region}, nor with a country code`,
						fix: 'Check the number, write it with its country code (e.g. +49 211 234567), or set the default country to its country.',
					},
	};
}

/** The fields Create or Update sends for `input`, phone numbers read by the numbering plans. */
export function checkUserFieldsWithPlans(
	input: unknown,
	operation: 'create' | 'update',
	options: UserFieldOptions = {},
): SiroUserFields {
	return checkUserFields(input, operation, userPhoneRules(options));
}

/**
 * The client with createUser and updateUser reading phone numbers by the numbering plans (in
 * `defaultCountry` when written without a country code) before the client's own checks, which then
 * meet them in E.164.
 */
export function withUserPhoneRules(client: SiroClient): SiroClient {
	return {
		...client,
		createUser: async (fields, options = {}) =>
			await client.createUser(checkUserFieldsWithPlans(fields, 'create', options), options),
		updateUser: async (id, fields, options = {}) =>
			await client.updateUser(id, checkUserFieldsWithPlans(fields, 'update', options), options),
	};
}
