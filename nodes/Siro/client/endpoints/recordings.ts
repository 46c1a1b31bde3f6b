/**
 * Recordings (external API, organization token), their summaries, and their transcripts' utterances
 * (platform API, user token). Deleted recordings are still listed by Siro, flagged `deleted`.
 */
import type { QueryValue, SiroApiCaller } from '../caller';
import { collectPages, type ListBounds, type ListOptions } from '../paging';
import {
	asArray,
	asObject,
	field,
	listEnvelope,
	optionalFields,
	requiredString,
	ShapeError,
	type JsonRecord,
} from '../shape';
import { idSegment } from './ids';

export interface Recording extends JsonRecord {
	id: string;
	userId: string;
	title: string;
	createdAt: string;
	updatedAt: string;
	deleted?: boolean;
	isProcessingDone?: boolean;
}

/** What Get and Get Many can ask Siro to add to each recording. */
export interface RecordingDetails {
	showCrmLinks?: boolean;
	showSummary?: boolean;
	showEntityExtractions?: boolean;
	showEvaluationScore?: boolean;
	showFollowups?: boolean;
}

export interface RecordingFilters extends RecordingDetails {
	createdAfter?: string;
	createdBefore?: string;
	updatedAfter?: string;
	updatedBefore?: string;
	isProcessingDone?: boolean;
	isEntityExtractionDone?: boolean;
	isSummaryDone?: boolean;
}

export interface SummarySection extends JsonRecord {
	id: string;
	name: string;
	content: string;
}

export interface Utterance extends JsonRecord {
	utterance: string;
	startTimeInMillis: number;
	endTimeInMillis: number;
	speakerTag: string;
}

export interface Transcript {
	utterances: Utterance[];
	speakerMap: Record<string, string>;
}

/** Siro's largest page. */
const PAGE_SIZE = 1000;

/** Pages no larger than needed: a limit of 1 asks for one recording, not a thousand. */
function pageSizeFor({ limit }: ListOptions): number {
	if (limit === undefined || !Number.isFinite(limit)) return PAGE_SIZE;
	return Math.max(1, Math.min(PAGE_SIZE, Math.ceil(limit)));
}

function readRecording(value: unknown, path = 'answer'): Recording {
	const record = asObject(value, path);
	requiredString(record, 'id', path, true);
	requiredString(record, 'updatedAt', path);
	optionalFields(record, path, {
		userId: 'string',
		title: 'string',
		createdAt: 'string',
		deleted: 'boolean',
		isProcessingDone: 'boolean',
		isSummaryDone: 'boolean',
		crm: 'object',
		summary: 'array',
	});
	return record as Recording;
}

function readRecordingsPage(body: unknown) {
	const { data, cursor } = listEnvelope(body);
	return { items: data.map((entry, index) => readRecording(entry, `data[${index}]`)), cursor };
}

/** Siro's query parameter for each detail and filter. */
const DETAIL_PARAMETERS: ReadonlyArray<[keyof RecordingDetails, string]> = [
	['showCrmLinks', 'showCrmLinks'],
	['showSummary', 'showSummary'],
	['showEntityExtractions', 'showEntityExtractions'],
	['showEvaluationScore', 'showEvaluationScore'],
	['showFollowups', 'showFollowups'],
];
const FILTER_PARAMETERS: ReadonlyArray<[keyof RecordingFilters, string]> = [
	['createdAfter', 'createdAt:gt'],
	['createdBefore', 'createdAt:lt'],
	['updatedAfter', 'updatedAt:gt'],
	['updatedBefore', 'updatedAt:lt'],
	['isProcessingDone', 'isProcessingDone'],
	['isEntityExtractionDone', 'isEntityExtractionDone'],
	['isSummaryDone', 'isSummaryDone'],
	...DETAIL_PARAMETERS,
];

/** The query for what `given` sets, read as own keys only (an inherited key never becomes a filter). */
function queryOf(
	given: RecordingFilters,
	parameters: ReadonlyArray<[keyof RecordingFilters, string]>,
): Record<string, QueryValue> {
	return Object.fromEntries(
		parameters.map(([key, parameter]) => [
			parameter,
			field(given as JsonRecord, key) as QueryValue,
		]),
	);
}

