/**
 * RFC 3986-strict percent-encoding. encodeURIComponent leaves `! ' ( ) *` raw: harmless to Siro,
 * but SMS linkifiers cut a link at a trailing `)`, so they are escaped too. A space is always `%20`:
 * iOS's URLComponents keeps a `+` as a plus while Android turns it into a space.
 */
const SUB_DELIMS_LEFT_RAW = /[!'()*]/g;

function escapeSubDelim(character: string): string {
	return `%${character.charCodeAt(0).toString(16).toUpperCase()}`;
}

export function encodeStrict(value: string): string {
	return encodeURIComponent(value).replace(SUB_DELIMS_LEFT_RAW, escapeSubDelim);
}

/** Characters encodeStrict would have escaped; seen raw in a query value they are worth a note. */
export const CHARACTERS_ENCODE_STRICT_ESCAPES = /[^A-Za-z0-9\-_.~%]/;

/** Lone surrogates cannot be written in UTF-8: encodeURIComponent throws on them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function findLoneSurrogate(value: string): number {
	const match = LONE_SURROGATE.exec(value);
	if (!match) return -1;
	return match[0].length === 2 ? match.index + 1 : match.index;
}
