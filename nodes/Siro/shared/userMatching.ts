/**
 * Finding Siro users in the organization's list, locally: by e-mail (case-insensitive, exact), by
 * phone number (compared as E.164 digits, whatever the spacing and punctuation), or by external ID
 * (exact). No n8n import: the node lists the users once per run and matches every item here.
 */
import type { SiroUser } from '../client';

export type UserKey = 'email' | 'phoneNumber' | 'externalId';

export type UserMatch =
	| { found: SiroUser }
	| { notFound: true; onlyDisabled: SiroUser[] }
	| { ambiguous: SiroUser[] };

/** E.164 allows up to 15 digits; fewer than 7 is no phone number anywhere. */
const E164_DIGITS = { min: 7, max: 15 } as const;
/** The longest national number (without trunk prefix) in the world's numbering plans is 10 digits here in practice. */
const LONGEST_NATIONAL_NUMBER = 10;

/** A national number of the North American Numbering Plan: area code and exchange start with 2–9. */
const NANP_NATIONAL = /^1?([2-9]\d{2}[2-9]\d{6})$/;

/** The national digits in `defaultCountryCode` as E.164 digits, or undefined when they cannot be one there. */
function nationalToE164(digits: string, defaultCountryCode: string): string | undefined {
	if (defaultCountryCode === '1') {
		// NANP numbers never start with 0 (its trunk prefix is 1): 020 7946 0112 is not one.
		const match = NANP_NATIONAL.exec(digits);
		return match === null ? undefined : `1${match[1]}`;
	}
	const national = digits.startsWith('0') ? digits.slice(1) : digits;
	return national.startsWith(defaultCountryCode) && national.length > LONGEST_NATIONAL_NUMBER
		? national
		: `${defaultCountryCode}${national}`;
}

/**
 * A phone number as E.164 digits (country code first, no "+"), or undefined when it is not one.
 * `+` or `00` starts an international number; anything else is national, in `defaultCountryCode`:
 * in the US and Canada (1) ten digits, optionally after a 1; elsewhere its one leading trunk 0 dropped
 * (020 7946 0112 in 44), unless it already starts with that code and is longer than a national number.
 */
export function e164Digits(phone: unknown, defaultCountryCode: string): string | undefined {
	const text =
		typeof phone === 'number' && Number.isSafeInteger(phone) && phone > 0 ? String(phone) : phone;
	if (typeof text !== 'string') return undefined;
	const trimmed = text.trim();
	// Digits and the usual separators only: letters (an extension, a name) are not a number to compare.
	if (!/^\+?[\d\s().\-/]+$/.test(trimmed)) return undefined;
	// "+44 (0)20 …": the bracketed trunk 0 is dialled only from inside the country.
	let digits: string | undefined = trimmed.replace(/^(\+\d{1,3})\s*\(0\)/, '$1').replace(/\D/g, '');
	if (!trimmed.startsWith('+')) {
		digits = digits.startsWith('00') ? digits.slice(2) : nationalToE164(digits, defaultCountryCode);
	}
	if (digits === undefined || digits.length < E164_DIGITS.min || digits.length > E164_DIGITS.max) {
		return undefined;
	}
	return digits;
}

/** The phone number as an SMS step wants it (+14155550100), or Siro's text as it is when it cannot be read. */
export function smsPhoneNumber(phone: unknown, defaultCountryCode: string): unknown {
	const digits = e164Digits(phone, defaultCountryCode);
	return digits === undefined ? phone : `+${digits}`;
}

/** A country calling code as digits ("1", "+44" → "44"), or undefined. */
export function countryCallingCode(value: unknown): string | undefined {
	const text = typeof value === 'number' ? String(value) : value;
	if (typeof text !== 'string') return undefined;
	const digits = text.trim().replace(/^\+/, '');
	return /^[1-9]\d{0,2}$/.test(digits) ? digits : undefined;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The organization's users, indexed for the three ways Find looks them up. */
export class UserDirectory {
	private readonly byEmail = new Map<string, SiroUser[]>();
	private readonly byExternalId = new Map<string, SiroUser[]>();
	/** Per default country code: phone numbers depend on it when Siro stores them national. */
	private readonly byPhone = new Map<string, Map<string, SiroUser[]>>();

	constructor(readonly users: readonly SiroUser[]) {
		for (const user of users) {
			const email = text(user.email)?.toLowerCase();
			if (email !== undefined) push(this.byEmail, email, user);
			const externalId = text(user.externalId);
			if (externalId !== undefined) push(this.byExternalId, externalId, user);
		}
	}

	/**
	 * The one user whose `key` matches `wanted`. Disabled users match only with `includeDisabled`;
	 * without it, a not-found result lists the disabled users that would have matched.
	 */
	find(
		key: UserKey,
		wanted: string,
		{ includeDisabled = false, defaultCountryCode = '1' } = {},
	): UserMatch {
		const candidates = this.candidates(key, wanted, defaultCountryCode);
		const usable = includeDisabled ? candidates : candidates.filter((user) => !user.disabled);
		if (usable.length === 1) return { found: usable[0] };
		if (usable.length > 1) return { ambiguous: usable };
		return { notFound: true, onlyDisabled: candidates.filter((user) => user.disabled) };
	}

	private candidates(key: UserKey, wanted: string, defaultCountryCode: string): SiroUser[] {
		if (key === 'email') return this.byEmail.get(wanted.trim().toLowerCase()) ?? [];
		if (key === 'externalId') return this.byExternalId.get(wanted.trim()) ?? [];
		const digits = e164Digits(wanted, defaultCountryCode);
		return digits === undefined ? [] : (this.phoneIndex(defaultCountryCode).get(digits) ?? []);
	}

	private phoneIndex(defaultCountryCode: string): Map<string, SiroUser[]> {
		let index = this.byPhone.get(defaultCountryCode);
		if (index === undefined) {
			index = new Map();
			for (const user of this.users) {
				const digits = e164Digits(user.phoneNumber, defaultCountryCode);
				if (digits !== undefined) push(index, digits, user);
			}
			this.byPhone.set(defaultCountryCode, index);
		}
		return index;
	}
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
