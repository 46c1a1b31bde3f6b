/**
 * What the Recording operations and the Siro Trigger output for a recording, its summary and its
 * transcript: Siro's data as Siro sent it, plus one readable text field for the summary and the
 * transcript (for an e-mail, a CRM note, a chat message).
 */
import { deepCopy, type IDataObject } from 'n8n-workflow';

import type { Recording, SummarySection, Transcript } from '../../client';
import { ownValue } from '../../core';

/**
 * A recording as Siro returned it, with `deleted` always there: Siro keeps deleted recordings in its
 * answers, flagged, and so does the node, so that a workflow can reconcile them rather than miss them.
 */
export function recordingOutput(recording: Recording): IDataObject {
	const copy = deepCopy(recording as IDataObject);
	copy.deleted = ownValue(recording, 'deleted') === true;
	return copy;
}

export interface SummaryOutput extends IDataObject {
	sections: Array<{ name: string; content: string }>;
	/** Every section as "Name" on one line and its content below, sections one blank line apart. */
	text: string;
}

export function summaryOutput(sections: readonly SummarySection[]): SummaryOutput {
	const kept = sections.map(({ name, content }) => ({ name, content }));
	return {
		sections: kept,
		text: kept.map(({ name, content }) => `${name}\n${content}`).join('\n\n'),
	};
}

/** The summary sections inside a recording Siro returned with `showSummary` (none when absent). */
export function summarySectionsOf(recording: Recording): SummarySection[] {
	const summary = ownValue(recording, 'summary');
	return Array.isArray(summary) ? (summary as SummarySection[]) : [];
}

/** The speaker's name from Siro's speakerMap (own keys only), else "Speaker <tag>". */
function speakerName(speakerMap: Record<string, string>, tag: string): string {
	const name = ownValue(speakerMap, tag);
	return typeof name === 'string' && name.trim() !== '' ? name.trim() : `Speaker ${tag}`;
}

export interface TranscriptOutput extends IDataObject {
	utterances: IDataObject[];
	speakerMap: IDataObject;
	/** "Rep Jim: …" lines, one per turn: consecutive utterances of one speaker are joined. */
	text: string;
}

export function transcriptOutput(transcript: Transcript): TranscriptOutput {
	const speakers = transcript.utterances.map(({ speakerTag }) =>
		speakerName(transcript.speakerMap, speakerTag),
	);
	const turns: Array<{ speaker: string; words: string[] }> = [];
	transcript.utterances.forEach(({ utterance }, index) => {
		const words = utterance.trim();
		if (words === '') return;
		const last = turns[turns.length - 1];
		if (last !== undefined && last.speaker === speakers[index]) last.words.push(words);
		else turns.push({ speaker: speakers[index], words: [words] });
	});
	return {
		utterances: transcript.utterances.map((utterance, index) => ({
			...deepCopy(utterance as IDataObject),
			speaker: speakers[index],
		})),
		speakerMap: { ...transcript.speakerMap },
		text: turns.map(({ speaker, words }) => `${speaker}: ${words.join(' ')}`).join('\n'),
	};
}
