/**
 * What the Siro Trigger's polling mode remembers between polls, and which recordings a poll emits.
 * No n8n import: the trigger hands in what Siro listed and the time, and saves what comes back.
 *
 * State, in the workflow's static data (about 45 bytes a recording, at most ~100 KB):
 * - `since`: the newest `updatedAt` seen (Siro's own clock, so n8n's clock does not matter once
 *   Siro has answered), or the first poll's lower bound when nothing was seen yet;
 * - `horizon`: the first poll's lower bound (activation − LOOKBACK);
 * - `recordings`: for the most recently changed recordings, which of processed / linked / deleted
 *   the trigger has seen, oldest change first, at most REMEMBERED_POLLED_RECORDINGS.
 *
 * Each poll lists recordings with `updatedAt` after `since` − OVERLAP, so that a recording Siro
 * shows a moment late (same `updatedAt` as the window's edge, written while a page was read, or
 * stamped by a clock a little behind) is still listed; the remembered flags make the overlap
 * harmless: a recording is emitted only for a change of state it was not emitted for.
 */
import { ownValue } from '../Siro/core/values';

export const POLL_STATE = 'siroPolling';

/** How far back the first poll looks to learn what already exists (emitting none of it). */
export const LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;
/** How far before `since` each later poll starts listing. */
export const OVERLAP_MS = 5 * 60 * 1000;
/** An `updatedAt` further ahead of n8n's clock than this does not move `since` (a bad value would skip everything before it). */
const MAX_CLOCK_LEAD_MS = 60 * 60 * 1000;
/** About 100 KB of static data; "once per recording" holds while fewer recordings change in between. */
export const REMEMBERED_POLLED_RECORDINGS = 2000;
/** Longer IDs are not Siro's (its IDs are UUIDs) and are neither remembered nor emitted. */
const MAX_ID_LENGTH = 256;

export const PROCESSED = 1;
export const LINKED = 2;
export const DELETED = 4;
const ALL_FLAGS = PROCESSED | LINKED | DELETED;

export const PROCESSED_EVENT = 'integrations.recordingProcessed';
export const LINKED_EVENT = 'integrations.recordingLinked';
/** Not a Siro webhook event: only polling sees deletions. */
export const DELETED_EVENT = 'recordingDeleted';
export type PolledEvent = typeof PROCESSED_EVENT | typeof LINKED_EVENT | typeof DELETED_EVENT;

/** The part of a listed recording polling reads. */
export interface PolledRecording {
	id: string;
	updatedAt: string;
	createdAt?: string;
	isProcessingDone?: boolean;
	deleted?: boolean;
	crm?: unknown;
}

export interface TriggerRules {
	/** The Events parameter: which of PROCESSED_EVENT / LINKED_EVENT start the workflow. */
	events: readonly string[];
	onlyWhenProcessedAndLinked: boolean;
}

export interface PollState {
	since: number;
	horizon: number;
	/** Recording ID → flags seen, in order of last change (a Map keeps insertion order). */
	recordings: Map<string, number>;
}

export interface PollOutcome {
	state: PollState;
	/** What to emit, oldest `updatedAt` first. */
	emit: Array<{ recording: PolledRecording; event: PolledEvent }>;
	/** Whether the state differs from the one read (so the static data is written only then). */
	changed: boolean;
}

const has = (flags: number, wanted: number) => (flags & wanted) === wanted;

/** Linked: Siro reports the CRM connection the recording is linked through (the webhook's `crm`). */
export function isLinked(recording: PolledRecording): boolean {
	const crm = ownValue(recording, 'crm');
	if (typeof crm !== 'object' || crm === null) return false;
	const connection = ownValue(crm, 'integrationConnectionId');
	return typeof connection === 'string' && connection !== '';
}

export function flagsOf(recording: PolledRecording): number {
	return (
		(ownValue(recording, 'isProcessingDone') === true ? PROCESSED : 0) |
		(isLinked(recording) ? LINKED : 0) |
		(ownValue(recording, 'deleted') === true ? DELETED : 0)
	);
}

/** Whether a recording in this state is one the workflow starts for (deletion aside). */
function qualifies(flags: number, rules: TriggerRules): boolean {
	if (rules.onlyWhenProcessedAndLinked) return has(flags, PROCESSED | LINKED);
	return (
		(rules.events.includes(PROCESSED_EVENT) && has(flags, PROCESSED)) ||
		(rules.events.includes(LINKED_EVENT) && has(flags, LINKED))
	);
}

/**
 * The event a recording now in state `current` is emitted for, given the state `known` it was last
 * seen in (0: never), or undefined. Once per change of state: processed, linked (each as selected;
 * with Only When Processed and Linked, once when both hold) and, for a recording the workflow starts
 * for, its deletion.
 */
export function eventFor(
	current: number,
	known: number,
	rules: TriggerRules,
): PolledEvent | undefined {
	const seen = current | known;
	const isNew = (flag: number) => has(current, flag) && !has(known, flag);
	if (!qualifies(seen, rules)) return undefined;
	if (isNew(DELETED)) return DELETED_EVENT;
	if (has(seen, DELETED)) return undefined;
	if (rules.onlyWhenProcessedAndLinked) {
		if (qualifies(known, rules)) return undefined;
		// Siro's processed event carries the CRM links when the recording is linked already.
		return isNew(PROCESSED) ? PROCESSED_EVENT : LINKED_EVENT;
	}
	if (isNew(PROCESSED) && rules.events.includes(PROCESSED_EVENT)) return PROCESSED_EVENT;
	if (isNew(LINKED) && rules.events.includes(LINKED_EVENT)) return LINKED_EVENT;
	return undefined;
}

