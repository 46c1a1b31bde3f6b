/**
 * Keeping secrets (tokens, client secrets, signing secrets) out of every message. A server or a proxy
 * may echo a token back, whole, cut, URL-encoded, base64-encoded, in any letter case, so matching the
 * whole secret is not enough: every 8-character piece of every form of it is masked.
 */

export const REDACTED = '[redacted]';

/** The piece length that may never appear: shorter pieces of a long random token are harmless. */
const PIECE = 8;

/** Authorization-like fragments, masked even when the secret itself is unknown (a token minted by n8n). */
const AUTHORIZATION_FRAGMENT = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const SIRO_TOKEN_HEADER_FRAGMENT = /(x-siro-auth-token["']?\s*[:=]\s*["']?)[^\s"',}]+/gi;

function base64Forms(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const forms: string[] = [];
	// The secret may start at any byte offset of what was encoded: three alignments cover them all.
	for (let offset = 0; offset < 3; offset++) {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
		// Drop the groups that also hold the padding bytes or whatever follows the secret.
		const inner = encoded.slice(offset === 0 ? 0 : 4, encoded.length - 4);
		forms.push(inner, inner.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return forms;
}

/**
 * Every way the secret may be echoed: raw, URL-encoded, form-encoded, base64 (+ base64url). All are
 * matched in any letter case: a host name is lower-cased by URL parsing, and a lower-cased base64
 * still gives the secret away (only the letters' case is left to guess, and most guesses decode to
 * garbage).
 */
function formsOf(secret: string): string[] {
	const urlEncoded = encodeURIComponent(secret);
	return [secret, urlEncoded, urlEncoded.replace(/%20/g, '+'), ...base64Forms(secret)];
}

/**
 * ASCII letters lower-cased, nothing else: the text keeps its length, so a position in it is a
 * position in the original (String#toLowerCase makes "İ" two characters, which would shift the mask
 * off the secret it found).
 */
function asciiLowerCase(text: string): string {
	return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

function piecesOf(text: string, into: Set<string>): void {
	for (let start = 0; start + PIECE <= text.length; start++)
		into.add(text.slice(start, start + PIECE));
}

/**
 * Masks the secrets' pieces in texts. Build one per set of secrets and reuse it: the pieces are
 * computed once.
 */
export class Redactor {
	private readonly lowerCasePieces = new Set<string>();

	constructor(secrets: ReadonlyArray<string | undefined>) {
		for (const secret of secrets) {
			if (typeof secret !== 'string' || secret.length < PIECE) continue;
			for (const form of formsOf(secret)) piecesOf(asciiLowerCase(form), this.lowerCasePieces);
		}
	}

	redact(text: string): string {
		const masked = this.maskPieces(text);
		return masked
			.replace(AUTHORIZATION_FRAGMENT, (_match, scheme: string) => `${scheme} ${REDACTED}`)
			.replace(SIRO_TOKEN_HEADER_FRAGMENT, (_match, prefix: string) => `${prefix}${REDACTED}`);
	}

	private maskPieces(text: string): string {
		if (this.lowerCasePieces.size === 0) return text;
		const lower = asciiLowerCase(text);
		// covered[i]: character i belongs to some secret piece.
		const covered = new Uint8Array(text.length);
		let any = false;
		for (let start = 0; start + PIECE <= text.length; start++) {
			if (this.lowerCasePieces.has(lower.slice(start, start + PIECE))) {
				covered.fill(1, start, start + PIECE);
				any = true;
			}
		}
		if (!any) return text;
		let result = '';
		for (let index = 0; index < text.length; ) {
			if (covered[index] === 0) {
				result += text[index];
				index++;
				continue;
			}
			while (index < text.length && covered[index] === 1) index++;
			result += REDACTED;
		}
		return result;
	}
}

/** One-off redaction; prefer a Redactor when the same secrets clean several texts. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	return new Redactor(secrets).redact(text);
}

/** Cut to `limit` characters with an ellipsis: no input or answer may make a message flood a log. */
export function cutText(text: string, limit: number): string {
	return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
