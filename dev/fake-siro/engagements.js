'use strict';
/**
 * Appointments in the fake Siro, as Siro keeps them: engagements synced by External ID (a second sync
 * updates, never duplicates; `deletedAt` cancels), their reps matched to users by e-mail (an unknown
 * e-mail is kept, unmatched, as Siro does), the engagement-user listing with its paging,
 * opportunities, and a recording's CRM link (link/unlink). A recording that starts is matched to an
 * engagement as Siro does it: by the record link's Engagement CRM object (its External ID, with the
 * integration connection), or else by the rep and the time (see matchRecording).
 *
 * Each route: the same shape as routes.js's (name, method, api, auth, path, handle).
 */
const { runtimeIds } = require('./random');
const { createListing, parseQuery, read, zodErrorBody } = require('./query');

const ACTIVITY_TYPES = [
	'MEETING',
	'CALL',
	'APPOINTMENT',
	'EMAIL',
	'TEXT',
	'EVENT',
	'SIRO_EVENT',
	'SIRO_BOT_RECORDING',
];
const LINK_DATA_TYPES = ['ACCOUNT', 'LEAD', 'OPPORTUNITY', 'ENGAGEMENT', 'CONTACT'];
/** Siro's matching by rep and time: a recording started this long before an appointment still counts. */
const EARLY_START_MS = 30 * 60 * 1000;
const MAX_PAGE_SIZE = 1000;

const engagementUsersListing = createListing({
	name: 'engagementUsers',
	keyOf: (link) => [link.createdAt, link.id],
});

const json = (status, body) => ({ status, body });
const own = (object, key) =>
	object && typeof object === 'object' && Object.prototype.hasOwnProperty.call(object, key)
		? object[key]
		: undefined;
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
// Date.now(), so that a test moving the clock moves Siro's timestamps with it.
const nowIso = () => new Date(Date.now()).toISOString();

const issue = (path, message, code = 'custom') => ({ code, path, message });
const typeIssue = (path, expected, value) => ({
	code: 'invalid_type',
	expected,
	received: value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value,
	path,
	message: value === undefined ? 'Required' : `Expected ${expected}, received ${typeof value}`,
});

/** The integration connection the organization's API syncs land in: its Siro Custom Input one. */
function connectionFor(store, organizationId) {
	const connections = store.integrationConnections.filter(
		(connection) => connection.organizationId === organizationId,
	);
	const custom = connections.find(
		(connection) => connection.integrationPlatform === 'SIRO_CUSTOM_INPUT',
	);
	return (custom || connections[0] || { id: null }).id;
}

/** The organization's user with this e-mail: exact first, else the only one differing in case. */
function userByEmail(store, organizationId, email) {
	if (typeof email !== 'string') return undefined;
	const members = store.users.filter((user) => user.organizationId === organizationId);
	const exact = members.filter((user) => user.email === email);
	if (exact.length === 1) return exact[0];
	const folded = members.filter(
		(user) => typeof user.email === 'string' && user.email.toLowerCase() === email.toLowerCase(),
	);
	return folded.length === 1 ? folded[0] : undefined;
}

