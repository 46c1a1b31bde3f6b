/** What the node and the Siro API credential agree on: its name, its modes, its secret fields. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const SIRO_API_CREDENTIAL = 'siroApi';

/** User access: a pasted user token… */
export const ACCESS_TOKEN_MODE = 'accessToken';
/** …one minted by an OAuth app and renewed by n8n… */
export const OAUTH_APP_MODE = 'oauthApp';
/** …or none: only the organization API token (external API operations). */
export const NO_USER_ACCESS_MODE = 'none';

/** The hidden, expirable field n8n fills through preAuthentication in the OAuth app mode. */
export const MINTED_TOKEN_FIELD = 'mintedAccessToken';

/** Every field holding a secret, kept out of every message. */
export const CREDENTIAL_SECRET_FIELDS = [
	'accessToken',
	'organizationApiToken',
	'clientSecret',
	MINTED_TOKEN_FIELD,
] as const;

/** The values of every secret field the credential holds, for the client's secret list. */
export function credentialSecrets(credentials: ICredentialDataDecryptedObject): string[] {
	return CREDENTIAL_SECRET_FIELDS.map((field) => credentials[field])
		.filter((value): value is string => typeof value === 'string')
		.map((value) => value.trim())
		.filter(Boolean);
}
