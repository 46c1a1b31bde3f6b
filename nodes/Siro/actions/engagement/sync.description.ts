import type { INodeProperties } from 'n8n-workflow';

import { ACTIVITY_TYPES, APPOINTMENT_ACTIVITY_TYPES, DIRECTIONS } from '../../engagements';
import { optionsCollection } from '../../shared/collections';
import {
	additionalFieldsDefinedBelow,
	CRM_RECORD_CONTACT_DETAILS,
	DEFINED_BELOW,
	deletedOptions,
	inputDataModeField,
	TIME_PLACEHOLDER,
} from '../../shared/syncFields';
import { gracePeriodOption } from './output';

const FROM_CALENDAR = { show: { inputDataMode: ['googleCalendarEvent', 'outlookEvent'] } };
const CRM_RECORD_JSON = `externalId (required), ${CRM_RECORD_CONTACT_DETAILS}`;

const titleCase = (value: string) =>
	value
		.split('_')
		.map((word) => word.charAt(0) + word.slice(1).toLowerCase())
		.join(' ');

const activityTypeField: INodeProperties = {
	displayName: 'Activity Type',
	name: 'activityType',
	type: 'options',
	options: [...ACTIVITY_TYPES]
		.map((value) => ({ name: titleCase(value), value }))
		.sort((a, b) => a.name.localeCompare(b.name)),
	default: 'APPOINTMENT',
	description: `What kind of engagement it is. Siro shows ${APPOINTMENT_ACTIVITY_TYPES.map(titleCase).join(', ')} to the rep and matches recordings to them; the others are kept with a warning.`,
};

const engagementTypeNameField: INodeProperties = {
	displayName: 'Engagement Type Name',
	name: 'engagementTypeName',
	type: 'string',
	default: '',
	placeholder: 'e.g. In-Home Consultation',
	description:
		'The kind of appointment as your team names it. Empty: Appointment (Calendar Event in the calendar modes).',
};

export const syncDescription: INodeProperties[] = [
	inputDataModeField(
		{
			defineBelow: "Set the appointment's fields below (expressions allowed)",
			fromInputFields:
				"Each item is Siro's engagement sync body (externalId, subject, startTime, endTime, engagementUsers, account…)",
		},
		[
			{
				name: 'From Google Calendar Event',
				value: 'googleCalendarEvent',
				description: "Each item is an event as n8n's Google Calendar node or trigger outputs it",
			},
			{
				name: 'From Outlook Event',
				value: 'outlookEvent',
				description:
					"Each item is an event as n8n's Microsoft Outlook node outputs it (Raw output for all-day and cancelled events)",
			},
		],
	),
	{
		displayName:
			"Each event maps to the engagement: ID → External ID, title → Subject, start and end with their time zones → UTC times, attendees' and organizer's e-mails → Reps (rooms and those who declined are left out), location → Content, a cancelled event → Deleted. A recurring series is refused: read its single occurrences.",
		name: 'calendarNotice',
		type: 'notice',
		default: '',
		displayOptions: FROM_CALENDAR,
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. jn-appt-20931',
		description:
			'The ID of the appointment in the system it comes from. Siro creates the engagement the first time and updates it on every later sync with the same ID.',
		displayOptions: DEFINED_BELOW,
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		placeholder: 'e.g. Roof estimate – Jones',
		description: 'The title the rep sees',
		displayOptions: DEFINED_BELOW,
	},
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'string',
		default: '',
		placeholder: TIME_PLACEHOLDER,
		description:
			'When the appointment starts: ISO 8601 with Z or an offset (a time without one could be any of 24 hours)',
		displayOptions: DEFINED_BELOW,
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-03-09T10:30:00-07:00',
		description:
			'When it ends (after Start Time), ISO 8601 with Z or an offset. Siro reports it not recorded only after it has ended.',
		displayOptions: DEFINED_BELOW,
	},
	{
		displayName: 'Rep Emails',
		name: 'engagementUsers',
		type: 'string',
		default: '',
		placeholder: 'e.g. avery.morgan@example.com, priya.patel@example.com',
		description:
			'The reps on the appointment, by their e-mail in Siro, separated by commas (or a list from an expression). Siro matches them to its users by e-mail; an unknown one is kept unmatched.',
		displayOptions: DEFINED_BELOW,
	},
	additionalFieldsDefinedBelow([
		{
			displayName: 'Account (JSON)',
			name: 'account',
			type: 'json',
			default: '{}',
			description: `The customer's account: ${CRM_RECORD_JSON}, name`,
		},
		activityTypeField,
		{
			displayName: 'Contact (JSON)',
			name: 'contact',
			type: 'json',
			default: '{}',
			description: `The customer contact: ${CRM_RECORD_JSON}, name, account`,
		},
		{
			displayName: 'Content',
			name: 'content',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description: 'Notes the rep sees, such as the address or what to bring',
		},
		{
			displayName: 'Direction',
			name: 'direction',
			type: 'options',
			options: DIRECTIONS.map((value) => ({ name: titleCase(value), value })),
			default: 'OUTBOUND',
			description: 'Whether the customer came to you (inbound) or you went to them (outbound)',
		},
		engagementTypeNameField,
		{
			displayName: 'Lead (JSON)',
			name: 'lead',
			type: 'json',
			default: '{}',
			description: `The customer as a lead: ${CRM_RECORD_JSON}, firstName, lastName`,
		},
		{
			displayName: 'Opportunity (JSON)',
			name: 'opportunity',
			type: 'json',
			default: '{}',
			description:
				'The deal: externalId (required), name, amount, disposition (OPEN, WON, LOST), closedAt',
		},
		{
			displayName: 'Remote Created At',
			name: 'remoteCreatedAt',
			type: 'string',
			default: '',
			placeholder: TIME_PLACEHOLDER,
			description: 'When the source system created it, ISO 8601 with Z or an offset',
		},
		{
			displayName: 'Remote Updated At',
			name: 'remoteUpdatedAt',
			type: 'string',
			default: '',
			placeholder: TIME_PLACEHOLDER,
			description: 'When the source system last changed it, ISO 8601 with Z or an offset',
		},
		{
			displayName: 'Start Time Localized',
			name: 'startTimeLocalized',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2026-03-09T09:00:00',
			description:
				"The start as the rep's clock shows it, without a zone; Siro displays it as written",
		},
	]),
	{
		displayName: 'Calendar Options',
		name: 'calendarOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: FROM_CALENDAR,
		options: [
			{ ...activityTypeField },
			{ ...engagementTypeNameField },
			{
				displayName: 'All-Day Events Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'e.g. America/Denver',
				description:
					"The time zone an all-day event's days begin in (IANA or Windows name). Empty: the workflow's time zone (Outlook: the event's own zone when the Raw output has it).",
			},
		],
	},
	optionsCollection([...deletedOptions('appointment'), gracePeriodOption]),
];
