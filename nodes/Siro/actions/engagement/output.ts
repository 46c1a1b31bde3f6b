/** What Sync and Get output: the engagement as Siro returned it, plus whether it was recorded. */
import { deepCopy, type IDataObject, type INodeProperties } from 'n8n-workflow';

import type { Engagement } from '../../client';
import { DEFAULT_GRACE_MINUTES, engagementRecordingStatus } from '../../engagements';
import { ownValue } from '../../core';
import { ItemInputError } from '../../shared/nodeErrors';

export const gracePeriodOption: INodeProperties = {
	displayName: 'Grace Period (Minutes)',
	name: 'gracePeriod',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: DEFAULT_GRACE_MINUTES,
	description:
		'How long after the End Time an appointment without a recording still counts as Not Ended rather than Not Recorded: reps stop and upload late',
};

/** The Grace Period the options set, checked with the item's other fields, before any request. */
export function readGraceMinutes(options: object): number {
	const minutes = ownValue(options, 'gracePeriod') ?? DEFAULT_GRACE_MINUTES;
	if (typeof minutes === 'number' && Number.isFinite(minutes) && minutes >= 0) return minutes;
	throw new ItemInputError(
		'gracePeriod',
		`Grace Period is ${JSON.stringify(minutes)?.slice(0, 60)}, not a number of minutes.`,
		'Set it to 0 or more minutes (15 by default).',
	);
}

/**
 * The engagement with `recording` = { status: recorded | notRecorded | notEnded | cancelled,
 * recordingId?, endedAt?, deletedAt? }, judged now. Siro's fields are kept as Siro sent them.
 */
export function engagementJson(engagement: Engagement, graceMinutes: number): IDataObject {
	const recording = engagementRecordingStatus(engagement, { graceMinutes });
	return { ...deepCopy(engagement as IDataObject), recording: { ...recording } };
}
