/**
 * Was an appointment recorded? Read from the engagement Siro returns (`GET
 * /v1/integrations/engagements/{id}`): Siro sets its `recordingId` once it matched a recording to it
 * (the record link's CRM object, or the rep and the time). Without one, the appointment counts as
 * not recorded only once its end plus a grace period has passed: reps stop and upload late.
 */
import { readTime } from '../core/time';
import { describe, isFieldObject, ownValue } from '../core/values';
import { asInputError, SiroInputError } from './errors';

/**
 * `cancelled`: Siro reports the engagement deleted (`deletedAt`), or it is gone (null, a 404): it was
 * called off, so it is never reported as not recorded.
 */
export type EngagementRecordingStatus = 'recorded' | 'notRecorded' | 'notEnded' | 'cancelled';

export interface EngagementRecording {
	status: EngagementRecordingStatus;
	/** Siro's recording matched to the engagement. */
	recordingId?: string;
	/** The engagement's end (ISO 8601, UTC), when it has one. */
	endedAt?: string;
	/** When Siro says it was deleted, as Siro gave it. */
	deletedAt?: string;
}

export interface EngagementRecordingOptions {
	/** The time to judge at: ISO 8601 with a zone, a Date, or milliseconds; default: now. */
	now?: string | Date | number;
	/** Minutes after the end before "not recorded"; default 15. */
	graceMinutes?: number;
}

export const DEFAULT_GRACE_MINUTES = 15;

/** A time Siro gave, or undefined when it gave none that reads as an instant. */
function siroTime(value: unknown): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	try {
		return readTime(value, 'time');
	} catch {
		return undefined;
	}
}

/**
 * The recording status of `engagement` (Siro's answer; null or undefined when Siro no longer has it).
 * An engagement without an end time (nor a start) is `notEnded`: nothing says it is over.
 */
export function engagementRecordingStatus(
	engagement: unknown,
	options: EngagementRecordingOptions = {},
): EngagementRecording {
	const graceMinutes = ownValue(options, 'graceMinutes') ?? DEFAULT_GRACE_MINUTES;
	if (typeof graceMinutes !== 'number' || !Number.isFinite(graceMinutes) || graceMinutes < 0) {
		throw new SiroInputError(
			'graceMinutes',
			`graceMinutes is ${describe(graceMinutes)}.`,
			'Set it to a number of minutes, 0 or more.',
		);
	}
	const nowGiven = ownValue(options, 'now');
	const now = nowGiven === undefined ? Date.now() : asInputError(() => readTime(nowGiven, 'now'));
	if (engagement === null || engagement === undefined) return { status: 'cancelled' };
	if (!isFieldObject(engagement)) {
		throw new SiroInputError(
			'engagement',
			`engagement is ${describe(engagement)}.`,
			'Pass the engagement as Siro returns it.',
		);
	}
	const recordingId = ownValue(engagement, 'recordingId');
	const deletedAt = ownValue(engagement, 'deletedAt');
	const endMs =
		siroTime(ownValue(engagement, 'endTime')) ?? siroTime(ownValue(engagement, 'startTime'));
	const endedAt = endMs === undefined ? undefined : new Date(endMs).toISOString();
	const withEnd = <T extends EngagementRecording>(result: T): T =>
		endedAt === undefined ? result : { ...result, endedAt };
	if (typeof recordingId === 'string' && recordingId !== '') {
		return withEnd({ status: 'recorded', recordingId });
	}
	if (typeof deletedAt === 'string' && deletedAt !== '') {
		return withEnd({ status: 'cancelled', deletedAt });
	}
	if (endMs === undefined || now < endMs + graceMinutes * 60000) {
		return withEnd({ status: 'notEnded' });
	}
	return withEnd({ status: 'notRecorded' });
}
