/** The link as a whole: where it points and how long it may be. */

/** Scheme and host, which phones compare case-insensitively. */
export const RECORD_LINK_ORIGIN = 'https://app.siro.ai';
/** The path, which the app's link handlers match exactly. */
export const RECORD_LINK_PATH = '/record';
export const RECORD_LINK_BASE = `${RECORD_LINK_ORIGIN}${RECORD_LINK_PATH}`;

export const LINK_LENGTH = {
	/** Long SMS messages split, and some SMS apps stop linking the URL. */
	warnAbove: 300,
	/** Many email, calendar and chat clients cut or refuse links this long. */
	stronglyWarnAbove: 2000,
	/** Past this, mobile OS link handlers and browsers are known to drop the URL. */
	refuseAbove: 8000,
} as const;

/** The warning a link of this length deserves, if any (over refuseAbove, build refuses the link). */
export function linkLengthWarning(length: number): string | undefined {
	if (length > LINK_LENGTH.stronglyWarnAbove) {
		return `The link is ${length} characters long: many email, calendar and chat apps cut or refuse links over ${LINK_LENGTH.stronglyWarnAbove} characters, so the rep may tap a broken link. Shorten the title or send fewer CRM objects.`;
	}
	if (length > LINK_LENGTH.warnAbove) {
		return `The link is ${length} characters long: an SMS over ${LINK_LENGTH.warnAbove} characters is split into several messages and some SMS apps stop linking it. Shorten the title or send fewer CRM objects.`;
	}
	return undefined;
}
