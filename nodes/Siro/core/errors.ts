/**
 * One rule a value breaks: the parameter it concerns, what is wrong, and how to fix it. Build
 * throws it as a RecordLinkError; parse lists its text as an issue.
 */
export interface LinkIssue {
	field: string;
	problem: string;
	fix: string;
}

/**
 * Messages quote only short excerpts of inputs, but a message is still cut here, so that no input
 * (a 1 MB title, say) can make a message that floods an n8n execution or a log.
 */
const PROBLEM_LIMIT = 600;
const FIX_LIMIT = 400;
/** A field is a parameter name, or an unknown key the input had (which may be any text). */
const FIELD_LIMIT = 100;

function cut(text: string, limit: number): string {
	return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** Any message, cut to about 1,000 characters. */
export function capMessage(text: string): string {
	return cut(text, PROBLEM_LIMIT + FIX_LIMIT);
}

/** The issue as one sentence pair: what is wrong, then how to fix it (under 1,000 characters). */
export function issueText(issue: LinkIssue): string {
	return `${cut(issue.problem, PROBLEM_LIMIT)} ${cut(issue.fix, FIX_LIMIT)}`;
}

/**
 * Raised for any input that cannot become a link meaning exactly what was asked. `field` names the
 * offending parameter (as the library input spells it) so a caller can point at it; the message says
 * what is wrong and then how to fix it.
 */
export class RecordLinkError extends Error implements LinkIssue {
	readonly field: string;
	readonly problem: string;
	readonly fix: string;

	constructor(field: string, problem: string, fix: string) {
		const shortProblem = cut(problem, PROBLEM_LIMIT);
		const shortFix = cut(fix, FIX_LIMIT);
		super(`${shortProblem} ${shortFix}`);
		this.name = 'RecordLinkError';
		this.field = cut(field, FIELD_LIMIT);
		this.problem = shortProblem;
		this.fix = shortFix;
	}

	static of(issue: LinkIssue): RecordLinkError {
		return new RecordLinkError(issue.field, issue.problem, issue.fix);
	}
}
