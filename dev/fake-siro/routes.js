'use strict';
/**
 * The routes of both Siro APIs, as Siro's published OpenAPI document describes them.
 *
 * Each route: name (for faults and countRequests), method, api, path pattern, the token it wants
 * (`auth`), and a handler (context) → reply { status, body | text + contentType, headers? }.
 *   platform API: header x-siro-auth-token: <user token>; under /api-internalApi and with no prefix.
 *   external API: header Authorization: Bearer <organization API token>; under /api-externalApi only.
 * By the time a handler runs the token has been checked: `context.caller` is { userId } (user token)
 * or the organization token's record { organizationId, tokenId, … }.
 */
const crypto = require('crypto');

const { newSecretToken } = require('./random');
const { ENGAGEMENT_ROUTES } = require('./engagements');
const { createListing, parseQuery, read, requiredIssue, zodErrorBody } = require('./query');
const { USER_WRITE_ROUTES } = require('./users');

const API_PREFIXES = Object.freeze({
	platform: ['/api-internalApi', ''],
	external: ['/api-externalApi'],
});

const EVENT_CODES = [
	'recorderStateChange',
	'networkStatusChange',
	'appStateChange',
	'consentStatusChanged',
	'recordingMetadataChanged',
	'deeplinkReceived',
	'deeplinkConsumed',
	'userAuthStatusChanged',
];
/** The connections listing's filter accepts more platforms than connections report. */
const INTEGRATION_PLATFORM_FILTER = [
	'MERGE',
	'SIRO_CUSTOM_INPUT',
	'SERVICE_TITAN',
	'COMPANY_CAM',
	'INGAGE',
	'LEAD_PERFECTION',
	'SPOTIO',
	'SALESFORCE',
	'SOLUTION_VIEW',
	'CALENDAR_ONLY',
	'AUTHENTICOM',
	'FORTELLIS',
	'YARDI_SENIOR_HOUSING',
	'FUNNEL',
	'KNOCK',
];
const SHOW_OPTIONS = [
	'showCrmLinks',
	'showSummary',
	'showEntityExtractions',
	'showEvaluationScore',
	'showFollowups',
];
const MAX_PAGE_SIZE = 1000;

const byCreatedAt = (item) => [item.createdAt, item.id];
const LISTINGS = {
	users: createListing({ name: 'users', keyOf: byCreatedAt }),
	mobileEvents: createListing({ name: 'mobileEvents', keyOf: byCreatedAt }),
	recordings: createListing({ name: 'recordings', keyOf: byCreatedAt, descending: true }),
};

const json = (status, body, headers) => ({ status, body, headers });
const notFound = (what) => json(404, { error: `${what} not found` });
const invalidQuery = (issues) => json(422, zodErrorBody(issues));

/** Reads the query with `spec`, plus `cursor` of `listing` and `pageSize`; → { values } or { reply }. */
function readListQuery(query, spec, listing, defaultPageSize) {
	const parsed = parseQuery(query, {
		...spec,
		cursor: read.string(),
		pageSize: read.integer({ min: 1, max: MAX_PAGE_SIZE }),
	});
	if (parsed.issues) return { reply: invalidQuery(parsed.issues) };
	const { values } = parsed;
	if (values.cursor !== undefined) {
		const { key, issue } = listing.readCursor(values.cursor);
		if (issue) return { reply: invalidQuery([issue]) };
		values.afterKey = key;
	}
	if (values.pageSize === undefined) values.pageSize = defaultPageSize;
	return { values };
}

// ---------------------------------------------------------------------------------------------
// Platform API
// ---------------------------------------------------------------------------------------------

function listConversationConfigurations({ query, caller, store }) {
	const organizationId = query.organizationId;
	if (typeof organizationId !== 'string' || organizationId === '')
		return invalidQuery([requiredIssue('organizationId')]);
	if (!(store.memberships[caller.userId] || []).includes(organizationId))
		return json(403, { error: 'Forbidden: user is not a member or admin of this organization' });
	return json(200, { data: store.configurationsByOrg[organizationId] || [] });
}

