/**
 * What n8n's engine does with a node's output items after execute() returns, for the two n8n lines the
 * package supports, as their sources do it (n8n-core's dist/execution-engine/workflow-execute.js):
 *
 * - On Error "Continue (using error output)": `handleNodeErrorOutput` moves an item to the error
 *   output when `item.error` is set, or when `item.json.error` is truthy and the JSON has no other
 *   keys than — 1.x (n8n-core 1.122.x, n8n 1.123.x): exactly `error`, or `error` and a truthy
 *   `message`; 2.x (n8n-core 2.40.x): any of `error`, `message`, `details`. A moved item's JSON is
 *   the paired input item's JSON with the item's own JSON over it.
 * - Then, on every output and for every On Error setting, an item carrying `item.error` gets its JSON
 *   replaced by `{ error: item.error.message }` (1.x inline after the run, 2.x `normalizeNodeErrors`).
 */
import type { IDataObject, INodeExecutionData, OnError } from 'n8n-workflow';

export type N8nLine = '1.x' | '2.x';

export const N8N_LINES: readonly N8nLine[] = ['1.x', '2.x'];

function carriesError(item: INodeExecutionData, line: N8nLine): boolean {
	if (item.error) return true;
	const { json } = item;
	if (!json.error) return false;
	const keys = Object.keys(json);
	if (line === '1.x') {
		return keys.length === 1 || (keys.length === 2 && Boolean(json.message));
	}
	return keys.every((key) => ['error', 'message', 'details'].includes(key));
}

function pairedIndex(item: INodeExecutionData): number | undefined {
	const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	return typeof paired === 'object' && paired !== null ? paired.item : undefined;
}

/**
 * The node's main output (and, under "Continue (using error output)", its error output) as the next
 * nodes receive them. `inputs` are the node's input items' JSON.
 */
export function routeAsN8n(
	output: INodeExecutionData[],
	{ onError, line, inputs }: { onError: OnError; line: N8nLine; inputs: IDataObject[] },
): { main: INodeExecutionData[]; error: INodeExecutionData[] } {
	const main: INodeExecutionData[] = [];
	const error: INodeExecutionData[] = [];
	for (const produced of output) {
		const item = { ...produced, json: { ...produced.json } };
		if (onError === 'continueErrorOutput' && carriesError(item, line)) {
			const index = pairedIndex(item);
			const input = index === undefined ? undefined : inputs[index];
			error.push(input === undefined ? item : { ...item, json: { ...input, ...item.json } });
		} else {
			main.push(item);
		}
	}
	for (const item of [...main, ...error]) {
		if (item.error !== undefined) item.json = { error: item.error.message };
	}
	return { main, error };
}
