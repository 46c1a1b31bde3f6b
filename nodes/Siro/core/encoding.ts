/** RFC 3986's unreserved characters, which no encoding changes: most IDs and every UUID are made of them. */
const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;

/** The five characters encodeURIComponent leaves raw that RFC 3986 reserves as sub-delimiters. */
const SUB_DELIMITERS_LEFT_RAW = /[!'()*]/g;

const percentEscape = (character: string) =>
	`%${character.charCodeAt(0).toString(16).toUpperCase()}`;

/**
 * RFC 3986-strict percent-encoding: encodeURIComponent plus `! ' ( ) *`. Harmless to Siro, but SMS
 * apps cut a link at a trailing `)`. A space is always `%20`: iOS's URLComponents keeps a `+` as a
 * plus while Android turns it into a space.
 */
export function encodeStrict(value: string): string {
	if (UNRESERVED_ONLY.test(value)) return value;
	return encodeURIComponent(value).replace(SUB_DELIMITERS_LEFT_RAW, percentEscape);
}

/** decodeURIComponent, or undefined for a broken % escape (a URIError) instead of throwing. */
export function tryDecode(raw: string): string | undefined {
	try {
		return decodeURIComponent(raw);
	} catch {
		return undefined;
	}
}
