/**
 * The Siro Trigger's polling mode and what both modes add in the execution itself: each recording
 * as an item shaped like Siro's webhook payload (so one workflow works with either mode), with the
 * recording and, on request, its summary.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type IPollFunctions,
	type JsonObject,
} from 'n8n-workflow';

import {
	recordingOutput,
	summaryOutput,
	summarySectionsOf,
} from '../Siro/actions/recording/output';
import { SiroApiError, type Recording, type SiroClient } from '../Siro/client';
import { ownValue } from '../Siro/core/values';
import { failedItem, toNodeError } from '../Siro/shared/nodeErrors';
import { newSiroConnection, siroConnection } from '../Siro/shared/siroApi';
import {
	DELETED,
	DELETED_EVENT,
	eventFor,
	flagsOf,
	isLinked,
	listingStart,
	pollStep,
	readPollState,
	writePollState,
	type PolledEvent,
	type TriggerRules,
} from './pollingState';

export const WEBHOOK_MODE = 'webhook';
export const POLLING_MODE = 'polling';
/** Include values that fetch or list the summary. */
export const EVENT_RECORDING_AND_SUMMARY = 'eventRecordingAndSummary';
export const RECORDING_AND_SUMMARY = 'recordingAndSummary';
/** How many of the newest processed recordings a manual test looks through for one that qualifies. */
const MANUAL_TEST_SEARCH = 100;

type TriggerContext = IPollFunctions | IExecuteFunctions;

function parameter(context: TriggerContext, name: string, fallback: unknown): unknown {
	// The two contexts read parameters with different signatures (an item index for execute).
	return 'getInputData' in context
		? context.getNodeParameter(name, 0, fallback)
		: context.getNodeParameter(name, fallback);
}

export function triggerRules(context: TriggerContext): TriggerRules {
	const events = parameter(context, 'events', []);
	return {
		events: Array.isArray(events) ? events.filter((event) => typeof event === 'string') : [],
		onlyWhenProcessedAndLinked: parameter(context, 'onlyWhenProcessedAndLinked', true) !== false,
	};
}

export function triggerMode(context: TriggerContext): string {
	return parameter(context, 'mode', WEBHOOK_MODE) === POLLING_MODE ? POLLING_MODE : WEBHOOK_MODE;
}

/** Whether the mode's Include field asks for the summary. */
function includesSummary(context: TriggerContext): boolean {
	return triggerMode(context) === POLLING_MODE
		? parameter(context, 'pollingInclude', '') === RECORDING_AND_SUMMARY
		: parameter(context, 'include', '') === EVENT_RECORDING_AND_SUMMARY;
}

/** Siro's API failures as n8n shows them for a trigger (no item to name). */
function triggerError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof SiroApiError) {
		const nodeError = new NodeApiError(node, error.toJSON() as unknown as JsonObject, {
			message: error.message,
			description: error.description,
			httpCode: error.httpCode === undefined ? undefined : String(error.httpCode),
		});
		// n8n swaps a message that mentions a socket error code for a generic text; Siro's says more.
		nodeError.message = error.message;
		return nodeError;
	}
	return new NodeOperationError(node, error as Error);
}

/** The recording and its summary as the item carries them: `recording` without the summary. */
function recordingParts(recording: Recording, withSummary: boolean): IDataObject {
	const shown = recordingOutput(recording);
	delete shown.summary;
	return {
		deleted: shown.deleted,
		recording: shown,
		...(withSummary ? { summary: summaryOutput(summarySectionsOf(recording)) } : {}),
	};
}

/** A listed recording as an item with the webhook payload's fields, the event, and the recording. */
export function polledItem(
	recording: Recording,
	event: PolledEvent,
	withSummary: boolean,
): IDataObject {
	const crm = ownValue(recording, 'crm');
	return {
		event,
		eventType: event,
		recordingId: recording.id,
		siroUserId: recording.userId,
		recordingProcessed: ownValue(recording, 'isProcessingDone') === true,
		recordingLinked: isLinked(recording),
		...(isLinked(recording) ? { crm: crm as IDataObject } : {}),
		...recordingParts(recording, withSummary),
	};
}