/** Siro's zod-style check of the sync body: the issues, as a 422 lists them. */
function engagementIssues(body) {
	if (!isObject(body)) return [typeIssue([], 'object', body)];
	const issues = [];
	const externalId = own(body, 'externalId');
	if (typeof externalId !== 'string' || externalId === '')
		issues.push(typeIssue(['externalId'], 'string', externalId));
	for (const key of ['startTime', 'endTime', 'deletedAt', 'remoteCreatedAt', 'remoteUpdatedAt']) {
		const value = own(body, key);
		if (value !== undefined && value !== null && Number.isNaN(Date.parse(value)))
			issues.push(issue([key], 'Invalid datetime', 'invalid_string'));
	}
	const type = own(body, 'engagementType');
	if (type !== undefined && type !== null) {
		if (typeof own(type, 'name') !== 'string')
			issues.push(typeIssue(['engagementType', 'name'], 'string', own(type, 'name')));
		if (!ACTIVITY_TYPES.includes(own(type, 'activityType')))
			issues.push(
				issue(['engagementType', 'activityType'], 'Invalid enum value', 'invalid_enum_value'),
			);
	}
	const users = own(body, 'engagementUsers');
	if (users !== undefined) {
		if (!Array.isArray(users)) issues.push(typeIssue(['engagementUsers'], 'array', users));
		else
			users.forEach((user, index) => {
				if (typeof own(user, 'externalId') !== 'string')
					issues.push(
						typeIssue(['engagementUsers', index, 'externalId'], 'string', own(user, 'externalId')),
					);
			});
	}
	return issues;
}

/** The engagement's reps: each matched to a user by e-mail, or kept unmatched (userId null). */
function syncEngagementUsers(store, engagement, given) {
	const at = nowIso();
	engagement.engagementUsers = given.map((user) => {
		const match = userByEmail(store, engagement.organizationId, own(user, 'email'));
		return {
			externalId: own(user, 'externalId'),
			email: own(user, 'email') ?? null,
			name: own(user, 'name') ?? null,
			shareOfSale: own(user, 'shareOfSale') ?? null,
			deletedAt: own(user, 'deletedAt') ?? null,
			userId: match ? match.id : null,
		};
	});
	const userIds = new Set(
		engagement.engagementUsers
			.filter((user) => user.userId && !user.deletedAt)
			.map((user) => user.userId),
	);
	const kept = store.engagementUsers.filter(
		(link) => link.engagementId !== engagement.id || userIds.has(link.userId),
	);
	for (const userId of userIds) {
		if (kept.some((link) => link.engagementId === engagement.id && link.userId === userId))
			continue;
		const user = store.users.find((entry) => entry.id === userId);
		kept.push({
			id: runtimeIds.uuid(),
			engagementId: engagement.id,
			userId,
			organizationId: engagement.organizationId,
			createdAt: at,
			updatedAt: at,
			integrationConnectionId: engagement.integrationConnectionId,
			name: `${user.firstName} ${user.lastName}`,
		});
	}
	store.engagementUsers.splice(0, store.engagementUsers.length, ...kept);
}

const SCALAR_FIELDS = [
	'direction',
	'content',
	'subject',
	'startTime',
	'startTimeLocalized',
	'endTime',
	'remoteCreatedAt',
	'remoteUpdatedAt',
	'deletedAt',
	'engagementTypeId',
];

/** Upsert by External ID within the organization: what is given replaces, what is not stays. */
function syncEngagement({ body, caller, store }) {
	const issues = engagementIssues(body);
	if (issues.length > 0) return json(422, zodErrorBody(issues));
	const at = nowIso();
	let engagement = store.engagements.find(
		(entry) =>
			entry.organizationId === caller.organizationId && entry.externalId === body.externalId,
	);
	if (!engagement) {
		engagement = {
			id: runtimeIds.uuid(),
			externalId: body.externalId,
			organizationId: caller.organizationId,
			integrationConnectionId: connectionFor(store, caller.organizationId),
			engagementType: 'APPOINTMENT',
			direction: null,
			subject: null,
			content: null,
			startTime: null,
			startTimeLocalized: null,
			endTime: null,
			remoteCreatedAt: null,
			remoteUpdatedAt: null,
			deletedAt: null,
			engagementTypeId: null,
			recordingId: null,
			opportunityId: null,
			accountId: null,
			account: null,
			createdAt: at,
			updatedAt: at,
			engagementUsers: [],
		};
		store.engagements.push(engagement);
	}
	for (const key of SCALAR_FIELDS) {
		const value = own(body, key);
		if (value === undefined) continue;
		engagement[key] =
			value !== null && /Time$|At$/.test(key) && key !== 'startTimeLocalized'
				? new Date(Date.parse(value)).toISOString()
				: value;
	}
	const type = own(body, 'engagementType');
	if (isObject(type)) engagement.engagementType = type.name;
	const account = own(body, 'account');
	if (isObject(account)) {
		engagement.account = { id: engagement.accountId || runtimeIds.uuid(), ...account };
		engagement.accountId = engagement.account.id;
	}
	const opportunity = own(body, 'opportunity');
	if (isObject(opportunity))
		engagement.opportunityId = upsertOpportunity(store, caller, opportunity).id;
	const users = own(body, 'engagementUsers');
	if (Array.isArray(users)) syncEngagementUsers(store, engagement, users);
	engagement.updatedAt = at;
	return json(200, { data: engagement });
}

