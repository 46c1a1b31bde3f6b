import type { SiroResource } from '../types';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getSummary from './getSummary.operation';
import * as getTranscript from './getTranscript.operation';
import * as linkToCrmRecord from './linkToCrmRecord.operation';
import * as unlinkFromCrmRecord from './unlinkFromCrmRecord.operation';
import * as upload from './upload.operation';

export const recording: SiroResource = {
	value: 'recording',
	name: 'Recording',
	operations: [
		{
			value: 'get',
			name: 'Get',
			action: 'Get a recording',
			description: 'Get a recording, with its CRM links, summary, extractions, score or follow-ups',
			tokens: ['organization'],
			properties: get.description,
			execute: get.execute,
		},
		{
			value: 'getAll',
			name: 'Get Many',
			action: 'Get many recordings',
			description: 'List recordings created or updated in a window, by processing state',
			tokens: ['organization'],
			properties: getAll.description,
			execute: getAll.execute,
		},
		{
			value: 'getSummary',
			name: 'Get Summary',
			action: 'Get the summary of a recording',
			description: "Get a recording's summary sections and the summary as one text",
			tokens: ['organization'],
			properties: getSummary.description,
			execute: getSummary.execute,
		},
		{
			value: 'getTranscript',
			name: 'Get Transcript',
			action: 'Get the transcript of a recording',
			description:
				"Get a recording's utterances with speaker names and the transcript as one text (needs user access)",
			tokens: ['user'],
			properties: getTranscript.description,
			execute: getTranscript.execute,
		},
		{
			value: 'linkToCrmRecord',
			name: 'Link to CRM Record',
			action: 'Link a recording to a CRM record',
			description:
				"Link a recording to an appointment, account, contact, lead or opportunity; replaces the recording's earlier link (needs user access)",
			tokens: ['user'],
			properties: linkToCrmRecord.description,
			execute: linkToCrmRecord.execute,
		},
		{
			value: 'unlinkFromCrmRecord',
			name: 'Unlink From CRM Record',
			action: 'Unlink a recording from a CRM record',
			description:
				'Remove the link between a recording and an appointment, account, contact, lead or opportunity (needs user access)',
			tokens: ['user'],
			properties: unlinkFromCrmRecord.description,
			execute: unlinkFromCrmRecord.execute,
		},
		{
			value: 'upload',
			name: 'Upload',
			action: 'Upload a recording',
			description:
				'Create a recording from an mp3, aac or wav file recorded elsewhere, with its rep, conversation type and CRM objects (needs user access)',
			tokens: ['user'],
			properties: upload.description,
			execute: upload.execute,
		},
	],
};
