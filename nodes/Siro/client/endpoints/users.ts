/** Siro users of the organization (external API, organization token). */
import type { SiroApiCaller } from '../caller';
import { collectPages, type ListOptions } from '../paging';
import {
	asObject,
	listEnvelope,
	optionalFields,
	requiredString,
	type JsonRecord,
} from '../shape';
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
			explainClientError: (status) =>
				status === 404
					? {
							message: `Siro has no user with ID "${decodeURIComponent(segment)}" in the token's organization (404).`,
							description: 'Check the user ID, or pick the user From List.',
						}
					: undefined,
		},
		(body) => readUser(body),
	);
}