/**
 * One production poll: recordings updated since the last one (with a small overlap), processed,
 * with their CRM links; every page. The state is written only when it changed, and only after
 * Siro answered in full, so a failed poll changes nothing.
 */
export async function pollRecordings(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	try {
		const { client } = await newSiroConnection(this);
		const rules = triggerRules(this);
		const withSummary = includesSummary(this);
		if (this.getMode() === 'manual') {
			return [[{ json: await latestRecordingItem(this.getNode(), client, rules, withSummary) }]];
		}
		const staticData = this.getWorkflowStaticData('node');
		const state = readPollState(staticData);
		const nowMs = Date.now();
		const listed = await client.listRecordings({
			updatedAfter: listingStart(state, nowMs),
			isProcessingDone: true,
			showCrmLinks: true,
			...(withSummary && state !== undefined ? { showSummary: true } : {}),
		});
		const outcome = pollStep(state, listed, rules, nowMs);
		if (outcome.changed) writePollState(staticData, outcome.state);
		if (outcome.emit.length === 0) return null;
		return [
			outcome.emit.map(({ recording, event }) => ({
				json: polledItem(recording as Recording, event, withSummary),
			})),
		];
	} catch (error) {
		throw triggerError(this.getNode(), error);
	}
}

/**
 * A manual test's event: the newest processed recording the workflow would start for (a deleted
 * one flagged), among the newest MANUAL_TEST_SEARCH. It changes no state.
 */
export async function latestRecordingItem(
	node: INode,
	client: SiroClient,
	rules: TriggerRules,
	withSummary: boolean,
): Promise<IDataObject> {
	const newest = await client.listRecordings(
		{ isProcessingDone: true, showCrmLinks: true },
		{ limit: MANUAL_TEST_SEARCH },
	);
	for (const recording of newest) {
		const flags = flagsOf(recording);
		// The event it started the workflow with, had it been seen for the first time.
		const event = eventFor(flags & ~DELETED, 0, rules);
		if (event === undefined) continue;
		const shown = withSummary
			? await client.getRecording(recording.id, { showCrmLinks: true, showSummary: true })
			: recording;
		return polledItem(shown, flags & DELETED ? DELETED_EVENT : event, withSummary);
	}
	throw new NodeOperationError(
		node,
		`None of the organization's ${MANUAL_TEST_SEARCH} newest processed recordings is ${
			rules.onlyWhenProcessedAndLinked ? 'linked to the CRM' : 'one the selected events start for'
		}, so there is no test event to show.`,
		{
			description:
				'Process a recording in Siro (linked to a CRM object), or turn off Only When Processed and Linked, then fetch the test event again.',
		},
	);
}

/**
 * The trigger's part of the execution. Polling: the items poll() emitted, as they are (a manual
 * test fetches the latest recording instead). Webhook: the delivery, plus the recording and its
 * summary when Include asks (per item; under "Continue (regular output)" a failed delivery keeps its
 * fields next to the error; the error output gets the error alone, see failedItem).
 */
export async function executeTrigger(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const paired = (json: IDataObject, index: number): INodeExecutionData => ({
		json,
		pairedItem: { item: index },
	});
	if (triggerMode(this) === POLLING_MODE) {
		if (this.getMode() !== 'manual') return [items.map((item, index) => paired(item.json, index))];
		try {
			const { client } = await siroConnection(this);
			const rules = triggerRules(this);
			return [
				[
					paired(
						await latestRecordingItem(this.getNode(), client, rules, includesSummary(this)),
						0,
					),
				],
			];
		} catch (error) {
			throw triggerError(this.getNode(), error);
		}
	}
	if (!includesSummary(this)) return [items.map((item, index) => paired(item.json, index))];

	const results: INodeExecutionData[] = [];
	for (const [index, item] of items.entries()) {
		try {
			const { client } = await siroConnection(this);
			const recording = await client.getRecording(ownValue(item.json, 'recordingId') as string, {
				showCrmLinks: true,
				showSummary: true,
			});
			results.push(paired({ ...item.json, ...recordingParts(recording, true) }, index));
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, index);
			results.push(failedItem(this.getNode(), error, index, item.json));
		}
	}
	return [results];
}