/** Utterances page by a 1-indexed page number; bad paging values answer 400 {error}, as documented. */
function getUtterances({ params, query, caller, store }) {
	const recording = store.recordings.find((entry) => entry.id === params.id);
	if (!recording) return notFound('Recording');
	if (!(store.memberships[caller.userId] || []).includes(recording.organizationId))
		return json(403, { error: 'Forbidden: user does not have access to this recording' });
	const positive = (name, fallback) => {
		const value = query[name];
		if (value === undefined) return fallback;
		return typeof value === 'string' && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null;
	};
	const page = positive('cursor', 1);
	const pageSize = positive('pageSize', 100000);
	if (page === null)
		return json(400, { error: 'Invalid cursor: expected a page number starting at 1' });
	if (pageSize === null)
		return json(400, { error: 'Invalid pageSize: expected a positive whole number' });
	const transcript = store.utterancesByRecording[recording.id];
	const start = (page - 1) * pageSize;
	return json(200, {
		data: {
			utterances: transcript.utterances.slice(start, start + pageSize),
			isLowDataMode: transcript.isLowDataMode,
			speakerMap: transcript.speakerMap,
		},
		pageSize,
		cursor: start + pageSize < transcript.utterances.length ? page + 1 : null,
	});
}

// ---------------------------------------------------------------------------------------------
// External API
// ---------------------------------------------------------------------------------------------

function getCallerIdentity({ caller }) {
	const {
		tokenId,
		tokenName,
		organizationId,
		authorizedOrgGroupId,
		parentOrgGroupTokenId,
		createdAt,
		createdBy,
	} = caller;
	return json(200, {
		tokenId,
		tokenName,
		organizationId,
		authorizedOrgGroupId,
		parentOrgGroupTokenId,
		createdAt,
		createdBy,
	});
}

const isSiroEmail = (email) => typeof email === 'string' && /@siro\.ai$/i.test(email);

function listUsers({ query, caller, store }) {
	const { values, reply } = readListQuery(
		query,
		{ disabled: read.flag(), excludeSiroUsers: read.flag(), externalId: read.string() },
		LISTINGS.users,
		100,
	);
	if (reply) return reply;
	const matching = store.users.filter(
		(user) =>
			user.organizationId === caller.organizationId &&
			(values.disabled === undefined || user.disabled === values.disabled) &&
			(!values.excludeSiroUsers || !isSiroEmail(user.email)) &&
			(values.externalId === undefined || user.externalId === values.externalId),
	);
	const { items, cursor } = LISTINGS.users.page(LISTINGS.users.sort(matching), values);
	return json(200, { data: items, cursor });
}

/** Something of another organization is "not found", as Siro says of connections. */
function findInOrganization(list, id, caller) {
	return list.find((entry) => entry.id === id && entry.organizationId === caller.organizationId);
}

function getUser({ params, caller, store }) {
	const user = findInOrganization(store.users, params.id, caller);
	return user ? json(200, user) : notFound('User');
}

function listIntegrationConnections({ query, caller, store }) {
	const parsed = parseQuery(query, {
		integrationPlatform: read.enumeration(INTEGRATION_PLATFORM_FILTER),
	});
	if (parsed.issues) return invalidQuery(parsed.issues);
	const { integrationPlatform } = parsed.values;
	const data = store.integrationConnections.filter(
		(connection) =>
			connection.organizationId === caller.organizationId &&
			(integrationPlatform === undefined || connection.integrationPlatform === integrationPlatform),
	);
	return json(200, { data, cursor: null });
}

/** The excerpt documents this 404 as text/plain. */
function getIntegrationConnection({ params, caller, store }) {
	const connection = findInOrganization(store.integrationConnections, params.id, caller);
	if (connection) return json(200, connection);
	return {
		status: 404,
		contentType: 'text/plain; charset=utf-8',
		text: 'Integration connection not found or you do not have permission to view it.',
	};
}

/** Consecutive events of one upload batch share an inner array, as the document's array of arrays. */
function nestByBatch(events, batchOf) {
	const nested = [];
	let previousBatch;
	for (const event of events) {
		const batch = batchOf.get(event.id);
		if (nested.length === 0 || batch !== previousBatch) nested.push([]);
		nested[nested.length - 1].push(event);
		previousBatch = batch;
	}
	return nested;
}

function listMobileEvents({ query, caller, store, settings }) {
	const { values, reply } = readListQuery(
		query,
		{
			createdAtGt: read.isoDateTime(),
			createdAtLt: read.isoDateTime(),
			eventCode: read.enumeration(EVENT_CODES),
			eventCodeIn: read.list({ maxItems: 10 }),
			userId: read.string(),
			recordingId: read.string(),
		},
		LISTINGS.mobileEvents,
		100,
	);
	if (reply) return reply;
	const matching = store.mobileEvents.filter((event) => {
		const createdAtMs = Date.parse(event.createdAt);
		return (
			event.organizationId === caller.organizationId &&
			(values.createdAtGt === undefined || createdAtMs > values.createdAtGt) &&
			(values.createdAtLt === undefined || createdAtMs < values.createdAtLt) &&
			(values.eventCode === undefined || event.eventCode === values.eventCode) &&
			(values.eventCodeIn === undefined || values.eventCodeIn.includes(event.eventCode)) &&
			(values.userId === undefined || event.userId === values.userId) &&
			(values.recordingId === undefined || event.recordingId === values.recordingId)
		);
	});
	const { items, cursor } = LISTINGS.mobileEvents.page(
		LISTINGS.mobileEvents.sort(matching),
		values,
	);
	const data =
		settings.mobileEventsShape === 'flat' ? items : nestByBatch(items, store.mobileEventBatches);
	return json(200, { data, cursor });
}

