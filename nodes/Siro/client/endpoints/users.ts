/** Siro users of the organization (external API, organization token). */
import type { SiroApiCaller } from '../caller';
import type { ClientErrorExplainer } from '../explain';
import { collectPages, type ListOptions } from '../paging';
import { asObject, listEnvelope, optionalFields, requiredString, type JsonRecord } from '../shape';
import { checkUserFields, type SiroUserFields } from '../userFields';
import { idSegment } from './ids';

export interface SiroUser extends JsonRecord {
	id: string;
	email: string | null;
	organizationId: string;
	phoneNumber: string | null;
	firstName: string | null;
	lastName: string | null;
	memberTeamId: string | null;
	externalId: string | null;
	disabled: boolean;
}

export interface UserFilters {
	/** Only disabled (true) or only enabled (false) users. */
	disabled?: boolean;
	excludeSiroUsers?: boolean;
	externalId?: string;
}

function readUser(value: unknown, path = 'answer'): SiroUser {
	const record = asObject(value, path);
	requiredString(record, 'id', path, true);
	optionalFields(record, path, {
		email: 'string',
		organizationId: 'string',
		phoneNumber: 'string',
		firstName: 'string',
		lastName: 'string',
		memberTeamId: 'string',
		externalId: 'string',
		disabled: 'boolean',
		coachTeamIds: 'array',
	});
	return record as SiroUser;
}

function readUsersPage(body: unknown) {
	const { data, cursor } = listEnvelope(body);
	return { items: data.map((entry, index) => readUser(entry, `data[${index}]`)), cursor };
}

export async function listUsers(
	caller: SiroApiCaller,
	filters: UserFilters = {},
	options: ListOptions = {},
): Promise<SiroUser[]> {
	return await collectPages(
		caller,
		{
			api: 'external',
			method: 'GET',
			path: '/v1/core/users',
			query: {
				disabled: filters.disabled,
				excludeSiroUsers: filters.excludeSiroUsers,
				externalId: filters.externalId,
			},
			purpose: "listing the organization's users",
		},
		readUsersPage,
		options,
	);
}

export async function getUser(caller: SiroApiCaller, id: unknown): Promise<SiroUser> {
	const segment = idSegment(id, 'User ID');
	return await caller.callAndRead(
		{
			api: 'external',
			method: 'GET',
			path: `/v1/core/users/${segment}`,
			purpose: `getting user "${decodeURIComponent(segment)}"`,
			explainClientError: userNotFound(decodeURIComponent(segment)),
		},
		(body) => readUser(body),
	);
}

/** "getting user …" 404s name the user; anything else keeps the general reading. */
function userNotFound(shownId: string): ClientErrorExplainer {
	return (status) =>
		status === 404
			? {
					message: `Siro has no user with ID "${shownId}" in the token's organization (404).`,
					description: 'Check the user ID, or pick the user From List.',
				}
			: undefined;
}

/**
 * Siro's reference documents no answer for a duplicate; the package reads 409 Conflict as one. The
 * fields sent that must be unique in the organization (e-mail, External ID) are named with their
 * values, narrowed to the one Siro's own message names when it names exactly one. A 409 on a later
 * try of the same request may answer the first try's success.
 */
function duplicateExplainer(
	body: SiroUserFields,
	next?: ClientErrorExplainer,
): ClientErrorExplainer {
	return (status, siroMessage, attempts) => {
		if (status !== 409) return next?.(status, siroMessage, attempts);
		const said = siroMessage?.toLowerCase() ?? '';
		const unique = [
			{ sent: body.email, label: 'e-mail', named: /e-?mail/.test(said) },
			{ sent: body.externalId, label: 'External ID', named: /external\s*_?id/.test(said) },
		].filter((field) => field.sent !== undefined);
		const named = unique.filter((field) => field.named);
		const blamed = named.length === 1 ? named : unique;
		const values = blamed.map(({ label, sent }) => `the ${label} "${sent}"`).join(' or ');
		const siroSays = siroMessage ? ` Siro said: "${siroMessage}".` : '';
		const retried =
			attempts !== undefined && attempts > 1
				? ' This answered a retry: the first try may have written the user, so look the user up (Find User) before trying again.'
				: '';
		return {
			kind: 'badRequest',
			message: `Another Siro user in the organization already has ${values || 'one of these values'} (409 Conflict).${siroSays}${retried}`,
			description:
				'E-mail and External ID are unique in a Siro organization. Find the user who has it (Find User), update that user instead, or give another value.',
		};
	};
}

export async function createUser(
	caller: SiroApiCaller,
	fields: unknown,
	ownOrganizationId: () => Promise<string>,
): Promise<SiroUser> {
	const body = checkUserFields(fields, 'create');
	body.organizationId ??= await ownOrganizationId();
	return await caller.callAndRead(
		{
			api: 'external',
			method: 'POST',
			path: '/v1/core/users',
			body,
			purpose: `creating user "${body.email}"`,
			explainClientError: duplicateExplainer(body),
		},
		(answer) => readUser(answer),
	);
}

/** Sends only the fields given; Siro keeps the others. */
export async function updateUser(
	caller: SiroApiCaller,
	id: unknown,
	fields: unknown,
): Promise<SiroUser> {
	const segment = idSegment(id, 'User ID');
	const body = checkUserFields(fields, 'update');
	const shown = decodeURIComponent(segment);
	return await caller.callAndRead(
		{
			api: 'external',
			method: 'PUT',
			path: `/v1/core/users/${segment}`,
			body,
			purpose: `updating user "${shown}"`,
			explainClientError: duplicateExplainer(body, userNotFound(shown)),
		},
		(answer) => readUser(answer),
	);
}

/**
 * Siro's Update user with `disabled: true` and nothing else (Siro: a user no longer in the
 * organization or no longer using Siro).
 */
export async function deactivateUser(caller: SiroApiCaller, id: unknown): Promise<SiroUser> {
	const segment = idSegment(id, 'User ID');
	const shown = decodeURIComponent(segment);
	return await caller.callAndRead(
		{
			api: 'external',
			method: 'PUT',
			path: `/v1/core/users/${segment}`,
			body: { disabled: true },
			purpose: `deactivating user "${shown}"`,
			explainClientError: userNotFound(shown),
		},
		(answer) => readUser(answer),
	);
}
