/**
 * What every Get Many shares: Return All / Limit, and answers reused within an execution, so that
 * many items asking the same listing cost one listing (Siro allows 1,000 requests a minute per token).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ItemInputError } from './nodeErrors';

export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** The listing's limit for this item: undefined with Return All. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = context.getNodeParameter('limit', itemIndex, 50) as unknown;
	if (typeof limit === 'number' && Number.isSafeInteger(limit) && limit >= 1) return limit;
	throw new ItemInputError(
		'limit',
		`Limit is ${typeof limit === 'number' ? limit : JSON.stringify(limit)?.slice(0, 60)}, not a whole number of at least 1.`,
		'Set Limit to how many results to return, or turn on Return All.',
	);
}

/** Answers by key, each asked once per execution (a failed one too: every item asking gets its error). */
export class PerRun<Value> {
	private readonly pending = new Map<string, Promise<Value>>();

	get(key: string, load: () => Promise<Value>): Promise<Value> {
		let answer = this.pending.get(key);
		if (answer === undefined) {
			answer = load();
			this.pending.set(key, answer);
		}
		return answer;
	}
}

/** The Simplify switch of operations that output Siro records. */
export function simplifyField(keeps: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: `Whether to return a simplified version of the response instead of the raw data. Simplified keeps ${keeps}.`,
	};
}
