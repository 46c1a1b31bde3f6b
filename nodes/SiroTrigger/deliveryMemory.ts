/**
 * What the Siro Trigger remembers between deliveries, to refuse a replayed delivery and to start the
 * workflow once per recording. Kept in the workflow's static data (saved by n8n after each production
 * request, so it outlives restarts), as lists of the most recent IDs: bounded, oldest dropped first.
 */
import { ownValue } from '../Siro/core/values';

/** Static data of the trigger node, as n8n hands it over (`getWorkflowStaticData('node')`). */
export type TriggerStaticData = Record<string, unknown>;

export const DELIVERY_IDS = 'siroDeliveryIds';
export const RECORDING_IDS = 'siroStartedRecordingIds';

/**
 * A replay has to arrive within the 5-minute tolerance of its svix-timestamp, so replay protection
 * holds as long as fewer than this many deliveries arrive within 10 minutes (Siro sends one or two
 * per recording). Also the limit on what each request loads and saves: about 45 KB.
 */
export const REMEMBERED_DELIVERIES = 1000;
/**
 * "Once per recording" holds while fewer than this many other recordings start the workflow between
 * the two events of one recording (processed, linked).
 */
export const REMEMBERED_RECORDINGS = 1000;

function remembered(staticData: TriggerStaticData, list: string): string[] {
	const value = ownValue(staticData, list);
	return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

export function isRemembered(staticData: TriggerStaticData, list: string, id: string): boolean {
	return remembered(staticData, list).includes(id);
}

/** Adds `id` as the newest entry, dropping the oldest beyond `limit`. */
export function remember(
	staticData: TriggerStaticData,
	list: string,
	id: string,
	limit: number,
): void {
	const ids = remembered(staticData, list).filter((known) => known !== id);
	ids.push(id);
	// A new list, assigned: n8n marks static data as changed (to be saved) on assignment.
	staticData[list] = ids.slice(-limit);
}

/**
 * n8n loads a workflow's static data for each request and saves it after the response, so two
 * deliveries handled at the same time both see it as it was before either: a replay sent alongside
 * its original, or the processed and linked events of one recording arriving together, would both
 * pass. Within one n8n process (the usual set-up) this set closes that window; the static data still
 * covers restarts. Keys name the workflow and node; bounded like the static data, oldest dropped first.
 */
const claimedInThisProcess = new Set<string>();
const CLAIMS_IN_THIS_PROCESS = 10_000;

/** True the first time `key` is claimed in this process, false after. */
export function claimOnce(key: string): boolean {
	if (claimedInThisProcess.has(key)) return false;
	claimedInThisProcess.add(key);
	if (claimedInThisProcess.size > CLAIMS_IN_THIS_PROCESS) {
		const oldest = claimedInThisProcess.values().next().value as string;
		claimedInThisProcess.delete(oldest);
	}
	return true;
}