export async function listRecordings(
	caller: SiroApiCaller,
	filters: RecordingFilters = {},
	options: ListOptions = {},
): Promise<Recording[]> {
	return await collectPages(
		caller,
		{
			api: 'external',
			method: 'GET',
			path: '/v1/core/recordings',
			query: {
				pageSize: pageSizeFor(options),
				...queryOf(filters, FILTER_PARAMETERS),
			},
			purpose: 'listing recordings',
		},
		readRecordingsPage,
		options,
	);
}

function notFound(what: string, id: string) {
	return (status: number) =>
		status === 404
			? {
					message: `Siro has no ${what} for recording "${id}" in the token's organization (404).`,
					description:
						'Check the recording ID; a recording of another organization is not visible.',
				}
			: undefined;
}

export async function getRecording(
	caller: SiroApiCaller,
	id: unknown,
	show: RecordingDetails = {},
): Promise<Recording> {
	const segment = idSegment(id, 'Recording ID');
	return await caller.callAndRead(
		{
			api: 'external',
			method: 'GET',
			path: `/v1/core/recordings/${segment}`,
			query: queryOf(show, DETAIL_PARAMETERS),
			purpose: `getting recording "${decodeURIComponent(segment)}"`,
			explainClientError: notFound('recording', decodeURIComponent(segment)),
		},
		(body) => readRecording(body),
	);
}

function readSummaries(body: unknown): SummarySection[] {
	return asArray(body, 'answer').map((entry, index) => {
		const path = `[${index}]`;
		const record = asObject(entry, path);
		requiredString(record, 'name', path);
		requiredString(record, 'content', path);
		return record as SummarySection;
	});
}

export async function getRecordingSummaries(
	caller: SiroApiCaller,
	id: unknown,
): Promise<SummarySection[]> {
	const segment = idSegment(id, 'Recording ID');
	return await caller.callAndRead(
		{
			api: 'external',
			method: 'GET',
			path: `/v1/core/recordings/${segment}/summaries`,
			purpose: `getting the summary of recording "${decodeURIComponent(segment)}"`,
			explainClientError: notFound('summary', decodeURIComponent(segment)),
		},
		readSummaries,
	);
}

/** One page of utterances: Siro's utterance cursor is the next page's number, not an opaque text. */
function readUtterancesPage(body: unknown): Transcript & { cursor: string | undefined } {
	const record = asObject(body, 'answer');
	const data = asObject(field(record, 'data'), 'data');
	const utterances = asArray(field(data, 'utterances'), 'data.utterances').map((entry, index) => {
		const path = `data.utterances[${index}]`;
		const utterance = asObject(entry, path);
		requiredString(utterance, 'utterance', path);
		requiredString(utterance, 'speakerTag', path);
		optionalFields(utterance, path, { startTimeInMillis: 'number', endTimeInMillis: 'number' });
		return utterance as Utterance;
	});
	const speakerMap = asObject(field(data, 'speakerMap') ?? {}, 'data.speakerMap');
	for (const [tag, name] of Object.entries(speakerMap)) {
		if (typeof name !== 'string') throw new ShapeError(`data.speakerMap.${tag}: Expected string`);
	}
	const cursor = field(record, 'cursor');
	return {
		utterances,
		// fromEntries defines keys (a "__proto__" speaker tag stays a key, never a prototype).
		speakerMap: Object.fromEntries(Object.entries(speakerMap)) as Record<string, string>,
		cursor:
			typeof cursor === 'number' || (typeof cursor === 'string' && cursor !== '')
				? String(cursor)
				: undefined,
	};
}

/** The whole transcript of a recording (every page), with Siro's speaker names. */
export async function getTranscript(
	caller: SiroApiCaller,
	id: unknown,
	bounds: ListBounds = {},
): Promise<Transcript> {
	const segment = idSegment(id, 'Recording ID');
	let speakerMap: Record<string, string> = {};
	const utterances = await collectPages(
		caller,
		{
			api: 'platform',
			method: 'GET',
			path: `/v1/core/recordings/${segment}/utterances`,
			purpose: `getting the transcript of recording "${decodeURIComponent(segment)}"`,
			explainClientError: notFound('transcript', decodeURIComponent(segment)),
		},
		(body) => {
			const page = readUtterancesPage(body);
			speakerMap = { ...speakerMap, ...page.speakerMap };
			return { items: page.utterances, cursor: page.cursor };
		},
		bounds,
	);
	return { utterances, speakerMap };
}
