import type { SiroResource } from '../types';
import * as list from './list.operation';

export const conversationType: SiroResource = {
	value: 'conversationType',
	name: 'Conversation Type',
	operations: [
		{
			value: 'getAll',
			name: 'Get Many',
			action: 'List conversation types',
			description: "List the organization's conversation types and their UUIDs",
			tokens: ['user'],
			properties: list.description,
			execute: list.execute,
		},
	],
};
