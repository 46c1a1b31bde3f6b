import type { SiroResource } from '../types';
import * as getAll from './getAll.operation';

export const integrationConnection: SiroResource = {
	value: 'integrationConnection',
	name: 'Integration Connection',
	operations: [
		{
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many integration connections',
			description:
				"List the organization's CRM integration connections, e.g. to map your CRM to Siro",
			tokens: ['organization'],
			properties: getAll.description,
			execute: getAll.execute,
		},
	],
};
