import { sleep } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	createSiroClient,
	DEFAULT_BASE_URL,
	DEFAULT_EXTERNAL_API_BASE_URL,
	normalizeBaseUrl,
	SiroApiError,
} from '../nodes/Siro/client';
import {
	ACCESS_TOKEN_MODE,
	credentialSecrets,
	MINTED_TOKEN_FIELD,
	NO_USER_ACCESS_MODE,
	OAUTH_APP_MODE,
} from '../nodes/Siro/shared/credentialFields';
import { siroRequestThroughN8n, type N8nHttpRequest } from '../nodes/Siro/shared/requestAdapter';

const showFor = (...modes: string[]) => ({ show: { authMode: modes } });

const ORGANIZATION_API_TOKEN_DESCRIPTION =
	"The organization's API token (Siro admin → Person icon → API Tokens), for Siro's external API: users, integration connections, mobile events, recordings, and minting user tokens.";

function text(credentials: ICredentialDataDecryptedObject, field: string): string {
	const value = credentials[field];
	return typeof value === 'string' ? value.trim() : '';
}

/**
 * Siro API credentials, for both of Siro's APIs:
 * - the external API (users, mobile events, recordings…) takes the organization API token;
 * - the platform API (conversation types, transcripts) acts as a user: a pasted user token (expires
 *   after 16 hours), or one n8n mints with an OAuth app and renews (preAuthentication below).
 * Each request gets only the token its API needs (authenticate below).
 *
 * Field names are those of earlier versions (`oauthBaseUrl` is the external API's base), so saved
 * credentials keep working.
 */
export class SiroApi implements ICredentialType {
	// A literal: n8n's lint matches the node's credential references against it.
	name = 'siroApi';

	displayName = 'Siro API';

	documentationUrl = 'https://github.com/n8n-nodes-siro/n8n-nodes-siro#siro-credentials';

