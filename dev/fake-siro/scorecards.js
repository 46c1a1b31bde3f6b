'use strict';
/**
 * Scorecards on the fake's platform API: the organization's instances, an instance evaluated over a
 * window, and metric values. Scores are computed from the fake's recordings made in the window
 * (processed, not deleted; `createdAt` within startAt..endAt, both ends included), so a window's
 * edges decide what is scored; no recording in the window is an evaluation of 0 recordings whose
 * metrics have no value.
 *
 * Role rules, as Siro's reference states them for non-admins: USER only oneself or a rep of a team
 * one coaches, TEAM only a team one is a member or coach of. Where the reference says nothing the
 * fake decides, and says so: ORGANIZATION only for an organization admin; RECORDING only recordings
 * of reps one may evaluate. Admins (store.admins) evaluate anyone of their organization.
 */
const { SCORECARD_METRICS, metricConfiguration } = require('./fixtures');
const { parseQuery, read, requiredIssue, zodErrorBody } = require('./query');

const FILTERS = ['RECORDING', 'USER', 'TEAM', 'ORGANIZATION'];
const json = (status, body) => ({ status, body });
const forbidden = (error) => json(403, { error: `Forbidden: ${error}` });
const invalidQuery = (issues) => json(422, zodErrorBody(issues));

const isMember = (store, userId, organizationId) =>
	(store.memberships[userId] || []).includes(organizationId);

/** The query's window and subject: → { values } or { reply }. */
function readSubject(query, extra = {}) {
	const parsed = parseQuery(query, {
		startAt: read.isoDateTime(),
		endAt: read.isoDateTime(),
		filterBy: read.enumeration(FILTERS),
		filterByIds: read.list({ maxItems: 100 }),
		...extra,
	});
	if (parsed.issues) return { reply: invalidQuery(parsed.issues) };
	const { values } = parsed;
	const missing = ['startAt', 'endAt', 'filterBy', 'filterByIds'].filter(
		(name) => values[name] === undefined,
	);
	if (missing.length > 0) return { reply: invalidQuery(missing.map(requiredIssue)) };
	if (values.filterBy !== 'RECORDING' && values.filterByIds.length !== 1)
		return { reply: json(400, { error: `filterBy ${values.filterBy} takes exactly one id` }) };
	if (values.startAt > values.endAt)
		return { reply: json(400, { error: 'startAt must not be after endAt' }) };
	return { values };
}

/** Whether `caller` may evaluate the rep `userId` (non-admins: themselves or a rep they coach). */
function mayEvaluateRep(store, caller, userId) {
	if (caller.userId === userId) return true;
	const rep = store.users.find((user) => user.id === userId);
	return Boolean(rep && rep.memberTeamId && caller.coachTeamIds.includes(rep.memberTeamId));
}

/**
 * The recordings to score for the subject, or a refusal (403 for the role, 400 for a mismatch).
 * → { recordings } or { reply }.
 */
function subjectRecordings(store, callerUserId, organizationId, { filterBy, filterByIds }) {
	const self = store.users.find((user) => user.id === callerUserId) || { coachTeamIds: [] };
	const caller = {
		userId: callerUserId,
		coachTeamIds: self.coachTeamIds || [],
		team: self.memberTeamId,
	};
	const admin = store.admins.has(callerUserId);
	const inOrganization = store.recordings.filter(
		(recording) => recording.organizationId === organizationId,
	);
	const repTeam = new Map(store.users.map((user) => [user.id, user.memberTeamId]));
	const [id] = filterByIds;
	switch (filterBy) {
		case 'USER':
			if (!admin && !mayEvaluateRep(store, caller, id))
				return { reply: forbidden('you may only evaluate yourself or reps of teams you coach') };
			return { recordings: inOrganization.filter((recording) => recording.userId === id) };
		case 'TEAM':
			if (!admin && caller.team !== id && !caller.coachTeamIds.includes(id))
				return { reply: forbidden('you must be a member or coach of this team') };
			return {
				recordings: inOrganization.filter((recording) => repTeam.get(recording.userId) === id),
			};
		case 'ORGANIZATION':
			if (id !== organizationId)
				return {
					reply: json(400, { error: "filterByIds must be the scorecard instance's organization" }),
				};
			if (!admin)
				return { reply: forbidden('only organization admins may evaluate the organization') };
			return { recordings: inOrganization };
		default: {
			const recordings = inOrganization.filter((recording) => filterByIds.includes(recording.id));
			if (
				!admin &&
				recordings.some((recording) => !mayEvaluateRep(store, caller, recording.userId))
			)
				return {
					reply: forbidden('you may only evaluate recordings of yourself or reps you coach'),
				};
			return { recordings };
		}
	}
}

