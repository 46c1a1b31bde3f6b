/**
 * Appointments in Siro (engagements), their reps, opportunities (external API, organization token),
 * and a recording's CRM link (platform API, user token). Every body is checked by the engagement rules
 * (../../engagements) before anything is sent: an input that breaks one throws SiroInputError and no
 * request leaves. Siro's fields the package does not read pass through as Siro sent them.
 */
import {
	checkEngagementSyncBody,
	checkOpportunitySyncBody,
	checkRecordingLinkBody,
	SiroInputError,
} from '../../engagements';
import type { SiroApiCaller } from '../caller';
import { SiroApiError } from '../errors';
import { collectPages, type ListOptions } from '../paging';
import {
	asArray,
	asObject,
	field,
	listEnvelope,
	optionalFields,
	requiredString,
	type JsonRecord,
} from '../shape';
import { idSegment } from './ids';

/** An engagement as Siro returns it (sync's `data`, and get). */
export interface Engagement extends JsonRecord {
	id: string;
	externalId: string;
	organizationId: string;
	startTime?: string | null;
	endTime?: string | null;
	/** Set once Siro matched a recording to the appointment. */
	recordingId?: string | null;
	deletedAt?: string | null;
}

/** Which rep is on which engagement (`GET /v1/integrations/engagement-users`). */
export interface EngagementUserLink extends JsonRecord {
	id: string;
	engagementId: string;
	userId: string;
	organizationId: string;
	integrationConnectionId: string;
}

export interface EngagementUserFilters {
	engagementId?: string;
	/** Siro's user ID of the rep. */
	userId?: string;
}

export interface Opportunity extends JsonRecord {
	id: string;
	externalId?: string;
}

/** What Siro returns for a recording's new CRM link (its schema there is partial). */
export interface RecordingCrmLink extends JsonRecord {
	id?: string;
	externalId?: string;
}

/** One item of syncEngagements: what Siro returned, or why nothing (or nothing good) came back. */
export type EngagementSyncResult =
	| { index: number; ok: true; engagement: Engagement; warnings: string[] }
	| { index: number; ok: false; error: SiroInputError | SiroApiError };

function readEngagement(value: unknown, path: string): Engagement {
	const record = asObject(value, path);
	requiredString(record, 'id', path, true);
	optionalFields(record, path, {
		externalId: 'string',
		organizationId: 'string',
		startTime: 'string',
		endTime: 'string',
		recordingId: 'string',
		deletedAt: 'string',
		engagementUsers: 'array',
	});
	return record as Engagement;
}

/** Sync answers wrap the record in `data`. */
function dataOf(body: unknown): unknown {
	return field(asObject(body, 'answer'), 'data');
}

export async function syncEngagement(
	caller: SiroApiCaller,
	input: unknown,
): Promise<{ engagement: Engagement; warnings: string[] }> {
	const { body, warnings } = checkEngagementSyncBody(input);
	const engagement = await caller.callAndRead(
		{
			api: 'external',
			method: 'PUT',
			path: '/v1/integrations/sync/engagements',
			body,
			purpose: `syncing engagement "${body.externalId}"`,
		},
		(answer) => readEngagement(dataOf(answer), 'data'),
	);
	return { engagement, warnings };
}

/**
 * Each input synced in turn (paced with every other call for the token), each on its own: an input
 * that breaks a rule is not sent and the others still are; a failed request fails only its item.
 */
export async function syncEngagements(
	caller: SiroApiCaller,
	inputs: readonly unknown[],
): Promise<EngagementSyncResult[]> {
	const results: EngagementSyncResult[] = [];
	for (let index = 0; index < inputs.length; index++) {
		let outcome: { synced: { engagement: Engagement; warnings: string[] } } | { error: unknown };
		try {
			outcome = { synced: await syncEngagement(caller, inputs[index]) };
		} catch (error) {
			outcome = { error };
		}
		if ('synced' in outcome) {
			results.push({ index, ok: true, ...outcome.synced });
			continue;
		}
		const { error } = outcome;
		// Anything but a rule or an API failure is a bug: it must surface, not hide in a result.
		if (!(error instanceof SiroInputError || error instanceof SiroApiError)) throw error;
		results.push({ index, ok: false, error });
	}
	return results;
}

