import type { SiroResource } from '../types';
import * as sync from './sync.operation';

export const opportunity: SiroResource = {
	value: 'opportunity',
	name: 'Opportunity',
	operations: [
		{
			value: 'sync',
			name: 'Sync',
			action: 'Sync an opportunity',
			description:
				'Create or update an opportunity (a deal) in Siro by its External ID, with its amount, disposition and customer',
			tokens: ['organization'],
			properties: sync.description,
			execute: sync.execute,
		},
	],
};
