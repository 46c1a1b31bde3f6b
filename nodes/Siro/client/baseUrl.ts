/**
 * Base URLs of Siro's two APIs, as users type them into a credential. Tokens travel in headers on
 * every request, so only https is accepted, except on loopback hosts (tests, the fake Siro).
 */
import { SiroApiError } from './errors';

/** Platform API (user token): the seed's host; Siro's gateway https://api.siro.ai serves the same routes. */
export const DEFAULT_BASE_URL = 'https://app.siro.ai/api-internalApi';
/** External API (organization API token): users, mobile events, recordings, OAuth minting. */
export const DEFAULT_EXTERNAL_API_BASE_URL = 'https://functions.siro.ai/api-externalApi';

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Drops trailing slashes with a plain scan: a regex like /\/+$/ takes quadratic time on "////…x". */
function withoutTrailingSlashes(text: string): string {
	let end = text.length;
	while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--;
	return text.slice(0, end);
}

function tryParseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

/**
 * The base URL without trailing slashes, or a SiroApiError naming the field. A URL holding a user
 * name or password is refused without being quoted: the password must not reach a message.
 */
export function normalizeBaseUrl(baseUrl: unknown, fieldLabel: string, example: string): string {
	const trimmed = typeof baseUrl === 'string' ? withoutTrailingSlashes(baseUrl.trim()) : '';
	const refuse = (problem: string) =>
		new SiroApiError({
			kind: 'invalidInput',
			message: `The ${fieldLabel} ${problem}`,
			description: `Enter an https URL such as ${example} in the ${fieldLabel} field (plain http is only accepted for 127.0.0.1, localhost and [::1]).`,
			attempts: 0,
		});
	if (trimmed === '') throw refuse('is empty.');
	const parsed = tryParseUrl(trimmed);
	if (parsed !== undefined && (parsed.username !== '' || parsed.password !== '')) {
		throw refuse(
			'contains a user name or password; remove them (Siro is authenticated by its tokens).',
		);
	}
	// A text that does not parse may still hold a password before an "@": it is not quoted.
	const shown =
		parsed === undefined && trimmed.includes('@')
			? 'given'
			: JSON.stringify(trimmed.length > 80 ? `${trimmed.slice(0, 79)}…` : trimmed);
	if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
		throw refuse(`${shown} is not an absolute https URL.`);
	}
	if (parsed.protocol === 'http:' && !LOOPBACK_HOSTNAMES.has(parsed.hostname)) {
		throw refuse(`${shown} uses plain http; Siro tokens may only be sent over https.`);
	}
	if (parsed.search !== '' || parsed.hash !== '') {
		throw refuse(`${shown} must not have a query string or fragment.`);
	}
	return trimmed;
}

/** The host a URL points at, for messages ("app.siro.ai"), or undefined when it is no URL. */
export function hostOf(url: string, relativeTo?: string): string | undefined {
	try {
		return new URL(url, relativeTo).host || undefined;
	} catch {
		return undefined;
	}
}
