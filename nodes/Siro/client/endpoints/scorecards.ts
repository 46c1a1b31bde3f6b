/**
 * Scorecards (platform API, user token): the organization's scorecard instances, an instance
 * evaluated over a window for recordings, a rep, a team or the organization, and metric values.
 * Siro's pages show these schemas in part: the fields typed here are checked when present, and
 * everything else Siro returns is kept as it sent it.
 */
import { readTime } from '../../core/time';
import type { SiroApiCaller } from '../caller';
import { SiroApiError } from '../errors';
import type { ClientErrorExplainer } from '../explain';
import { collectPages, type ListOptions } from '../paging';
import {
	asArray,
	asObject,
	field,
	optionalFields,
	requiredString,
	ShapeError,
	type JsonRecord,
} from '../shape';
import { idSegment, readId } from './ids';

/** What an evaluation or metric values are computed for (Siro's filterBy). */
export const SCORECARD_FILTERS = ['RECORDING', 'USER', 'TEAM', 'ORGANIZATION'] as const;
export type ScorecardFilterBy = (typeof SCORECARD_FILTERS)[number];

/** A scorecard instance as Get scorecard instances lists it. */
export interface ScorecardInstance extends JsonRecord {
	id: string;
	name?: string;
	organizationId?: string;
	/** The conversation type (UUID) the scorecard scores. */
	conversationType?: string;
	isActive?: boolean;
}

export interface ScorecardInstanceFilters {
	/** Required by Siro. */
	organizationId: string;
	conversationTypeId?: string;
	/** true: active instances only. Siro shows non-admins active instances only anyway. */
	isActive?: boolean;
}

/**
 * What to evaluate and over which window. `startAt` and `endAt`: ISO 8601 with Z or an offset, a
 * Date or milliseconds (a time without a zone is refused); sent as UTC ISO instants. `filterByIds`:
 * one or more recording IDs for RECORDING, exactly one ID for USER, TEAM and ORGANIZATION.
 */
export interface ScorecardEvaluationRequest {
	startAt: string | Date | number;
	endAt: string | Date | number;
	filterBy: ScorecardFilterBy;
	filterByIds: string | readonly string[];
}

export interface ScorecardMetricValuesRequest extends ScorecardEvaluationRequest {
	/** Siro's requestedOrganizationId. */
	organizationId: string;
	conversationTypeId: string;
}

/** An evaluated scorecard instance (`data` of Siro's answer). */
export interface ScorecardEvaluation extends JsonRecord {
	id: string;
	name?: string;
	recordingsEvaluatedCount?: number;
	pointsPossible?: number;
	pointsEarned?: number;
	evaluatedNodes?: JsonRecord[];
	metricRubrics?: JsonRecord[];
	filterBy?: string;
	filterByIds?: string[];
	startAt?: string;
	endAt?: string;
	/** A rep's (USER) evaluation carries coaching summaries. */
	spotlightSummaries?: JsonRecord[];
}

/** Metric values (`data` of Siro's answer). */
export interface ScorecardMetricValues extends JsonRecord {
	recordingsEvaluatedCount?: number;
	metricValues: JsonRecord[];
	filterBy?: string;
	filterByIds?: string[];
	startAt?: string;
	endAt?: string;
}

/** Many recordings at once make a long URL; Siro publishes no limit, this keeps requests sane. */
export const MAX_RECORDING_IDS = 100;

function refuse(message: string, description: string): SiroApiError {
	return new SiroApiError({ kind: 'invalidInput', message, description, attempts: 0 });
}

function readInstant(value: unknown, label: string): number {
	try {
		return readTime(value, label);
	} catch (error) {
		const { message } = error as Error;
		throw refuse(message, `Give ${label} as an ISO 8601 instant with Z or an offset, or a Date.`);
	}
}

interface CheckedSubject {
	startAt: string;
	endAt: string;
	filterBy: ScorecardFilterBy;
	filterByIds: string[];
}

