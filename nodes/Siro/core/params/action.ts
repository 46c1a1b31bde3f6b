import { RecordLinkError } from '../errors';
import { describe, listWithOr, quote, readText, ownValue, type TextRule } from '../values';
import type { LinkParameter } from './parameter';

/** What the Siro app can do with a recording (Siro's page: start, stop, restart). */
export const RECORD_ACTIONS = ['start', 'stop', 'restart'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

/** "start, stop or restart", for messages. */
export const ACTION_CHOICES = listWithOr(RECORD_ACTIONS);

const ACTION_TEXT: TextRule = { expected: ACTION_CHOICES, numbers: 'none' };

export function isRecordAction(text: string): text is RecordAction {
	return (RECORD_ACTIONS as readonly string[]).includes(text);
}

export const action: LinkParameter<'action'> = {
	name: 'action',
	actions: RECORD_ACTIONS,

	/** Trimmed and lower-cased; required. */
	normalize(input) {
		const text = readText(ownValue(input, 'action'), 'action', ACTION_TEXT);
		if (text === undefined)
			throw new RecordLinkError('action', 'action is missing.', `Set action to ${ACTION_CHOICES}.`);
		const normalized = text.trim().toLowerCase();
		if (isRecordAction(normalized)) return normalized;
		throw new RecordLinkError(
			'action',
			`action ${describe(text)} is not one Siro knows.`,
			`Set action to ${ACTION_CHOICES}.`,
		);
	},

	/** The app matches the action exactly, in lower case. */
	check(decoded, findings) {
		if (!isRecordAction(decoded)) {
			findings.issue(
				`action ${quote(decoded)} is not ${ACTION_CHOICES} (lower case), so Siro does nothing.`,
			);
		}
		return decoded;
	},
};
