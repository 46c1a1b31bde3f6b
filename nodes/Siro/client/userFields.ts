/**
 * The fields of a Siro user that Create and Update send (POST /v1/core/users, PUT /v1/core/users/{id}),
 * checked before any request and read as Find User reads them, so that a user created here is found by
 * the same e-mail and phone number afterwards:
 *
 * - email: trimmed, and an address (engagements' readEmail rule); its letters are sent as given. Find
 *   User compares e-mails with only A–Z folded (userMatching.ts), so case never decides a match.
 * - phoneNumber: read by `phoneRules` and sent in E.164 (+12125550123), the form Find User compares and
 *   an SMS step takes; a number the rules do not read is refused, never sent. The numbering-plan rules
 *   (libphonenumber, with a default country) are ../shared/userPhoneRules.ts, kept out of this folder so
 *   that the trigger and the credential, which use the client but write no users, do not bundle them.
 * - Names, team and External ID: trimmed text (IDs exact, numbers only when they are safe integers);
 *   nothing else is changed.
 *
 * Never a password: Siro e-mails the new rep a link to set their own, and its schema marks the field
 * as ignored. A field Siro's schema does not show for the operation is refused by name rather than
 * dropped, so nothing the caller asked for is silently lost. No n8n import: the library uses it too.
 */
import { describe, isFieldObject, ownValue } from '../core/values';
import { SiroInputError } from '../engagements/errors';
import { readBoolean, readEmail, readId, readString } from '../engagements/fields';

export type UserWrite = 'create' | 'update';

/** What Create and Update send; Update sends only what was given. */
export interface SiroUserFields {
	email?: string;
	/** Sent in E.164. */
	phoneNumber?: string;
	firstName?: string;
	lastName?: string;
	/** The user's team (Siro: "the 6 digit code for the user's team"). */
	memberTeamId?: string;
	/** Create only: unique within the organization (Siro's Update user takes no External ID). */
	externalId?: string;
	/** Create only; the organization token's own organization when not given. */
	organizationId?: string;
	/** Whether the user counts towards the license. */
	billable?: boolean;
	/** Update only: true deactivates the user, false enables them again. */
	disabled?: boolean;
	contactSettings?: { suppressEmails?: boolean; suppressEmailErrors?: boolean };
}

export interface UserFieldOptions {
	/**
	 * Where a phone number written without its country code is from: an ISO 3166 region ('DE') or a
	 * calling code (49; its main region), as findSiroUser reads it. Without it, only numbers written
	 * with their country code are accepted.
	 */
	defaultCountry?: string | number;
}

/** How phone numbers are read: the number in E.164, or undefined when it is not one valid number. */
export interface PhoneNumberRules {
	e164(phone: string): string | undefined;
	/** Why a number was refused and how to write it, for the error naming the field. */
	refusal: { where: string; fix: string };
}

/**
 * The rules of the client on its own: a number already in E.164 (+ and 7 to 15 digits), as the
 * numbering-plan rules write it; what to do with any other spelling is for those rules to say.
 */
export const E164_ONLY: PhoneNumberRules = {
	e164: (phone) => (/^\+[1-9]\d{6,14}$/.test(phone) ? phone : undefined),
	refusal: {
		where: 'in E.164',
		fix: 'Write it as + and the country code and number, digits only (e.g. +12125550100).',
	},
};

type FieldReader = (value: unknown, field: string, phoneRules: PhoneNumberRules) => unknown;

const text: FieldReader = (value, field) => readString(value, field);
const id: FieldReader = (value, field) => readId(value, field);
const flag: FieldReader = (value, field) => readBoolean(value, field);

function phone(value: unknown, field: string, phoneRules: PhoneNumberRules): string | undefined {
	const given = readString(value, field);
	if (given === undefined) return undefined;
	const number = phoneRules.e164(given);
	if (number === undefined) {
		throw new SiroInputError(
			field,
			`${field} ${describe(given)} is not a valid phone number ${phoneRules.refusal.where}.`,
			phoneRules.refusal.fix,
		);
	}
	return number;
}

const CONTACT_SETTINGS = ['suppressEmails', 'suppressEmailErrors'];

