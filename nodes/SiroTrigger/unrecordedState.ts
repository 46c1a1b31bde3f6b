/**
 * What the Siro Trigger's Appointment Ended Without Recording event remembers between polls, and
 * which engagements a poll reads. No n8n call (its types only): the poll hands in the engagement-user links Siro
 * listed and the time, reads what this says is due, and saves what comes back.
 *
 * Siro's engagement-user listing says which engagements exist (and which reps are on them) but not
 * when they end, and it has no time filter: every poll lists it whole. So:
 * - an engagement never seen is read once to learn its end ("discovery"); one whose end plus the
 *   grace has passed is decided there and then;
 * - one not ended yet is remembered (`pending`, with its end) and read again only once its end plus
 *   the grace has passed;
 * - a decided one (recorded, reported, cancelled) is never read again, and is forgotten once its end
 *   leaves the look-back window;
 * - `seenUntil` is the newest link `createdAt` every engagement up to which was examined (Siro's own
 *   clock): an engagement not remembered whose links are all older than that (less an overlap for
 *   rows Siro shows late) was examined before and forgotten as old, so it is not read again.
 * State size: about 70 bytes per engagement ending within the look-back window or later (UUID IDs).
 */
import type { IDataObject } from 'n8n-workflow';

import { ownValue } from '../Siro/core/values';

export const UNRECORDED_STATE = 'siroUnrecorded';
export const APPOINTMENT_EVENT = 'appointmentEndedWithoutRecording';

/** Reads of engagements per poll, at most: Siro allows 1,000 requests a minute per token. */
export const MAX_READS_PER_POLL = 200;
/** Engagement-user rows per poll, at most (all pages): beyond it the poll fails and says to pick reps. */
export const MAX_LINKS_PER_POLL = 50000;
/** How far before `seenUntil` an engagement not remembered is still examined. */
export const LINK_OVERLAP_MS = 5 * 60 * 1000;
/** Longer IDs are not Siro's (its IDs are UUIDs) and are neither remembered nor read. */
const MAX_ID_LENGTH = 256;

/** p: not ended (read again when due); r: recorded; n: reported as not recorded; c: cancelled. */
export type Outcome = 'p' | 'r' | 'n' | 'c';
const OUTCOMES: readonly string[] = ['p', 'r', 'n', 'c'];

export interface Tracked {
	endMs: number;
	outcome: Outcome;
}

export interface UnrecordedState {
	seenUntil: number | undefined;
	/** Engagement ID → its end and what was decided. */
	engagements: Map<string, Tracked>;
}

/** The part of an engagement-user row this reads. */
export interface LinkRow {
	engagementId: string;
	userId?: string;
	createdAt?: string;
}

export interface Timing {
	nowMs: number;
	graceMs: number;
	lookBackMs: number;
}

export interface ReadPlan {
	/** Engagement IDs to read, those due first, at most MAX_READS_PER_POLL. */
	reads: string[];
	/** The `seenUntil` to save once the reads are applied. */
	seenUntil: number | undefined;
}

function timeOf(text: unknown): number | undefined {
	if (typeof text !== 'string') return undefined;
	const milliseconds = Date.parse(text);
	return Number.isFinite(milliseconds) ? milliseconds : undefined;
}

const usableId = (id: unknown): id is string =>
	typeof id === 'string' && id !== '' && id.length <= MAX_ID_LENGTH;

/** The saved state, or a first poll's when there is none (or it is not one this code wrote). */
export function readUnrecordedState(staticData: object): UnrecordedState {
	const saved = ownValue(staticData, UNRECORDED_STATE);
	const engagements = new Map<string, Tracked>();
	if (typeof saved !== 'object' || saved === null) return { seenUntil: undefined, engagements };
	const entries = ownValue(saved, 'engagements');
	for (const entry of Array.isArray(entries) ? entries : []) {
		if (!Array.isArray(entry) || entry.length !== 3) continue;
		const [id, end, outcome] = entry as unknown[];
		const endMs = timeOf(end);
		if (!usableId(id) || endMs === undefined || !OUTCOMES.includes(outcome as string)) continue;
		engagements.set(id, { endMs, outcome: outcome as Outcome });
	}
	return { seenUntil: timeOf(ownValue(saved, 'seenUntil')), engagements };
}

/** The state as the plain JSON static data keeps. */
export function unrecordedStateJson(state: UnrecordedState): IDataObject {
	return {
		seenUntil: state.seenUntil === undefined ? null : new Date(state.seenUntil).toISOString(),
		engagements: [...state.engagements].map(([id, { endMs, outcome }]) => [
			id,
			new Date(endMs).toISOString(),
			outcome,
		]),
	};
}