const inWindow =
	({ startAt, endAt }) =>
	(recording) => {
		const createdMs = Date.parse(recording.createdAt);
		return (
			createdMs >= startAt && createdMs <= endAt && recording.isProcessingDone && !recording.deleted
		);
	};

/** Each metric's value for one recording, from its score, result and duration. */
const METRIC_VALUES = {
	talkRatio: (recording) => 30 + (recording.evaluationScore % 35),
	questions: (recording) => 2 + (recording.evaluationScore % 7),
	nextSteps: (recording) =>
		recording.result === 'WON' || recording.evaluationScore >= 75 ? 100 : 0,
	length: (recording) => Math.round(recording.durationInMilliseconds / 60000),
};

const round = (value) => Math.round(value * 10) / 10;

/** Each metric averaged over the recordings (null without any), and whether it is on target. */
function metricResults(recordings) {
	return SCORECARD_METRICS.map((metric) => {
		const value =
			recordings.length === 0
				? null
				: round(
						recordings.reduce((sum, recording) => sum + METRIC_VALUES[metric.key](recording), 0) /
							recordings.length,
					);
		const passed =
			value !== null &&
			(metric.minTarget === undefined || value >= metric.minTarget) &&
			(metric.maxTarget === undefined || value <= metric.maxTarget);
		return { metric, value, passed };
	});
}

function targetText(metric) {
	if (metric.minTarget !== undefined && metric.maxTarget !== undefined)
		return `${metric.minTarget}–${metric.maxTarget}`;
	return metric.minTarget !== undefined
		? `at least ${metric.minTarget}`
		: `at most ${metric.maxTarget}`;
}

/** A rep's coaching: a strength (first metric on target) and a focus (first one off it). */
function spotlightSummaries(store, userId, recordings, results) {
	if (recordings.length === 0) return [];
	const rep = store.users.find((user) => user.id === userId);
	const name = rep ? rep.firstName : 'The rep';
	const count = `${recordings.length} recording${recordings.length === 1 ? '' : 's'}`;
	const refs = recordings.map((recording) => ({ id: recording.id }));
	const strength = results.find((result) => result.passed);
	const focus = results.find((result) => !result.passed);
	return [
		strength && {
			spotlightType: 'strength',
			title: `${strength.metric.name} on target`,
			summary: `${name} averaged ${strength.value}${strength.metric.abbreviated} ${strength.metric.name.toLowerCase()} over ${count} (target ${targetText(strength.metric)}).`,
			score: strength.value,
			recordings: refs,
		},
		focus && {
			spotlightType: 'improvement',
			title: `Work on ${focus.metric.name.toLowerCase()}`,
			summary: `${name} averaged ${focus.value}${focus.metric.abbreviated} ${focus.metric.name.toLowerCase()} over ${count}; the target is ${targetText(focus.metric)}.`,
			score: focus.value,
			recordings: refs,
		},
	].filter(Boolean);
}

function listInstances({ query, caller, store }) {
	const parsed = parseQuery(query, {
		organizationId: read.string({ required: true }),
		conversationTypeId: read.string(),
		isActive: read.flag(),
	});
	if (parsed.issues) return invalidQuery(parsed.issues);
	const { organizationId, conversationTypeId, isActive } = parsed.values;
	if (!isMember(store, caller.userId, organizationId))
		return forbidden('user does not have access to this organization');
	const admin = store.admins.has(caller.userId);
	const scorecardInstances = store.scorecardInstances.filter(
		(instance) =>
			instance.organizationId === organizationId &&
			(conversationTypeId === undefined || instance.conversationType === conversationTypeId) &&
			(isActive === undefined || instance.isActive === isActive) &&
			(admin || instance.isActive),
	);
	return json(200, { data: { scorecardInstances } });
}

