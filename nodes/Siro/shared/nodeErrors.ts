import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { SiroApiError } from '../client';
import { RecordLinkError } from '../core';
import { capMessage } from '../core/errors';

/**
 * An item's input that an operation cannot use (a user nobody has, an e-mail two users share): the
 * field, what is wrong and how to fix it, as RecordLinkError says it for link parameters.
 */
export class ItemInputError extends Error {
	readonly problem: string;
	readonly fix: string;

	constructor(
		readonly field: string,
		problem: string,
		fix: string,
	) {
		const shortProblem = capMessage(problem);
		const shortFix = capMessage(fix);
		super(`${shortProblem} ${shortFix}`);
		this.name = 'ItemInputError';
		this.problem = shortProblem;
		this.fix = shortFix;
	}
}

/**
 * Turns what an operation threw into the error n8n shows: the problem as the message (with the
 * item, as n8n's own nodes write it) and how to fix it as the description. Siro's API failures
 * become NodeApiError with the HTTP status; n8n gets only the client's redacted fields, never a
 * response or request object.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (error instanceof RecordLinkError || error instanceof ItemInputError) {
		return new NodeOperationError(node, `${error.problem} [item ${itemIndex}]`, {
			itemIndex,
			description: error.fix,
		});
	}
	if (error instanceof SiroApiError) {
		const message = `${error.message} [item ${itemIndex}]`;
		const nodeError = new NodeApiError(node, error.toJSON() as unknown as JsonObject, {
			message,
			description: error.description,
			httpCode: error.httpCode === undefined ? undefined : String(error.httpCode),
			itemIndex,
		});
		// n8n swaps a message that mentions a socket error code (ECONNRESET…) for a generic text; Siro's says more.
		nodeError.message = message;
		return nodeError;
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** What a failed item says for people: the problem, how to fix it, and the field or HTTP status. */
export function readableError(error: unknown): JsonObject {
	if (error instanceof RecordLinkError || error instanceof ItemInputError) {
		return { error: error.problem, fix: error.fix, field: error.field };
	}
	if (error instanceof SiroApiError) {
		return {
			error: error.message,
			fix: error.description,
			...(error.httpCode === undefined ? {} : { httpCode: error.httpCode }),
		};
	}
	// n8n's error output takes only an item whose `error` is non-empty.
	const unexplained = 'The operation failed without saying why.';
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		return {
			error: error.message || unexplained,
			...(error.description ? { fix: error.description } : {}),
		};
	}
	return { error: (error instanceof Error ? error.message : String(error)) || unexplained };
}

/**
 * The item a failed input becomes when On Error lets the run go on (n8n's continueOnFail).
 *
 * Under "Continue (using error output)" n8n moves an item to the error output only when the item
 * carries n8n's `error` object, or its JSON is nothing but a non-empty `error` — alone or with a
 * non-empty `message` (n8n 1.123, WorkflowExecute.handleNodeErrorOutput; 2.x also allows `details`).
 * An item carrying the `error` object gets its JSON replaced by `{ error: message }` on every output
 * (both lines), which would drop the fix. So the error output gets `error` and `message` (the fix)
 * as JSON, to which n8n adds the input item's fields; the regular output keeps the readable
 * `error`, `fix` and `field` next to what the operation keeps of the input (`kept`).
 */
export function failedItem(
	node: INode,
	error: unknown,
	itemIndex: number,
	kept: IDataObject = {},
): INodeExecutionData {
	const readable = readableError(error);
	const json: IDataObject =
		node.onError === 'continueErrorOutput'
			? { error: readable.error, ...(readable.fix ? { message: readable.fix } : {}) }
			: { ...kept, ...readable };
	return { json, pairedItem: { item: itemIndex } };
}
