import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readId } from '../../client';
import { checkAllThenSend } from '../../shared/checkedItems';
import { optionsCollection } from '../../shared/collections';
import { siroConnection } from '../../shared/siroApi';
import { engagementJson, gracePeriodOption, readGraceMinutes } from './output';

export const description: INodeProperties[] = [
	{
		displayName: 'Engagement ID',
		name: 'engagementId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3f2c9a70-…',
		description:
			"Siro's ID of the engagement, which Sync outputs as ID (Siro has no look-up by External ID)",
	},
	optionsCollection([gracePeriodOption]),
];

/**
 * GET /v1/integrations/engagements/{id}, with `recording.status`: recorded (Siro matched a recording),
 * notRecorded (End Time plus the Grace Period passed without one), notEnded, or cancelled (deleted).
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await checkAllThenSend(
		this,
		items,
		async (itemIndex) => ({
			engagementId: readId(this.getNodeParameter('engagementId', itemIndex), 'Engagement ID'),
			graceMinutes: readGraceMinutes(this.getNodeParameter('options', itemIndex, {}) as object),
		}),
		async ({ engagementId, graceMinutes }) => {
			const { client } = await siroConnection(this);
			return [engagementJson(await client.getEngagement(engagementId), graceMinutes)];
		},
	);
}
