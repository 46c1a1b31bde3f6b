/**
 * The Siro API client used by the node and the library. It needs no n8n: HTTP goes through the
 * injected `request` (inside n8n, n8n's own helpers, which also add the tokens) and waiting through
 * the injected `sleep`.
 */
import { DEFAULT_BASE_URL, DEFAULT_EXTERNAL_API_BASE_URL, normalizeBaseUrl } from './baseUrl';
import { SiroApiCaller, type SiroAuthentication } from './caller';
import { getCallerIdentity, type CallerIdentity } from './endpoints/callerIdentity';
import {
	listConversationTypes,
	type ConversationConfiguration,
} from './endpoints/conversationTypes';
import {
	getEngagement,
	linkRecording,
	listEngagementUsers,
	syncEngagement,
	syncEngagements,
	syncOpportunity,
	unlinkRecording,
	type Engagement,
	type EngagementSyncResult,
	type EngagementUserFilters,
	type EngagementUserLink,
	type Opportunity,
	type RecordingCrmLink,
} from './endpoints/engagements';
import {
	getIntegrationConnection,
	listIntegrationConnections,
	type IntegrationConnection,
} from './endpoints/integrationConnections';
import {
	listMobileEvents,
	type MobileEvent,
	type MobileEventFilters,
} from './endpoints/mobileEvents';
import {
	mintUserAccessToken,
	type MintRequest,
	type MintedUserAccessToken,
} from './endpoints/oauth';
import {
	getRecording,
	getRecordingSummaries,
	getTranscript,
	listRecordings,
	type Recording,
	type RecordingDetails,
	type RecordingFilters,
	type SummarySection,
	type Transcript,
} from './endpoints/recordings';
import {
	createUser,
	deactivateUser,
	getUser,
	listUsers,
	updateUser,
	type SiroUser,
	type UserFilters,
} from './endpoints/users';
import type { SiroUserFields, UserFieldOptions } from './userFields';
import { SiroApiError } from './errors';
import type { SiroApiName } from './explain';
import { RequestPacer } from './pacing';
import type { ListBounds, ListOptions } from './paging';
import { DEFAULT_TIMEOUT_MS, type SiroRequestFunction, type SleepFunction } from './request';
import { DEFAULT_RETRY_POLICY, type RandomFunction, type RetryPolicy } from './retry';

export interface SiroClientOptions {
	/** Sends HTTP: resolves `{status, headers, body}` for every answer, rejects only without one. */
	request: SiroRequestFunction;
	/** Waits between retries and for pacing. */
	sleep: SleepFunction;
	/**
	 * Milliseconds since the epoch; Date.now by default. A listing's time limit (ListOptions
	 * maxDurationMs) is measured on it, together with the waits asked of `sleep`, and so is the
	 * default pacer: tests pass a fake clock.
	 */
	now?: () => number;
	/** Siro's platform API (user token); default https://app.siro.ai/api-internalApi. */
	baseUrl?: string;
	/** Siro's external API (organization API token); default https://functions.siro.ai/api-externalApi. */
	externalApiBaseUrl?: string;
	/** A user access token, sent as `x-siro-auth-token` to the platform API. */
	accessToken?: string;
	/** An organization API token, sent as `Authorization: Bearer` to the external API. */
	organizationApiToken?: string;
	/** Replaces the two tokens when the transport authenticates requests itself (n8n). */
	authentication?: SiroAuthentication;
	/**
	 * Other secrets to keep out of every error this client throws, whichever call throws it: an OAuth
	 * app's client secret, a webhook signing secret, a proxy password. The tokens above, the
	 * authentication's secrets and a client secret given to `mintUserAccessToken` are always kept out;
	 * every 8-character piece of each is masked, raw, URL-encoded, base64 or in any letter case.
	 */
	secrets?: ReadonlyArray<string | undefined>;
	/** Shared by every client using the same tokens, to stay under Siro's rate limit together. */
	pacer?: RequestPacer;
	/** Jitter source in [0, 1); Math.random by default. */
	random?: RandomFunction;
	/** Each attempt's limit; the client enforces it whatever the transport does. */
	timeoutMs?: number;
	retry?: Partial<RetryPolicy>;
}

