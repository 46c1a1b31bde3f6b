import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { failedItem, toNodeError } from './nodeErrors';

/**
 * Runs `produce` for each input item and pairs every output item with it. A failing item stops the
 * run with an error naming it, or, with On Error set to continue, becomes a failed item (on n8n's
 * error output under "Continue (using error output)") and the others go on.
 */
export async function perItem(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	produce: (itemIndex: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			for (const json of await produce(itemIndex)) {
				results.push({ json, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			if (!context.continueOnFail()) throw toNodeError(context.getNode(), error, itemIndex);
			results.push(failedItem(context.getNode(), error, itemIndex));
		}
	}
	return results;
}
