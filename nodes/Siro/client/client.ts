/**
 * The Siro API client used by the node and the library. It needs no n8n: HTTP goes through the
 * injected `request` (inside n8n, `httpRequestWithAuthentication`, which also adds the token) and
 * waiting through the injected `sleep`.
 */
import { createRedactedError, SiroApiError } from './errors';
import {
	conversationConfigurationsResponseSchema,
	type ConversationConfiguration,
} from './schemas';
import {
	DEFAULT_RETRY_POLICY,
	DEFAULT_TIMEOUT_MS,
	normalizeBaseUrl,
	sendWithRetries,
	summarizeIssues,
	type ClientErrorExplanation,
	type RandomFunction,
	type RetryPolicy,
	type SiroRequestFunction,
	type SleepFunction,
} from './transport';

export const SIRO_AUTH_HEADER = 'x-siro-auth-token';
export const DEFAULT_BASE_URL = 'https://app.siro.ai/api-internalApi';
export const CONVERSATION_CONFIGURATIONS_PATH = '/v1/core/conversation-configurations';

export interface SiroClientOptions {
	/** Base of Siro's API, e.g. https://app.siro.ai/api-internalApi; https unless loopback. */
	baseUrl: string;
	/** Sent as `x-siro-auth-token`. Leave undefined when the transport adds authentication itself. */
	accessToken?: string;
	request: SiroRequestFunction;
	sleep: SleepFunction;
	/** Jitter source in [0, 1); defaults to Math.random. */
	random?: RandomFunction;
	timeoutMs?: number;
	retry?: Partial<RetryPolicy>;
	/** Further values to keep out of error messages, e.g. the token the transport injects. */
	secrets?: ReadonlyArray<string | undefined>;
}

export interface SiroClient {
	readonly baseUrl: string;
	/** The organization's conversation configurations (org- and team-level), validated. */
	listConversationTypes(organizationId: string): Promise<ConversationConfiguration[]>;
}

function explainConversationTypesError(
	status: number,
	siroMessage: string | undefined,
	organizationId: string,
	baseUrl: string,
): ClientErrorExplanation {
	const siroSays = siroMessage ? ` Siro said: "${siroMessage}".` : '';
	switch (status) {
		case 401:
			return {
				kind: 'unauthorized',
				message: `Siro rejected the access token (401 Unauthorized): it is wrong or has expired.${siroSays}`,
				description:
					'Siro user access tokens expire after 16 hours. Paste a fresh token into the Siro credential, or switch the credential to "OAuth App (Auto-Refresh)" so n8n mints a new token whenever the old one expires.',
			};
		case 403:
			return {
				kind: 'forbidden',
				message: `The token's user is not a member or admin of organization "${organizationId}" (403 Forbidden).${siroSays}`,
				description: `Check the Organization ID, or use a token of a user who belongs to organization "${organizationId}" or administers it.`,
			};
		case 404:
			return {
				kind: 'notFound',
				message: `Siro answered 404 Not Found for the conversation types of organization "${organizationId}".${siroSays}`,
				description: `Check the Organization ID and the Base URL ("${baseUrl}"): conversation types are read from ${baseUrl}${CONVERSATION_CONFIGURATIONS_PATH}. The usual Base URL is ${DEFAULT_BASE_URL}.`,
			};
		default:
			return {
				kind: 'badRequest',
				message: `Siro refused to list the conversation types of organization "${organizationId}" (${status}): ${siroMessage ?? 'no reason given'}.`,
				description:
					'Check the Organization ID: it is the ID of your Siro organization, not its name.',
			};
	}
}

export function createSiroClient(options: SiroClientOptions): SiroClient {
	const baseUrl = normalizeBaseUrl(options.baseUrl, 'Base URL');
	const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const random = options.random ?? Math.random;
	const secrets = [options.accessToken, ...(options.secrets ?? [])];

	async function listConversationTypes(
		organizationId: string,
	): Promise<ConversationConfiguration[]> {
		const organization = typeof organizationId === 'string' ? organizationId.trim() : '';
		if (organization === '') {
			throw new SiroApiError({
				kind: 'invalidInput',
				message: 'No organization ID was given for listing conversation types.',
				description:
					"Enter your Siro organization ID in the credential's Organization ID field or in the node.",
				attempts: 0,
			});
		}
		const headers: Record<string, string> = { accept: 'application/json' };
		if (options.accessToken !== undefined && options.accessToken !== '') {
			headers[SIRO_AUTH_HEADER] = options.accessToken;
		}
		const purpose = `listing the conversation types of organization "${organization}"`;
		const { body, attempts } = await sendWithRetries({
			request: options.request,
			sleep: options.sleep,
			random,
			retry,
			secrets,
			organizationId: organization,
			purpose,
			httpRequest: {
				method: 'GET',
				url: `${baseUrl}${CONVERSATION_CONFIGURATIONS_PATH}?organizationId=${encodeURIComponent(organization)}`,
				headers,
				timeoutMs,
			},
			explainClientError: (status, siroMessage) =>
				explainConversationTypesError(status, siroMessage, organization, baseUrl),
		});
		const parsed = conversationConfigurationsResponseSchema.safeParse(body);
		if (!parsed.success) {
			throw createRedactedError(
				{
					kind: 'invalidResponse',
					message: `Siro's answer while ${purpose} does not have the expected shape: ${summarizeIssues(parsed.error.issues)}.`,
					description: `Check the Base URL ("${baseUrl}") points at Siro's API, such as ${DEFAULT_BASE_URL}. If it does, Siro may have changed its API: report this to the n8n-nodes-siro maintainers.`,
					organizationId: organization,
					attempts,
				},
				secrets,
			);
		}
		return parsed.data.data;
	}

	return { baseUrl, listConversationTypes };
}
