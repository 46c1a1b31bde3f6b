/**
 * Operations that write to Siro (engagement and opportunity sync, recording links) check every item
 * against the rules before the first request: without Continue On Fail, an item that breaks a rule
 * stops the run before anything is sent for any item; with it (or run as an AI tool), that item
 * becomes an error item (the tool's answer) and the others are sent. Either way nothing is ever
 * sent for an item that fails a rule.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { SiroInputError } from '../engagements';
import { ItemInputError, toNodeError } from './nodeErrors';
import { perItem } from './perItem';
import { answersErrorsAsTool } from './toolAnswer';

/**
 * The engagement rules' error as the node reports input errors (field, problem, fix). `fieldNames`
 * maps a rule's field to the parameter the user set, where the two differ.
 */
export function asItemInputError(
	error: unknown,
	fieldNames: Readonly<Record<string, string>> = {},
): unknown {
	if (!(error instanceof SiroInputError)) return error;
	const field = Object.prototype.hasOwnProperty.call(fieldNames, error.field)
		? fieldNames[error.field]
		: error.field;
	return new ItemInputError(field, error.problem, error.fix);
}

type Checked<Value> = { value: Value } | { error: unknown };

/**
 * Runs `check` on every item first (reading parameters and applying the rules, no request), then
 * `send` for each item that passed, through perItem (pairing, Continue On Fail).
 */
export async function checkAllThenSend<Value>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	check: (itemIndex: number) => Promise<Value>,
	send: (value: Value, itemIndex: number) => Promise<IDataObject[]>,
	fieldNames: Readonly<Record<string, string>> = {},
): Promise<INodeExecutionData[]> {
	const checked: Array<Checked<Value>> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			checked.push({ value: await check(itemIndex) });
		} catch (error) {
			const reported = asItemInputError(error, fieldNames);
			// Run as a tool, the item's error becomes the model's answer (perItem), as any item's does.
			if (!context.continueOnFail() && !answersErrorsAsTool(context))
				throw toNodeError(context.getNode(), reported, itemIndex);
			checked.push({ error: reported });
		}
	}
	return await perItem(context, items, async (itemIndex) => {
		const outcome = checked[itemIndex];
		if ('error' in outcome) throw outcome.error;
		try {
			return await send(outcome.value, itemIndex);
		} catch (error) {
			throw asItemInputError(error, fieldNames);
		}
	});
}
