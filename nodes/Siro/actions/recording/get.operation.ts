import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { siroConnection } from '../../shared/siroApi';
import { includeField, readDetails, recordingIdField } from './fields';
import { recordingOutput } from './output';
import { perItem } from '../../shared/perItem';

export const description: INodeProperties[] = [recordingIdField, includeField(false)];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const { client } = await siroConnection(this);
		const recording = await client.getRecording(
			this.getNodeParameter('recordingId', itemIndex) as string,
			readDetails(this.getNodeParameter('include', itemIndex, [])),
		);
		return [recordingOutput(recording)];
	});
}
