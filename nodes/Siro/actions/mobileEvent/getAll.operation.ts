import {
	deepCopy,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import {
	MOBILE_EVENT_CODES,
	readId,
	type MobileEvent,
	type MobileEventCode,
	type MobileEventFilters,
} from '../../client';
import { ownValue, readTime } from '../../core';
import { filtersCollection } from '../../shared/collections';
import { PerRun, readLimit, returnAllOrLimit } from '../../shared/listing';
import { ItemInputError } from '../../shared/nodeErrors';
import { perItem } from '../../shared/perItem';
import { siroConnection } from '../../shared/siroApi';
import { readLocator, resolveUserId, userLocator } from '../../shared/users';

const EVENT_CODE_NAMES: Record<MobileEventCode, { name: string; description: string }> = {
	appStateChange: {
		name: 'App State Change',
		description: 'The app went to the background, became active or inactive',
	},
	consentStatusChanged: {
		name: 'Consent Status Changed',
		description: 'Recording consent requested, granted or declined',
	},
	deeplinkConsumed: { name: 'Deep Link Consumed', description: 'The app opened a deep link' },
	deeplinkReceived: { name: 'Deep Link Received', description: 'The phone got a deep link' },
	networkStatusChange: { name: 'Network Status Change', description: 'Online or offline' },
	recorderStateChange: {
		name: 'Recorder State Change',
		description: 'Start, pause, resume, stop or cancel, and what triggered it',
	},
	recordingMetadataChanged: {
		name: 'Recording Metadata Changed',
		description: "A recording's title changed",
	},
	userAuthStatusChanged: {
		name: 'User Auth Status Changed',
		description: 'The rep signed in or out',
	},
};

export const description: INodeProperties[] = [
	{
		displayName: 'Event Codes',
		name: 'eventCodes',
		type: 'multiOptions',
		options: [...MOBILE_EVENT_CODES]
			.sort((a, b) => EVENT_CODE_NAMES[a].name.localeCompare(EVENT_CODE_NAMES[b].name))
			.map((code) => ({ ...EVENT_CODE_NAMES[code], value: code })),
		default: [],
		description: 'Which kinds of events to list; none chosen lists every kind',
	},
	userLocator({
		name: 'user',
		displayName: 'User',
		description: "Only this rep's events. Leave empty for every user's.",
	}),
	...returnAllOrLimit,
	filtersCollection([
		{
			displayName: 'Created After',
			name: 'createdAfter',
			type: 'dateTime',
			default: '',
			description:
				"Only events created after this time (ISO 8601; without a zone, the workflow's time zone)",
		},
		{
			displayName: 'Created Before',
			name: 'createdBefore',
			type: 'dateTime',
			default: '',
			description:
				"Only events created before this time (ISO 8601; without a zone, the workflow's time zone)",
		},
		{
			displayName: 'Recording ID',
			name: 'recordingId',
			type: 'string',
			default: '',
			description: "Only this recording's events",
		},
	]),
];

function readEventCodes(value: unknown): MobileEventCode[] {
	const codes = Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value];
	for (const code of codes) {
		if (!(MOBILE_EVENT_CODES as readonly unknown[]).includes(code)) {
			throw new ItemInputError(
				'eventCodes',
				`Event code ${JSON.stringify(code)?.slice(0, 60)} is not one Siro knows.`,
				`Use ${MOBILE_EVENT_CODES.join(', ')}.`,
			);
		}
	}
	return [...new Set(codes as MobileEventCode[])];
}

/** A filter time as Siro takes it (ISO 8601 in UTC), or undefined when left empty. */
function isoTimeOption(
	context: IExecuteFunctions,
	filters: object,
	name: string,
	label: string,
): string | undefined {
	const value = ownValue(filters, name);
	if (value === undefined || value === null || value === '') return undefined;
	return new Date(readTime(value, label, { localTimeZone: context.getTimezone() })).toISOString();
}

/**
 * GET /v1/core/mobile-events (Siro's nested data flattened, one item per event), following cursors
 * to the limit; items asking the same listing share it.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const listings = new PerRun<MobileEvent[]>();
	return await perItem(this, items, async (itemIndex) => {
		const picked = readLocator(this, 'user', itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as object;
		const recordingId = ownValue(filters, 'recordingId');
		const query: MobileEventFilters = {
			eventCodes: readEventCodes(this.getNodeParameter('eventCodes', itemIndex, [])),
			userId: picked.value.trim() === '' ? undefined : await resolveUserId(this, picked, 'User'),
			recordingId:
				recordingId === undefined || recordingId === ''
					? undefined
					: readId(recordingId, 'Recording ID'),
			createdAfter: isoTimeOption(this, filters, 'createdAfter', 'Created After'),
			createdBefore: isoTimeOption(this, filters, 'createdBefore', 'Created Before'),
		};
		const limit = readLimit(this, itemIndex);
		const events = await listings.get(JSON.stringify([query, limit ?? 'all']), async () =>
			(await siroConnection(this)).client.listMobileEvents(query, { limit }),
		);
		return events.map((event) => deepCopy(event as IDataObject));
	});
}
