import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import * as listConversationTypes from './conversationType/list.operation';
import * as buildRecordLink from './recordLink/build.operation';
import * as parseRecordLink from './recordLink/parse.operation';

const operations = {
	'recordLink.build': buildRecordLink.execute,
	'recordLink.parse': parseRecordLink.execute,
	'conversationType.getAll': listConversationTypes.execute,
};

/** Every operation gets all items at once: List batches requests per organization across items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[`${resource}.${operation}` as keyof typeof operations];
	if (run === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" on "${resource}" is not supported`,
			{
				description:
					'Pick an operation from the list; this workflow may come from a newer version of the node.',
			},
		);
	}
	return [await run.call(this, items)];
}
