/**
 * The one error of the engagement, opportunity and recording-link rules: `field` names the offending
 * field as the input spells it (`account.addresses[0].zip`, `start.timeZone`), as RecordLinkError does
 * for links, so a caller (the n8n node, a script) can point at it; the message says what is wrong and
 * then how to fix it. Thrown before any request: nothing is sent for an input that breaks a rule.
 */
import { capMessage, RecordLinkError } from '../core/errors';

export class SiroInputError extends Error {
	readonly field: string;
	readonly problem: string;
	readonly fix: string;

	constructor(field: string, problem: string, fix: string) {
		super(capMessage(`${problem} ${fix}`));
		this.name = 'SiroInputError';
		this.field = field;
		this.problem = problem;
		this.fix = fix;
		// Compiled to ES5-style classes, instanceof would otherwise fail for Error subclasses.
		Object.setPrototypeOf(this, SiroInputError.prototype);
	}
}

/**
 * Runs one of the link core's readers (times, IDs, text), which throw RecordLinkError, and reports
 * its finding as a SiroInputError for the same field: one error type per rule set.
 */
export function asInputError<T>(read: () => T): T {
	let outcome: { value: T } | { error: unknown };
	try {
		outcome = { value: read() };
	} catch (error) {
		outcome = { error };
	}
	if ('value' in outcome) return outcome.value;
	const { error } = outcome;
	if (error instanceof RecordLinkError)
		throw new SiroInputError(error.field, error.problem, error.fix);
	throw error;
}
