import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

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

/** The JSON an item carries when Continue On Fail keeps the run going past its error. */
export function errorItemJson(error: unknown): JsonObject {
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
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		return { error: error.message, ...(error.description ? { fix: error.description } : {}) };
	}
	return { error: error instanceof Error ? error.message : String(error) };
}
