import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/**
 * Which of Siro's tokens an operation sends: the user access token (platform API) or the
 * organization API token (external API). An operation that sends none works without credentials.
 */
export type SiroToken = 'user' | 'organization';

/** One entry of a resource's Operation menu, with the fields it shows and what it runs. */
export interface SiroOperation {
	value: string;
	name: string;
	/** What the node's subtitle and the nodes panel say, e.g. "Build record link". */
	action: string;
	description: string;
	tokens: readonly SiroToken[];
	/** Its fields; the resource shows them only for this resource and operation. */
	properties: INodeProperties[];
	/** Runs the operation on all items at once, so requests can be shared across items. */
	execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]>;
}

/** One entry of the node's Resource menu: a folder under actions/ owns it and its operations. */
export interface SiroResource {
	value: string;
	name: string;
	operations: readonly SiroOperation[];
}
