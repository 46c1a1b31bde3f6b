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

/** A bare word: a number, true, false or null (the text is valid JSON, so nothing else). */
const BARE_WORD = /[^\s{}[\],:"]+/y;
const WHOLE_NUMBER = /^-?\d+$/;

/** The index just past the JSON string whose opening quote is at `start`. */
function endOfString(text: string, start: number): number {
	let searchFrom = start + 1;
	for (;;) {
		const quoteAt = text.indexOf('"', searchFrom);
		let backslashes = 0;
		while (text[quoteAt - 1 - backslashes] === '\\') backslashes++;
		// An even run of backslashes escapes only itself: this quote closes the string.
		if (backslashes % 2 === 0) return quoteAt + 1;
		searchFrom = quoteAt + 1;
	}
}

/**
 * The first thing JSON.parse changed without a word, in text it accepted. A scan rather than one
 * regular expression: a regex over a string of millions of escapes runs out of stack.
 */
function findSilentChange(text: string): SilentChange | undefined {
	// One entry per open object (its keys so far) or list (undefined).
	const open: Array<Set<string> | undefined> = [];
	let nextStringIsKey = false;
	let at = 0;
	while (at < text.length) {
		const character = text[at];
		if (character === '"') {
			const end = endOfString(text, at);
			if (nextStringIsKey) {
				const key = JSON.parse(text.slice(at, end)) as string;
				const keys = open[open.length - 1]!;
				if (keys.has(key)) return { repeatedKey: key };
				keys.add(key);
				nextStringIsKey = false;
			}
			at = end;
			continue;
		}
		if (character === '{') {
			open.push(new Set());
			nextStringIsKey = true;
		} else if (character === '[') {
			open.push(undefined);
		} else if (character === '}' || character === ']') {
			open.pop();
		} else if (character === ',') {
			nextStringIsKey = open[open.length - 1] !== undefined;
		} else if (character !== ':' && !/\s/.test(character)) {
			BARE_WORD.lastIndex = at;
			const word = BARE_WORD.exec(text)![0];
			const isNumber = word !== 'true' && word !== 'false' && word !== 'null';
			if (isNumber && !(WHOLE_NUMBER.test(word) && Number.isSafeInteger(Number(word))))
				return { inexactNumber: word };
			at += word.length;
			continue;
		}
		at++;
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
