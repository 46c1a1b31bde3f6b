/**
 * The Siro credential as n8n hands it over (every field, defaults applied, no token minted yet), for
 * the demo user and organization of the fake Siro, with both Base URLs on that fake: nothing a test
 * runs can reach the real Siro.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DEMO } from '../../../dev/fake-siro/server';

/** Where the fake Siro listens, e.g. the object `useFakeSiro()` returns. */
type SiroServer = { url: string };

/** The Access Token mode credential: the demo user's pasted token. */
export function accessTokenCredentials(
	siro: SiroServer,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		authMode: 'accessToken',
		accessToken: DEMO.userAccessToken,
		organizationId: DEMO.organizationId,
		baseUrl: `${siro.url}/api-internalApi`,
		oauthBaseUrl: `${siro.url}/api-externalApi`,
		mintedAccessToken: '',
		...overrides,
	};
}

/** The OAuth App mode credential: the demo app and user, before any token was minted. */
export function oauthAppCredentials(
	siro: SiroServer,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		authMode: 'oauthApp',
		accessToken: '',
		organizationApiToken: DEMO.organizationApiToken,
		clientId: DEMO.oauthClientId,
		clientSecret: DEMO.oauthClientSecret,
		userId: DEMO.userId,
		organizationId: DEMO.organizationId,
		baseUrl: `${siro.url}/api-internalApi`,
		oauthBaseUrl: `${siro.url}/api-externalApi`,
		mintedAccessToken: '',
		...overrides,
	};
}

/** The Access Token mode credential with the demo organization's API token too (external API operations). */
export function organizationTokenCredentials(
	siro: SiroServer,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return accessTokenCredentials(siro, {
		organizationApiToken: DEMO.organizationApiToken,
		...overrides,
	});
}
