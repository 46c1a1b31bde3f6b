/**
 * JSON text read exactly: JSON.parse, and what it silently changed. A number that is not a safe
 * integer loses digits or formatting (4150868000000224005 becomes …224000, 1.50 becomes 1.5), and
 * of a key given twice in one object only the last survives. Both are found in the text itself,
 * since the parsed value no longer shows them.
 */
export type SilentChange = { repeatedKey: string } | { inexactNumber: string };

type JsonReading =
	/** JSON.parse's own explanation. */
	{ invalid: string } | { value: unknown; silentChange?: SilentChange };

/** Strings (escapes included), punctuation, and bare words (numbers, true, false, null). */
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|[{}[\],:]|[^\s{}[\],:"]+/g;
const WHOLE_NUMBER = /^-?\d+$/;

/** The first thing JSON.parse changed without a word, in text it accepted. */
function findSilentChange(text: string): SilentChange | undefined {
	// One entry per open object (its keys so far) or list (undefined).
	const open: Array<Set<string> | undefined> = [];
	let nextStringIsKey = false;
	for (const [token] of text.matchAll(JSON_TOKEN)) {
		if (token === '{') {
			open.push(new Set());
			nextStringIsKey = true;
		} else if (token === '[') {
			open.push(undefined);
		} else if (token === '}' || token === ']') {
			open.pop();
		} else if (token === ',') {
			nextStringIsKey = open[open.length - 1] !== undefined;
		} else if (token.startsWith('"')) {
			if (!nextStringIsKey) continue;
			nextStringIsKey = false;
			const key = JSON.parse(token) as string;
			const keys = open[open.length - 1]!;
			if (keys.has(key)) return { repeatedKey: key };
			keys.add(key);
		} else if (/^[-\d]/.test(token)) {
			if (!WHOLE_NUMBER.test(token) || !Number.isSafeInteger(Number(token)))
				return { inexactNumber: token };
		}
	}
	return undefined;
}

export function readJson(text: string): JsonReading {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return { invalid: (error as Error).message };
	}
	const silentChange = findSilentChange(text);
	return silentChange ? { value, silentChange } : { value };
}
