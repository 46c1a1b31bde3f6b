/**
 * The Siro API client as the node uses it: built once per execution from the Siro API credential,
 * sending through n8n (which adds the tokens), paced per credential across every execution in this
 * process, and keeping every secret the credential holds out of its errors.
 */
import {
	NodeOperationError,
	sleep,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
} from 'n8n-workflow';

import {
	createSiroClient,
	readId,
	RequestPacer,
	SiroApiError,
	type SiroApiName,
	type SiroAuthentication,
	type SiroClient,
	type SiroRequestFunction,
} from '../client';
import {
	ACCESS_TOKEN_MODE,
	credentialSecrets,
	NO_USER_ACCESS_MODE,
	OAUTH_APP_MODE,
	SIRO_API_CREDENTIAL,
} from './credentialFields';
import { siroRequestThroughN8n, storageRequestThroughN8n } from './requestAdapter';

type SiroContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** Shared by every execution in this process: Siro's limit is per token, whoever spends it. */
const pacer = new RequestPacer();

export interface SiroConnection {
	client: SiroClient;
	/** The given organization (a node field), else the credential's, else the organization API token's own. */
	organizationId(given?: unknown): Promise<string>;
}

const connections = new WeakMap<SiroContext, Promise<SiroConnection>>();

/** The execution's connection to Siro, made once however many items and operations ask. */
export function siroConnection(context: SiroContext): Promise<SiroConnection> {
	let pending = connections.get(context);
	if (!pending) {
		pending = connect(context);
		connections.set(context, pending);
	}
	return pending;
}

/**
 * A connection of its own, for a trigger's poll: n8n keeps one poll context for as long as the
 * workflow is active, so a cached connection would never see the credential change.
 */
export function newSiroConnection(context: IPollFunctions): Promise<SiroConnection> {
	return connect(context);
}

function text(credentials: ICredentialDataDecryptedObject, field: string): string {
	const value = credentials[field];
	return typeof value === 'string' ? value.trim() : '';
}

function missingField(field: string, why: string, fix: string): SiroApiError {
	return new SiroApiError({
		kind: 'missingToken',
		message: `The Siro credential's ${field} is empty: ${why}`,
		description: fix,
		attempts: 0,
	});
}

/** Which token each API needs, checked against the credential before anything is sent. */
function credentialAuthentication(
	credentials: ICredentialDataDecryptedObject,
	credentialId: string,
	secrets: string[],
): SiroAuthentication {
	return {
		headersFor(api: SiroApiName) {
			if (api === 'external' && text(credentials, 'organizationApiToken') === '') {
				throw missingField(
					'Organization API Token',
					"this operation uses Siro's external API, which is authenticated by the organization's API token.",
					'Create one in Siro (Person icon → API Tokens) and paste it into the Siro API credential.',
				);
			}
			if (api === 'platform') {
				const mode = credentials.authMode ?? ACCESS_TOKEN_MODE;
				if (mode === NO_USER_ACCESS_MODE) {
					throw missingField(
						'user access',
						"this operation uses Siro's platform API, which acts as a Siro user.",
						'Set the credential\'s User Access to "Access Token" or "OAuth App (Auto-Refresh)".',
					);
				}
				if (mode === ACCESS_TOKEN_MODE && text(credentials, 'accessToken') === '') {
					throw missingField(
						'Access Token',
						"this operation uses Siro's platform API, which needs a user access token.",
						'Paste a Siro user access token, or switch the credential to "OAuth App (Auto-Refresh)".',
					);
				}
			}
			// n8n adds the token itself (the credential's authenticate).
			return {};
		},
		secrets: () => secrets,
		pacingKey: (api) => `${credentialId}:${api}`,
	};
}

async function readCredentials(context: SiroContext): Promise<ICredentialDataDecryptedObject> {
	try {
		return await context.getCredentials(SIRO_API_CREDENTIAL);
	} catch {
		throw new NodeOperationError(context.getNode(), 'No Siro API credentials are selected', {
			description:
				'This operation asks Siro. Select or create Siro API credentials in the node (Parse, and Build without a Siro lookup, need none).',
		});
	}
}

async function connect(context: SiroContext): Promise<SiroConnection> {
	const credentials = await readCredentials(context);
	const credentialId = context.getNode().credentials?.[SIRO_API_CREDENTIAL]?.id ?? 'unsaved';
	const secrets = credentialSecrets(credentials);
	let refreshedSecrets = false;

	const throughN8n = siroRequestThroughN8n(
		(options) =>
			context.helpers.httpRequestWithAuthentication.call(context, SIRO_API_CREDENTIAL, {
				...options,
				returnFullResponse: true,
			}),
		{ resendOn401: credentials.authMode === OAUTH_APP_MODE },
	);
	// A token n8n minted during this execution is in the stored credential only: on an error answer
	// (which may echo it) the credential is read again so that its secrets are redacted too.
	const request: SiroRequestFunction = async (httpRequest) => {
		const response = await throughN8n(httpRequest);
		if (response.status >= 400 && (!refreshedSecrets || response.status === 401)) {
			refreshedSecrets = true;
			const latest = await context.getCredentials(SIRO_API_CREDENTIAL);
			for (const secret of credentialSecrets(latest))
				if (!secrets.includes(secret)) secrets.push(secret);
		}
		return response;
	};

	const client = createSiroClient({
		baseUrl: text(credentials, 'baseUrl') || undefined,
		externalApiBaseUrl: text(credentials, 'oauthBaseUrl') || undefined,
		authentication: credentialAuthentication(credentials, credentialId, secrets),
		request,
		// Recording → Upload's file goes to storage through n8n's plain helper: no credential, no token.
		storageRequest: storageRequestThroughN8n((options) =>
			context.helpers.httpRequest({ ...options, returnFullResponse: true }),
		),
		sleep,
		pacer,
	});

	let tokensOrganization: Promise<string> | undefined;
	return {
		client,
		async organizationId(given) {
			const isGiven = given !== undefined && given !== null && String(given).trim() !== '';
			if (isGiven) return readId(given, 'Organization ID');
			const fromCredential = text(credentials, 'organizationId');
			if (fromCredential !== '') return fromCredential;
			if (text(credentials, 'organizationApiToken') === '') {
				throw new NodeOperationError(context.getNode(), 'No organization ID is set', {
					description:
						"Enter the Organization ID in the Siro credential or in the node, or fill in the credential's Organization API Token so that its own organization is used.",
				});
			}
			tokensOrganization ??= client.getCallerIdentity().then((identity) => identity.organizationId);
			return await tokensOrganization;
		},
	};
}
