import {
	CONTROL_CHARACTER,
	CONTROL_CHARACTER_RUNS,
	readText,
	ownValue,
	type TextRule,
} from '../values';
import { isEmptyValue, type LinkParameter } from './parameter';

const TITLE_TEXT: TextRule = { expected: 'text', numbers: 'finite' };

export const title: LinkParameter<'title'> = {
	name: 'title',
	actions: ['start'],

	/** Each run of control characters (CR, LF, TAB, line separators…) becomes one space; trimmed; empty → left out. */
	normalize(input) {
		const text = readText(ownValue(input, 'title'), 'title', TITLE_TEXT);
		if (text === undefined) return undefined;
		// Most titles have no control character, and a test is cheaper than a replace that finds none.
		const title = (
			CONTROL_CHARACTER.test(text) ? text.replace(CONTROL_CHARACTER_RUNS, ' ') : text
		).trim();
		return title === '' ? undefined : title;
	},

	check(decoded, findings) {
		isEmptyValue('title', decoded, findings);
		return decoded;
	},
};
