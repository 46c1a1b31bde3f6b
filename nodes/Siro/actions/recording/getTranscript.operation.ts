import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readId } from '../../client';
import { siroConnection } from '../../shared/siroApi';
import { recordingIdField } from './fields';
import { transcriptOutput } from './output';
import { perItem } from '../../shared/perItem';

export const description: INodeProperties[] = [
	{
		displayName:
			"Transcripts come from Siro's platform API, as a Siro user: the credential needs user access (an Access Token, or the OAuth App mode, which renews it).",
		name: 'transcriptNotice',
		type: 'notice',
		default: '',
	},
	recordingIdField,
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const { client } = await siroConnection(this);
		const recordingId = readId(this.getNodeParameter('recordingId', itemIndex), 'Recording ID');
		const transcript = await client.getTranscript(recordingId);
		return [{ recordingId, ...transcriptOutput(transcript) }];
	});
}