/** The window and the subject, checked before anything is sent. */
function checkSubject(request: ScorecardEvaluationRequest): CheckedSubject {
	if (typeof request !== 'object' || request === null) {
		throw refuse('No evaluation request was given.', 'Pass startAt, endAt, filterBy, filterByIds.');
	}
	const given = request as unknown as JsonRecord;
	const startMs = readInstant(field(given, 'startAt'), 'startAt');
	const endMs = readInstant(field(given, 'endAt'), 'endAt');
	if (startMs >= endMs) {
		throw refuse(
			`startAt (${new Date(startMs).toISOString()}) is not before endAt (${new Date(endMs).toISOString()}).`,
			'Give a window whose start comes before its end.',
		);
	}
	const givenFilterBy = field(given, 'filterBy');
	if (!SCORECARD_FILTERS.includes(givenFilterBy as ScorecardFilterBy)) {
		throw refuse(
			`filterBy is ${JSON.stringify(givenFilterBy)?.slice(0, 40) ?? 'missing'}.`,
			`Set filterBy to one of ${SCORECARD_FILTERS.join(', ')}.`,
		);
	}
	const filterBy = givenFilterBy as ScorecardFilterBy;
	const rawIds = field(given, 'filterByIds');
	const list = Array.isArray(rawIds) ? rawIds : [rawIds];
	const label = `filterByIds (${filterBy})`;
	const filterByIds = list.map((id) => readId(id, label));
	if (filterBy !== 'RECORDING' && filterByIds.length !== 1) {
		throw refuse(
			`${label} has ${filterByIds.length} IDs.`,
			`${filterBy} evaluates exactly one ${filterBy === 'USER' ? 'rep' : filterBy.toLowerCase()}: give one ID (several recordings can be given with RECORDING).`,
		);
	}
	if (filterByIds.length === 0 || filterByIds.length > MAX_RECORDING_IDS) {
		throw refuse(
			`${label} has ${filterByIds.length} IDs.`,
			`Give 1 to ${MAX_RECORDING_IDS} recording IDs.`,
		);
	}
	return {
		startAt: new Date(startMs).toISOString(),
		endAt: new Date(endMs).toISOString(),
		filterBy,
		filterByIds,
	};
}

/** What a non-admin may evaluate, as Siro's reference states it, for a 403. */
const ROLE_RULES: Record<ScorecardFilterBy, string> = {
	USER: 'a Siro user who is not an admin may evaluate only themselves and the reps of a team they coach',
	TEAM: 'a Siro user who is not an admin may evaluate only a team they are a member or coach of',
	ORGANIZATION:
		'evaluating the whole organization is beyond the role of a Siro user who is not an admin of the organization that owns the scorecard (such a user evaluates themselves, their team or the reps they coach)',
	RECORDING: "the token's user may evaluate only recordings their role lets them see",
};

function subjectText({ filterBy, filterByIds }: CheckedSubject): string {
	const ids = filterByIds.map((id) => `"${id}"`).join(', ');
	switch (filterBy) {
		case 'USER':
			return `rep ${ids}`;
		case 'TEAM':
			return `team ${ids}`;
		case 'ORGANIZATION':
			return `organization ${ids}`;
		default:
			return `recording${filterByIds.length === 1 ? '' : 's'} ${ids}`;
	}
}

function explainScorecardRefusal(
	subject: CheckedSubject,
	notFound: { message: string; description: string },
): ClientErrorExplainer {
	return (status, siroMessage) => {
		const siroSays = siroMessage ? ` Siro said: "${siroMessage}".` : '';
		if (status === 403) {
			return {
				message: `Siro refused to evaluate ${subjectText(subject)} for the token's user (403 Forbidden): ${ROLE_RULES[subject.filterBy]}.${siroSays}`,
				description:
					"Evaluate what the user's role allows (a rep: Rep set to themselves; a coach: their team or its reps), or use the user access of an organization admin.",
			};
		}
		if (status === 404) return notFound;
		return undefined;
	};
}

function readInstance(value: unknown, path: string): ScorecardInstance {
	const record = asObject(value, path);
	requiredString(record, 'id', path, true);
	optionalFields(record, path, {
		name: 'string',
		organizationId: 'string',
		conversationType: 'string',
		isActive: 'boolean',
		nodes: 'array',
		metricRubrics: 'array',
		sectionWeights: 'array',
		metricConfigurations: 'array',
		colorConfigurations: 'array',
		description: 'string',
	});
	return record as ScorecardInstance;
}

/**
 * `{ data: { scorecardInstances }, cursor? }`: Siro's page was cut off before any paging fields, so a
 * `cursor` beside `data`, as Siro's other listings have it, is followed; without one it is one page.
 */
function readInstancesPage(body: unknown) {
	const record = asObject(body, 'answer');
	const data = asObject(field(record, 'data'), 'data');
	const instances = asArray(field(data, 'scorecardInstances'), 'data.scorecardInstances');
	const cursor = field(record, 'cursor');
	if (cursor !== undefined && cursor !== null && typeof cursor !== 'string') {
		throw new ShapeError(`cursor: Expected string, received ${typeof cursor}`);
	}
	return {
		items: instances.map((entry, index) =>
			readInstance(entry, `data.scorecardInstances[${index}]`),
		),
		cursor: typeof cursor === 'string' && cursor !== '' ? cursor : undefined,
	};
}

