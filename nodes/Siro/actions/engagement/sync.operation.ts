import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ownValue } from '../../core';
import {
	checkEngagementSyncBody,
	engagementFromCalendarEvent,
	type ActivityType,
	type CalendarSource,
	type EngagementSyncBody,
} from '../../engagements';
import { checkAllThenSend } from '../../shared/checkedItems';
import { ItemWarnings } from '../../shared/itemWarnings';
import { siroConnection } from '../../shared/siroApi';
import { collectionFields, ownFields, readDeleted } from '../../shared/syncFields';
import { engagementJson, readGraceMinutes } from './output';

export { syncDescription as description } from './sync.description';

const CALENDAR_SOURCES: Record<string, CalendarSource> = {
	googleCalendarEvent: 'googleCalendar',
	outlookEvent: 'outlook',
};

const ADDITIONAL_FIELDS = [
	'account',
	'contact',
	'content',
	'direction',
	'lead',
	'opportunity',
	'remoteCreatedAt',
	'remoteUpdatedAt',
	'startTimeLocalized',
];
const JSON_FIELDS = ['account', 'contact', 'lead', 'opportunity'];

/** Rep e-mails as typed (comma- or line-separated) or as a list an expression gives. */
function readReps(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const emails = value
		.split(/[,;\n]/)
		.map((email) => email.trim())
		.filter((email) => email !== '');
	return emails.length === 0 ? undefined : emails;
}

/** A text parameter left empty is not sent (an empty Start Time clears nothing). */
function given(value: unknown): unknown {
	return value === '' ? undefined : value;
}

function definedBelow(
	context: IExecuteFunctions,
	itemIndex: number,
	cancelling: boolean,
): IDataObject {
	const additional = context.getNodeParameter('additionalFields', itemIndex, {}) as object;
	const body: IDataObject = {
		externalId: context.getNodeParameter('externalId', itemIndex) as string,
	};
	const scalars = {
		subject: given(context.getNodeParameter('subject', itemIndex, '')),
		startTime: given(context.getNodeParameter('startTime', itemIndex, '')),
		endTime: given(context.getNodeParameter('endTime', itemIndex, '')),
		engagementUsers: readReps(context.getNodeParameter('engagementUsers', itemIndex, '')),
	};
	for (const [key, value] of Object.entries(scalars))
		if (value !== undefined) body[key] = value as IDataObject;
	Object.assign(body, collectionFields(additional, ADDITIONAL_FIELDS, JSON_FIELDS));
	const typeName = given(ownValue(additional, 'engagementTypeName'));
	const activityType = given(ownValue(additional, 'activityType'));
	// A cancel keeps the type Siro has unless one is given (as the calendar modes do).
	if (!cancelling || typeName !== undefined || activityType !== undefined) {
		body.engagementType = {
			name: typeName ?? 'Appointment',
			activityType: activityType ?? 'APPOINTMENT',
		};
	}
	return body;
}

/** An all-day event's zone: the option, else the workflow's (Outlook: the event's own first). */
function allDayTimeZone(
	context: IExecuteFunctions,
	source: CalendarSource,
	event: IDataObject,
	calendarOptions: object,
): string | undefined {
	const chosen = ownValue(calendarOptions, 'timeZone');
	if (typeof chosen === 'string' && chosen.trim() !== '') return chosen.trim();
	if (source === 'outlook' && ownValue(event, 'originalStartTimeZone') !== undefined)
		return undefined;
	return context.getTimezone();
}

function fromCalendar(
	context: IExecuteFunctions,
	itemIndex: number,
	source: CalendarSource,
	event: IDataObject,
): EngagementSyncBody {
	const calendarOptions = context.getNodeParameter('calendarOptions', itemIndex, {}) as object;
	const activityType = given(ownValue(calendarOptions, 'activityType'));
	const engagementTypeName = given(ownValue(calendarOptions, 'engagementTypeName'));
	return engagementFromCalendarEvent(event, {
		source,
		timeZone: allDayTimeZone(context, source, event, calendarOptions),
		...(activityType === undefined ? {} : { activityType: activityType as ActivityType }),
		...(engagementTypeName === undefined
			? {}
			: { engagementTypeName: engagementTypeName as string }),
	});
}

interface CheckedSync {
	body: EngagementSyncBody;
	graceMinutes: number;
}

function checkItem(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	warnings: ItemWarnings,
): CheckedSync {
	const mode = context.getNodeParameter('inputDataMode', itemIndex, 'defineBelow') as string;
	const options = context.getNodeParameter('options', itemIndex, {}) as object;
	const graceMinutes = readGraceMinutes(options);
	const source = CALENDAR_SOURCES[mode];
	const deletedAt = readDeleted(options, () => new Date().toISOString());
	const input: IDataObject =
		source !== undefined
			? (fromCalendar(context, itemIndex, source, item.json) as unknown as IDataObject)
			: mode === 'fromInputFields'
				? ownFields(item.json)
				: definedBelow(context, itemIndex, deletedAt !== undefined);
	if (deletedAt !== undefined) input.deletedAt = deletedAt as string;
	const checked = checkEngagementSyncBody(input);
	warnings.add(itemIndex, checked.warnings);
	return { body: checked.body, graceMinutes };
}

/**
 * PUT /v1/integrations/sync/engagements for each item (create or update by External ID), every item
 * checked before the first request; the output adds the recording status to what Siro returned.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const warnings = new ItemWarnings();
	const results = await checkAllThenSend(
		this,
		items,
		async (itemIndex) => checkItem(this, items[itemIndex], itemIndex, warnings),
		async ({ body, graceMinutes }) => {
			const { client } = await siroConnection(this);
			const { engagement } = await client.syncEngagement(body);
			return [engagementJson(engagement, graceMinutes)];
		},
	);
	warnings.reportAsHints(this);
	return results;
}
