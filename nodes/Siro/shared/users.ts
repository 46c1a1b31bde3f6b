/**
 * Picking a Siro user (a rep) in the node: the User resource locator (From List, By ID, By Email), and
 * the organization's users listed at most once per execution for every item and operation that needs
 * them (Find, By Email, From List), then matched locally.
 */
import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import { readId, type SiroUser } from '../client';
import { ownValue } from '../core';
import { ItemInputError } from './nodeErrors';
import { siroConnection } from './siroApi';
import { describeUser, UserDirectory, type FindSiroUserResult } from './userMatching';
import { userLabel, userOptionName } from './userOptions';

type SiroContext = IExecuteFunctions | ILoadOptionsFunctions;

const directories = new WeakMap<SiroContext, Promise<UserDirectory>>();

/** Every user of the organization (all pages), listed once per execution however many items ask. */
export function userDirectory(context: SiroContext): Promise<UserDirectory> {
	let pending = directories.get(context);
	if (!pending) {
		pending = siroConnection(context).then(
			async ({ client }) => new UserDirectory(await client.listUsers()),
		);
		directories.set(context, pending);
	}
	return pending;
}

export interface UserLocatorOptions {
	name: string;
	displayName: string;
	description: string;
	required?: boolean;
}

/** The User resource locator, wherever a rep is picked. */
export function userLocator({
	name,
	displayName,
	description,
	required = false,
}: UserLocatorOptions): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a user...',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 9b2f6c1e-4d7a-4e3b-8c5f-0a1d2e3f4a5b',
				hint: "The user's Siro ID",
			},
			{
				displayName: 'By Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. avery.morgan@example.com',
				hint: 'Looked up in the organization when the workflow runs (case-insensitive)',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*[^@\\s]+@[^@\\s]+\\s*$',
							errorMessage: 'Not an e-mail address',
						},
					},
				],
			},
		],
	};
}

/** A resource locator's mode and value as the item resolved them (a plain expression result counts as an ID). */
export function readLocator(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
): { mode: string; value: string } {
	const locator = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (typeof locator !== 'object' || locator === null) {
		return { mode: 'id', value: locator === undefined || locator === null ? '' : String(locator) };
	}
	const mode = ownValue(locator, 'mode');
	const value = ownValue(locator, 'value');
	return {
		mode: typeof mode === 'string' ? mode : 'id',
		value: value === undefined || value === null ? '' : String(value),
	};
}

const LISTED_CANDIDATES = 10;

/** "A, B and 3 more". */
export function describeUsers(users: readonly SiroUser[]): string {
	const shown = users.slice(0, LISTED_CANDIDATES).map(describeUser).join(', ');
	return users.length > LISTED_CANDIDATES
		? `${shown} and ${users.length - LISTED_CANDIDATES} more`
		: shown;
}

/** The error for a Find or a By Email that did not come to exactly one user. */
export function unmatchedUserError(
	field: string,
	described: string,
	match: Exclude<FindSiroUserResult, { status: 'found' }>,
	{ disabledHint }: { disabledHint?: string } = {},
): ItemInputError {
	if (match.status === 'ambiguous') {
		return new ItemInputError(
			field,
			`${match.users.length} Siro users have ${described}: ${describeUsers(match.users)}.`,
			'Pick the user By ID or From List, or give each user their own in Siro.',
		);
	}
	if (match.disabled.length > 0 && disabledHint !== undefined) {
		return new ItemInputError(
			field,
			`The only Siro user with ${described} is disabled: ${describeUsers(match.disabled)}.`,
			disabledHint,
		);
	}
	return new ItemInputError(
		field,
		`No Siro user in the organization has ${described}.`,
		'Check it against the users in Siro (Siro admin → Users), or pick the user From List.',
	);
}

/** The Siro user ID a User locator points at: From List and By ID as given, By Email looked up. */
export async function resolveUserId(
	context: IExecuteFunctions,
	picked: { mode: string; value: string },
	label: string,
): Promise<string> {
	if (picked.mode !== 'email') return readId(picked.value, label);
	const email = picked.value.trim();
	if (email === '') {
		throw new ItemInputError(label, `${label} has no e-mail address.`, `Enter the rep's e-mail.`);
	}
	const match = (await userDirectory(context)).find({
		by: 'email',
		value: email,
		includeDisabled: true,
	});
	if (match.status === 'found') return match.user.id;
	throw unmatchedUserError(label, `the e-mail "${email.slice(0, 200)}"`, match);
}

/** From List: the organization's users by name and e-mail, disabled ones marked. */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const { users } = await userDirectory(this);
	const wanted = filter?.trim().toLowerCase() ?? '';
	const results = users
		.map((user) => ({
			name: userOptionName(user),
			value: user.id,
			sortKey: `${user.disabled ? 1 : 0}${userLabel(user).toLowerCase()}`,
		}))
		.filter(({ name }) => name.toLowerCase().includes(wanted))
		.sort((a, b) => a.sortKey.localeCompare(b.sortKey))
		.map(({ name, value }) => ({ name, value }));
	return { results };
}
