import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readId } from '../../client';
import { perItem } from '../../shared/perItem';
import { siroConnection } from '../../shared/siroApi';
import {
	evaluateForFields,
	onField,
	organizationOf,
	organizationOptions,
	readSubject,
	readWindow,
	userAccessNotice,
	windowFields,
} from './fields';
import { metricValueItems, simplifyMetricValues } from './output';

export const description: INodeProperties[] = [
	userAccessNotice,
	{
		displayName: 'Conversation Type ID',
		name: 'conversationTypeId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10',
		description:
			'The conversation type whose scorecard metrics are read (its UUID, as Conversation Type → List gives it)',
	},
	...windowFields,
	...evaluateForFields,
	simplifyMetricValues,
	organizationOptions,
];

/** GET /v1/core/scorecards/scorecard-metrics/values for each item. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const conversationTypeId = onField(
			'conversationTypeId',
			() =>
				readId(this.getNodeParameter('conversationTypeId', itemIndex, ''), 'Conversation Type ID'),
			"Set it to the conversation type's UUID.",
		);
		const window = readWindow(this, itemIndex);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const siro = await siroConnection(this);
		const organizationId = await organizationOf(this, itemIndex, siro);
		const subject = await readSubject(this, itemIndex, siro);
		const values = await siro.client.getScorecardMetricValues({
			organizationId,
			conversationTypeId,
			...window,
			...subject,
		});
		return metricValueItems(values, simplify);
	});
}
