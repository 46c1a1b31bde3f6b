import type { SiroResource } from '../types';
import * as create from './create.operation';
import * as deactivate from './deactivate.operation';
import * as find from './find.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

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
		{
			value: 'create',
			name: 'Create',
			action: 'Create a user',
			description: 'Add a rep to the organization; Siro e-mails them a link to set their password',
			tokens: ['organization'],
			properties: create.description,
			execute: create.execute,
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a user',
			description:
				"Change a user's e-mail, name, phone number, team or license; only the fields given",
			tokens: ['organization'],
			properties: update.description,
			execute: update.execute,
		},
		{
			value: 'deactivate',
			name: 'Deactivate',
			action: 'Deactivate a user',
			description:
				"Mark a user who left the organization or no longer uses Siro as disabled (Siro's disabled: true)",
			tokens: ['organization'],
			properties: deactivate.description,
			execute: deactivate.execute,
		},
	],
};
