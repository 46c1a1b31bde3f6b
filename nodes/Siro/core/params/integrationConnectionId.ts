import { ownValue } from '../values';
import { identifierIssue, normalizeIdentifier } from './identifier';
import { isEmptyValue, reportIssue, type LinkParameter } from './parameter';

/** Identifies the CRM integration (organization admins create it on the Siro web app's Integrations page). */
export const integrationConnectionId: LinkParameter<'integrationConnectionId'> = {
	name: 'integrationConnectionId',
	actions: ['start', 'restart'],
	normalize: (input) =>
		normalizeIdentifier('integrationConnectionId', ownValue(input, 'integrationConnectionId')),
	check(decoded, findings) {
		if (!isEmptyValue('integrationConnectionId', decoded, findings))
			reportIssue(findings, identifierIssue('integrationConnectionId', decoded));
		return decoded;
	},
};
