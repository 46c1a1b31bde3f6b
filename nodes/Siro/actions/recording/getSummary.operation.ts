import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { siroConnection } from '../../shared/siroApi';
import { recordingIdField } from './fields';
import { summaryOutput, summarySectionsOf } from './output';
import { perItem } from '../../shared/perItem';

export const description: INodeProperties[] = [recordingIdField];

/**
 * The recording asked for with its summary: one request, which also tells whether the recording
 * was deleted (Siro's summaries route alone does not).
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const { client } = await siroConnection(this);
		const recording = await client.getRecording(
			this.getNodeParameter('recordingId', itemIndex) as string,
			{ showSummary: true },
		);
		return [
			{
				recordingId: recording.id,
				title: recording.title,
				deleted: recording.deleted === true,
				...summaryOutput(summarySectionsOf(recording)),
			},
		];
	});
}
