import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { ACTIONS_ACCEPTING, PARAMETER_ORDER, RECORD_ACTIONS, type RecordAction } from '../../core';
import { integrationConnectionLocator } from '../../shared/integrationConnections';
import { conversationTypeLocator, crmObjectsFields } from '../../shared/recordFields';
import { inputDataModeField } from '../../shared/syncFields';

type OptionalParameter = keyof typeof ACTIONS_ACCEPTING;

/** The actions whose links carry this parameter (the link core's rule), as n8n's display options want them. */
const actionsAccepting = (parameter: OptionalParameter) => [...ACTIONS_ACCEPTING[parameter]];

/** The parameters' fields are shown when they are defined below, not read from each item. */
const DEFINED_BELOW = { inputDataMode: ['defineBelow'] };

/** Shows a field only for the actions Siro applies its parameter to. */
const showFor = (
	parameter: OptionalParameter,
	more: NonNullable<IDisplayOptions['show']> = {},
) => ({
	show: {
		resource: ['recordLink'],
		operation: ['build'],
		...DEFINED_BELOW,
		recordAction: actionsAccepting(parameter),
		...more,
	},
});

const ACTION_OPTIONS: Record<RecordAction, { name: string; description: string }> = {
	start: {
		name: 'Start',
		description: 'Start a new recording, or reopen one that is paused or already recording',
	},
	stop: {
		name: 'Stop',
		description: 'End the recording in progress, skipping the pause and debrief screens',
	},
	restart: {
		name: 'Restart',
		description: 'End the recording in progress and start a brand new one',
	},
};

export const buildRecordLinkDescription: INodeProperties[] = [
	{
		...inputDataModeField({
			defineBelow: "Set the link's parameters in the fields below (expressions allowed)",
			fromInputFields: `Each item's own fields ${PARAMETER_ORDER.join(', ')} are the link's parameters; its other fields are ignored`,
		}),
		displayOptions: { show: { resource: ['recordLink'], operation: ['build'] } },
	},
	{
		displayName:
			"Each item must carry the link's parameters as its own fields: action (start, stop or restart), and as the action allows title, conversationType (a UUID), integrationConnectionId, crmObjects (a list or its JSON), opportunityId, redirectUrl. The same rules and errors apply as below.",
		name: 'fromInputFieldsNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: { resource: ['recordLink'], operation: ['build'], inputDataMode: ['fromInputFields'] },
		},
	},
	{
		displayName: 'Action',
		// Not "action": n8n's tooling reads a parameter of that name as the node's operation list.
		name: 'recordAction',
		type: 'options',
		required: true,
		displayOptions: { show: { resource: ['recordLink'], operation: ['build'], ...DEFINED_BELOW } },
		options: RECORD_ACTIONS.map((action) => ({ ...ACTION_OPTIONS[action], value: action })),
		default: 'start',
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		placeholder: 'e.g. Smith residence – roof inspection',
		description:
			'Title of the new recording. Line breaks and tabs become spaces; leave empty to let Siro choose.',
		displayOptions: showFor('title'),
	},
	conversationTypeLocator(
		"Conversation type the recording is created with, for this recording only. Leave empty for the rep's default.",
		showFor('conversationType'),
	),
	{
		// Version 1: the connection's ID as text. Kept as it was so that version-1 workflows run unchanged.
		displayName: 'Integration Connection ID',
		name: 'integrationConnectionId',
		type: 'string',
		default: '',
		description:
			"Identifies your CRM integration in Siro. Required with CRM objects; organization admins create it on the Siro web app's Integrations page.",
		displayOptions: showFor('integrationConnectionId', { '@version': [1] }),
	},
	// Version 1.1: a resource locator, a new parameter rather than a new type for the old one.
	integrationConnectionLocator(
		"Your CRM integration in Siro, which the CRM objects belong to. Required with CRM objects; organization admins create it on the Siro web app's Integrations page.",
		showFor('integrationConnectionId', { '@version': [{ _cnd: { gte: 1.1 } }] }),
	),
	...crmObjectsFields(showFor('crmObjects').show),
	{
		displayName: 'Redirect URL',
		name: 'redirectUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://yourapp.example.com/siro-done',
		description:
			'Where the Siro app sends the rep afterwards. Use an https Universal Link or App Link; custom schemes (yourapp://) work only once Siro has whitelisted your app.',
		displayOptions: showFor('redirectUrl'),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['recordLink'], operation: ['build'] } },
		options: [
			{
				displayName: 'Conversation Type Check',
				name: 'conversationTypeCheck',
				type: 'options',
				displayOptions: { show: { '/recordAction': actionsAccepting('conversationType') } },
				options: [
					{
						name: 'Format',
						value: 'format',
						description: 'Refuse anything that is not a UUID (no API call)',
					},
					{
						name: 'Must Exist in Organization',
						value: 'mustExist',
						description:
							"Also check that the UUID is one of the organization's conversation types (one API call per organization per run; needs the credential)",
					},
				],
				default: 'format',
				description:
					"Siro silently falls back to the rep's default for an unknown type, so check it before sending the link",
			},
			{
				displayName: 'Opportunity ID (Deprecated)',
				name: 'opportunityId',
				type: 'string',
				displayOptions: {
					show: {
						'/inputDataMode': ['defineBelow'],
						'/recordAction': actionsAccepting('opportunityId'),
					},
				},
				default: '',
				description:
					'Deprecated by Siro: use Integration Connection ID with an Opportunity CRM object instead. Links the recording to this Siro opportunity (sent as opportunityId; jobId is the same thing).',
			},
			{
				displayName: 'Organization ID',
				name: 'organizationId',
				type: 'string',
				displayOptions: { show: { '/recordAction': actionsAccepting('conversationType') } },
				default: '',
				description:
					"Organization whose conversation types By Name and Must Exist look at. Defaults to the credential's.",
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{
						name: 'Input Fields and Link',
						value: 'inputAndLink',
						description: "Keep the item's fields and add the link",
					},
					{
						name: 'Only Link and Its Parts',
						value: 'linkAndParts',
						description: 'Output the link with the normalised parameters it carries',
					},
				],
				default: 'inputAndLink',
			},
			{
				displayName: 'Put Link in Field',
				name: 'linkField',
				type: 'string',
				default: 'recordLink',
				description:
					'Name of the output field for the link; warnings go to the same name plus "Warnings". Not the name of one of the link\'s parts (action, title…).',
			},
		],
	},
];