function getEngagement({ params, caller, store }) {
	const engagement = store.engagements.find(
		(entry) => entry.id === params.id && entry.organizationId === caller.organizationId,
	);
	return engagement ? json(200, engagement) : json(404, { error: 'Engagement not found' });
}

/** Siro documents a bare array; the fake pages it with the `{ data, cursor }` envelope of its other listings. */
function listEngagementUsers({ query, caller, store }) {
	const parsed = parseQuery(query, {
		engagementId: read.string(),
		userId: read.string(),
		cursor: read.string(),
		pageSize: read.integer({ min: 1, max: MAX_PAGE_SIZE }),
	});
	if (parsed.issues) return json(422, zodErrorBody(parsed.issues));
	const { values } = parsed;
	if (values.cursor !== undefined) {
		const { key, issue: cursorIssue } = engagementUsersListing.readCursor(values.cursor);
		if (cursorIssue) return json(422, zodErrorBody([cursorIssue]));
		values.afterKey = key;
	}
	const matching = store.engagementUsers.filter(
		(link) =>
			link.organizationId === caller.organizationId &&
			(values.engagementId === undefined || link.engagementId === values.engagementId) &&
			(values.userId === undefined || link.userId === values.userId),
	);
	const { items, cursor } = engagementUsersListing.page(engagementUsersListing.sort(matching), {
		afterKey: values.afterKey,
		pageSize: values.pageSize || 100,
	});
	return json(200, { data: items, cursor });
}

function upsertOpportunity(store, caller, body) {
	const at = nowIso();
	let opportunity = store.opportunities.find(
		(entry) =>
			entry.organizationId === caller.organizationId && entry.externalId === body.externalId,
	);
	if (!opportunity) {
		opportunity = {
			id: runtimeIds.uuid(),
			externalId: body.externalId,
			organizationId: caller.organizationId,
			createdAt: at,
			recordingId: null,
			accountId: null,
			account: null,
			opportunityUsers: [],
		};
		store.opportunities.push(opportunity);
	}
	for (const key of [
		'name',
		'amount',
		'closedAt',
		'disposition',
		'deletedAt',
		'remoteCreatedAt',
		'lastActivityAt',
	]) {
		if (own(body, key) !== undefined) opportunity[key] = body[key];
	}
	opportunity.updatedAt = at;
	return opportunity;
}

function syncOpportunity({ body, caller, store }) {
	if (!isObject(body) || typeof own(body, 'externalId') !== 'string' || body.externalId === '')
		return json(422, zodErrorBody([typeIssue(['externalId'], 'string', own(body, 'externalId'))]));
	if (own(body, 'disposition') !== undefined && !['OPEN', 'LOST', 'WON'].includes(body.disposition))
		return json(
			422,
			zodErrorBody([issue(['disposition'], 'Invalid enum value', 'invalid_enum_value')]),
		);
	return json(200, { data: upsertOpportunity(store, caller, body) });
}

