import { deepCopy, type IDataObject } from 'n8n-workflow';

import type { SiroUser } from '../../client';
import { simplifyField } from '../../shared/listing';

/** What Simplify keeps of a user: who they are and how to reach them (phoneNumber for an SMS step). */
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
	'id, email, phoneNumber, firstName, lastName, externalId, disabled and memberTeamId',
);

/** The user as an item's JSON: the simplified fields (null when Siro left one out), or a copy of everything. */
export function userJson(user: SiroUser, simplify: boolean): IDataObject {
	if (!simplify) return deepCopy(user as IDataObject);
	const json: IDataObject = {};
	for (const field of SIMPLIFIED_USER_FIELDS) {
		const value = Object.prototype.hasOwnProperty.call(user, field) ? user[field] : undefined;
		json[field] = (value ?? null) as IDataObject[string];
	}
	return json;
}