interface Listed {
	id: string;
	/** Oldest and newest `createdAt` of its rows (Infinity when Siro gave none). */
	firstMs: number;
	lastMs: number;
}

/** The listed engagements, oldest row first. */
function listedEngagements(links: readonly LinkRow[]): Listed[] {
	const byId = new Map<string, Listed>();
	for (const link of links) {
		if (!usableId(link.engagementId)) continue;
		const created = timeOf(link.createdAt) ?? Infinity;
		const known = byId.get(link.engagementId);
		if (known === undefined) {
			byId.set(link.engagementId, { id: link.engagementId, firstMs: created, lastMs: created });
		} else {
			known.firstMs = Math.min(known.firstMs, created);
			known.lastMs = Math.max(known.lastMs, created);
		}
	}
	return [...byId.values()].sort(
		(left, right) => left.firstMs - right.firstMs || (left.id < right.id ? -1 : 1),
	);
}

/**
 * Which engagements this poll reads: those remembered as not ended whose end plus the grace has
 * passed, then those never examined, oldest row first, MAX_READS_PER_POLL in all. Those left for
 * later keep `seenUntil` below them, so the next poll still examines them.
 */
export function planReads(
	state: UnrecordedState,
	links: readonly LinkRow[],
	{ nowMs, graceMs }: Timing,
): ReadPlan {
	const due: string[] = [];
	const discover: Listed[] = [];
	let newest: number | undefined;
	for (const listed of listedEngagements(links)) {
		if (Number.isFinite(listed.lastMs)) newest = Math.max(newest ?? -Infinity, listed.lastMs);
		const tracked = state.engagements.get(listed.id);
		if (tracked !== undefined) {
			if (tracked.outcome === 'p' && nowMs >= tracked.endMs + graceMs) due.push(listed.id);
			continue;
		}
		const examinedBefore = state.seenUntil !== undefined && listed.lastMs <= state.seenUntil;
		if (!examinedBefore) discover.push(listed);
	}
	const reads = [...due, ...discover.map(({ id }) => id)].slice(0, MAX_READS_PER_POLL);
	const deferred = discover.slice(Math.max(0, MAX_READS_PER_POLL - due.length));
	let seenUntil =
		newest === undefined
			? state.seenUntil
			: Math.max(state.seenUntil ?? -Infinity, Math.min(newest, nowMs - LINK_OVERLAP_MS));
	if (deferred.length > 0) {
		const firstDeferred = Math.min(...deferred.map(({ firstMs }) => firstMs));
		// Below the first engagement left unread (even if that moves it back): it is examined next poll.
		seenUntil = Number.isFinite(firstDeferred)
			? Math.min(seenUntil ?? firstDeferred, firstDeferred - 1)
			: seenUntil;
	}
	return { reads, seenUntil };
}

/** What a read found, as engagementRecordingStatus says it. */
export interface ReadOutcome {
	id: string;
	status: 'recorded' | 'notRecorded' | 'notEnded' | 'cancelled';
	/** The engagement's end (or start when it has no end), when it has one. */
	endMs: number | undefined;
}

const DECIDED: Record<ReadOutcome['status'], Outcome> = {
	recorded: 'r',
	notRecorded: 'n',
	notEnded: 'p',
	cancelled: 'c',
};

/**
 * The state after the reads, and the engagements to report: not recorded, ended within the look-back
 * window. Engagements whose end left the window are forgotten (a remembered one, or one just read):
 * `seenUntil` keeps them from being read again. One without an end cannot end: not remembered either.
 */
export function applyReads(
	state: UnrecordedState,
	plan: ReadPlan,
	outcomes: readonly ReadOutcome[],
	{ nowMs, lookBackMs }: Timing,
): { state: UnrecordedState; report: string[] } {
	const oldest = nowMs - lookBackMs;
	const engagements = new Map(state.engagements);
	const report: string[] = [];
	for (const { id, status, endMs } of outcomes) {
		engagements.delete(id);
		if (endMs === undefined || endMs < oldest) continue;
		if (status === 'notRecorded') report.push(id);
		engagements.set(id, { endMs, outcome: DECIDED[status] });
	}
	for (const [id, { endMs }] of engagements) {
		if (endMs < oldest) engagements.delete(id);
	}
	return { state: { seenUntil: plan.seenUntil, engagements }, report };
}
