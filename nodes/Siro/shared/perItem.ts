import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { failedItem, toNodeError } from './nodeErrors';
import { answersErrorsAsTool, toolErrorAnswer } from './toolAnswer';

/**
 * Runs `produce` for each input item and pairs every output item with it. A failing item stops the
 * run with an error naming it, or, with On Error set to continue, becomes a failed item (on n8n's
 * error output under "Continue (using error output)") and the others go on. Run as an AI tool, a
 * failing item becomes the tool's answer, so that the model reads what to fix.
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
			if (answersErrorsAsTool(context)) {
				results.push({ json: toolErrorAnswer(error), pairedItem: { item: itemIndex } });
				continue;
			}
			if (!context.continueOnFail()) throw toNodeError(context.getNode(), error, itemIndex);
			results.push(failedItem(context.getNode(), error, itemIndex));
		}
	}
	return results;
}
