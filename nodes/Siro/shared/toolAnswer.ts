import type { IExecuteFunctions, INode, JsonObject } from 'n8n-workflow';

import { readableError } from './nodeErrors';

/**
 * Whether n8n runs this node as an AI tool (an AI Agent's or an MCP Server Trigger's). n8n offers a
 * `usableAsTool` node to agents as a second node type, its name plus "Tool" (n8n-nodes-siro.siroTool),
 * and runs that type only as a tool. The type name is the one signal both n8n lines give in both ways
 * a tool runs: 2.x's isToolExecution() is false when the AI Agent has the engine run the tool node, and
 * 1.x has no such method.
 */
function runsAsTool(node: INode): boolean {
	return node.type.endsWith('Tool');
}

/**
 * Whether a failed item becomes the tool's answer instead of stopping the run: the node runs as a
 * tool and its On Error setting is not Stop Workflow. A model can correct its own call (drop the title
 * from a stop link) only if it reads the error; n8n 1.x ends the whole run when a tool throws, and 2.x
 * passes the model the message alone, without the fix. On Error set to Stop Workflow keeps n8n's own
 * behaviour, as 2.x does for its own tools.
 */
export function answersErrorsAsTool(context: IExecuteFunctions): boolean {
	const node = context.getNode();
	return runsAsTool(node) && node.onError !== 'stopWorkflow';
}

/**
 * The error as a model reads it: what is wrong and how to fix it in one text, with no item index (a
 * tool call is one item, and "[item 0]" means nothing to a model), plus the field and the fix on
 * their own for a model or client that reads JSON.
 */
export function toolErrorAnswer(error: unknown): JsonObject {
	const json = readableError(error);
	const problem = String(json.error);
	const fix = typeof json.fix === 'string' && json.fix !== '' ? json.fix : undefined;
	return {
		...json,
		error: fix === undefined || problem.includes(fix) ? problem : `${problem} ${fix}`,
	};
}
