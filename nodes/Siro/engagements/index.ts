/**
 * Appointments in Siro (engagements) and the records around them: the rules of the sync and link
 * bodies, calendar events as n8n's nodes emit them, and whether an appointment was recorded. Pure and
 * free of n8n and zod, shared by the node, the library and the tests.
 */
export { SiroInputError } from './errors';
export {
	engagementFromCalendarEvent,
	type CalendarEventOptions,
	type CalendarSource,
} from './calendarEvent';
export {
	ACTIVITY_TYPES,
	APPOINTMENT_ACTIVITY_TYPES,
	DIRECTIONS,
	DISPOSITIONS,
	checkEngagementSyncBody,
	checkOpportunitySyncBody,
	type ActivityType,
	type CheckedBody,
	type EngagementOpportunity,
	type EngagementSyncBody,
	type EngagementType,
	type EngagementUser,
	type OpportunitySyncBody,
	type SiroAccount,
	type SiroAddress,
	type SiroContact,
	type SiroLead,
} from './syncBody';
export {
	DEFAULT_GRACE_MINUTES,
	engagementRecordingStatus,
	type EngagementRecording,
	type EngagementRecordingOptions,
	type EngagementRecordingStatus,
} from './recordingStatus';
export {
	CRM_LINK_DATA_TYPES,
	checkRecordingLinkBody,
	type CrmLinkDataType,
	type RecordingLinkBody,
} from './recordingLink';
export { ianaTimeZone } from './timeZones';
