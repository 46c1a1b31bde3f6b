import { RecordLinkError } from '../errors';
import { quote, ownValue } from '../values';
import { identifierIssue, normalizeIdentifier } from './identifier';
import { isEmptyValue, reportIssue, type LinkParameter } from './parameter';

const DEPRECATED =
	'opportunityId (and its alias jobId) is deprecated by Siro: new integrations should send integrationConnectionId with CRM objects (e.g. an Opportunity) instead.';

/** Siro's deprecated link to an opportunity; Siro reads jobId as the same parameter. */
export const opportunityId: LinkParameter<'opportunityId'> = {
	name: 'opportunityId',
	actions: ['start', 'restart'],
	aliases: ['jobId'],

	normalize(input, warnings) {
		const fromOpportunityId = normalizeIdentifier(
			'opportunityId',
			ownValue(input, 'opportunityId'),
		);
		const fromJobId = normalizeIdentifier('jobId', ownValue(input, 'jobId'));
		if (
			fromOpportunityId !== undefined &&
			fromJobId !== undefined &&
			fromOpportunityId !== fromJobId
		) {
			throw new RecordLinkError(
				'jobId',
				`jobId ${quote(fromJobId)} and opportunityId ${quote(fromOpportunityId)} differ, and Siro reads both as the opportunity ID.`,
				'Give only one of them (opportunityId; jobId is its deprecated alias).',
			);
		}
		const chosen = fromOpportunityId ?? fromJobId;
		if (chosen !== undefined) warnings.push(DEPRECATED);
		return chosen;
	},

	check(decoded, findings) {
		if (!isEmptyValue('opportunityId', decoded, findings))
			reportIssue(findings, identifierIssue('opportunityId', decoded));
		findings.warning(DEPRECATED);
		return decoded;
	},
};
