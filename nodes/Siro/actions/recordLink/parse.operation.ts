import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { parseRecordLink } from '../../core';
import { perItem } from '../../shared/perItem';

export const description: INodeProperties[] = [
	{
		displayName: 'Link',
		name: 'link',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://app.siro.ai/record?action=start&title=Smith%20visit',
		description:
			'The Siro record link to check. The output lists its parameters as the app reads them, and every rule it breaks.',
		displayOptions: { show: { resource: ['recordLink'], operation: ['parse'] } },
	},
];

/** Outputs the link's parts, valid, issues and warnings: for debugging links reps say "did nothing". */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const link = this.getNodeParameter('link', itemIndex) as string;
		const { params, valid, issues, warnings } = parseRecordLink(link);
		return [{ link, ...(params as IDataObject), valid, issues, warnings }];
	});
}
