import { sleep } from 'n8n-workflow';
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestMethods,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_OAUTH_BASE_URL, mintUserAccessToken } from '../nodes/Siro/client/oauth';
import { normalizeBaseUrl, type SiroRequestFunction } from '../nodes/Siro/client/transport';

const ACCESS_TOKEN_MODE = 'accessToken';
const OAUTH_APP_MODE = 'oauthApp';
/** The hidden, expirable field n8n fills through preAuthentication in the OAuth app mode. */
const MINTED_TOKEN_FIELD = 'mintedAccessToken';

const showFor = (mode: string) => ({ show: { authMode: [mode] } });

/**
 * Siro credentials. Two ways to authenticate:
 * - Access Token: a pasted SiroAuthToken (user tokens expire after 16 hours).
 * - OAuth App (Auto-Refresh): n8n mints a user token with the organization API token and the OAuth
 *   app's client ID and secret. n8n calls preAuthentication when the expirable field is empty,
 *   after a request answered 401, and on every credential test, then stores the new token.
 */
export class SiroApi implements ICredentialType {
	name = 'siroApi';

	displayName = 'Siro API';

	documentationUrl = 'https://github.com/n8n-nodes-siro/n8n-nodes-siro#siro-credentials';

	icon: Icon = { light: 'file:../nodes/Siro/siro.svg', dark: 'file:../nodes/Siro/siro.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
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
						'Let n8n mint a user access token with an OAuth app and renew it when it expires.',
				},
			],
			default: ACCESS_TOKEN_MODE,
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
			required: true,
			default: '',
			description:
				'Organization integration token from Siro admin (Person icon → API Tokens). Only used to mint user access tokens.',
			displayOptions: showFor(OAUTH_APP_MODE),
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			required: true,
			default: '',
			description: 'Client ID of the Siro OAuth app that mints the user access tokens.',
			displayOptions: showFor(OAUTH_APP_MODE),
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Client secret of the Siro OAuth app, returned when the app was created.',
			displayOptions: showFor(OAUTH_APP_MODE),
		},
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			required: true,
			default: '',
			description:
				'The Siro user the minted tokens act for. They must be a member or admin of the organization below.',
			displayOptions: showFor(OAUTH_APP_MODE),
		},
		{
			displayName: 'Organization ID',
			name: 'organizationId',
			type: 'string',
			required: true,
			default: '',
			description: 'Your Siro organization ID, used by default when listing conversation types.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.siro.ai/api-internalApi',
			description:
				"Base of Siro's API for conversation types. https://api.siro.ai works too. Must be https (plain http only for localhost).",
		},
		{
			displayName: 'OAuth Base URL',
			name: 'oauthBaseUrl',
			type: 'string',
			default: DEFAULT_OAUTH_BASE_URL,
			description:
				"Base of Siro's external API, where user access tokens are minted. Must be https.",
			displayOptions: showFor(OAUTH_APP_MODE),
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
	 * Mints the user access token in the OAuth app mode. In the Access Token mode the expirable
	 * field stays empty, so n8n calls this before every request: it then only checks the Base URL
	 * (no HTTP) and returns nothing to store, which n8n treats as "no update".
	 */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		normalizeBaseUrl(credentials.baseUrl, 'Base URL');
		if (credentials.authMode !== OAUTH_APP_MODE) return {};

		const request: SiroRequestFunction = async ({ method, url, headers, timeoutMs, body }) => {
			const response = await this.helpers.httpRequest({
				method: method as IHttpRequestMethods,
				url,
				headers,
				body: body as IDataObject | undefined,
				json: true,
				timeout: timeoutMs,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			});
			return { status: response.statusCode, headers: response.headers ?? {}, body: response.body };
		};
		const minted = await mintUserAccessToken({
			oauthBaseUrl: String(credentials.oauthBaseUrl ?? DEFAULT_OAUTH_BASE_URL),
			organizationApiToken: String(credentials.organizationApiToken ?? ''),
			clientId: String(credentials.clientId ?? ''),
			clientSecret: String(credentials.clientSecret ?? ''),
			userId: String(credentials.userId ?? ''),
			request,
			sleep,
		});
		return { [MINTED_TOKEN_FIELD]: minted.accessToken };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-siro-auth-token': `={{$credentials.authMode === "${OAUTH_APP_MODE}" ? $credentials.${MINTED_TOKEN_FIELD} : $credentials.accessToken}}`,
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v1/core/conversation-configurations',
			qs: { organizationId: '={{$credentials.organizationId}}' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Siro rejected the token: it is wrong or has expired (user tokens expire after 16 hours; the OAuth App mode renews them).',
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
					message: 'Not found: check the Organization ID and the Base URL.',
				},
			},
		],
	};
}
