import { RecordLinkError, type LinkIssue } from '../errors';
import { quote, readText, ownValue, type TextRule } from '../values';
import { isEmptyValue, reportIssue, type LinkParameter } from './parameter';

/** A conversationType UUID, any version, either case; as text so that n8n's UI validation can use it too. */
export const UUID_REGEX_SOURCE =
	'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const UUID = new RegExp(`^${UUID_REGEX_SOURCE}$`);
/** A conversation configuration's id is "<orgId>-<conversationType UUID>". */
const CONFIGURATION_ID_SUFFIX = new RegExp(`-(${UUID_REGEX_SOURCE})$`);
const WRAPPED_UUID = new RegExp(`^(?:\\{|urn:uuid:)(${UUID_REGEX_SOURCE})\\}?$`, 'i');

const UUID_TEXT: TextRule = { expected: 'a conversationType UUID as text', numbers: 'none' };

/**
 * Siro falls back to the rep's default type without a word when the value is not one of the
 * organization's UUIDs, so anything else is refused, with the likely mix-up named.
 */
function notAUuid(text: string): LinkIssue {
	const configurationId = CONFIGURATION_ID_SUFFIX.exec(text);
	if (configurationId) {
		return {
			field: 'conversationType',
			problem: `conversationType ${quote(text)} is a conversation configuration's id, not its conversationType.`,
			fix: `Use the configuration's conversationType field instead (here probably ${configurationId[1].toLowerCase()}).`,
		};
	}
	const wrapped = WRAPPED_UUID.exec(text);
	if (wrapped) {
		return {
			field: 'conversationType',
			problem: `conversationType ${quote(text)} wraps the UUID in braces or a urn:uuid: prefix, which Siro does not match.`,
			fix: `Use the bare UUID: ${wrapped[1].toLowerCase()}.`,
		};
	}
	return {
		field: 'conversationType',
		problem: /[^0-9a-f-]/i.test(text)
			? `conversationType ${quote(text)} looks like a display name, but Siro needs the conversationType UUID.`
			: `conversationType ${quote(text)} is not a UUID (8-4-4-4-12 hexadecimal digits).`,
		fix: 'Pick the type From List or By Name, or copy the conversationType field (not id) from List Conversation Types; Siro silently ignores anything else.',
	};
}

/** The UUID in lower case, its canonical form; blank → left out (the rep's default). Throws RecordLinkError. */
export function normalizeConversationType(value: unknown): string | undefined {
	const text = readText(value, 'conversationType', UUID_TEXT)?.trim();
	if (!text) return undefined;
	if (UUID.test(text)) return text.toLowerCase();
	throw RecordLinkError.of(notAUuid(text));
}

export const conversationType: LinkParameter<'conversationType'> = {
	name: 'conversationType',
	actions: ['start', 'restart'],
	normalize: (input) => normalizeConversationType(ownValue(input, 'conversationType')),
	check(decoded, findings) {
		if (isEmptyValue('conversationType', decoded, findings)) return decoded;
		const text = decoded.trim();
		if (text !== '' && !UUID.test(text)) reportIssue(findings, notAUuid(text));
		return decoded;
	},
};
