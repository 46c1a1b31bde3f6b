/** Who the organization API token is: its organization, which an empty Organization ID field means. */
import type { SiroApiCaller } from '../caller';
import { asObject, optionalFields, requiredString, type JsonRecord } from '../shape';

export interface CallerIdentity extends JsonRecord {
	tokenId: string;
	tokenName: string;
	organizationId: string;
}

function readCallerIdentity(body: unknown): CallerIdentity {
	const record = asObject(body, 'answer');
	requiredString(record, 'tokenId', 'answer');
	requiredString(record, 'tokenName', 'answer');
	requiredString(record, 'organizationId', 'answer', true);
	optionalFields(record, 'answer', {
		authorizedOrgGroupId: 'string',
		parentOrgGroupTokenId: 'string',
		createdAt: 'string',
		createdBy: 'string',
	});
	return record as CallerIdentity;
}

export async function getCallerIdentity(caller: SiroApiCaller): Promise<CallerIdentity> {
	return await caller.callAndRead(
		{
			api: 'external',
			method: 'GET',
			path: '/v1/core/auth/caller-identity',
			purpose: 'asking Siro which organization the organization API token belongs to',
		},
		readCallerIdentity,
	);
}
