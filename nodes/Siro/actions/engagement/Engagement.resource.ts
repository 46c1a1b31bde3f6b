import type { SiroResource } from '../types';
import * as get from './get.operation';
import * as getManyEngagementUsers from './getManyEngagementUsers.operation';
import * as sync from './sync.operation';

export const engagement: SiroResource = {
	value: 'engagement',
	name: 'Engagement',
	operations: [
		{
			value: 'sync',
			name: 'Sync',
			action: 'Sync an engagement',
			description:
				'Create or update an appointment in Siro by its External ID (from fields, an item, a Google Calendar or Outlook event), or cancel it',
			tokens: ['organization'],
			properties: sync.description,
			execute: sync.execute,
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get an engagement',
			description:
				"Get an appointment by Siro's ID, with whether it was recorded: recorded, not recorded, not ended or cancelled",
			tokens: ['organization'],
			properties: get.description,
			execute: get.execute,
		},
		{
			value: 'getManyEngagementUsers',
			name: 'Get Many Engagement Users',
			action: 'Get many engagement users',
			description: 'List which reps are on which appointments, for a rep or an engagement',
			tokens: ['organization'],
			properties: getManyEngagementUsers.description,
			execute: getManyEngagementUsers.execute,
		},
	],
};