function evaluateInstance({ params, query, caller, store }) {
	const instance = store.scorecardInstances.find((candidate) => candidate.id === params.id);
	if (!instance) return json(404, { error: 'Scorecard instance not found' });
	if (!isMember(store, caller.userId, instance.organizationId))
		return forbidden('user does not have access to the organization of this scorecard instance');
	const { values, reply } = readSubject(query);
	if (reply) return reply;
	const subject = subjectRecordings(store, caller.userId, instance.organizationId, values);
	if (subject.reply) return subject.reply;
	const recordings = subject.recordings.filter(inWindow(values));
	const results = metricResults(recordings);
	const sections = instance.nodes.filter((node) => node.nodeType === 'SECTION');
	const earned = (result) => (result.passed ? 25 : 0);
	const color = (result) => (result.value === null ? null : result.passed ? 'GREEN' : 'RED');
	const evaluatedNodes = [
		...sections.map((section) => {
			const inSection = results.filter((result) => result.metric.section === section.name);
			return {
				...section,
				pointsPossible: 25 * inSection.length,
				pointsEarned: inSection.reduce((sum, result) => sum + earned(result), 0),
				color: null,
			};
		}),
		...results.map((result) => ({
			...instance.nodes.find((node) => node.metadata.metricId === `metric-${result.metric.key}`),
			pointsPossible: 25,
			pointsEarned: earned(result),
			color: color(result),
			metricValue: result.value,
			unit: result.metric.unit,
			unitAbbreviated: result.metric.abbreviated,
		})),
	];
	const data = {
		id: instance.id,
		name: instance.name,
		recordingsEvaluatedCount: recordings.length,
		recordingsWonCount: recordings.filter((recording) => recording.result === 'WON').length,
		pointsPossible: 25 * results.length,
		pointsEarned: results.reduce((sum, result) => sum + earned(result), 0),
		evaluatedNodes,
		metricRubrics: instance.metricRubrics,
		sectionWeights: instance.sectionWeights,
		colorConfigurations: instance.colorConfigurations,
		filterByIds: values.filterByIds,
		filterBy: values.filterBy,
		startAt: new Date(values.startAt).toISOString(),
		endAt: new Date(values.endAt).toISOString(),
		description: instance.description,
		tags: [],
		// Not in Siro's partial schema: kept by the client as Siro sends it.
		scoringModel: 'fake-2026.12',
	};
	if (values.filterBy === 'USER')
		data.spotlightSummaries = spotlightSummaries(store, values.filterByIds[0], recordings, results);
	return json(200, { data });
}

function metricValues({ query, caller, store }) {
	const { values, reply } = readSubject(query, {
		requestedOrganizationId: read.string({ required: true }),
		conversationTypeId: read.string({ required: true }),
	});
	if (reply) return reply;
	const organizationId = values.requestedOrganizationId;
	if (!isMember(store, caller.userId, organizationId))
		return forbidden('user does not have access to this organization');
	const subject = subjectRecordings(store, caller.userId, organizationId, values);
	if (subject.reply) return subject.reply;
	const recordings = subject.recordings.filter(inWindow(values));
	const results = metricResults(recordings);
	return json(200, {
		data: {
			recordingsEvaluatedCount: recordings.length,
			metricValues: results.map(({ metric, value }) => ({
				...metricConfiguration(metric),
				value,
				passRate:
					value === null
						? null
						: round(
								(100 *
									recordings.filter((recording) => {
										const single = metricResults([recording]).find(
											(result) => result.metric.key === metric.key,
										);
										return single.passed;
									}).length) /
									recordings.length,
							),
				// Not in Siro's partial schema: kept by the client as Siro sends it.
				benchmark: { organizationMedian: null },
			})),
			startAt: new Date(values.startAt).toISOString(),
			endAt: new Date(values.endAt).toISOString(),
			filterByIds: values.filterByIds,
			filterBy: values.filterBy,
		},
		cursor: null,
		hasNextPage: false,
	});
}

/** The token name routes.js and server.js check (not imported: routes.js requires this file). */
const USER_TOKEN = 'userToken';

/** The route table's part for scorecards (routes.js adds the API prefixes). */
const SCORECARD_ROUTES = [
	{
		name: 'scorecardInstances',
		method: 'GET',
		api: 'platform',
		auth: USER_TOKEN,
		path: '/v1/core/scorecards/instances',
		handle: listInstances,
	},
	{
		name: 'evaluatedScorecard',
		method: 'GET',
		api: 'platform',
		auth: USER_TOKEN,
		path: '/v1/core/scorecards/evaluated-instances/{id}',
		handle: evaluateInstance,
	},
	{
		name: 'scorecardMetricValues',
		method: 'GET',
		api: 'platform',
		auth: USER_TOKEN,
		path: '/v1/core/scorecards/scorecard-metrics/values',
		handle: metricValues,
	},
];

module.exports = { SCORECARD_ROUTES };
