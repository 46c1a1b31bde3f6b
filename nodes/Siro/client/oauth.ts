/**
 * Minting a Siro user access token for the credential's "OAuth App (Auto-Refresh)" mode:
 * POST {externalApi}/v1/core/oauth/apps/{clientId}/access-token with the organization API token as
 * Bearer and {clientSecret, userId, scope} in the body (externalApi OpenAPI excerpt). No zod here:
 * the credential loads this at n8n start-up, so it stays small.
 */
import { createRedactedError, SiroApiError } from './errors';
import {
	DEFAULT_RETRY_POLICY,
	DEFAULT_TIMEOUT_MS,
	normalizeBaseUrl,
	sendWithRetries,
	type ClientErrorExplanation,
	type RandomFunction,
	type RetryPolicy,
	type SiroRequestFunction,
	type SleepFunction,
} from './transport';

export const DEFAULT_OAUTH_BASE_URL = 'https://functions.siro.ai/api-externalApi';

export type AccessTokenScope = 'read' | 'write';

export interface MintUserAccessTokenOptions {
	/** Siro's external API base, e.g. https://functions.siro.ai/api-externalApi. */
	oauthBaseUrl: string;
	organizationApiToken: string;
	clientId: string;
	clientSecret: string;
	userId: string;
	/** Listing conversation types only reads, so the default is the narrower "read". */
	scope?: AccessTokenScope;
	request: SiroRequestFunction;
	sleep: SleepFunction;
	random?: RandomFunction;
	timeoutMs?: number;
	retry?: Partial<RetryPolicy>;
}

export interface MintedUserAccessToken {
	accessToken: string;
	accessTokenId: string;
}

function explainMintingError(
	status: number,
	siroMessage: string | undefined,
	userId: string,
): ClientErrorExplanation {
	const siroSays = siroMessage ? ` Siro said: "${siroMessage}".` : '';
	switch (status) {
		case 401:
			return {
				kind: 'unauthorized',
				message: `Siro refused to mint a user access token (401 Unauthorized).${siroSays}`,
				description:
					'Check the Organization API Token (Siro admin → Person icon → API Tokens) and the OAuth app Client Secret in the Siro credential.',
			};
		case 403:
			return {
				kind: 'forbidden',
				message: `Siro refused to mint a user access token for user "${userId}" (403 Forbidden).${siroSays}`,
				description:
					'Check the User ID: the user must belong to the organization that owns the OAuth app and the organization API token.',
			};
		case 404:
			return {
				kind: 'notFound',
				message: `Siro answered 404 Not Found when minting a user access token.${siroSays}`,
				description: `Check the OAuth app Client ID and the OAuth Base URL (usually ${DEFAULT_OAUTH_BASE_URL}).`,
			};
		default:
			return {
				kind: 'badRequest',
				message: `Siro refused to mint a user access token (${status}): ${siroMessage ?? 'no reason given'}.`,
				description: 'Check the Client ID, Client Secret and User ID in the Siro credential.',
			};
	}
}

function requireField(value: string, label: string): string {
	const trimmed = typeof value === 'string' ? value.trim() : '';
	if (trimmed === '') {
		throw new SiroApiError({
			kind: 'invalidInput',
			message: `The Siro credential's ${label} is empty.`,
			description: `Fill in ${label} in the Siro credential ("OAuth App (Auto-Refresh)" mode).`,
			attempts: 0,
		});
	}
	return trimmed;
}

export async function mintUserAccessToken(
	options: MintUserAccessTokenOptions,
): Promise<MintedUserAccessToken> {
	const oauthBaseUrl = normalizeBaseUrl(options.oauthBaseUrl, 'OAuth Base URL');
	const organizationApiToken = requireField(options.organizationApiToken, 'Organization API Token');
	const clientId = requireField(options.clientId, 'Client ID');
	const clientSecret = requireField(options.clientSecret, 'Client Secret');
	const userId = requireField(options.userId, 'User ID');
	const secrets = [organizationApiToken, clientSecret];
	const purpose = 'minting a Siro user access token';

	const { body, attempts } = await sendWithRetries({
		request: options.request,
		sleep: options.sleep,
		random: options.random ?? Math.random,
		retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
		secrets,
		purpose,
		httpRequest: {
			method: 'POST',
			url: `${oauthBaseUrl}/v1/core/oauth/apps/${encodeURIComponent(clientId)}/access-token`,
			headers: {
				accept: 'application/json',
				'content-type': 'application/json',
				authorization: `Bearer ${organizationApiToken}`,
			},
			timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			body: { clientSecret, userId, scope: options.scope ?? 'read' },
		},
		explainClientError: (status, siroMessage) => explainMintingError(status, siroMessage, userId),
	});

	const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
	const { accessToken, accessTokenId } = record;
	if (typeof accessToken !== 'string' || accessToken === '') {
		throw createRedactedError(
			{
				kind: 'invalidResponse',
				message: `Siro's answer while ${purpose} has no accessToken.`,
				description: `Check the OAuth Base URL (usually ${DEFAULT_OAUTH_BASE_URL}). If it is right, Siro may have changed its API: report this to the n8n-nodes-siro maintainers.`,
				attempts,
			},
			secrets,
		);
	}
	return { accessToken, accessTokenId: typeof accessTokenId === 'string' ? accessTokenId : '' };
}
