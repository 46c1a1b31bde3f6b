import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { RecordingFilters } from '../../client';
import { ownValue } from '../../core';
import { readTime } from '../../core/time';
import { filtersCollection } from '../../shared/collections';
import { readLimit, returnAllOrLimit } from '../../shared/listing';
import { ItemInputError } from '../../shared/nodeErrors';
import { siroConnection } from '../../shared/siroApi';
import { includeField, readDetails } from './fields';
import { recordingOutput } from './output';
import { perItem } from '../../shared/perItem';

/** The time windows: filter name, label, and the client's filter it sets. */
const WINDOWS = [
	['createdAfter', 'Created After'],
	['createdBefore', 'Created Before'],
	['updatedAfter', 'Updated After'],
	['updatedBefore', 'Updated Before'],
] as const;
const FLAGS = [
	['isProcessingDone', 'Processing Done', 'Whether Siro has finished processing the recording'],
	['isSummaryDone', 'Summary Done', 'Whether the summary is ready'],
	['isEntityExtractionDone', 'Entity Extraction Done', 'Whether the entities are extracted'],
] as const;

export const description: INodeProperties[] = [
	...returnAllOrLimit,
	filtersCollection([
		...WINDOWS.map(
			([name, displayName]): INodeProperties => ({
				displayName,
				name,
				type: 'dateTime',
				default: '',
				description: `Only recordings ${displayName.toLowerCase()} this time (exclusive). A time without a zone is read in the workflow's time zone.`,
			}),
		),
		...FLAGS.map(
			([name, displayName, description]): INodeProperties => ({
				displayName,
				name,
				type: 'boolean',
				default: true,
				description,
			}),
		),
	]),
	includeField(true),
];

/** Reads the Filters collection (own keys only) into the client's filters, times as Siro writes them. */
function readFilters(filters: object, timeZone: string): RecordingFilters {
	const read: RecordingFilters = {};
	const instants: Partial<Record<(typeof WINDOWS)[number][0], number>> = {};
	for (const [name, label] of WINDOWS) {
		const value = ownValue(filters, name);
		if (value === undefined || value === null || value === '') continue;
		instants[name] = readTime(value, label, { localTimeZone: timeZone });
		read[name] = new Date(instants[name]).toISOString();
	}
	for (const [after, before] of [
		['createdAfter', 'createdBefore'],
		['updatedAfter', 'updatedBefore'],
	] as const) {
		const [from, to] = [instants[after], instants[before]];
		if (from !== undefined && to !== undefined && from >= to) {
			const [fromLabel, toLabel] = [after, before].map(
				(name) => WINDOWS.find(([window]) => window === name)?.[1] ?? name,
			);
			throw new ItemInputError(
				after,
				`${fromLabel} (${read[after]}) is not before ${toLabel} (${read[before]}), so no recording could match.`,
				`Set ${fromLabel} earlier than ${toLabel}.`,
			);
		}
	}
	for (const [name, label] of FLAGS) {
		const value = ownValue(filters, name);
		if (value === undefined) continue;
		if (typeof value !== 'boolean') {
			throw new ItemInputError(
				name,
				`${label} is not true or false.`,
				`Set ${label} to true or false.`,
			);
		}
		read[name] = value;
	}
	return read;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (itemIndex) => {
		const limit = readLimit(this, itemIndex);
		const filters = readFilters(
			this.getNodeParameter('filters', itemIndex, {}) as object,
			this.getTimezone(),
		);
		const { client } = await siroConnection(this);
		const recordings = await client.listRecordings(
			{ ...filters, ...readDetails(this.getNodeParameter('include', itemIndex, [])) },
			{ limit },
		);
		return recordings.map(recordingOutput);
	});
}