function timeOf(text: unknown): number | undefined {
	if (typeof text !== 'string') return undefined;
	const milliseconds = Date.parse(text);
	return Number.isFinite(milliseconds) ? milliseconds : undefined;
}

/** The saved state, or undefined when there is none (or it is not one this code wrote): a first poll. */
export function readPollState(staticData: object): PollState | undefined {
	const saved = ownValue(staticData, POLL_STATE);
	if (typeof saved !== 'object' || saved === null) return undefined;
	const since = timeOf(ownValue(saved, 'since'));
	const horizon = timeOf(ownValue(saved, 'horizon'));
	const entries = ownValue(saved, 'recordings');
	if (since === undefined || horizon === undefined || !Array.isArray(entries)) return undefined;
	const recordings = new Map<string, number>();
	for (const entry of entries) {
		if (!Array.isArray(entry) || entry.length !== 2) continue;
		const [id, flags] = entry as unknown[];
		if (typeof id !== 'string' || id === '' || id.length > MAX_ID_LENGTH) continue;
		if (!Number.isSafeInteger(flags) || (flags as number) < 0 || (flags as number) > ALL_FLAGS)
			continue;
		recordings.set(id, flags as number);
	}
	return { since, horizon, recordings };
}

/** Writes the state as plain JSON, assigned anew (n8n marks static data as changed on assignment). */
export function writePollState(staticData: Record<string, unknown>, state: PollState): void {
	staticData[POLL_STATE] = {
		since: new Date(state.since).toISOString(),
		horizon: new Date(state.horizon).toISOString(),
		recordings: [...state.recordings],
	};
}

/** The lower bound of the next listing (`updatedAt:gt`), as Siro writes times. */
export function listingStart(state: PollState | undefined, nowMs: number): string {
	return new Date(
		state === undefined ? nowMs - LOOKBACK_MS : state.since - OVERLAP_MS,
	).toISOString();
}

/** Records `flags` for `id` as its latest change, dropping the oldest changes beyond the limit. */
function remember(recordings: Map<string, number>, id: string, flags: number): void {
	recordings.delete(id);
	recordings.set(id, flags);
	for (const oldest of recordings.keys()) {
		if (recordings.size <= REMEMBERED_POLLED_RECORDINGS) break;
		recordings.delete(oldest);
	}
}

function newestUpdate(recordings: readonly PolledRecording[], nowMs: number): number | undefined {
	let newest: number | undefined;
	for (const recording of recordings) {
		const updated = timeOf(recording.updatedAt);
		if (updated === undefined || updated > nowMs + MAX_CLOCK_LEAD_MS) continue;
		if (newest === undefined || updated > newest) newest = updated;
	}
	return newest;
}

const byUpdate = (left: PolledRecording, right: PolledRecording) =>
	(timeOf(left.updatedAt) ?? 0) - (timeOf(right.updatedAt) ?? 0) ||
	(left.id < right.id ? -1 : left.id > right.id ? 1 : 0);

/**
 * One poll: what the listing from `listingStart(state, nowMs)` returned, read against the state.
 * The first poll (no state) only learns what exists: it emits nothing, so the workflow starts for
 * what happens after activation.
 */
export function pollStep(
	state: PollState | undefined,
	listed: readonly PolledRecording[],
	rules: TriggerRules,
	nowMs: number,
): PollOutcome {
	const recordings = listed.filter(
		(recording) => recording.id !== '' && recording.id.length <= MAX_ID_LENGTH,
	);
	const newest = newestUpdate(recordings, nowMs);
	if (state === undefined) {
		const first: PollState = {
			since: newest ?? nowMs - LOOKBACK_MS,
			horizon: nowMs - LOOKBACK_MS,
			recordings: new Map(),
		};
		// Most recently updated last, so that the limit keeps those most likely to change again.
		for (const recording of [...recordings].sort(byUpdate)) {
			remember(first.recordings, recording.id, flagsOf(recording));
		}
		return { state: first, emit: [], changed: true };
	}

	const next: PollState = {
		since: Math.max(state.since, newest ?? state.since),
		horizon: state.horizon,
		recordings: new Map(state.recordings),
	};
	let changed = next.since !== state.since;
	const emit: PollOutcome['emit'] = [];
	for (const recording of [...recordings].sort(byUpdate)) {
		const current = flagsOf(recording);
		const known = next.recordings.get(recording.id);
		const created = timeOf(recording.createdAt);
		// Created before what the first poll looked at, and never seen: older than the activation,
		// changed now (a new title, an outcome): learnt, not emitted.
		const predatesActivation =
			known === undefined && created !== undefined && created <= state.horizon;
		const event = predatesActivation ? undefined : eventFor(current, known ?? 0, rules);
		if (event !== undefined) emit.push({ recording, event });
		const seen = current | (known ?? 0);
		if (seen !== known) {
			remember(next.recordings, recording.id, seen);
			changed = true;
		}
	}
	return { state: next, emit, changed };
}
