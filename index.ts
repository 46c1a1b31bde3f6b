/**
 * n8n-nodes-siro as a library: the record-link rules the n8n node applies and the Siro API client,
 * usable from a script, a Code step or another automation tool. It imports nothing from n8n or zod,
 * so it installs and runs anywhere; n8n loads the node and credentials by the paths in package.json.
 * findSiroUser's phone numbering plans (libphonenumber-js) are bundled into dist, not a dependency.
 * The zod schemas of the same contracts are at `n8n-nodes-siro/schemas` (they need zod).
 */
export {
	buildRecordLink,
	parseRecordLink,
	linkDeliveryStatus,
	encodeStrict,
	RecordLinkError,
	CRM_OBJECT_TYPES,
	RECORD_ACTIONS,
	PARAMETER_ORDER,
	ACTIONS_ACCEPTING,
	LINK_LENGTH,
	RECORD_LINK_BASE,
	type BuildRecordLinkResult,
	type ParseRecordLinkResult,
	type ParsedRecordLinkParams,
	type RecordLinkInput,
	type RecordLinkParams,
	type CrmObject,
	type CrmObjectType,
	type RecordAction,
	type RecordLinkParameter,
	type DeliveryStatus,
	type LinkDelivery,
	type LinkDeliveryOptions,
} from './nodes/Siro/core';

export {
	createSiroClient,
	SiroApiError,
	RequestPacer,
	MOBILE_EVENT_CODES,
	DEFAULT_BASE_URL,
	DEFAULT_EXTERNAL_API_BASE_URL,
	type SiroClient,
	type SiroClientOptions,
	type SiroApiErrorKind,
	type SiroHttpRequest,
	type SiroHttpResponse,
	type SiroRequestFunction,
	type SleepFunction,
	type ListOptions,
	type ConversationConfiguration,
	type CallerIdentity,
	type SiroUser,
	type UserFilters,
	type IntegrationConnection,
	type MobileEvent,
	type MobileEventCode,
	type MobileEventFilters,
	type Recording,
	type RecordingDetails,
	type RecordingFilters,
	type SummarySection,
	type Transcript,
	type Utterance,
} from './nodes/Siro/client';

export {
	findSiroUser,
	FindSiroUserError,
	type FindSiroUserBy,
	type FindSiroUserQuery,
	type FindSiroUserResult,
} from './nodes/Siro/shared/userMatching';

export {
	verifySiroWebhook,
	SiroWebhookError,
	type SiroWebhookErrorReason,
	type SiroWebhookHeaders,
	type SiroWebhookPayload,
	type VerifySiroWebhookOptions,
} from './nodes/Siro/webhook/verify';
export {
	RECORDING_EVENTS,
	isRecordingEvent,
	type SiroRecordingEvent,
	type SiroRecordingEventType,
	type SiroWebhookCrmObject,
} from './nodes/Siro/webhook/recordingEvent';