function getMobileEvent({ params, caller, store }) {
	const event = findInOrganization(store.mobileEvents, params.id, caller);
	return event ? json(200, event) : notFound('Mobile event');
}

/** A recording as the API shows it: the optional parts only when a `show*` option asks. */
function publicRecording(recording, show, detail) {
	const { crm, summary, entityExtractions, evaluationScore, followups, ...base } = recording;
	const shown = { ...base };
	if (show.showCrmLinks && crm) shown.crm = crm;
	if (show.showSummary) shown.summary = summary;
	if (show.showEntityExtractions) shown.entityExtractions = entityExtractions;
	if (show.showEvaluationScore && evaluationScore !== null) shown.evaluationScore = evaluationScore;
	if (show.showFollowups)
		shown.followups =
			detail === 'list'
				? followups.map(({ followupId, score }) => ({ id: followupId, score }))
				: followups;
	return shown;
}

const showReaders = () => Object.fromEntries(SHOW_OPTIONS.map((name) => [name, read.flag()]));

const TIME_WINDOWS = [
	['createdAt:gt', 'createdAt', (value, bound) => value > bound],
	['createdAt:lt', 'createdAt', (value, bound) => value < bound],
	['updatedAt:gte', 'updatedAt', (value, bound) => value >= bound],
	['updatedAt:gt', 'updatedAt', (value, bound) => value > bound],
	['updatedAt:lt', 'updatedAt', (value, bound) => value < bound],
	['updatedAt:lte', 'updatedAt', (value, bound) => value <= bound],
];
const PROCESSING_FLAGS = ['isProcessingDone', 'isEntityExtractionDone', 'isSummaryDone'];

function listRecordings({ query, caller, store }) {
	const { values, reply } = readListQuery(
		query,
		{
			...Object.fromEntries(TIME_WINDOWS.map(([name]) => [name, read.isoDateTime()])),
			...Object.fromEntries(PROCESSING_FLAGS.map((name) => [name, read.flag()])),
			...showReaders(),
		},
		LISTINGS.recordings,
		25,
	);
	if (reply) return reply;
	const matching = store.recordings.filter(
		(recording) =>
			recording.organizationId === caller.organizationId &&
			TIME_WINDOWS.every(
				([name, field, holds]) =>
					values[name] === undefined || holds(Date.parse(recording[field]), values[name]),
			) &&
			PROCESSING_FLAGS.every(
				(flag) => values[flag] === undefined || recording[flag] === values[flag],
			),
	);
	const { items, cursor } = LISTINGS.recordings.page(LISTINGS.recordings.sort(matching), values);
	return json(200, {
		data: items.map((recording) => publicRecording(recording, values, 'list')),
		cursor,
	});
}

function getRecording({ params, query, caller, store }) {
	const parsed = parseQuery(query, showReaders());
	if (parsed.issues) return invalidQuery(parsed.issues);
	const recording = findInOrganization(store.recordings, params.id, caller);
	return recording
		? json(200, publicRecording(recording, parsed.values, 'get'))
		: notFound('Recording');
}

function getRecordingSummaries({ params, caller, store }) {
	const recording = findInOrganization(store.recordings, params.id, caller);
	return recording ? json(200, recording.summary) : notFound('Recording');
}

