/**
 * Errors of the Siro API client. Every message says what happened and every description how to fix
 * it. Secrets (tokens, client secrets) never reach either: callers hand the secrets they know to
 * `redactSecrets`, and Authorization-like fragments are masked even when the secret is unknown.
 */

export type SiroApiErrorKind =
	| 'unauthorized'
	| 'forbidden'
	| 'notFound'
	| 'badRequest'
	| 'rateLimited'
	| 'server'
	| 'network'
	| 'timeout'
	| 'invalidResponse'
	| 'invalidInput';

export interface SiroApiErrorDetails {
	kind: SiroApiErrorKind;
	message: string;
	description: string;
	httpCode?: number;
	organizationId?: string;
	/** How many requests were sent before giving up (0 when the input was refused up front). */
	attempts?: number;
}

export class SiroApiError extends Error {
	readonly kind: SiroApiErrorKind;
	readonly description: string;
	readonly httpCode?: number;
	readonly organizationId?: string;
	readonly attempts?: number;

	constructor(details: SiroApiErrorDetails) {
		super(details.message);
		this.name = 'SiroApiError';
		this.kind = details.kind;
		this.description = details.description;
		this.httpCode = details.httpCode;
		this.organizationId = details.organizationId;
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
			organizationId: this.organizationId,
			attempts: this.attempts,
		};
	}
}

export function isSiroApiError(value: unknown): value is SiroApiError {
	return value instanceof SiroApiError;
}

const REDACTED = '[redacted]';
/** Shorter strings are not treated as secrets: masking them would garble ordinary words. */
const MIN_SECRET_LENGTH = 4;
const AUTHORIZATION_FRAGMENT = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const SIRO_TOKEN_HEADER_FRAGMENT = /(x-siro-auth-token["']?\s*[:=]\s*["']?)[^\s"',}]+/gi;

export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	let redacted = text;
	for (const secret of secrets) {
		if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) {
			redacted = redacted.split(secret).join(REDACTED);
		}
	}
	return redacted
		.replace(AUTHORIZATION_FRAGMENT, (_match, scheme: string) => `${scheme} ${REDACTED}`)
		.replace(SIRO_TOKEN_HEADER_FRAGMENT, (_match, prefix: string) => `${prefix}${REDACTED}`);
}

/** Builds an error whose message and description have been cleaned of the given secrets. */
export function createRedactedError(
	details: SiroApiErrorDetails,
	secrets: ReadonlyArray<string | undefined>,
): SiroApiError {
	return new SiroApiError({
		...details,
		message: redactSecrets(details.message, secrets),
		description: redactSecrets(details.description, secrets),
	});
}
