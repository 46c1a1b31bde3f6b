/** Fields several Recording operations share, and how they are read. */
import type { INodeProperties } from 'n8n-workflow';

import type { RecordingDetails } from '../../client';

export const recordingIdField: INodeProperties = {
	displayName: 'Recording ID',
	name: 'recordingId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 0b6f3c1e-…',
	description:
		"The recording's ID in Siro, e.g. the recordingId a Siro Trigger outputs (map it with an expression)",
};

/** What Siro can add to a recording, as the Include menu offers it. */
const DETAILS: ReadonlyArray<[value: string, name: string, show: keyof RecordingDetails]> = [
	['crmLinks', 'CRM Links', 'showCrmLinks'],
	['entityExtractions', 'Entity Extractions', 'showEntityExtractions'],
	['evaluationScore', 'Evaluation Score', 'showEvaluationScore'],
	['followups', 'Follow-Ups', 'showFollowups'],
	['summary', 'Summary', 'showSummary'],
];

export function includeField(listing: boolean): INodeProperties {
	return {
		displayName: 'Include',
		name: 'include',
		type: 'multiOptions',
		options: DETAILS.map(([value, name]) => ({ name, value })),
		default: [],
		description: listing
			? 'What Siro adds to each recording. In a list, follow-ups are their ID and score only (Get has them in full).'
			: 'What Siro adds to the recording: the CRM objects it is linked to, the summary sections, the extracted entities, the scorecard score, the follow-ups',
	};
}

/** The Include menu's choices as Siro's show* query options (unknown values ignored). */
export function readDetails(include: unknown): RecordingDetails {
	const chosen = Array.isArray(include) ? include : [];
	const details: RecordingDetails = {};
	for (const [value, , show] of DETAILS) if (chosen.includes(value)) details[show] = true;
	return details;
}