/** The link body's rules as Siro enforces them: → { issues } or { target }. */
function readLinkBody(body) {
	if (!isObject(body)) return { issues: [typeIssue([], 'object', body)] };
	const issues = [];
	if (!LINK_DATA_TYPES.includes(own(body, 'dataType')))
		issues.push(issue(['dataType'], 'Invalid enum value', 'invalid_enum_value'));
	const id = own(body, 'id');
	const externalId = own(body, 'externalId');
	const connection = own(body, 'integrationConnectionId');
	if ((id === undefined) === (externalId === undefined))
		issues.push(issue([], 'Send exactly one of id or externalId'));
	if (externalId !== undefined && (typeof connection !== 'string' || connection === ''))
		issues.push(
			issue(['integrationConnectionId'], 'integrationConnectionId is required with externalId'),
		);
	return issues.length > 0
		? { issues }
		: { target: { dataType: body.dataType, id, externalId, connection } };
}

/** The recording the token's user may change: → { recording } or { reply }. */
function recordingForUser({ params, caller, store }) {
	const recording = store.recordings.find((entry) => entry.id === params.id);
	if (!recording) return { reply: json(404, { error: 'Recording not found' }) };
	if (!(store.memberships[caller.userId] || []).includes(recording.organizationId))
		return {
			reply: json(403, { error: 'Forbidden: user does not have access to this recording' }),
		};
	return { recording };
}

function findEngagementTarget(store, recording, target) {
	return store.engagements.find(
		(entry) =>
			entry.organizationId === recording.organizationId &&
			(target.id !== undefined
				? entry.id === target.id
				: entry.externalId === target.externalId &&
					entry.integrationConnectionId === target.connection),
	);
}

const CRM_SLOT = {
	ACCOUNT: 'account',
	LEAD: 'lead',
	OPPORTUNITY: 'opportunity',
	ENGAGEMENT: 'engagement',
	CONTACT: 'contacts',
};

function setRecordingId(store, engagement, recordingId) {
	for (const other of store.engagements) {
		if (other !== engagement && other.recordingId === recordingId) {
			other.recordingId = null;
			other.updatedAt = nowIso();
		}
	}
	engagement.recordingId = recordingId;
	engagement.updatedAt = nowIso();
}

/** Siro replaces the recording's earlier links with this one. */
function linkRecording(context) {
	const { recording, reply } = recordingForUser(context);
	if (reply) return reply;
	const { issues, target } = readLinkBody(context.body);
	if (issues) return json(422, zodErrorBody(issues));
	const { store } = context;
	let linked = { id: target.id || runtimeIds.uuid(), externalId: target.externalId || null };
	if (target.dataType === 'ENGAGEMENT') {
		const engagement = findEngagementTarget(store, recording, target);
		if (!engagement) return json(404, { error: 'Engagement not found' });
		setRecordingId(store, engagement, recording.id);
		linked = { id: engagement.id, externalId: engagement.externalId, name: engagement.subject };
	}
	const slot = CRM_SLOT[target.dataType];
	recording.crm = {
		integrationConnectionId:
			target.connection || (recording.crm && recording.crm.integrationConnectionId) || null,
		users: [],
		[slot]: slot === 'contacts' ? [linked] : linked,
	};
	recording.updatedAt = nowIso();
	return json(200, { data: { ...linked, lastActivityAt: recording.updatedAt } });
}

function unlinkRecording(context) {
	const { recording, reply } = recordingForUser(context);
	if (reply) return reply;
	const { issues, target } = readLinkBody(context.body);
	if (issues) return json(422, zodErrorBody(issues));
	const { store } = context;
	if (target.dataType === 'ENGAGEMENT') {
		const engagement = findEngagementTarget(store, recording, target);
		if (engagement && engagement.recordingId === recording.id) {
			engagement.recordingId = null;
			engagement.updatedAt = nowIso();
		}
	}
	const slot = CRM_SLOT[target.dataType];
	if (recording.crm && recording.crm[slot]) {
		delete recording.crm[slot];
		recording.updatedAt = nowIso();
	}
	return json(200, { data: true });
}

