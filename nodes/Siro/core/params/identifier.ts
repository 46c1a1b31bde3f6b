/**
 * IDs that Siro compares exactly (integration connection, CRM object, opportunity): a character that
 * cannot be seen, or that a CRM never puts in an ID, means the link silently matches nothing.
 */
import { RecordLinkError, type LinkIssue } from '../errors';
import {
	CONTROL_CHARACTER,
	INVISIBLE_CHARACTER,
	findLoneSurrogate,
	loneSurrogateIssue,
	readText,
	type TextRule,
} from '../values';

const ID_TEXT: TextRule = { expected: 'text', numbers: 'safeInteger' };

/** What an ID never holds: control characters, and invisible format characters (see values.ts). */
const NOT_IN_AN_ID = new RegExp(`${CONTROL_CHARACTER.source}|${INVISIBLE_CHARACTER.source}`, 'u');

/** What is wrong with an ID's text, if anything; `label` says where it sits (crmObjects[0].objectId). */
export function identifierIssue(field: string, text: string, label = field): LinkIssue | undefined {
	const found = NOT_IN_AN_ID.exec(text);
	if (found) {
		const fix = `Remove it: Siro compares ${label} exactly, so it would not match.`;
		if (CONTROL_CHARACTER.test(found[0]))
			return {
				field,
				problem: `${label} contains a line break, tab or other control character.`,
				fix,
			};
		const codePoint = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
		return {
			field,
			problem: `${label} contains an invisible character (U+${codePoint}, a zero-width or text-direction mark) at position ${found.index + 1}.`,
			fix,
		};
	}
	const surrogateAt = findLoneSurrogate(text);
	return surrogateAt >= 0 ? loneSurrogateIssue(field, label, surrogateAt) : undefined;
}

/** Trimmed text; a safe integer becomes its decimal text; blank → left out. Throws RecordLinkError. */
export function normalizeIdentifier(
	field: string,
	value: unknown,
	label = field,
): string | undefined {
	const text = readText(value, field, ID_TEXT, label)?.trim();
	if (!text) return undefined;
	const issue = identifierIssue(field, text, label);
	if (issue) throw RecordLinkError.of(issue);
	return text;
}
