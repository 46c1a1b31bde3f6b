/** Public API of the Siro HTTP client (no n8n imports: usable by the node and the library). */
export { SiroApiError, isSiroApiError, redactSecrets } from './errors';
export type { SiroApiErrorKind, SiroApiErrorDetails } from './errors';
export {
	createSiroClient,
	SIRO_AUTH_HEADER,
	DEFAULT_BASE_URL,
	CONVERSATION_CONFIGURATIONS_PATH,
} from './client';
export type { SiroClient, SiroClientOptions } from './client';
export { mintUserAccessToken, DEFAULT_OAUTH_BASE_URL } from './oauth';
export type { MintUserAccessTokenOptions, MintedUserAccessToken, AccessTokenScope } from './oauth';
export {
	conversationConfigurationSchema,
	conversationConfigurationsResponseSchema,
} from './schemas';
export type { ConversationConfiguration, ConversationConfigurationsResponse } from './schemas';
export { normalizeBaseUrl, DEFAULT_RETRY_POLICY, DEFAULT_TIMEOUT_MS } from './transport';
export type {
	HttpMethod,
	SiroHttpRequest,
	SiroHttpResponse,
	SiroRequestFunction,
	SleepFunction,
	RandomFunction,
	RetryPolicy,
} from './transport';
