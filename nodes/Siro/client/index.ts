/** The Siro API client: no n8n import, so the node and the library share it. */
export { DEFAULT_BASE_URL, DEFAULT_EXTERNAL_API_BASE_URL, normalizeBaseUrl } from './baseUrl';
export type { SiroAuthentication } from './caller';
export { createSiroClient, type SiroClient, type SiroClientOptions } from './client';
export type { CallerIdentity } from './endpoints/callerIdentity';
export type { ConversationConfiguration } from './endpoints/conversationTypes';
export type {
	Engagement,
	EngagementSyncResult,
	EngagementUserFilters,
	EngagementUserLink,
	Opportunity,
	RecordingCrmLink,
} from './endpoints/engagements';
export type { IntegrationConnection } from './endpoints/integrationConnections';
export {
	MOBILE_EVENT_CODES,
	type MobileEvent,
	type MobileEventCode,
	type MobileEventFilters,
} from './endpoints/mobileEvents';
export type { AccessTokenScope, MintRequest, MintedUserAccessToken } from './endpoints/oauth';
export type {
	Recording,
	RecordingDetails,
	RecordingFilters,
	SummarySection,
	Transcript,
	Utterance,
} from './endpoints/recordings';
export { readId } from './endpoints/ids';
export type { SiroUser, UserFilters } from './endpoints/users';
export type { SiroUserFields, UserFieldOptions } from './userFields';
export { SiroApiError, type SiroApiErrorDetails, type SiroApiErrorKind } from './errors';
export type { SiroApiName } from './explain';
export { RequestPacer, type RequestPacerOptions } from './pacing';
export { DEFAULT_LIST_BOUNDS, type ListBounds, type ListOptions } from './paging';
export { Redactor, redactSecrets } from './redact';
export { networkErrorCode } from './request';
export type {
	HttpMethod,
	SiroHttpRequest,
	SiroHttpResponse,
	SiroRequestFunction,
	SleepFunction,
} from './request';
export type { RetryPolicy } from './retry';
