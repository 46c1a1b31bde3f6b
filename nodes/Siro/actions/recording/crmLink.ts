/**
 * Link to CRM Record / Unlink from CRM Record (platform API, user access): which CRM record, named
 * exactly one way (Siro's ID of the synced row, or the CRM's External ID with its integration
 * connection), checked for every item before the first request.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { readId } from '../../client';
import {
	CRM_LINK_DATA_TYPES,
	checkRecordingLinkBody,
	type RecordingLinkBody,
} from '../../engagements';
import { checkAllThenSend } from '../../shared/checkedItems';
import { integrationConnectionLocator } from '../../shared/integrationConnections';
import { siroConnection } from '../../shared/siroApi';
import { readLocator } from '../../shared/users';
import { recordingIdField } from './fields';

const DATA_TYPE_NAMES: Record<(typeof CRM_LINK_DATA_TYPES)[number], string> = {
	ACCOUNT: 'Account',
	CONTACT: 'Contact',
	ENGAGEMENT: 'Engagement (Appointment)',
	LEAD: 'Lead',
	OPPORTUNITY: 'Opportunity',
};

/** The rules' field names → the parameters the user fills, so an error points at what is on screen. */
export const LINK_FIELD_NAMES: Readonly<Record<string, string>> = {
	id: 'crmRecordId',
	externalId: 'crmExternalId',
	integrationConnectionId: 'integrationConnection',
};

export function crmLinkDescription(verb: 'link' | 'unlink'): INodeProperties[] {
	return [
		{
			displayName:
				verb === 'link'
					? "Linking uses Siro's platform API as a Siro user: the credential needs user access. Siro replaces the recording's earlier link of this record type with this one."
					: "Unlinking uses Siro's platform API as a Siro user: the credential needs user access.",
			name: 'crmLinkNotice',
			type: 'notice',
			default: '',
		},
		recordingIdField,
		{
			displayName: 'Record Type',
			name: 'dataType',
			type: 'options',
			options: [...CRM_LINK_DATA_TYPES]
				.map((value) => ({ name: DATA_TYPE_NAMES[value], value }))
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: 'ENGAGEMENT',
			description: `What kind of CRM record to ${verb} the recording ${verb === 'link' ? 'to' : 'from'}`,
		},
		{
			displayName: 'Siro Record ID',
			name: 'crmRecordId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 3f2c9a70-…',
			description:
				"Siro's ID of the CRM record (e.g. the ID Engagement → Sync returns). Give this, or External ID with Integration Connection, not both.",
		},
		{
			displayName: 'External ID',
			name: 'crmExternalId',
			type: 'string',
			default: '',
			placeholder: 'e.g. gcal-7kq1n3b2f0',
			description:
				"The record's ID in your CRM or calendar. Needs Integration Connection (the same External ID can exist in several CRMs); leave empty when giving Siro Record ID.",
		},
		integrationConnectionLocator(
			'The CRM integration in Siro that owns the External ID. Only with External ID.',
		),
	];
}

interface CheckedLink {
	recordingId: string;
	link: RecordingLinkBody;
}

function checkLink(context: IExecuteFunctions, itemIndex: number): CheckedLink {
	const recordingId = readId(context.getNodeParameter('recordingId', itemIndex), 'Recording ID');
	const link = checkRecordingLinkBody({
		dataType: context.getNodeParameter('dataType', itemIndex),
		id: context.getNodeParameter('crmRecordId', itemIndex, ''),
		externalId: context.getNodeParameter('crmExternalId', itemIndex, ''),
		integrationConnectionId: readLocator(context, 'integrationConnection', itemIndex).value,
	});
	return { recordingId, link };
}

/** What the output says about the record, in the terms the user set it. */
function recordOf(link: RecordingLinkBody): IDataObject {
	return 'id' in link
		? { dataType: link.dataType, id: link.id }
		: {
				dataType: link.dataType,
				externalId: link.externalId,
				integrationConnectionId: link.integrationConnectionId,
			};
}

export async function linkOrUnlink(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	verb: 'link' | 'unlink',
): Promise<INodeExecutionData[]> {
	return await checkAllThenSend(
		context,
		items,
		async (itemIndex) => checkLink(context, itemIndex),
		async ({ recordingId, link }) => {
			const { client } = await siroConnection(context);
			if (verb === 'link') {
				const linked = await client.linkRecording(recordingId, link);
				return [{ recordingId, ...recordOf(link), crmRecord: linked as IDataObject }];
			}
			const unlinked = await client.unlinkRecording(recordingId, link);
			return [{ recordingId, ...recordOf(link), unlinked }];
		},
		LINK_FIELD_NAMES,
	);
}