function mintAccessToken({ params, body, caller, store, settings }) {
	const app = store.oauthApps[params.clientId];
	if (!app || app.organizationId !== caller.organizationId)
		return json(404, { error: 'OAuth app not found' });
	const issues = [];
	const parsed = body && typeof body === 'object' ? body : {};
	for (const field of ['clientSecret', 'userId', 'scope']) {
		if (typeof parsed[field] !== 'string') {
			issues.push({
				code: 'invalid_type',
				expected: 'string',
				received: typeof parsed[field],
				path: [field],
				message: 'Required',
			});
		}
	}
	if (typeof parsed.scope === 'string' && !['read', 'write'].includes(parsed.scope)) {
		issues.push({
			code: 'invalid_enum_value',
			path: ['scope'],
			message: "Invalid enum value. Expected 'read' | 'write'",
		});
	}
	if (issues.length > 0) return invalidQuery(issues);
	if (parsed.clientSecret !== app.clientSecret)
		return json(401, { error: 'Unauthorized: invalid client secret' });
	if (!(store.memberships[parsed.userId] || []).includes(app.organizationId))
		return json(403, { error: 'Forbidden: user does not belong to the OAuth app organization' });
	// The prefix tells a minted token from a pasted one (test/unit/node.siroApi.auth.test.ts checks it).
	const accessToken = `siro-minted-${newSecretToken()}`;
	store.userTokens.set(accessToken, {
		userId: parsed.userId,
		usesLeft: settings.userTokenUseLimit,
	});
	return json(201, { accessTokenId: `oat_${crypto.randomBytes(10).toString('hex')}`, accessToken });
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

const USER_TOKEN = 'userToken';
const ORGANIZATION_TOKEN = 'organizationToken';

const API_ROUTES = [
	{
		name: 'conversationConfigurations',
		method: 'GET',
		api: 'platform',
		auth: USER_TOKEN,
		path: '/v1/core/conversation-configurations',
		handle: listConversationConfigurations,
	},
	{
		name: 'utterances',
		method: 'GET',
		api: 'platform',
		auth: USER_TOKEN,
		path: '/v1/core/recordings/{id}/utterances',
		handle: getUtterances,
	},
	{
		name: 'callerIdentity',
		method: 'GET',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/core/auth/caller-identity',
		handle: getCallerIdentity,
	},
	{
		name: 'users',
		method: 'GET',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/core/users',
		handle: listUsers,
	},
	{
		name: 'user',
		method: 'GET',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/core/users/{id}',
		handle: getUser,
	},
	...USER_WRITE_ROUTES,
	{
		name: 'integrationConnections',
		method: 'GET',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/core/integrations/connections',
		handle: listIntegrationConnections,
	},
	{
		name: 'integrationConnection',
		method: 'GET',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/core/integrations/connections/{id}',
		handle: getIntegrationConnection,
	},
	{
		name: 'mobileEvents',
		method: 'GET',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/core/mobile-events',
		handle: listMobileEvents,
	},
	{
		name: 'mobileEvent',
		method: 'GET',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/core/mobile-events/{id}',
		handle: getMobileEvent,
	},
	{
		name: 'recordings',
		method: 'GET',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/core/recordings',
		handle: listRecordings,
	},
	{
		name: 'recording',
		method: 'GET',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/core/recordings/{id}',
		handle: getRecording,
	},
	{
		name: 'recordingSummaries',
		method: 'GET',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/core/recordings/{id}/summaries',
		handle: getRecordingSummaries,
	},
	{
		name: 'accessToken',
		method: 'POST',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/core/oauth/apps/{clientId}/access-token',
		handle: mintAccessToken,
	},
	...ENGAGEMENT_ROUTES,
];

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/a/{id}/b` under `prefix` → a RegExp with one capture per parameter, and the parameter names. */
function compilePath(prefix, path) {
	const names = [];
	const pattern = escapeRegExp(prefix + path).replace(/\\\{(\w+)\\\}/g, (match, name) => {
		names.push(name);
		return '([^/]+)';
	});
	return { regExp: new RegExp(`^${pattern}$`), names };
}

/**
 * Finds the route for a path: → { route, params, methodAllowed } or null. Path parameters are
 * percent-decoded; one that does not decode gives { route, badParameter: true }.
 * @param {Array<{ name: string, method: string, path: string, prefixes: string[] }>} routes
 */
function createRouter(routes) {
	const compiled = routes.flatMap((route) =>
		route.prefixes.map((prefix) => ({ route, ...compilePath(prefix, route.path) })),
	);
	return function match(method, pathname) {
		let pathMatch = null;
		for (const candidate of compiled) {
			const found = candidate.regExp.exec(pathname);
			if (!found) continue;
			const methodAllowed = candidate.route.method === '*' || candidate.route.method === method;
			if (pathMatch && !methodAllowed) continue;
			const params = {};
			try {
				candidate.names.forEach((name, index) => {
					params[name] = decodeURIComponent(found[index + 1]);
				});
			} catch {
				return { route: candidate.route, badParameter: true };
			}
			pathMatch = { route: candidate.route, params, methodAllowed };
			if (methodAllowed) return pathMatch;
		}
		return pathMatch;
	};
}

const withPrefixes = (route) => ({ ...route, prefixes: API_PREFIXES[route.api] });

module.exports = {
	API_ROUTES: API_ROUTES.map(withPrefixes),
	USER_TOKEN,
	ORGANIZATION_TOKEN,
	createRouter,
};
