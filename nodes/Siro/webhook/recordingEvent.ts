/**
 * Siro's recording events (`integrations.recordingProcessed`, `integrations.recordingLinked`), as its
 * webhook document defines them, and the check that a verified payload is one.
 */
import { ownValue } from '../core/values';

import type { SiroWebhookPayload } from './verify';

export const RECORDING_EVENTS = [
	'integrations.recordingProcessed',
	'integrations.recordingLinked',
] as const;
export type SiroRecordingEventType = (typeof RECORDING_EVENTS)[number];

/** A CRM object as Siro refers to it in a webhook: its Siro ID and its ID in the CRM. */
export interface SiroWebhookCrmObject {
	id: string;
	externalId: string;
	[key: string]: unknown;
}

/** The body of a recording event; `crm` is set when the recording is linked to CRM objects. */
export interface SiroRecordingEvent {
	eventType: string;
	recordingId: string;
	recordingProcessed: boolean;
	recordingLinked: boolean;
	siroUserId?: string;
	crm?: {
		integrationConnectionId: string;
		users?: SiroWebhookCrmObject[];
		engagement?: SiroWebhookCrmObject;
		opportunity?: SiroWebhookCrmObject;
		contacts?: SiroWebhookCrmObject[];
		account?: SiroWebhookCrmObject;
		lead?: SiroWebhookCrmObject;
		[key: string]: unknown;
	};
	[key: string]: unknown;
}

const REQUIRED_FIELDS: ReadonlyArray<[keyof SiroRecordingEvent & string, 'string' | 'boolean']> = [
	['eventType', 'string'],
	['recordingId', 'string'],
	['recordingProcessed', 'boolean'],
	['recordingLinked', 'boolean'],
];

/** Siro's recording IDs are UUID-like; the trigger remembers them, so they must stay short. */
const MAX_RECORDING_ID_LENGTH = 256;

/**
 * What is wrong with `payload` as a recording event (a field missing or of the wrong type, an ID
 * too long to be one), or undefined when it has every field Siro's document marks required.
 */
export function recordingEventProblem(payload: SiroWebhookPayload): string | undefined {
	for (const [field, type] of REQUIRED_FIELDS) {
		const value = ownValue(payload, field);
		if (value === undefined) return `its ${field} is missing`;
		if (typeof value !== type) return `its ${field} is not a ${type}`;
		if (value === '') return `its ${field} is empty`;
	}
	if ((payload.recordingId as string).length > MAX_RECORDING_ID_LENGTH) {
		return `its recordingId is longer than ${MAX_RECORDING_ID_LENGTH} characters`;
	}
	return undefined;
}

export function isRecordingEvent(payload: SiroWebhookPayload): payload is SiroRecordingEvent {
	return recordingEventProblem(payload) === undefined;
}
