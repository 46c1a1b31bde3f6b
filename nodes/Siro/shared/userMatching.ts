/**
 * Find User's rule, pure and without n8n: the library exports it as `findSiroUser`, and the node's
 * Find and the User locator's By Email ask the same UserDirectory, so both give the same answer.
 *
 * - E-mail: exact, with only the ASCII letters A–Z folded to lower case. Unicode case mapping would
 *   turn the Kelvin sign "K" (U+212A) into "k" and "İ" into "i̇": another address, maybe another rep's.
 * - Phone: a match only when both numbers are valid and the same number in E.164 (phoneNumbers.ts);
 *   a number that is not valid matches nobody, whatever its digits.
 * - External ID: exact.
 *
 * Spaces around a value never count. Disabled users match only when asked for; otherwise a not-found
 * answer lists the disabled users that would have matched, so the caller can say why.
 */
import type { SiroUser } from '../client';
import { ownValue } from '../core/values';
import { readDefaultRegion, validE164, type CountryCode } from './phoneNumbers';

export type FindSiroUserBy = 'email' | 'phone' | 'externalId';

export interface FindSiroUserQuery {
	by: FindSiroUserBy;
	/** The e-mail, phone number or external ID to look for. */
	value: string;
	/**
	 * Where a phone number written without its country code is from, on either side: an ISO 3166
	 * region ('DE') or a calling code (49, '49', '+49'; its main region). Without it, only numbers
	 * written with their country code can match.
	 */
	defaultCountry?: string | number;
	/** Whether disabled users can be found (default: no). */
	includeDisabled?: boolean;
}

export type FindSiroUserResult =
	| { status: 'found'; user: SiroUser }
	| { status: 'ambiguous'; users: SiroUser[] }
	| { status: 'notFound'; disabled: SiroUser[] };

/** Raised for an input findSiroUser cannot read; `field` names it (`by`, `value`, `users[3]`…). */
export class FindSiroUserError extends Error {
	readonly field: string;

	constructor(field: string, message: string) {
		super(message);
		this.name = 'FindSiroUserError';
		this.field = field;
	}
}

const SEARCHES: readonly FindSiroUserBy[] = ['email', 'phone', 'externalId'];

/**
 * The one user in `users` that `query` finds, the users it cannot tell apart, or none (with the
 * disabled users it left out). Reads only the users' and the query's own fields.
 */
export function findSiroUser(
	users: readonly SiroUser[],
	query: FindSiroUserQuery,
): FindSiroUserResult {
	return new UserDirectory(users).find(query);
}

/** The organization's users, indexed for the three ways Find looks them up (the node keeps one per run). */
export class UserDirectory {
	readonly users: readonly SiroUser[];
	private readonly byEmail = new Map<string, SiroUser[]>();
	private readonly byExternalId = new Map<string, SiroUser[]>();
	/** Per default region, made on first use: a number written without its country code is read in it. */
	private readonly byPhone = new Map<CountryCode | undefined, Map<string, SiroUser[]>>();

	constructor(users: readonly SiroUser[]) {
		if (!Array.isArray(users)) {
			throw new FindSiroUserError('users', `users is ${shown(users)}, not a list of Siro users.`);
		}
		// An index loop, not forEach: a hole in the list is an error, not a user silently skipped
		// (nor one read from Array.prototype).
		for (let index = 0; index < users.length; index++) {
			const user = ownValue(users, String(index));
			if (typeof user !== 'object' || user === null || Array.isArray(user)) {
				throw new FindSiroUserError(
					`users[${index}]`,
					`users[${index}] is ${shown(user)}, not a Siro user.`,
				);
			}
			const email = text(ownValue(user, 'email'));
			if (email !== undefined) push(this.byEmail, asciiLowerCase(email), user as SiroUser);
			const externalId = text(ownValue(user, 'externalId'));
			if (externalId !== undefined) push(this.byExternalId, externalId, user as SiroUser);
		}
		this.users = users.slice();
	}