	icon: Icon = { light: 'file:../nodes/Siro/siro.svg', dark: 'file:../nodes/Siro/siro.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'User Access',
			name: 'authMode',
			type: 'options',
			options: [
				{
					name: 'Access Token',
					value: ACCESS_TOKEN_MODE,
					description: 'Paste a Siro user access token. It expires after 16 hours.',
				},
				{
					name: 'OAuth App (Auto-Refresh)',
					value: OAUTH_APP_MODE,
					description:
						'Let n8n mint a user access token with an OAuth app and renew it when it expires',
				},
				{
					name: 'None (Organization API Token Only)',
					value: NO_USER_ACCESS_MODE,
					description:
						'Only external API operations (users, mobile events, recordings); no conversation types or transcripts',
				},
			],
			default: ACCESS_TOKEN_MODE,
			description:
				'How operations that act as a Siro user (conversation types, transcripts) authenticate',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The SiroAuthToken of a Siro user, sent as header x-siro-auth-token. User tokens expire after 16 hours; use the OAuth App mode for workflows that run all day.',
			displayOptions: showFor(ACCESS_TOKEN_MODE),
		},
		{
			displayName: 'Organization API Token',
			name: 'organizationApiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: `${ORGANIZATION_API_TOKEN_DESCRIPTION} Optional with a pasted access token.`,
			displayOptions: showFor(ACCESS_TOKEN_MODE),
		},
		{
			// The same field, required where nothing works without it.
			displayName: 'Organization API Token',
			name: 'organizationApiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: ORGANIZATION_API_TOKEN_DESCRIPTION,
			displayOptions: showFor(OAUTH_APP_MODE, NO_USER_ACCESS_MODE),
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			required: true,
			default: '',
			description: 'Client ID of the Siro OAuth app that mints the user access tokens',
			displayOptions: showFor(OAUTH_APP_MODE),
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Client secret of the Siro OAuth app, returned when the app was created',
			displayOptions: showFor(OAUTH_APP_MODE),
		},
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			required: true,
			default: '',
			description:
				'The Siro user the minted tokens act for. They must be a member or admin of the organization.',
			displayOptions: showFor(OAUTH_APP_MODE),
		},
		{
			displayName: 'Organization ID',
			name: 'organizationId',
			type: 'string',
			default: '',
			description:
				"Your Siro organization ID, used by default for conversation types. Leave empty to use the organization API token's own organization.",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description:
				"Base of Siro's platform API (conversation types, transcripts). https://api.siro.ai works too. Must be https (plain http only for localhost).",
		},
		{
			displayName: 'External API Base URL',
			name: 'oauthBaseUrl',
			type: 'string',
			default: DEFAULT_EXTERNAL_API_BASE_URL,
			description:
				"Base of Siro's external API (users, mobile events, recordings, minting user tokens). Must be https.",
		},
		{
			displayName: 'Minted Access Token',
			name: MINTED_TOKEN_FIELD,
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * Mints the user access token in the OAuth app mode. n8n calls this when the expirable field is
	 * empty, after a request answered 401, and on every credential test; in the other modes the
	 * field stays empty, so it is called before every request and returns nothing to store.
	 */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		if (credentials.authMode !== OAUTH_APP_MODE) return {};
		const organizationApiToken = text(credentials, 'organizationApiToken');
		if (organizationApiToken === '') {
			throw new SiroApiError({
				kind: 'missingToken',
				message:
					"The Siro credential's Organization API Token is empty: OAuth apps mint user tokens with it.",
				description:
					'Create one in Siro (Person icon → API Tokens) and paste it into the credential.',
				attempts: 0,
			});
		}
		const client = createSiroClient({
			externalApiBaseUrl: text(credentials, 'oauthBaseUrl') || undefined,
			organizationApiToken,
			// Every secret field of the credential, whichever this call sends: Siro's answer may echo any.
			secrets: credentialSecrets(credentials),
			request: siroRequestThroughN8n(this.helpers.httpRequest as N8nHttpRequest),
			sleep,
		});
		const minted = await client.mintUserAccessToken({
			clientId: text(credentials, 'clientId'),
			clientSecret: text(credentials, 'clientSecret'),
			userId: text(credentials, 'userId'),
		});
		return { [MINTED_TOKEN_FIELD]: minted.accessToken };
	}

	/** Each request gets the one token its API takes, and none goes to any other address. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const target = `${requestOptions.baseURL ?? ''}${requestOptions.url}`;
		const externalApi = normalizeBaseUrl(
			text(credentials, 'oauthBaseUrl') || DEFAULT_EXTERNAL_API_BASE_URL,
			'External API Base URL',
			DEFAULT_EXTERNAL_API_BASE_URL,
		);
		const platformApi = normalizeBaseUrl(
			text(credentials, 'baseUrl') || DEFAULT_BASE_URL,
			'Base URL',
			DEFAULT_BASE_URL,
		);
		const headers = { ...requestOptions.headers };
		if (target.startsWith(`${externalApi}/`)) {
			const token = text(credentials, 'organizationApiToken');
			if (token !== '') headers.authorization = `Bearer ${token}`;
		} else if (target.startsWith(`${platformApi}/`)) {
			const token =
				credentials.authMode === OAUTH_APP_MODE
					? text(credentials, MINTED_TOKEN_FIELD)
					: credentials.authMode === NO_USER_ACCESS_MODE
						? ''
						: text(credentials, 'accessToken');
			if (token !== '') headers['x-siro-auth-token'] = token;
		}
		return { ...requestOptions, headers };
	}

	/**
	 * With an organization API token, Siro's caller identity (it also shows the token's organization);
	 * without one, the organization's conversation types with the user token. Redirects are not
	 * followed: the token would travel with them.
	 */
	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			baseURL:
				'={{ $credentials.organizationApiToken ? $credentials.oauthBaseUrl : $credentials.baseUrl }}',
			url: '={{ $credentials.organizationApiToken ? "/v1/core/auth/caller-identity" : "/v1/core/conversation-configurations?organizationId=" + encodeURIComponent($credentials.organizationId) }}',
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Siro rejected the token: check the Organization API Token, or without one the user access token (user tokens expire after 16 hours; the OAuth App mode renews them).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: "The token's user is not a member or admin of this Organization ID.",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'Not found: check the Organization ID and the Base URLs.',
				},
			},
		],
	};
}
