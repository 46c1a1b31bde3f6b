import type { SiroResource } from '../types';
import * as find from './find.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const user: SiroResource = {
	value: 'user',
	name: 'User',
	operations: [
		{
			value: 'find',
			name: 'Find',
			action: 'Find a user',
			description: 'Find the Siro user with an e-mail address, a phone number or an external ID',
			tokens: ['organization'],
			properties: find.description,
			execute: find.execute,
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a user',
			description: 'Get a Siro user of the organization',
			tokens: ['organization'],
			properties: get.description,
			execute: get.execute,
		},
		{
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many users',
			description: "List the organization's Siro users",
			tokens: ['organization'],
			properties: getAll.description,
			execute: getAll.execute,
		},
	],
};
