import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readId } from '../../client';
import { perItem } from '../../shared/perItem';
import { siroConnection } from '../../shared/siroApi';
import { readLocator } from '../../shared/users';
import {
	evaluateForFields,
	onField,
	organizationOptions,
	readSubject,
	readWindow,
	userAccessNotice,
	windowFields,
} from './fields';
import { evaluationItems, simplifyEvaluation } from './output';

export const description: INodeProperties[] = [
	userAccessNotice,
	{
		displayName: 'Scorecard',
		name: 'scorecard',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The scorecard to evaluate (a scorecard instance of the organization)',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a scorecard...',
				typeOptions: { searchListMethod: 'searchScorecards', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 6c1e…',
				hint: "The scorecard instance's ID, as Scorecard → Get Many gives it (not a recording ID)",
			},
		],
	},
	...windowFields,
	...evaluateForFields,
	simplifyEvaluation,
	organizationOptions,
];

function readScorecard(context: IExecuteFunctions, itemIndex: number): string {
	const { value } = readLocator(context, 'scorecard', itemIndex);
	return onField(
		'scorecard',
		() => readId(value, 'Scorecard'),
		'Pick the scorecard From List, or give its ID.',
	);
}

/** GET /v1/core/scorecards/evaluated-instances/{id} for each item. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const scorecard = readScorecard(this, itemIndex);
		const window = readWindow(this, itemIndex);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const siro = await siroConnection(this);
		const subject = await readSubject(this, itemIndex, siro);
		const evaluation = await siro.client.evaluateScorecard(scorecard, { ...window, ...subject });
		return evaluationItems(evaluation, simplify);
	});
}