	find(query: FindSiroUserQuery): FindSiroUserResult {
		const { by, value, region, includeDisabled } = readQuery(query);
		const candidates = this.candidates(by, value, region);
		const usable = includeDisabled ? candidates : candidates.filter((user) => !isDisabled(user));
		if (usable.length === 1) return { status: 'found', user: usable[0] };
		if (usable.length > 1) return { status: 'ambiguous', users: usable };
		return { status: 'notFound', disabled: candidates.filter(isDisabled) };
	}

	private candidates(
		by: FindSiroUserBy,
		value: string,
		region: CountryCode | undefined,
	): SiroUser[] {
		if (by === 'email') return this.byEmail.get(asciiLowerCase(value)) ?? [];
		if (by === 'externalId') return this.byExternalId.get(value) ?? [];
		const number = validE164(value, region);
		return number === undefined ? [] : (this.phoneIndex(region).get(number) ?? []);
	}

	private phoneIndex(region: CountryCode | undefined): Map<string, SiroUser[]> {
		let index = this.byPhone.get(region);
		if (index === undefined) {
			index = new Map();
			for (const user of this.users) {
				const number = validE164(ownValue(user, 'phoneNumber'), region);
				if (number !== undefined) push(index, number, user);
			}
			this.byPhone.set(region, index);
		}
		return index;
	}
}

function readQuery(query: unknown): {
	by: FindSiroUserBy;
	value: string;
	region: CountryCode | undefined;
	includeDisabled: boolean;
} {
	if (typeof query !== 'object' || query === null) {
		throw new FindSiroUserError('query', `The query is ${shown(query)}, not { by, value }.`);
	}
	const by = ownValue(query, 'by');
	if (!SEARCHES.includes(by as FindSiroUserBy)) {
		throw new FindSiroUserError('by', `by is ${shown(by)}: use 'email', 'phone' or 'externalId'.`);
	}
	const value = ownValue(query, 'value');
	if (typeof value !== 'string' || value.trim() === '') {
		throw new FindSiroUserError(
			'value',
			`value is ${shown(value)}: give the ${by} to look for as text.`,
		);
	}
	const defaultCountry = ownValue(query, 'defaultCountry');
	const region = defaultCountry === undefined ? undefined : readDefaultRegion(defaultCountry);
	if (defaultCountry !== undefined && region === undefined) {
		throw new FindSiroUserError(
			'defaultCountry',
			`defaultCountry is ${shown(defaultCountry)}: give an ISO 3166 region such as 'US' or 'DE', or a country calling code such as 1 or 49.`,
		);
	}
	const includeDisabled = ownValue(query, 'includeDisabled') ?? false;
	if (typeof includeDisabled !== 'boolean') {
		throw new FindSiroUserError(
			'includeDisabled',
			`includeDisabled is ${shown(includeDisabled)}, not true or false.`,
		);
	}
	return { by: by as FindSiroUserBy, value: value.trim(), region, includeDisabled };
}

/** Lower-cases A–Z and nothing else (see the top of this file for why not toLowerCase()). */
function asciiLowerCase(value: string): string {
	return value.replace(/[A-Z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 32));
}

function isDisabled(user: SiroUser): boolean {
	return ownValue(user, 'disabled') === true;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A short description of a bad input for a message: a string quoted and cut, or its kind. */
function shown(value: unknown): string {
	if (typeof value === 'string') {
		return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	}
	if (typeof value === 'number' || typeof value === 'boolean' || value == null) {
		return String(value);
	}
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function push(index: Map<string, SiroUser[]>, key: string, user: SiroUser): void {
	const list = index.get(key);
	if (list) list.push(user);
	else index.set(key, [user]);
}

/** "Avery Morgan <avery@example.com> (id u1)", for lists of candidates in messages. */
export function describeUser(user: SiroUser): string {
	const name = [text(user.firstName), text(user.lastName)].filter(Boolean).join(' ');
	const email = text(user.email);
	const parts = [name || undefined, email === undefined ? undefined : `<${email}>`].filter(Boolean);
	return `${parts.length > 0 ? `${parts.join(' ')} ` : ''}(ID ${user.id}${user.disabled ? ', disabled' : ''})`;
}
