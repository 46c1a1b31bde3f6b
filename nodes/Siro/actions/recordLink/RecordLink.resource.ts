import type { SiroResource } from '../types';
import * as build from './build.operation';
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
			// Only to pick a conversation type From List or By Name, or to check that it exists.
			tokens: ['user'],
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
	],
};
