/**
 * RFC 3986-strict percent-encoding. encodeURIComponent leaves `! ' ( ) *` raw: harmless to Siro,
 * but SMS linkifiers cut a link at a trailing `)`, so they are escaped too. A space is always `%20`:
 * iOS's URLComponents keeps a `+` as a plus while Android turns it into a space.
 */
const SUB_DELIMS_LEFT_RAW = /[!'()*]/;
/** Their escapes, indexed by character code - 33 (! is 33; ' ( ) * are 39 to 42). */
const SUB_DELIM_ESCAPES = ['%21', '', '', '', '', '', '%27', '%28', '%29', '%2A'];

/** Anything but an RFC 3986 unreserved character: strings without one (most IDs, UUIDs) skip encoding. */
const NEEDS_ENCODING = /[^A-Za-z0-9\-_.~]/;

export function encodeStrict(value: string): string {
	if (!NEEDS_ENCODING.test(value)) return value;
	const encoded = encodeURIComponent(value);
	// encodeURIComponent writes these five as they are, so the (shorter) input says whether any is there.
	if (!SUB_DELIMS_LEFT_RAW.test(value)) return encoded;
	// One pass that copies the text between them: fewer strings than a replace per character.
	let escaped = '';
	let copiedUpTo = 0;
	for (let index = 0; index < encoded.length; index++) {
		const code = encoded.charCodeAt(index);
		if (code === 33 || (code >= 39 && code <= 42)) {
			escaped += `${encoded.slice(copiedUpTo, index)}${SUB_DELIM_ESCAPES[code - 33]}`;
			copiedUpTo = index + 1;
		}
	}
	return escaped + encoded.slice(copiedUpTo);
}

/** encodeStrict(JSON.stringify(value)) for a string, without either step for the usual plain ID. */
export function encodeStrictJsonString(value: string): string {
	return NEEDS_ENCODING.test(value) ? encodeStrict(JSON.stringify(value)) : `%22${value}%22`;
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
