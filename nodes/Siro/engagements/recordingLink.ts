/**
 * The body of `PUT` / `DELETE /v1/core/recordings/{id}/link` (platform API): which CRM record a
 * recording is linked to, or unlinked from. Siro wants exactly one way to name the record: its own ID
 * of the synced row, or the CRM's External ID together with the integration connection that owns it;
 * both, neither, or an External ID without a connection are refused here, before any request.
 */
import { describe } from '../core/values';
import { SiroInputError } from './errors';
import { own, readChoice, readId, readObject, readString } from './fields';

export const CRM_LINK_DATA_TYPES = [
	'ACCOUNT',
	'LEAD',
	'OPPORTUNITY',
	'ENGAGEMENT',
	'CONTACT',
] as const;
export type CrmLinkDataType = (typeof CRM_LINK_DATA_TYPES)[number];

export type RecordingLinkBody =
	| { dataType: CrmLinkDataType; id: string; trigger?: string }
	| {
			dataType: CrmLinkDataType;
			externalId: string;
			integrationConnectionId: string;
			trigger?: string;
	  };

export function checkRecordingLinkBody(input: unknown): RecordingLinkBody {
	const fields = readObject(input, 'link');
	const dataType = readChoice(own(fields, 'dataType'), 'dataType', CRM_LINK_DATA_TYPES);
	if (dataType === undefined) {
		throw new SiroInputError(
			'dataType',
			'dataType is missing.',
			`Say what kind of CRM record it is: ${CRM_LINK_DATA_TYPES.join(', ')}.`,
		);
	}
	const id = readId(own(fields, 'id'), 'id');
	const externalId = readId(own(fields, 'externalId'), 'externalId');
	const integrationConnectionId = readId(
		own(fields, 'integrationConnectionId'),
		'integrationConnectionId',
	);
	const trigger = readString(own(fields, 'trigger'), 'trigger');
	const withTrigger = <T extends object>(body: T) =>
		trigger === undefined ? body : { ...body, trigger };
	if (id !== undefined && externalId !== undefined) {
		throw new SiroInputError(
			'id',
			`Both id ${describe(id)} and externalId ${describe(externalId)} are given: Siro takes exactly one.`,
			"Keep Siro's ID of the CRM record, or the External ID with its integration connection.",
		);
	}
	if (id !== undefined) {
		if (integrationConnectionId !== undefined) {
			throw new SiroInputError(
				'integrationConnectionId',
				"integrationConnectionId is given with Siro's id: it only goes with an externalId.",
				'Leave it out, or name the record by externalId instead.',
			);
		}
		return withTrigger({ dataType, id });
	}
	if (externalId === undefined) {
		throw new SiroInputError(
			'id',
			'Neither id nor externalId is given: Siro cannot tell which CRM record.',
			"Give Siro's ID of the CRM record, or its External ID with the integration connection.",
		);
	}
	if (integrationConnectionId === undefined) {
		throw new SiroInputError(
			'integrationConnectionId',
			`externalId ${describe(externalId)} is given without integrationConnectionId: the same External ID can exist in several CRMs.`,
			'Add the integration connection that owns the record.',
		);
	}
	return withTrigger({ dataType, externalId, integrationConnectionId });
}
