import type { SiroResource } from '../types';
import * as build from './build.operation';
import * as checkDelivery from './checkDelivery.operation';
import * as parse from './parse.operation';

export const recordLink: SiroResource = {
	value: 'recordLink',
	name: 'Record Link',
	operations: [
		{
			value: 'build',
			name: 'Build',
			action: 'Build record link',
			description: 'Make a deep link that starts, stops or restarts a recording in the Siro app',
			// Only to pick a conversation type (user token) or, from version 1.1, an integration
			// connection (organization token) From List, or to look a conversation type up at run time.
			tokens: ['user', 'organization'],
			properties: build.description,
			execute: build.execute,
		},
		{
			value: 'parse',
			name: 'Parse',
			action: 'Parse record link',
			description: 'Read a record link back and list every rule it breaks',
			tokens: [],
			properties: parse.description,
			execute: parse.execute,
		},
		{
			value: 'checkDelivery',
			name: 'Check Delivery',
			action: 'Check record link delivery',
			description:
				"Whether a link reached the rep's phone, was opened and started a recording, from the Siro app's events",
			tokens: ['organization'],
			properties: checkDelivery.description,
			execute: checkDelivery.execute,
		},
	],
};
