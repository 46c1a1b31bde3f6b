/**
 * The Siro Trigger's Appointment Ended Without Recording event (polling): Siro's engagements found
 * through the engagement-user listing, each read once its end plus the grace period has passed, and
 * reported once when Siro matched no recording to it. The state rules are in unrecordedState.ts.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type IPollFunctions,
} from 'n8n-workflow';

import {
	DEFAULT_LIST_BOUNDS,
	readId,
	SiroApiError,
	type Engagement,
	type EngagementUserLink,
	type SiroClient,
} from '../Siro/client';
import { isFieldObject, ownValue } from '../Siro/core/values';
import { engagementRecordingStatus } from '../Siro/engagements';
import {
	APPOINTMENT_EVENT,
	applyReads,
	MAX_LINKS_PER_POLL,
	planReads,
	readUnrecordedState,
	unrecordedStateJson,
	type ReadOutcome,
	type Timing,
	UNRECORDED_STATE,
} from './unrecordedState';

type TriggerContext = IPollFunctions | IExecuteFunctions;

/** How many of the most recently listed engagements a manual test reads, looking for one to show. */
const MANUAL_TEST_READS = 25;
const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
/** The look-back is at most a week: the state holds every engagement ending within it. */
export const MAX_LOOK_BACK_HOURS = 168;
export const MAX_GRACE_MINUTES = 24 * 60;
/**
 * The time limit of a poll's engagement-user listings, all of them together (one per chosen rep):
 * the client's own listing bound, shared, so that ten slow reps cannot hold a poll ten times as long.
 */
export const POLL_LISTINGS_MAX_MS = DEFAULT_LIST_BOUNDS.maxDurationMs;

export interface AppointmentSettings {
	graceMinutes: number;
	lookBackHours: number;
	/** Siro user IDs of the chosen reps; empty: every rep. */
	reps: string[];
}

function parameter(context: TriggerContext, name: string, fallback: unknown): unknown {
	return 'getInputData' in context
		? context.getNodeParameter(name, 0, fallback)
		: context.getNodeParameter(name, fallback);
}

/** The event's parameters, each checked before any request; a wrong one names itself. */
export function appointmentSettings(context: TriggerContext): AppointmentSettings {
	const node = context.getNode();
	const wholeNumber = (name: string, label: string, fallback: number, min: number, max: number) => {
		const value = parameter(context, name, fallback);
		if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
			throw new NodeOperationError(
				node,
				`${label} is ${JSON.stringify(value) ?? String(value)}, not a whole number from ${min} to ${max}.`,
				{ description: `Set ${label} to a whole number from ${min} to ${max}.` },
			);
		}
		return value;
	};
	const graceMinutes = wholeNumber(
		'graceMinutes',
		'Grace Period (Minutes)',
		15,
		0,
		MAX_GRACE_MINUTES,
	);
	const lookBackHours = wholeNumber(
		'lookBackHours',
		'Look-Back (Hours)',
		24,
		1,
		MAX_LOOK_BACK_HOURS,
	);
	if (lookBackHours * 60 <= graceMinutes) {
		throw new NodeOperationError(
			node,
			`Look-Back (${lookBackHours} h) is not longer than the Grace Period (${graceMinutes} min), so no appointment could ever be reported.`,
			{ description: 'Make Look-Back longer than the Grace Period.' },
		);
	}
	const given = parameter(context, 'reps', []);
	if (!Array.isArray(given)) {
		throw new NodeOperationError(node, 'Reps is not a list of Siro user IDs.', {
			description: 'Pick the reps from the list, or leave Reps empty for every rep.',
		});
	}
	const reps = [...new Set(given.map((rep) => readId(rep, 'Reps: each rep')))];
	return { graceMinutes, lookBackHours, reps };
}

function timingOf(settings: AppointmentSettings, nowMs: number): Timing {
	return {
		nowMs,
		graceMs: settings.graceMinutes * MINUTE_MS,
		lookBackMs: settings.lookBackHours * HOUR_MS,
	};
}

/** The engagement-user rows of the chosen reps (one listing each), or of the whole organization. */
async function listLinks(
	node: INode,
	client: SiroClient,
	reps: readonly string[],
): Promise<EngagementUserLink[]> {
	const links: EngagementUserLink[] = [];
	const listings = reps.length === 0 ? [undefined] : reps;
	const startedMs = Date.now();
	for (const [index, userId] of listings.entries()) {
		const maxDurationMs = POLL_LISTINGS_MAX_MS - (Date.now() - startedMs);
		if (maxDurationMs < 1) {
			throw new NodeOperationError(
				node,
				`Siro's engagement-user listings of this poll reached their time limit of ${POLL_LISTINGS_MAX_MS / MINUTE_MS} min after ${index} of ${listings.length} reps.`,
				{
					description:
						'Siro is slow or rate limiting: the next poll tries again. Pick fewer Reps if it keeps happening.',
				},
			);
		}
		const page = await client.listEngagementUsers(userId === undefined ? {} : { userId }, {
			limit: MAX_LINKS_PER_POLL - links.length + 1,
			maxDurationMs,
		});
		links.push(...page);
		if (links.length > MAX_LINKS_PER_POLL) {
			throw new NodeOperationError(
				node,
				`Siro lists more than ${MAX_LINKS_PER_POLL} engagement-user rows, more than one poll reads.`,
				{
					description: `Siro keeps every engagement-user row and its listing has no time filter, so the rows grow with every appointment synced. The bound counts the rows of all the Reps a trigger watches: split the reps across several workflows (each trigger with its own Reps, each under ${MAX_LINKS_PER_POLL} rows).`,
				},
			);
		}
	}
	return links;
}

