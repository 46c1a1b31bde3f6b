/**
 * How a Siro user reads in a list to pick from (the User locator's From List, the trigger's Reps).
 * Kept apart from users.ts and userMatching.ts so the trigger can use it without bundling the
 * phone-number library (test/unit/package.lint.test.ts).
 */
import type { SiroUser } from '../client';

/** Name and (e-mail), or Siro's ID when the user has neither. */
export function userLabel(user: SiroUser): string {
	const name = [user.firstName, user.lastName].filter(Boolean).join(' ').trim();
	const label = [name || undefined, user.email ? `(${user.email})` : undefined]
		.filter(Boolean)
		.join(' ');
	return label || user.id;
}

/** The user's label, a disabled user marked. */
export function userOptionName(user: SiroUser): string {
	return `${userLabel(user)}${user.disabled ? ' — disabled' : ''}`;
}
