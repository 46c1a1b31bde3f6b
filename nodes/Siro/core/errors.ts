/**
 * Raised for any input that cannot become a link meaning exactly what was asked. `field` names the
 * offending parameter (as the library input spells it) so a caller can point at it; the message says
 * what is wrong and then how to fix it.
 */
export class RecordLinkError extends Error {
	readonly field: string;
	readonly problem: string;
	readonly fix: string;

	constructor(field: string, problem: string, fix: string) {
		super(`${problem} ${fix}`);
		this.name = 'RecordLinkError';
		this.field = field;
		this.problem = problem;
		this.fix = fix;
	}
}
