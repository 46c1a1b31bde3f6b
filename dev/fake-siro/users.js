'use strict';
/**
 * Creating and updating users in the fake Siro (POST /v1/core/users, PUT /v1/core/users/{id}), as
 * Siro's reference shows them. What the reference leaves unsaid, decided here (docs/user.md says so):
 * - The request schemas do not forbid other properties (no additionalProperties: false), so, as zod
 *   does by default, a property the schema does not show is dropped, not refused; `password` is
 *   documented as ignored (Siro e-mails a password link) and is dropped too.
 * - External ID is unique in the organization, compared exactly; e-mail is unique in the
 *   organization compared with only A–Z folded to lower case (how Find User compares them). A
 *   duplicate answers 409 {error} naming the field (the reference documents no duplicate answer).
 * - A user of another organization is "not found" (404), as getUser answers.
 * Created users join store.users, so the users listing, Get and Find see them at once.
 *
 * Each route: the same shape as routes.js's (name, method, api, auth, path, handle).
 */
const { isObject, nowIso, own, typeIssue } = require('./engagements');
const { runtimeIds } = require('./random');
const { zodErrorBody } = require('./query');

const json = (status, body) => ({ status, body });

const STRING_FIELDS = ['email', 'phoneNumber', 'firstName', 'lastName', 'memberTeamId'];
const CREATE_FIELDS = {
	strings: [...STRING_FIELDS, 'externalId', 'organizationId'],
	booleans: ['billable'],
};
const UPDATE_FIELDS = {
	strings: [...STRING_FIELDS, 'organizationId'],
	booleans: ['billable', 'disabled'],
};
const CONTACT_SETTINGS = ['suppressEmails', 'suppressEmailErrors'];

/** The body's known fields, type-checked (zod-style issues), others dropped. */
function readUserBody(body, fields, required) {
	if (!isObject(body)) return { issues: [typeIssue([], 'object', body)] };
	const issues = [];
	const values = {};
	for (const key of fields.strings) {
		const value = own(body, key);
		if (value === undefined) {
			if (required.includes(key)) issues.push(typeIssue([key], 'string', value));
		} else if (typeof value !== 'string') issues.push(typeIssue([key], 'string', value));
		else values[key] = value;
	}
	for (const key of fields.booleans) {
		const value = own(body, key);
		if (value === undefined) continue;
		if (typeof value !== 'boolean') issues.push(typeIssue([key], 'boolean', value));
		else values[key] = value;
	}
	const settings = own(body, 'contactSettings');
	if (settings !== undefined) {
		if (!isObject(settings)) issues.push(typeIssue(['contactSettings'], 'object', settings));
		else {
			values.contactSettings = {};
			for (const key of CONTACT_SETTINGS) {
				const value = own(settings, key);
				if (value === undefined) continue;
				if (typeof value !== 'boolean')
					issues.push(typeIssue(['contactSettings', key], 'boolean', value));
				else values.contactSettings[key] = value;
			}
		}
	}
	return issues.length > 0 ? { issues } : { values };
}

const foldedEmail = (email) =>
	typeof email === 'string' ? email.trim().replace(/[A-Z]/g, (c) => c.toLowerCase()) : undefined;

/** The 409 for a value another user of the organization has, or null. */
function duplicateOf(store, organizationId, values, exceptId) {
	const others = store.users.filter(
		(user) => user.organizationId === organizationId && user.id !== exceptId,
	);
	if (values.email !== undefined) {
		const email = foldedEmail(values.email);
		if (others.some((user) => foldedEmail(user.email) === email))
			return json(409, { error: 'A user with this email already exists in the organization' });
	}
	if (values.externalId !== undefined && values.externalId !== '') {
		if (others.some((user) => user.externalId === values.externalId))
			return json(409, {
				error: 'A user with this externalId already exists in the organization',
			});
	}
	return null;
}

const otherOrganization = () =>
	json(403, { error: "Forbidden: organizationId is not the API token's organization" });

function createUser({ body, caller, store }) {
	const { values, issues } = readUserBody(body, CREATE_FIELDS, ['email', 'organizationId']);
	if (issues) return json(422, zodErrorBody(issues));
	if (values.organizationId !== caller.organizationId) return otherOrganization();
	const duplicate = duplicateOf(store, caller.organizationId, values);
	if (duplicate) return duplicate;
	const user = {
		id: runtimeIds.userId(),
		email: values.email,
		organizationId: caller.organizationId,
		phoneNumber: values.phoneNumber ?? null,
		firstName: values.firstName ?? null,
		lastName: values.lastName ?? null,
		memberTeamId: values.memberTeamId ?? null,
		coachTeamIds: [],
		externalId: values.externalId ?? null,
		createdAt: nowIso(),
		disabled: false,
		billable: values.billable ?? true,
		contactSettings: {
			suppressEmails: false,
			suppressEmailErrors: false,
			...values.contactSettings,
		},
	};
	store.users.push(user);
	return json(200, user);
}

/** What is given replaces, what is not stays; contact settings merge. */
function updateUser({ params, body, caller, store }) {
	const user = store.users.find(
		(entry) => entry.id === params.id && entry.organizationId === caller.organizationId,
	);
	if (!user) return json(404, { error: 'User not found' });
	const { values, issues } = readUserBody(body, UPDATE_FIELDS, []);
	if (issues) return json(422, zodErrorBody(issues));
	const { organizationId, contactSettings, ...fields } = values;
	if (organizationId !== undefined && organizationId !== caller.organizationId)
		return otherOrganization();
	const duplicate = duplicateOf(store, caller.organizationId, fields, user.id);
	if (duplicate) return duplicate;
	Object.assign(user, fields);
	if (contactSettings) user.contactSettings = { ...user.contactSettings, ...contactSettings };
	return json(200, user);
}

const USER_WRITE_ROUTES = [
	{
		name: 'createUser',
		method: 'POST',
		api: 'external',
		auth: 'organizationToken',
		path: '/v1/core/users',
		handle: createUser,
	},
	{
		name: 'updateUser',
		method: 'PUT',
		api: 'external',
		auth: 'organizationToken',
		path: '/v1/core/users/{id}',
		handle: updateUser,
	},
];

module.exports = { USER_WRITE_ROUTES };