/**
 * Siro's matching of a recording that just started to an appointment: the record link's Engagement
 * CRM object (External ID, with the link's integration connection) when it has one; else the rep
 * and the time: an engagement of that rep, not cancelled nor recorded yet, whose time the recording
 * starts in (from EARLY_START_MS before its start to its end), the nearest start first.
 * @param {object} store  @param {object} recording  @param {Record<string, string> | undefined} link
 */
function matchRecording(store, recording, link) {
	const connection = link && link.integrationConnectionId;
	let objects = [];
	try {
		objects = link && link.crmObjects ? JSON.parse(link.crmObjects) : [];
	} catch {
		objects = [];
	}
	const byLink = (Array.isArray(objects) ? objects : [])
		.filter((object) => object && object.objectType === 'Engagement')
		.map((object) =>
			store.engagements.find(
				(entry) =>
					entry.organizationId === recording.organizationId &&
					entry.externalId === object.objectId &&
					entry.integrationConnectionId === connection &&
					!entry.deletedAt,
			),
		)
		.find(Boolean);
	if (byLink) return setRecordingId(store, byLink, recording.id);
	const startedMs = Date.parse(recording.createdAt);
	const repsEngagements = new Set(
		store.engagementUsers
			.filter((entry) => entry.userId === recording.userId)
			.map((entry) => entry.engagementId),
	);
	const candidates = store.engagements
		.filter(
			(entry) =>
				repsEngagements.has(entry.id) &&
				!entry.deletedAt &&
				!entry.recordingId &&
				entry.startTime &&
				entry.endTime &&
				startedMs >= Date.parse(entry.startTime) - EARLY_START_MS &&
				startedMs <= Date.parse(entry.endTime),
		)
		.sort(
			(left, right) =>
				Math.abs(Date.parse(left.startTime) - startedMs) -
				Math.abs(Date.parse(right.startTime) - startedMs),
		);
	if (candidates.length > 0) setRecordingId(store, candidates[0], recording.id);
}

/** A recording lifecycle whose started recordings are matched to engagements, as Siro does. */
function withEngagementMatching(lifecycle, store) {
	return {
		...lifecycle,
		start(options) {
			const recording = lifecycle.start(options);
			matchRecording(store, recording, options.link);
			return recording;
		},
	};
}

/** The token names routes.js and server.js check (not imported: routes.js requires this file). */
const ORGANIZATION_TOKEN = 'organizationToken';
const USER_TOKEN = 'userToken';

const ENGAGEMENT_ROUTES = [
	{
		name: 'syncEngagement',
		method: 'PUT',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/integrations/sync/engagements',
		handle: syncEngagement,
	},
	{
		name: 'engagement',
		method: 'GET',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/integrations/engagements/{id}',
		handle: getEngagement,
	},
	{
		name: 'engagementUsers',
		method: 'GET',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/integrations/engagement-users',
		handle: listEngagementUsers,
	},
	{
		name: 'syncOpportunity',
		method: 'PUT',
		api: 'external',
		auth: ORGANIZATION_TOKEN,
		path: '/v1/integrations/sync/opportunities',
		handle: syncOpportunity,
	},
	{
		name: 'recordingLink',
		method: 'PUT',
		api: 'platform',
		auth: USER_TOKEN,
		path: '/v1/core/recordings/{id}/link',
		handle: linkRecording,
	},
	{
		name: 'recordingUnlink',
		method: 'DELETE',
		api: 'platform',
		auth: USER_TOKEN,
		path: '/v1/core/recordings/{id}/link',
		handle: unlinkRecording,
	},
];

module.exports = {
	ENGAGEMENT_ROUTES,
	matchRecording,
	withEngagementMatching,
	// Body-reading helpers the users routes share.
	own,
	isObject,
	nowIso,
	typeIssue,
};
