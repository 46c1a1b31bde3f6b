/**
 * How the core reads values it is handed: own keys only (a polluted Object.prototype never adds a
 * parameter), each value read once, and every value described in messages by a short excerpt.
 */
import { RecordLinkError, type LinkIssue } from './errors';

const hasOwnProperty = Object.prototype.hasOwnProperty;

/** The object's own value for `key`, never one inherited from its prototype. */
export function ownValue(object: object, key: string): unknown {
	return hasOwnProperty.call(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

/** Whether the object itself has `key` (a list: that index is no hole). */
export function hasOwn(object: object, key: string | number): boolean {
	return hasOwnProperty.call(object, key);
}

/** Object.prototype.toString's tag works across realms (n8n evaluates expressions in a sandbox). */
function tagOf(value: object): string {
	return Object.prototype.toString.call(value);
}

const NOT_FIELD_OBJECTS: Record<string, string> = {
	'[object Date]': 'a Date',
	'[object Map]': 'a Map',
	'[object Set]': 'a Set',
	'[object Promise]': 'a Promise (it was not awaited)',
};

/** An object of named fields, as JSON and n8n produce: not a list, Date, Map, Set or Promise. */
export function isFieldObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) return false;
	// The usual case, answered without asking for the tag: JSON.parse and n8n make plain objects.
	const prototype = Object.getPrototypeOf(value);
	if (prototype === Object.prototype || prototype === null) return true;
	return !Array.isArray(value) && NOT_FIELD_OBJECTS[tagOf(value)] === undefined;
}

const QUOTE_LIMIT = 60;

/** Text in quotes, escaped (line breaks and the like stay visible), cut to a short excerpt. */
export function quote(text: string): string {
	return JSON.stringify(text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT - 1)}…` : text);
}

/** A value as a message names it: "text" (an excerpt), the number 1.5, a list, a Date… */
export function describe(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'missing';
	if (typeof value === 'string') return quote(value);
	if (typeof value === 'number') return `the number ${value}`;
	if (typeof value === 'bigint') return `the bigint ${value}`;
	if (typeof value === 'boolean') return `${value}`;
	if (typeof value === 'function') return 'a function';
	if (typeof value === 'symbol') return 'a symbol';
	if (Array.isArray(value)) return 'a list';
	return NOT_FIELD_OBJECTS[tagOf(value as object)] ?? 'an object';
}

/** C0 and C1 control characters, and the line and paragraph separators, which act as line breaks. */
export const CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029]/u;
export const CONTROL_CHARACTER_RUNS = /[\p{Cc}\u2028\u2029]+/gu;

/**
 * Unicode format characters (category Cf): zero-width spaces and joiners, text-direction marks and
 * overrides, soft hyphens. Invisible on screen, yet they make two IDs differ.
 */
export const INVISIBLE_CHARACTER = /\p{Cf}/u;

/** Lone surrogates cannot be written in UTF-8 (encodeURIComponent throws on them). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** String.prototype.isWellFormed (ES2024; Node 20 has it): true when the text has no lone surrogate. */
interface WellFormedCheck {
	isWellFormed(): boolean;
}

/** Where the first lone surrogate is, or -1. */
export function findLoneSurrogate(text: string): number {
	if ((text as unknown as WellFormedCheck).isWellFormed()) return -1;
	return LONE_SURROGATE.exec(text)!.index;
}

export function loneSurrogateIssue(field: string, label: string, at: number): LinkIssue {
	return {
		field,
		problem: `${label} has a broken Unicode character (an unpaired surrogate) at position ${at + 1}.`,
		fix: `Remove that character from ${label}; it cannot be written in a link.`,
	};
}

/** How a text parameter takes numbers: not at all, any finite number (a title), or whole IDs only. */
type NumbersAccepted = 'none' | 'finite' | 'safeInteger';

export interface TextRule {
	/** What to set instead, after "Set <label> to". */
	expected: string;
	numbers: NumbersAccepted;
}

function numberAsText(value: number, field: string, rule: TextRule, label: string): string {
	if (rule.numbers === 'none') {
		throw new RecordLinkError(
			field,
			`${label} is ${describe(value)}.`,
			`Set ${label} to ${rule.expected}.`,
		);
	}
	if (!Number.isFinite(value)) {
		throw new RecordLinkError(
			field,
			`${label} is ${value}, not a usable value.`,
			`Set ${label} to text.`,
		);
	}
	if (rule.numbers === 'safeInteger' && !Number.isSafeInteger(value)) {
		throw new RecordLinkError(
			field,
			`${label} is the number ${value}, which cannot be an exact ID: ${
				Number.isInteger(value)
					? `numbers above ${Number.MAX_SAFE_INTEGER} have already lost their last digits`
					: 'a number that is not whole loses its formatting (1.50 becomes 1.5, 1e21 becomes 1e+21)'
			}.`,
			`Give the ID as text, in quotes where it comes from (e.g. "${label}": "4150868000000224005" in JSON).`,
		);
	}
	return String(value);
}

/**
 * A text parameter's value as text: a string as given, a number as its decimal text where the rule
 * takes numbers (n8n expressions hand IDs over as numbers). Null and undefined are absent. `label`
 * says where the value sits, for messages (crmObjects[0].objectId).
 * Throws RecordLinkError for any other kind of value and for text that cannot be written in a link.
 */
export function readText(
	value: unknown,
	field: string,
	rule: TextRule,
	label = field,
): string | undefined {
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'number') return numberAsText(value, field, rule, label);
	if (typeof value !== 'string') {
		throw new RecordLinkError(
			field,
			`${label} is ${describe(value)}.`,
			`Set ${label} to ${rule.expected}.`,
		);
	}
	const surrogateAt = findLoneSurrogate(value);
	if (surrogateAt >= 0) throw RecordLinkError.of(loneSurrogateIssue(field, label, surrogateAt));
	return value;
}

/** "start, stop or restart". */
export function listWithOr(items: readonly string[]): string {
	return items.length < 2
		? items.join('')
		: `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