function contactSettings(value: unknown, field: string): SiroUserFields['contactSettings'] {
	if (!isFieldObject(value)) {
		throw new SiroInputError(
			field,
			`${field} is ${describe(value)}, not an object.`,
			`Set ${field} to an object such as { "suppressEmails": true }.`,
		);
	}
	const settings: Record<string, boolean> = {};
	for (const key of Object.keys(value)) {
		if (!CONTACT_SETTINGS.includes(key)) {
			throw new SiroInputError(
				`${field}.${key}`,
				`${field}.${key} is not a contact setting Siro's schema shows.`,
				`Use ${CONTACT_SETTINGS.join(' or ')}.`,
			);
		}
		const setting = readBoolean(ownValue(value, key), `${field}.${key}`);
		if (setting !== undefined) settings[key] = setting;
	}
	return settings;
}

/** The fields each operation's schema shows (Siro's PUT takes no externalId; only PUT takes disabled). */
const READERS: Record<UserWrite, Record<string, FieldReader>> = {
	create: {
		email: (value, field) => readEmail(value, field),
		phoneNumber: phone,
		firstName: text,
		lastName: text,
		memberTeamId: id,
		externalId: id,
		organizationId: id,
		billable: flag,
		contactSettings: (value, field) => contactSettings(value, field),
	},
	update: {
		email: (value, field) => readEmail(value, field),
		phoneNumber: phone,
		firstName: text,
		lastName: text,
		memberTeamId: id,
		billable: flag,
		disabled: flag,
		contactSettings: (value, field) => contactSettings(value, field),
	},
};

function refusedField(key: string, operation: UserWrite): SiroInputError {
	if (key.toLowerCase() === 'password') {
		return new SiroInputError(
			key,
			'A password is never sent to Siro: Siro e-mails the rep a link to set their own.',
			`Remove ${key} from the fields.`,
		);
	}
	if (operation === 'update' && key === 'externalId') {
		return new SiroInputError(
			key,
			"Siro's Update user takes no External ID: a user's External ID is set when the user is created.",
			'Remove externalId from the fields to update.',
		);
	}
	return new SiroInputError(
		key,
		`${key.slice(0, 60)} is not a field Siro's ${operation === 'create' ? 'Create' : 'Update'} user takes.`,
		`Use ${Object.keys(READERS[operation]).join(', ')}.`,
	);
}

/**
 * The body to send for `input` (own keys only): every field checked and normalised as said above, or a
 * SiroInputError naming the first field that breaks a rule. Create needs an e-mail; Update at least
 * one field. A field given empty is an error, not a field silently left out.
 */
export function checkUserFields(
	input: unknown,
	operation: UserWrite,
	phoneRules: PhoneNumberRules = E164_ONLY,
): SiroUserFields {
	if (!isFieldObject(input)) {
		throw new SiroInputError(
			'fields',
			`The user's fields are ${describe(input)}, not an object.`,
			'Give an object such as { "email": "avery.morgan@example.com", "firstName": "Avery" }.',
		);
	}
	const readers = READERS[operation];
	const body: Record<string, unknown> = {};
	for (const key of Object.keys(input)) {
		if (!Object.prototype.hasOwnProperty.call(readers, key)) throw refusedField(key, operation);
		const value = readers[key](ownValue(input, key), key, phoneRules);
		if (value === undefined) {
			throw new SiroInputError(
				key,
				`${key} is empty.`,
				operation === 'create'
					? `Give ${key} a value, or leave it out.`
					: `Give ${key} a value, or leave it out to keep what Siro has.`,
			);
		}
		body[key] = value;
	}
	if (operation === 'create' && body.email === undefined) {
		throw new SiroInputError(
			'email',
			'A new Siro user needs an e-mail address: Siro sends the password link there.',
			'Give email, e.g. avery.morgan@example.com.',
		);
	}
	if (operation === 'update' && Object.keys(body).length === 0) {
		throw new SiroInputError(
			'fields',
			'No field to update was given.',
			'Give at least one field to change, e.g. { "phoneNumber": "+1 212 555 0123" }.',
		);
	}
	return body as SiroUserFields;
}
