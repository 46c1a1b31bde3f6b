/**
 * The client's one error type. Every message says what happened and every description how to fix
 * it; both are redacted and capped before the error exists (an Error's stack copies its message).
 */
import { cutText, type Redactor } from './redact';

export type SiroApiErrorKind =
	| 'unauthorized'
	| 'forbidden'
	| 'notFound'
	| 'badRequest'
	| 'rateLimited'
	| 'server'
	| 'redirect'
	| 'network'
	| 'timeout'
	| 'invalidResponse'
	| 'invalidInput'
	| 'missingToken'
	/** A listing went past one of its bounds: maxDurationMs, maxItems or maxBytes (see ListOptions). */
	| 'listingLimit';

export interface SiroApiErrorDetails {
	kind: SiroApiErrorKind;
	message: string;
	description: string;
	/** The HTTP status of Siro's answer, when there was one. */
	httpCode?: number;
	/** How many requests were sent before giving up (0 when refused before sending). */
	attempts?: number;
}

const MESSAGE_LIMIT = 600;
const DESCRIPTION_LIMIT = 400;

export class SiroApiError extends Error {
	readonly kind: SiroApiErrorKind;
	readonly description: string;
	readonly httpCode?: number;
	readonly attempts?: number;

	constructor(details: SiroApiErrorDetails) {
		super(cutText(details.message, MESSAGE_LIMIT));
		this.name = 'SiroApiError';
		this.kind = details.kind;
		this.description = cutText(details.description, DESCRIPTION_LIMIT);
		this.httpCode = details.httpCode;
		this.attempts = details.attempts;
		// Compiled to ES5-style classes, instanceof would otherwise fail for Error subclasses.
		Object.setPrototypeOf(this, SiroApiError.prototype);
	}

	toJSON(): SiroApiErrorDetails & { name: string } {
		return {
			name: this.name,
			kind: this.kind,
			message: this.message,
			description: this.description,
			httpCode: this.httpCode,
			attempts: this.attempts,
		};
	}
}

/** A SiroApiError whose message and description hold no piece of the redactor's secrets. */
export function redactedError(details: SiroApiErrorDetails, redactor: Redactor): SiroApiError {
	return new SiroApiError({
		...details,
		message: redactor.redact(details.message),
		description: redactor.redact(details.description),
	});
}
