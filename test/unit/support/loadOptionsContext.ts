/**
 * The slice of ILoadOptionsFunctions the Siro node's list searches use, as n8n's editor hands it over
 * when a From List opens, with n8n's credential handling in front of real sockets (n8nHttp.ts).
 */
import type { ICredentialDataDecryptedObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { SiroApi } from '../../../credentials/SiroApi.credentials';
import { testNode } from './executeContext';
import { createN8nCredentialHttp } from './n8nHttp';

export function loadOptionsContext(
	credentials: ICredentialDataDecryptedObject | undefined,
	currentParameters: Record<string, unknown> = {},
): ILoadOptionsFunctions {
	const http = createN8nCredentialHttp(new SiroApi(), credentials ?? {});
	return {
		getNode: () => testNode,
		// As n8n's: the parameter's value in the open node, by dotted path; undefined when not set.
		getCurrentNodeParameter: (name: string) => currentParameters[name],
		async getCredentials(type: string) {
			if (type !== 'siroApi' || credentials === undefined)
				throw new Error('Node does not have any credentials set');
			return credentials;
		},
		helpers: { httpRequestWithAuthentication: http.httpRequestWithAuthentication },
	} as unknown as ILoadOptionsFunctions;
}
