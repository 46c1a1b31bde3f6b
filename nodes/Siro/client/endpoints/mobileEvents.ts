/**
 * Events the Siro app reports from reps' phones (external API, organization token): deep links
 * received and opened, recorder state changes… Siro's document types `data` as an array of arrays;
 * a flat array is read as well.
 */
import type { SiroApiCaller } from '../caller';
import { collectPages, type ListOptions } from '../paging';
import { asObject, field, listEnvelope, requiredString, type JsonRecord } from '../shape';
import { readId } from './ids';

export const MOBILE_EVENT_CODES = [
	'recorderStateChange',
	'networkStatusChange',
	'appStateChange',
	'consentStatusChanged',
	'recordingMetadataChanged',
	'deeplinkReceived',
	'deeplinkConsumed',
	'userAuthStatusChanged',
] as const;
export type MobileEventCode = (typeof MOBILE_EVENT_CODES)[number];

export interface MobileEvent extends JsonRecord {
	id: string;
	userId: string;
	eventCode: string;
	event: JsonRecord;
	createdAt: string;
	recordingId?: string;
}

export interface MobileEventFilters {
	eventCodes?: readonly MobileEventCode[];
	userId?: string;
	recordingId?: string;
	/** ISO 8601; only events created after it. */
	createdAfter?: string;
	/** ISO 8601; only events created before it. */
	createdBefore?: string;
}

/** Siro's documented page size maximum. */
const PAGE_SIZE = 1000;

function readMobileEvent(value: unknown, path: string): MobileEvent {
	const record = asObject(value, path);
	requiredString(record, 'id', path, true);
	requiredString(record, 'eventCode', path);
	requiredString(record, 'createdAt', path);
	asObject(field(record, 'event'), `${path}.event`);
	return record as MobileEvent;
}

/** The events of one page, whether Siro nests them in arrays (as documented) or not. */
function readMobileEventsPage(body: unknown) {
	const { data, cursor } = listEnvelope(body);
	const items: MobileEvent[] = [];
	data.forEach((entry, index) => {
		if (Array.isArray(entry)) {
			entry.forEach((event, inner) => items.push(readMobileEvent(event, `data[${index}][${inner}]`)));
		} else {
			items.push(readMobileEvent(entry, `data[${index}]`));
		}
	});
	return { items, cursor };
}

export async function listMobileEvents(
	caller: SiroApiCaller,
	filters: MobileEventFilters = {},
	options: ListOptions = {},
): Promise<MobileEvent[]> {
	const eventCodes = filters.eventCodes ?? [];
	return await collectPages(
		caller,
		{
			api: 'external',
			method: 'GET',
			path: '/v1/core/mobile-events',
			query: {
				pageSize: PAGE_SIZE,
				eventCodeIn: eventCodes.length > 0 ? eventCodes : undefined,
				userId: filters.userId === undefined ? undefined : readId(filters.userId, 'User ID'),
				recordingId:
					filters.recordingId === undefined ? undefined : readId(filters.recordingId, 'Recording ID'),
				createdAtGt: filters.createdAfter,
				createdAtLt: filters.createdBefore,
			},
			purpose: 'listing mobile events',
		},
		readMobileEventsPage,
		options,
	);
}
