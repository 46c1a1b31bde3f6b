/**
 * RFC 3986-strict percent-encoding. encodeURIComponent leaves `! ' ( ) *` raw: harmless to Siro,
 * but SMS linkifiers cut a link at a trailing `)`, so they are escaped too. A space is always `%20`:
 * iOS's URLComponents keeps a `+` as a plus while Android turns it into a space.
 */
const SUB_DELIMS_LEFT_RAW = /[!'()*]/g;

function escapeSubDelim(character: string): string {
	return `%${character.charCodeAt(0).toString(16).toUpperCase()}`;
}

/** RFC 3986 unreserved characters: written as they are, so most IDs and UUIDs skip encoding altogether. */
const ONLY_UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const HAS_SUB_DELIM = /[!'()*]/;

export function encodeStrict(value: string): string {
	if (ONLY_UNRESERVED.test(value)) return value;
	const encoded = encodeURIComponent(value);
	return HAS_SUB_DELIM.test(encoded) ? encoded.replace(SUB_DELIMS_LEFT_RAW, escapeSubDelim) : encoded;
}

/** Characters encodeStrict would have escaped; seen raw in a query value they are worth a note. */
export const CHARACTERS_ENCODE_STRICT_ESCAPES = /[^A-Za-z0-9\-_.~%]/;

/** Lone surrogates cannot be written in UTF-8: encodeURIComponent throws on them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface MaybeWellFormed {
	isWellFormed?: () => boolean;
}

export function findLoneSurrogate(value: string): number {
	// String.prototype.isWellFormed (Node 20+) answers the common case without a regex scan.
	if ((value as MaybeWellFormed).isWellFormed?.() === true) return -1;
	const match = LONE_SURROGATE.exec(value);
	if (!match) return -1;
	return match[0].length === 2 ? match.index + 1 : match.index;
}
