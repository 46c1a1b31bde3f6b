import { tryDecode } from '../encoding';
import { RecordLinkError, type LinkIssue } from '../errors';
import { CONTROL_CHARACTER, describe, ownValue, readText, type TextRule } from '../values';
import { RECORD_ACTIONS } from './action';
import { isEmptyValue, reportIssue, type LinkParameter } from './parameter';

/** Schemes refused outright, and what the app would do with each on the rep's phone. */
const REFUSED_SCHEMES = new Map([
	['javascript', 'can run code'],
	['data', 'can run code'],
	['vbscript', 'can run code'],
	['file', 'reads files'],
	['intent', 'can start any Android app component'],
	['content', "reads another Android app's data"],
	['itms-services', 'installs an iOS app'],
]);
/** A URL whose scheme's colon is itself encoded: it arrived URL-encoded (once, or more). */
const ALREADY_ENCODED_URL = /^[a-z][a-z0-9+.-]*%3a/i;
const URL_SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** "crm.example.com:8080/x" parses as scheme "crm.example.com": it is a host and port missing https://. */
const HOST_AND_PORT = /^[a-z][a-z0-9+.-]*:\d/i;
const WEB_URL_START = /^https?:\/\/[^/?#\s]/i;
/**
 * Characters phones read differently: control characters (browsers drop them), blanks, and
 * backslashes (browsers read "/", Android does not).
 */
const MISREAD_CHARACTER = /[\p{Cc}\u2028\u2029\s\\]/u;
/** A % that starts no escape: each phone decodes it its own way. */
const BROKEN_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
/** "scheme://name@host": the name looks like the host to a person, the app opens the host. */
const USER_INFO = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i;

const field = 'redirectUrl';
const URL_TEXT: TextRule = { expected: 'an absolute URL as text', numbers: 'none' };
const CONTROL_CHARACTER_ISSUE: LinkIssue = {
	field,
	problem: 'redirectUrl contains a line break, tab or other control character.',
	fix: 'Remove it; browsers drop such characters silently, so the app would open a different URL.',
};

/** Why the character MISREAD_CHARACTER or BROKEN_ESCAPE found makes phones open different addresses. */
function misreadIssue(character: string): LinkIssue {
	if (CONTROL_CHARACTER.test(character)) return CONTROL_CHARACTER_ISSUE;
	if (character === '\\') {
		return {
			field,
			problem:
				'redirectUrl contains a backslash: browsers read it as "/" but Android does not, so they open different addresses.',
			fix: 'Use "/" instead, or encode the backslash as %5C.',
		};
	}
	if (character.startsWith('%')) {
		return {
			field,
			problem:
				'redirectUrl has a % that does not start an escape like %2F, which phones decode differently.',
			fix: 'Use %25 for a literal %.',
		};
	}
	return {
		field,
		problem:
			'redirectUrl contains a raw space or other blank, which the iOS and Android apps read differently.',
		fix: 'Remove it, or encode it (a space is %20).',
	};
}

/**
 * Whether the app may open this (decoded) URL, and how the iOS and Android apps could read it
 * differently from what was meant; one warning at most (a custom scheme, plain http).
 */
function judge(url: string): { issue?: LinkIssue; warning?: string } {
	const misread =
		MISREAD_CHARACTER.exec(url)?.[0] ??
		(url.includes('%') ? BROKEN_ESCAPE.exec(url)?.[0] : undefined);
	// First: a control character can hide a dangerous scheme ("java\tscript:").
	if (misread !== undefined && CONTROL_CHARACTER.test(misread))
		return { issue: CONTROL_CHARACTER_ISSUE };
	// Most redirects are https:// links, whose scheme needs no parsing.
	const scheme = url.startsWith('https://') ? 'https' : URL_SCHEME.exec(url)?.[1].toLowerCase();
	const danger = scheme === undefined ? undefined : REFUSED_SCHEMES.get(scheme);
	if (danger !== undefined) {
		return {
			issue: {
				field,
				problem: `redirectUrl uses the ${scheme}: scheme, which ${danger} on the rep's phone.`,
				fix: 'Use an https:// link (a Universal Link or App Link) back to your app.',
			},
		};
	}
	const isWeb = scheme === 'http' || scheme === 'https';
	if (scheme === undefined || (!isWeb && HOST_AND_PORT.test(url))) {
		return {
			issue: {
				field,
				problem: `redirectUrl ${describe(url)} is not an absolute URL.`,
				fix: 'Use a full URL with its scheme, such as https://yourapp.example.com/done.',
			},
		};
	}
	if (misread !== undefined) return { issue: misreadIssue(misread) };
	if (USER_INFO.test(url)) {
		return {
			issue: {
				field,
				problem:
					'redirectUrl has a user name before its host (https://name@host/): a link like https://app.siro.ai@evil.example/ opens evil.example.',
				fix: 'Remove everything between "//" and "@".',
			},
		};
	}
	if (isWeb) {
		if (!WEB_URL_START.test(url) || !URL.canParse(url)) {
			return {
				issue: {
					field,
					problem: `redirectUrl ${describe(url)} is not a valid web address.`,
					fix: 'Use a full URL such as https://yourapp.example.com/done.',
				},
			};
		}
		return scheme === 'http'
			? {
					warning:
						'redirectUrl uses plain http://: the page opens unencrypted and phones may warn or refuse. Use https://.',
				}
			: {};
	}
	return {
		warning: `redirectUrl uses the custom scheme ${scheme}://: the Siro app opens it only once the Siro team has whitelisted your app (this can take weeks). Prefer an https Universal Link (iOS) or App Link (Android).`,
	};
}

/** Where the app sends the rep afterwards. */
export const redirectUrl: LinkParameter<'redirectUrl'> = {
	name: 'redirectUrl',
	actions: RECORD_ACTIONS,

	/** An already-encoded URL is decoded once (never encoded twice); blank → left out. */
	normalize(input, warnings) {
		let url = readText(ownValue(input, 'redirectUrl'), 'redirectUrl', URL_TEXT)?.trim();
		if (!url) return undefined;
		if (ALREADY_ENCODED_URL.test(url)) {
			const decoded = tryDecode(url);
			if (decoded === undefined) {
				throw new RecordLinkError(
					field,
					'redirectUrl looks URL-encoded but has a broken % escape.',
					'Paste the plain URL (https://…); the node encodes it for you.',
				);
			}
			url = decoded;
			warnings.push(
				'redirectUrl arrived URL-encoded; it was decoded once so that it is not encoded twice.',
			);
		}
		const verdict = judge(url);
		if (verdict.issue) throw RecordLinkError.of(verdict.issue);
		if (verdict.warning) warnings.push(verdict.warning);
		return url;
	},

	check(decoded, findings) {
		if (isEmptyValue(field, decoded, findings)) return decoded;
		if (ALREADY_ENCODED_URL.test(decoded)) {
			findings.issue(
				'redirectUrl is encoded twice: once decoded it is still %-encoded, so the app cannot open it. Encode it once.',
			);
			return decoded;
		}
		const verdict = judge(decoded);
		reportIssue(findings, verdict.issue);
		if (verdict.warning) findings.warning(verdict.warning);
		return decoded;
	},
};