export interface SiroClient {
	readonly baseUrl: string;
	readonly externalApiBaseUrl: string;
	/** The organization's conversation configurations (org- and team-level). Platform API. */
	listConversationTypes(organizationId: string): Promise<ConversationConfiguration[]>;
	/** The organization API token's own identity and organization. External API. */
	getCallerIdentity(): Promise<CallerIdentity>;
	getUser(id: string): Promise<SiroUser>;
	/** Every page, up to `options.limit`, within the listing's bounds (ListBounds, DEFAULT_LIST_BOUNDS). */
	listUsers(filters?: UserFilters, options?: ListOptions): Promise<SiroUser[]>;
	/**
	 * Creates a user (Siro e-mails them a link to set their password; a password is never sent). The
	 * fields are checked first (SiroInputError naming the field; nothing sent): an e-mail, a phone
	 * number valid with its country code or in `options.defaultCountry` (sent in E.164). Without
	 * organizationId, the organization token's own. A 409 (e-mail or External ID taken) is a
	 * SiroApiError naming the value. External API. (This module's client alone reads phone numbers
	 * in E.164 only; the package's createSiroClient adds the numbering plans.)
	 */
	createUser(fields: SiroUserFields, options?: UserFieldOptions): Promise<SiroUser>;
	/** Sends only the fields given, checked as createUser's (no externalId: Siro's update takes none). */
	updateUser(id: string, fields: SiroUserFields, options?: UserFieldOptions): Promise<SiroUser>;
	/** Sets `disabled: true` and nothing else. External API. */
	deactivateUser(id: string): Promise<SiroUser>;
	getIntegrationConnection(id: string): Promise<IntegrationConnection>;
	listIntegrationConnections(
		filters?: { integrationPlatform?: string },
		options?: ListOptions,
	): Promise<IntegrationConnection[]>;
	/** Mobile events, flattened (Siro nests them in arrays). External API. */
	listMobileEvents(filters?: MobileEventFilters, options?: ListOptions): Promise<MobileEvent[]>;
	listRecordings(filters?: RecordingFilters, options?: ListOptions): Promise<Recording[]>;
	getRecording(id: string, details?: RecordingDetails): Promise<Recording>;
	getRecordingSummaries(id: string): Promise<SummarySection[]>;
	/** Every utterance of a recording (every page), with speaker names. Platform API (user token). */
	getTranscript(id: string, bounds?: ListBounds): Promise<Transcript>;
	/** Mints a user access token for an OAuth app. External API. */
	mintUserAccessToken(request: MintRequest): Promise<MintedUserAccessToken>;
	/**
	 * Creates or updates an engagement by its External ID (`deletedAt` cancels it). The body is
	 * checked first: a broken rule throws SiroInputError and nothing is sent. External API.
	 */
	syncEngagement(body: unknown): Promise<{ engagement: Engagement; warnings: string[] }>;
	/** Each body synced in turn, paced; one result per body, a failure only failing its own. */
	syncEngagements(bodies: readonly unknown[]): Promise<EngagementSyncResult[]>;
	/** By Siro's ID (which sync returns); Siro publishes no look-up by External ID. External API. */
	getEngagement(id: string): Promise<Engagement>;
	/** Which reps are on which engagements, every page. External API. */
	listEngagementUsers(
		filters?: EngagementUserFilters,
		options?: ListOptions,
	): Promise<EngagementUserLink[]>;
	/** Creates or updates an opportunity by its External ID, checked first. External API. */
	syncOpportunity(body: unknown): Promise<{ opportunity: Opportunity; warnings: string[] }>;
	/** Links a recording to one CRM record (Siro replaces earlier links). Platform API (user token). */
	linkRecording(recordingId: string, link: unknown): Promise<RecordingCrmLink>;
	/** Removes a recording's link to a CRM record. Platform API (user token). */
	unlinkRecording(recordingId: string, link: unknown): Promise<boolean>;
}

function missingToken(option: string, api: string): SiroApiError {
	return new SiroApiError({
		kind: 'missingToken',
		message: `No ${option} was given: this call uses Siro's ${api}.`,
		description: `Pass ${option} to createSiroClient.`,
		attempts: 0,
	});
}

/** The library's authentication: the client adds each API's token itself. */
function tokenAuthentication(tokens: {
	accessToken?: string;
	organizationApiToken?: string;
}): SiroAuthentication {
	const { accessToken, organizationApiToken } = tokens;
	return {
		headersFor(api: SiroApiName): Record<string, string> {
			if (api === 'platform') {
				if (!accessToken) throw missingToken('accessToken', 'platform API (user access token)');
				return { 'x-siro-auth-token': accessToken };
			}
			if (!organizationApiToken) {
				throw missingToken('organizationApiToken', 'external API (organization API token)');
			}
			return { authorization: `Bearer ${organizationApiToken}` };
		},
		secrets: () => [accessToken, organizationApiToken],
		pacingKey: (api) => api,
	};
}

