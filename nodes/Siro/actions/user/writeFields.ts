import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { ownValue } from '../../core';
import { collectionFields } from '../../shared/syncFields';

/**
 * The fields Create's Additional Fields and Update's Update Fields set, as Siro's Create user and
 * Update user schemas show them (both partial: see docs/user.md). Never a password: Siro e-mails the
 * rep a link to set their own.
 */
const FIRST_NAME: INodeProperties = {
	displayName: 'First Name',
	name: 'firstName',
	type: 'string',
	default: '',
};

const LAST_NAME: INodeProperties = {
	displayName: 'Last Name',
	name: 'lastName',
	type: 'string',
	default: '',
};

const PHONE_NUMBER: INodeProperties = {
	displayName: 'Phone Number',
	name: 'phoneNumber',
	type: 'string',
	default: '',
	placeholder: 'e.g. +1 212 555 0100',
	description:
		'The rep’s mobile number, in any format; without a country code it is read in the Default Country (option). Sent in E.164 (+12125550100), as Find User compares it. A number that is not valid is an error, never sent.',
};

const TEAM_ID: INodeProperties = {
	displayName: 'Team ID',
	name: 'memberTeamId',
	type: 'string',
	default: '',
	description: "The code of the user's team in Siro (Siro strongly suggests setting it)",
};

const BILLABLE: INodeProperties = {
	displayName: 'Billable',
	name: 'billable',
	type: 'boolean',
	default: true,
	description: 'Whether the user counts towards the license',
};

const SUPPRESS_EMAILS: INodeProperties = {
	displayName: 'Suppress Emails',
	name: 'suppressEmails',
	type: 'boolean',
	default: false,
	description: 'Whether Siro sends the user no e-mails',
};

const SUPPRESS_EMAIL_ERRORS: INodeProperties = {
	displayName: 'Suppress Email Errors',
	name: 'suppressEmailErrors',
	type: 'boolean',
	default: false,
	description:
		"Whether Siro completes the user's creation or update even when sending an e-mail to them fails",
};

const EMAIL_DESCRIPTION =
	'Trimmed and checked to be an address; sent with its letters as given (Find User compares e-mails ignoring the case of A–Z). Unique in the organization.';

/** Create's Additional Fields (in the UI's alphabetical order). */
export const createFields: INodeProperties[] = [
	BILLABLE,
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		description:
			"The user's ID in your HR system or CRM; unique in the organization, and set only when the user is created (Siro's update takes none)",
	},
	FIRST_NAME,
	LAST_NAME,
	PHONE_NUMBER,
	SUPPRESS_EMAIL_ERRORS,
	SUPPRESS_EMAILS,
	TEAM_ID,
];

/** Update's Update Fields. */
export const updateFields: INodeProperties[] = [
	BILLABLE,
	{
		displayName: 'Disabled',
		name: 'disabled',
		type: 'boolean',
		default: false,
		description:
			'Whether the user is disabled (no longer in the organization); off enables a deactivated user again',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. avery.morgan@example.com',
		default: '',
		description: EMAIL_DESCRIPTION,
	},
	FIRST_NAME,
	LAST_NAME,
	PHONE_NUMBER,
	SUPPRESS_EMAIL_ERRORS,
	SUPPRESS_EMAILS,
	TEAM_ID,
];

const CONTACT_SETTINGS = ['suppressEmails', 'suppressEmailErrors'];

/**
 * The user fields a collection sets, as Siro's body has them: only the fields added (an added field
 * left empty is left out, as n8n keeps it as ""), the two e-mail switches inside contactSettings.
 */
export function userFieldsFrom(collection: object, fields: INodeProperties[]): IDataObject {
	const names = fields.map(({ name }) => name);
	const body = collectionFields(
		collection,
		names.filter((name) => !CONTACT_SETTINGS.includes(name)),
	);
	const settings: IDataObject = {};
	for (const name of CONTACT_SETTINGS) {
		const value = ownValue(collection, name);
		if (value !== undefined) settings[name] = value as boolean;
	}
	if (Object.keys(settings).length > 0) body.contactSettings = settings;
	return body;
}

/** A rule's field in the body, as the node's parameter is named. */
export const USER_FIELD_NAMES: Readonly<Record<string, string>> = {
	'contactSettings.suppressEmails': 'suppressEmails',
	'contactSettings.suppressEmailErrors': 'suppressEmailErrors',
	defaultCountry: 'defaultCountryCode',
};