export async function getEngagement(caller: SiroApiCaller, id: unknown): Promise<Engagement> {
	const segment = idSegment(id, 'Engagement ID');
	const shown = decodeURIComponent(segment);
	return await caller.callAndRead(
		{
			api: 'external',
			method: 'GET',
			path: `/v1/integrations/engagements/${segment}`,
			purpose: `getting engagement "${shown}"`,
			explainClientError: (status) =>
				status === 404
					? {
							message: `Siro has no engagement with ID "${shown}" in the token's organization (404).`,
							description:
								"Use Siro's ID, which Sync returns (not the External ID); an engagement Siro no longer has was cancelled.",
						}
					: undefined,
		},
		(body) => readEngagement(body, 'answer'),
	);
}

function readEngagementUserLink(value: unknown, path: string): EngagementUserLink {
	const record = asObject(value, path);
	requiredString(record, 'id', path, true);
	requiredString(record, 'engagementId', path, true);
	requiredString(record, 'userId', path);
	optionalFields(record, path, { organizationId: 'string', integrationConnectionId: 'string' });
	return record as EngagementUserLink;
}

/**
 * Siro documents this listing's answer as a bare array although it takes a `cursor`: a bare array is
 * read as the only page, the `{ data, cursor }` envelope of Siro's other listings as one of several.
 */
function readEngagementUsersPage(body: unknown) {
	const { data, cursor } = Array.isArray(body)
		? { data: asArray(body, 'answer'), cursor: undefined }
		: listEnvelope(body);
	const prefix = Array.isArray(body) ? '' : 'data';
	return {
		items: data.map((entry, index) => readEngagementUserLink(entry, `${prefix}[${index}]`)),
		cursor,
	};
}

export async function listEngagementUsers(
	caller: SiroApiCaller,
	filters: EngagementUserFilters = {},
	options: ListOptions = {},
): Promise<EngagementUserLink[]> {
	return await collectPages(
		caller,
		{
			api: 'external',
			method: 'GET',
			path: '/v1/integrations/engagement-users',
			query: {
				engagementId: field(filters as JsonRecord, 'engagementId') as string | undefined,
				userId: field(filters as JsonRecord, 'userId') as string | undefined,
			},
			purpose: 'listing engagement users',
		},
		readEngagementUsersPage,
		options,
	);
}

export async function syncOpportunity(
	caller: SiroApiCaller,
	input: unknown,
): Promise<{ opportunity: Opportunity; warnings: string[] }> {
	const { body, warnings } = checkOpportunitySyncBody(input);
	const opportunity = await caller.callAndRead(
		{
			api: 'external',
			method: 'PUT',
			path: '/v1/integrations/sync/opportunities',
			body,
			purpose: `syncing opportunity "${body.externalId}"`,
		},
		(answer) => {
			const data = asObject(dataOf(answer), 'data');
			requiredString(data, 'id', 'data', true);
			return data as Opportunity;
		},
	);
	return { opportunity, warnings };
}

function recordingLinkCall(recordingId: unknown, input: unknown, method: 'PUT' | 'DELETE') {
	const segment = idSegment(recordingId, 'Recording ID');
	const body = checkRecordingLinkBody(input);
	const shown = decodeURIComponent(segment);
	return {
		api: 'platform' as const,
		method,
		path: `/v1/core/recordings/${segment}/link`,
		body,
		purpose: `${method === 'PUT' ? 'linking' : 'unlinking'} recording "${shown}" ${method === 'PUT' ? 'to' : 'from'} a CRM record`,
		explainClientError: (status: number) =>
			status === 404
				? {
						message: `Siro has no recording "${shown}", or no ${body.dataType} as named, for this user (404).`,
						description:
							"Check the recording ID (Siro's, not a CRM ID) and the CRM record's ID or External ID and connection.",
					}
				: undefined,
	};
}

/** Links the recording to one CRM record; Siro replaces the links it had before. */
export async function linkRecording(
	caller: SiroApiCaller,
	recordingId: unknown,
	input: unknown,
): Promise<RecordingCrmLink> {
	return await caller.callAndRead(recordingLinkCall(recordingId, input, 'PUT'), (answer) =>
		asObject(dataOf(answer) ?? {}, 'data'),
	);
}

/** Removes the recording's link to that CRM record; resolves to what Siro says (`true`). */
export async function unlinkRecording(
	caller: SiroApiCaller,
	recordingId: unknown,
	input: unknown,
): Promise<boolean> {
	return await caller.callAndRead(recordingLinkCall(recordingId, input, 'DELETE'), (answer) => {
		const data = dataOf(answer);
		optionalFields({ data }, 'answer', { data: 'boolean' });
		return data !== false;
	});
}