/**
 * Siro's engagement, or null when Siro no longer has it (404): cancelled. Any other failure goes on
 * to the poll's caller, which turns it into the trigger's NodeApiError (pollRecordings' catch).
 */
async function readEngagement(client: SiroClient, id: string): Promise<Engagement | null> {
	return await client.getEngagement(id).then(
		(engagement): Engagement | null => engagement,
		(error: unknown) =>
			error instanceof SiroApiError && error.httpCode === 404 ? null : Promise.reject(error),
	);
}

function outcomeOf(
	id: string,
	engagement: Engagement | null,
	settings: AppointmentSettings,
	nowMs: number,
): ReadOutcome {
	const recording = engagementRecordingStatus(engagement, {
		now: nowMs,
		graceMinutes: settings.graceMinutes,
	});
	return {
		id,
		status: recording.status,
		endMs: recording.endedAt === undefined ? undefined : Date.parse(recording.endedAt),
	};
}

const CUSTOMER_FIELDS = ['account', 'accountId', 'lead', 'contact', 'opportunity', 'opportunityId'];

/** The item: who, whom, when, and the engagement as Siro returned it. */
export function appointmentItem(
	engagement: Engagement,
	links: readonly EngagementUserLink[],
	endedAt: string | undefined,
): IDataObject {
	const given = ownValue(engagement, 'engagementUsers');
	const siroReps = Array.isArray(given) ? given.filter(isFieldObject) : [];
	const reps = links
		.filter((link) => link.engagementId === engagement.id)
		.map((link) => {
			const rep = siroReps.find((entry) => ownValue(entry, 'userId') === link.userId);
			const email = rep === undefined ? undefined : ownValue(rep, 'email');
			return {
				userId: link.userId,
				name: ownValue(link, 'name') ?? null,
				...(typeof email === 'string' ? { email } : {}),
			};
		});
	const customer: IDataObject = {};
	for (const key of CUSTOMER_FIELDS) {
		const value = ownValue(engagement, key);
		if (value !== undefined) customer[key] = value as IDataObject[keyof IDataObject];
	}
	return {
		event: APPOINTMENT_EVENT,
		engagementId: engagement.id,
		externalId: ownValue(engagement, 'externalId') ?? null,
		subject: ownValue(engagement, 'subject') ?? null,
		startTime: ownValue(engagement, 'startTime') ?? null,
		endTime: ownValue(engagement, 'endTime') ?? null,
		reps,
		customer,
		recording: { status: 'notRecorded', ...(endedAt === undefined ? {} : { endedAt }) },
		engagement: engagement as IDataObject,
	};
}

/**
 * One production poll: the engagement-user pages, then one read per engagement due. The state is
 * written only after every request succeeded, so a failed poll changes nothing and reports nothing.
 */
export async function pollUnrecorded(
	context: IPollFunctions,
	client: SiroClient,
	settings: AppointmentSettings,
): Promise<IDataObject[]> {
	const staticData = context.getWorkflowStaticData('node');
	const state = readUnrecordedState(staticData);
	const timing = timingOf(settings, Date.now());
	const links = await listLinks(context.getNode(), client, settings.reps);
	const plan = planReads(state, links, timing);
	const read = new Map<string, Engagement | null>();
	const outcomes: ReadOutcome[] = [];
	for (const id of plan.reads) {
		const engagement = await readEngagement(client, id);
		read.set(id, engagement);
		outcomes.push(outcomeOf(id, engagement, settings, timing.nowMs));
	}
	const next = applyReads(state, plan, outcomes, timing);
	const saved = unrecordedStateJson(next.state);
	// n8n saves static data when a key is assigned: only when it changed.
	if (JSON.stringify(saved) !== JSON.stringify(staticData[UNRECORDED_STATE])) {
		staticData[UNRECORDED_STATE] = saved;
	}
	return next.report.map((id) => {
		const outcome = outcomes.find((entry) => entry.id === id);
		const endedAt =
			outcome?.endMs === undefined ? undefined : new Date(outcome.endMs).toISOString();
		return appointmentItem(read.get(id) as Engagement, links, endedAt);
	});
}

/**
 * A manual test's event: of the MANUAL_TEST_READS engagements listed most recently, the one not
 * recorded that ended last (within the look-back). It changes no state.
 */
export async function latestUnrecordedItem(
	node: INode,
	client: SiroClient,
	settings: AppointmentSettings,
): Promise<IDataObject> {
	const links = await listLinks(node, client, settings.reps);
	const timing = timingOf(settings, Date.now());
	const newestFirst = [...new Set([...links].reverse().map((link) => link.engagementId))];
	let latest: { engagement: Engagement; endMs: number } | undefined;
	for (const id of newestFirst.slice(0, MANUAL_TEST_READS)) {
		const engagement = await readEngagement(client, id);
		const outcome = outcomeOf(id, engagement, settings, timing.nowMs);
		if (engagement === null || outcome.status !== 'notRecorded' || outcome.endMs === undefined)
			continue;
		if (outcome.endMs < timing.nowMs - timing.lookBackMs) continue;
		if (latest === undefined || outcome.endMs > latest.endMs)
			latest = { engagement, endMs: outcome.endMs };
	}
	if (latest === undefined) {
		throw new NodeOperationError(
			node,
			`None of the ${MANUAL_TEST_READS} engagements Siro lists last${
				settings.reps.length > 0 ? ' for the chosen reps' : ''
			} ended without a recording in the last ${settings.lookBackHours} h, so there is no test event to show.`,
			{
				description:
					'Sync an appointment that has ended (its end plus the Grace Period has passed) and was not recorded, or lengthen Look-Back, then fetch the test event again.',
			},
		);
	}
	return appointmentItem(latest.engagement, links, new Date(latest.endMs).toISOString());
}
