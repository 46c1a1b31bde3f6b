'use strict';
/**
 * A recording's life in the fake: started on the phone (deep link or button), stopped, processed
 * (summary, transcript, extractions, score), linked to the CRM, deleted. Each change moves
 * `updatedAt` forward, as polling by `updatedAt:gt` expects.
 */
const { requestError } = require('./errors');
const { runtimeIds } = require('./random');
const {
	DEMO,
	buildCrmLinks,
	buildEntityExtractions,
	buildFollowup,
	buildSummary,
	buildUtterances,
	iso,
} = require('./fixtures');

/** Where the record link's CRM objects land in Siro's `crm` block. */
const CRM_SLOTS = {
	Lead: 'lead',
	Account: 'account',
	Contact: 'contacts',
	Opportunity: 'opportunity',
	Engagement: 'engagement',
	Event: 'engagement',
	ServiceAppointment: 'engagement',
};

function crmObjectsOf(link) {
	try {
		const parsed = JSON.parse(link.crmObjects);
		return Array.isArray(parsed)
			? parsed.filter((entry) => entry && typeof entry.objectId === 'string')
			: [];
	} catch {
		return [];
	}
}

/** The `crm` block for a recording started from a link with integrationConnectionId and crmObjects. */
function crmFromLink(recordingId, rep, link) {
	const crm = { integrationConnectionId: link.integrationConnectionId, users: [] };
	if (rep.externalId)
		crm.users.push({ id: `crmuser-${rep.id.slice(0, 6)}`, externalId: rep.externalId });
	crmObjectsOf(link).forEach((object, index) => {
		const slot = CRM_SLOTS[object.objectType];
		if (!slot) return;
		const linked = {
			id: `${slot}-${recordingId.slice(0, 6)}-${index + 1}`,
			externalId: object.objectId,
		};
		if (slot === 'contacts') (crm.contacts = crm.contacts || []).push(linked);
		else crm[slot] = linked;
	});
	return crm;
}

/**
 * @param {{ store: ReturnType<typeof import('./fixtures').seedStore>, clock: ReturnType<typeof import('./clock').createClock> }} deps
 */
function createRecordingLifecycle({ store, clock }) {
	/** recording id → the record link's parameters it was started with (integration connection, CRM objects) */
	const startedFromLink = new Map();

	function find(recordingId) {
		const recording = store.recordings.find((entry) => entry.id === recordingId);
		if (!recording) {
			throw requestError(404, `No recording "${recordingId}"`);
		}
		return recording;
	}

	const repOf = (recording) => store.users.find((user) => user.id === recording.userId);

	return {
		find,

		/** A new, unprocessed recording for `user`; `link` holds the record link's parameters, if any. */
		start({ user, title, createdAtMs, link }) {
			const id = runtimeIds.uuid();
			const createdAt = iso(createdAtMs);
			store.recordings.push({
				id,
				organizationId: user.organizationId,
				userId: user.id,
				title,
				durationInMilliseconds: 0,
				latitude: 40.7306,
				longitude: -73.9866,
				result: 'OPEN',
				createdAt,
				updatedAt: createdAt,
				rootDataPurgedAt: null,
				deleted: false,
				deletedAt: null,
				links: { web: { self: `https://app.siro.ai/recordings/${id}` } },
				isProcessingDone: false,
				isEntityExtractionDone: false,
				isSummaryDone: false,
				crm: null,
				summary: [],
				entityExtractions: [],
				evaluationScore: null,
				followups: [],
			});
			store.utterancesByRecording[id] = buildUtterances(
				id,
				`${user.firstName} ${user.lastName}`,
				0,
			);
			if (link) startedFromLink.set(id, link);
			return find(id);
		},

		stop(recordingId, stoppedAtMs) {
			const recording = find(recordingId);
			recording.durationInMilliseconds = Math.max(0, stoppedAtMs - Date.parse(recording.createdAt));
			recording.updatedAt = iso(stoppedAtMs);
			return recording;
		},

		/**
		 * Siro finishes processing: summary, transcript, extractions and score appear. With `linked`, the
		 * recording is also linked to the CRM: to the link's integration connection and CRM objects when it
		 * was started from one, else to `integrationConnectionId` (default: the demo Salesforce connection).
		 */
		process(recordingId, { linked = false, integrationConnectionId } = {}) {
			const recording = find(recordingId);
			const rep = repOf(recording);
			const repName = rep ? `${rep.firstName} ${rep.lastName}` : 'Rep';
			const updatedAtMs = clock.nextMs();
			if (recording.durationInMilliseconds === 0)
				recording.durationInMilliseconds = Math.max(
					1000,
					updatedAtMs - Date.parse(recording.createdAt),
				);
			Object.assign(recording, {
				isProcessingDone: true,
				isEntityExtractionDone: true,
				isSummaryDone: true,
				summary: buildSummary(recording.id, recording.title),
				entityExtractions: buildEntityExtractions(),
				evaluationScore: 78,
				updatedAt: iso(updatedAtMs),
			});
			store.utterancesByRecording[recording.id] = buildUtterances(recording.id, repName, 12);
			if (linked) {
				const link = startedFromLink.get(recording.id);
				recording.crm =
					link && link.integrationConnectionId && !integrationConnectionId
						? crmFromLink(recording.id, rep, link)
						: buildCrmLinks(
								recording.id,
								integrationConnectionId || DEMO.integrationConnections.salesforce,
								rep,
							);
				recording.followups = [buildFollowup(recording, rep, updatedAtMs)];
			}
			return recording;
		},

		/** Siro keeps deleted recordings in listings, flagged, so consumers can reconcile them. */
		delete(recordingId) {
			const recording = find(recordingId);
			const deletedAt = clock.nextIso();
			Object.assign(recording, { deleted: true, deletedAt, updatedAt: deletedAt });
			return recording;
		},
	};
}

module.exports = { createRecordingLifecycle, crmFromLink };