export function createSiroClient(options: SiroClientOptions): SiroClient {
	const baseUrl = normalizeBaseUrl(
		options.baseUrl ?? DEFAULT_BASE_URL,
		'Base URL',
		DEFAULT_BASE_URL,
	);
	const externalApiBaseUrl = normalizeBaseUrl(
		options.externalApiBaseUrl ?? DEFAULT_EXTERNAL_API_BASE_URL,
		'External API Base URL',
		DEFAULT_EXTERNAL_API_BASE_URL,
	);
	const now = options.now ?? Date.now;
	const caller = new SiroApiCaller({
		request: options.request,
		sleep: options.sleep,
		now,
		random: options.random ?? Math.random,
		retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
		timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		baseUrls: { platform: baseUrl, external: externalApiBaseUrl },
		baseUrlLabels: { platform: 'Base URL', external: 'External API Base URL' },
		authentication:
			options.authentication ??
			tokenAuthentication({
				accessToken: options.accessToken,
				organizationApiToken: options.organizationApiToken,
			}),
		secrets: [options.accessToken, options.organizationApiToken, ...(options.secrets ?? [])],
		pacer: options.pacer ?? new RequestPacer({ now }),
	});

	// The organization a new user joins when the caller names none: the token's own, asked once.
	let tokensOrganization: Promise<string> | undefined;
	const ownOrganizationId = (): Promise<string> => {
		tokensOrganization ??= getCallerIdentity(caller).then(
			(identity) => identity.organizationId,
			(error: unknown) => {
				tokensOrganization = undefined;
				throw error;
			},
		);
		return tokensOrganization;
	};

	// Every method's error passes the client's redactor once more, so an error built outside a
	// request (an input check, a custom authentication's) holds no secret this client knows either.
	const guarded =
		<Args extends unknown[], Result>(method: (...args: Args) => Promise<Result>) =>
		async (...args: Args): Promise<Result> => {
			try {
				return await method(...args);
			} catch (error) {
				throw caller.redacted(error);
			}
		};

	return {
		baseUrl,
		externalApiBaseUrl,
		listConversationTypes: guarded((organizationId: string) =>
			listConversationTypes(caller, baseUrl, organizationId),
		),
		getCallerIdentity: guarded(() => getCallerIdentity(caller)),
		getUser: guarded((id: string) => getUser(caller, id)),
		listUsers: guarded((filters?: UserFilters, listOptions?: ListOptions) =>
			listUsers(caller, filters, listOptions),
		),
		// These read phone numbers in E.164 only; the package's createSiroClient (index.ts) and the
		// node's User operations read them by the numbering plans first (shared/userPhoneRules.ts).
		createUser: guarded((fields: SiroUserFields) => createUser(caller, fields, ownOrganizationId)),
		updateUser: guarded((id: string, fields: SiroUserFields) => updateUser(caller, id, fields)),
		deactivateUser: guarded((id: string) => deactivateUser(caller, id)),
		getIntegrationConnection: guarded((id: string) => getIntegrationConnection(caller, id)),
		listIntegrationConnections: guarded(
			(filters?: { integrationPlatform?: string }, listOptions?: ListOptions) =>
				listIntegrationConnections(caller, filters, listOptions),
		),
		listMobileEvents: guarded((filters?: MobileEventFilters, listOptions?: ListOptions) =>
			listMobileEvents(caller, filters, listOptions),
		),
		listRecordings: guarded((filters?: RecordingFilters, listOptions?: ListOptions) =>
			listRecordings(caller, filters, listOptions),
		),
		getRecording: guarded((id: string, details?: RecordingDetails) =>
			getRecording(caller, id, details),
		),
		getRecordingSummaries: guarded((id: string) => getRecordingSummaries(caller, id)),
		getTranscript: guarded((id: string, bounds?: ListBounds) => getTranscript(caller, id, bounds)),
		mintUserAccessToken: guarded((request: MintRequest) => mintUserAccessToken(caller, request)),
		syncEngagement: guarded((body: unknown) => syncEngagement(caller, body)),
		syncEngagements: guarded((bodies: readonly unknown[]) => syncEngagements(caller, bodies)),
		getEngagement: guarded((id: string) => getEngagement(caller, id)),
		listEngagementUsers: guarded((filters?: EngagementUserFilters, listOptions?: ListOptions) =>
			listEngagementUsers(caller, filters, listOptions),
		),
		syncOpportunity: guarded((body: unknown) => syncOpportunity(caller, body)),
		linkRecording: guarded((recordingId: string, link: unknown) =>
			linkRecording(caller, recordingId, link),
		),
		unlinkRecording: guarded((recordingId: string, link: unknown) =>
			unlinkRecording(caller, recordingId, link),
		),
	};
}
