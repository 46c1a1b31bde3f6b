import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { crmLinkDescription, linkOrUnlink } from './crmLink';

export const description: INodeProperties[] = crmLinkDescription('link');

/** PUT /v1/core/recordings/{id}/link for each item. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await linkOrUnlink(this, items, 'link');
}
