/**
 * Minting a user access token for an OAuth app (external API, organization token as Bearer):
 * POST /v1/core/oauth/apps/{clientId}/access-token with {clientSecret, userId, scope}.
 */
import type { SiroApiCaller } from '../caller';
import { SiroApiError } from '../errors';
import { asObject, requiredString } from '../shape';
import { idSegment, readId } from './ids';

export type AccessTokenScope = 'read' | 'write';

export interface MintedUserAccessToken {
	accessToken: string;
	accessTokenId: string;
}

export interface MintRequest {
	clientId: string;
	clientSecret: string;
	userId: string;
	/** Reading is all this package does with the user token, so "read" is the default. */
	scope?: AccessTokenScope;
}

function readMinted(body: unknown): MintedUserAccessToken {
	const record = asObject(body, 'answer');
	const accessToken = requiredString(record, 'accessToken', 'answer', true);
	const accessTokenId = requiredString(record, 'accessTokenId', 'answer');
	return { accessToken, accessTokenId };
}

export async function mintUserAccessToken(
	caller: SiroApiCaller,
	{ clientId, clientSecret, userId, scope = 'read' }: MintRequest,
): Promise<MintedUserAccessToken> {
	if (typeof clientSecret !== 'string' || clientSecret.trim() === '') {
		throw new SiroApiError({
			kind: 'missingToken',
			message: 'The OAuth app Client Secret is empty.',
			description: 'Fill in the Client Secret of the Siro OAuth app in the Siro credential.',
			attempts: 0,
		});
	}
	// The client's secret list, not this call's: an answer echoing it, now or in any later call, is masked.
	caller.keepSecret(clientSecret);
	caller.keepSecret(clientSecret.trim());
	const user = readId(userId, 'User ID');
	return await caller.callAndRead(
		{
			api: 'external',
			method: 'POST',
			path: `/v1/core/oauth/apps/${idSegment(clientId, 'Client ID')}/access-token`,
			body: { clientSecret: clientSecret.trim(), userId: user, scope },
			purpose: 'minting a Siro user access token for the OAuth app',
			explainClientError: (status) => {
				if (status === 401) {
					return {
						message: 'Siro refused to mint a user access token (401 Unauthorized).',
						description:
							'Check the Organization API Token (Siro admin → Person icon → API Tokens) and the OAuth app Client Secret in the Siro credential.',
					};
				}
				if (status === 403) {
					return {
						message: `Siro refused to mint a user access token for user "${user}" (403 Forbidden).`,
						description:
							'Check the User ID: the user must belong to the organization that owns the OAuth app and the organization API token.',
					};
				}
				if (status === 404) {
					return { description: 'Check the OAuth app Client ID and the External API Base URL.' };
				}
				return undefined;
			},
		},
		readMinted,
	);
}
