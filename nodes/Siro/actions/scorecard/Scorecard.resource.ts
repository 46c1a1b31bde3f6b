import type { SiroResource } from '../types';
import * as evaluate from './evaluate.operation';
import * as getAll from './getAll.operation';
import * as getMetricValues from './getMetricValues.operation';

export const scorecard: SiroResource = {
	value: 'scorecard',
	name: 'Scorecard',
	operations: [
		{
			value: 'evaluate',
			name: 'Evaluate',
			action: 'Evaluate a scorecard',
			description:
				"Score a rep, a team, the organization or recordings over a window, with a rep's coaching summary (needs user access)",
			tokens: ['user', 'organization'],
			properties: evaluate.description,
			execute: evaluate.execute,
		},
		{
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many scorecards',
			description: "List the organization's scorecards (needs user access)",
			tokens: ['user'],
			properties: getAll.description,
			execute: getAll.execute,
		},
		{
			value: 'getMetricValues',
			name: 'Get Metric Values',
			action: 'Get scorecard metric values',
			description:
				"Get a conversation type's scorecard metric values over a window (needs user access)",
			tokens: ['user', 'organization'],
			properties: getMetricValues.description,
			execute: getMetricValues.execute,
		},
	],
};