export async function listScorecardInstances(
	caller: SiroApiCaller,
	filters: ScorecardInstanceFilters,
	options: ListOptions = {},
): Promise<ScorecardInstance[]> {
	const given = (filters ?? {}) as unknown as JsonRecord;
	const organizationId = readId(field(given, 'organizationId'), 'organizationId');
	const conversationType = field(given, 'conversationTypeId');
	const isActive = field(given, 'isActive');
	if (isActive !== undefined && typeof isActive !== 'boolean') {
		throw refuse('isActive is not true or false.', 'Leave isActive out, or set true or false.');
	}
	return await collectPages(
		caller,
		{
			api: 'platform',
			method: 'GET',
			path: '/v1/core/scorecards/instances',
			query: {
				organizationId,
				conversationTypeId:
					conversationType === undefined
						? undefined
						: readId(conversationType, 'conversationTypeId'),
				isActive,
			},
			purpose: `listing the scorecards of organization "${organizationId}"`,
			explainClientError: (status) =>
				status === 403
					? {
							message: `The token's user has no access to the scorecards of organization "${organizationId}" (403 Forbidden).`,
							description: `Check the Organization ID, or use the user access of a member or admin of organization "${organizationId}".`,
						}
					: undefined,
		},
		readInstancesPage,
		options,
	);
}

function dataOf(body: unknown): JsonRecord {
	return asObject(field(asObject(body, 'answer'), 'data'), 'data');
}

export async function evaluateScorecard(
	caller: SiroApiCaller,
	instanceId: unknown,
	request: ScorecardEvaluationRequest,
): Promise<ScorecardEvaluation> {
	const segment = idSegment(instanceId, 'Scorecard ID');
	const shown = decodeURIComponent(segment);
	const subject = checkSubject(request);
	return await caller.callAndRead(
		{
			api: 'platform',
			method: 'GET',
			path: `/v1/core/scorecards/evaluated-instances/${segment}`,
			query: { ...subject },
			purpose: `evaluating scorecard "${shown}" for ${subjectText(subject)}`,
			explainClientError: explainScorecardRefusal(subject, {
				message: `Siro has no scorecard "${shown}" the token's user can see (404).`,
				description:
					'Pick the scorecard From List (or use an ID from Scorecard → Get Many): a scorecard ID, not a recording ID.',
			}),
		},
		(body) => {
			const data = dataOf(body);
			requiredString(data, 'id', 'data');
			optionalFields(data, 'data', {
				name: 'string',
				recordingsEvaluatedCount: 'number',
				pointsPossible: 'number',
				pointsEarned: 'number',
				evaluatedNodes: 'array',
				metricRubrics: 'array',
				sectionWeights: 'array',
				colorConfigurations: 'array',
				filterByIds: 'array',
				filterBy: 'string',
				startAt: 'string',
				endAt: 'string',
				spotlightSummaries: 'array',
			});
			return data as ScorecardEvaluation;
		},
	);
}

export async function getScorecardMetricValues(
	caller: SiroApiCaller,
	request: ScorecardMetricValuesRequest,
): Promise<ScorecardMetricValues> {
	const given = (request ?? {}) as unknown as JsonRecord;
	const organizationId = readId(field(given, 'organizationId'), 'organizationId');
	const conversationTypeId = readId(field(given, 'conversationTypeId'), 'conversationTypeId');
	const subject = checkSubject(request);
	return await caller.callAndRead(
		{
			api: 'platform',
			method: 'GET',
			path: '/v1/core/scorecards/scorecard-metrics/values',
			query: { requestedOrganizationId: organizationId, conversationTypeId, ...subject },
			purpose: `getting the scorecard metric values of ${subjectText(subject)}`,
			explainClientError: explainScorecardRefusal(subject, {
				message: `Siro found no scorecard metrics for conversation type "${conversationTypeId}" in organization "${organizationId}" (404).`,
				description: 'Check the Conversation Type and the Organization ID.',
			}),
		},
		(body) => {
			const data = dataOf(body);
			asArray(field(data, 'metricValues'), 'data.metricValues').forEach((entry, index) => {
				const path = `data.metricValues[${index}]`;
				optionalFields(asObject(entry, path), path, {
					id: 'string',
					name: 'string',
					unit: 'string',
					unitAbbreviated: 'string',
					value: 'number',
					passRate: 'number',
				});
			});
			optionalFields(data, 'data', { recordingsEvaluatedCount: 'number', filterBy: 'string' });
			return data as ScorecardMetricValues;
		},
	);
}
