import type { SiroResource } from '../types';
import * as getAll from './getAll.operation';

export const mobileEvent: SiroResource = {
	value: 'mobileEvent',
	name: 'Mobile Event',
	operations: [
		{
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many mobile events',
			description:
				"List what reps' Siro apps reported: deep links received and opened, recordings started and stopped…",
			tokens: ['organization'],
			properties: getAll.description,
			execute: getAll.execute,
		},
	],
};
