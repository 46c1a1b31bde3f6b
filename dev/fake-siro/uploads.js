'use strict';
/**
 * Recordings uploaded from elsewhere, as Siro's platform API takes them (user token):
 *   POST /v1/core/recordings/signed-urls {fileType, fileSize} → a signed PUT URL on the storage
 *     stand-in (storage.js), the headers it was signed with, a download URL and the expiry;
 *   POST /v1/core/recordings/upload {fileUrl, fileType, rep, …} → a new recording {data: {id}},
 *     visible to the recordings endpoints with its rep, conversation type and CRM objects.
 * Siro's validation rules for the upload: fileUrl and fileType required; at least one of userId,
 * userEmail, userPhone a non-empty string; integrationConnectionId and crmObjects both or neither;
 * properties not listed rejected. Failures answer 400 with a ZodError-like body.
 *
 * Each route: the same shape as routes.js's (name, method, api, auth, path, handle).
 */
const { parsePhoneNumberFromString } = require('libphonenumber-js/max');

const { crmFromLink } = require('./recordings');
const { zodErrorBody } = require('./query');

const FILE_TYPES = ['mp3', 'aac', 'wav'];
const UPLOAD_FIELDS = [
	'fileUrl',
	'fileType',
	'title',
	'userId',
	'userEmail',
	'userPhone',
	'organizationId',
	'conversationType',
	'integrationConnectionId',
	'crmObjects',
	'contactPhone',
	'contactName',
	'dateCreated',
];
const STRING_FIELDS = UPLOAD_FIELDS.filter((name) => name !== 'crmObjects');
/** The magic numbers the fake checks the stored file against (the type Siro was told). */
const LOOKS_LIKE = {
	wav: (head) =>
		head.subarray(0, 4).toString('latin1') === 'RIFF' &&
		head.subarray(8, 12).toString('latin1') === 'WAVE',
	mp3: (head) =>
		head.subarray(0, 3).toString('latin1') === 'ID3' ||
		(head[0] === 0xff && (head[1] & 0xe6) === 0xe2),
	aac: (head) => head[0] === 0xff && (head[1] & 0xf6) === 0xf0,
};

const json = (status, body) => ({ status, body });
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const own = (object, key) =>
	isObject(object) && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
const issue = (path, message, code = 'custom') => ({ code, path, message });
const badRequest = (issues) => json(400, zodErrorBody(issues));

/** The organization the caller acts in: the one given (a membership), else the first. */
function organizationOf(store, caller, given) {
	const memberships = store.memberships[caller.userId] || [];
	if (given === undefined) return { organizationId: memberships[0] };
	return memberships.includes(given)
		? { organizationId: given }
		: { reply: json(403, { error: 'Forbidden: user is not a member of this organization' }) };
}

function e164(phone) {
	if (typeof phone !== 'string') return undefined;
	const parsed = parsePhoneNumberFromString(phone, 'US');
	return parsed && parsed.isValid() ? parsed.number : undefined;
}

/** The rep: each identifier given must name the same enabled user of the organization. */
function resolveRep(store, organizationId, body) {
	const inOrganization = store.users.filter((user) => user.organizationId === organizationId);
	const found = [];
	if (body.userId !== undefined)
		found.push(['userId', inOrganization.filter((user) => user.id === body.userId)]);
	if (body.userEmail !== undefined) {
		const wanted = body.userEmail.trim().toLowerCase();
		found.push([
			'userEmail',
			inOrganization.filter((user) => (user.email || '').toLowerCase() === wanted),
		]);
	}
	if (body.userPhone !== undefined) {
		const wanted = e164(body.userPhone);
		found.push([
			'userPhone',
			wanted === undefined
				? []
				: inOrganization.filter((user) => e164(user.phoneNumber) === wanted),
		]);
	}
	for (const [name, users] of found) {
		if (users.length === 0) return { reply: json(404, { error: `User not found for ${name}` }) };
		if (users.length > 1)
			return { reply: json(400, { error: `Several users match ${name}; give userId` }) };
	}
	const ids = new Set(found.map(([, users]) => users[0].id));
	if (ids.size > 1)
		return { reply: json(400, { error: 'userId, userEmail and userPhone name different users' }) };
	return { user: found[0][1][0] };
}

function uploadIssues(body) {
	if (!isObject(body)) return [issue([], 'Expected object', 'invalid_type')];
	const issues = [];
	const unknown = Object.keys(body).filter((key) => !UPLOAD_FIELDS.includes(key));
	if (unknown.length > 0)
		issues.push({
			code: 'unrecognized_keys',
			keys: unknown,
			path: [],
			message: `Unrecognized key(s) in object: ${unknown.map((key) => `'${key}'`).join(', ')}`,
		});
	for (const name of STRING_FIELDS) {
		const value = own(body, name);
		if (value !== undefined && typeof value !== 'string')
			issues.push(issue([name], 'Expected string', 'invalid_type'));
	}
	for (const name of ['fileUrl', 'fileType'])
		if (own(body, name) === undefined) issues.push(issue([name], 'Required', 'invalid_type'));
	if (typeof body.fileType === 'string' && !FILE_TYPES.includes(body.fileType))
		issues.push(
			issue(
				['fileType'],
				"Invalid enum value. Expected 'mp3' | 'aac' | 'wav'",
				'invalid_enum_value',
			),
		);
	const nonEmpty = (name) => typeof own(body, name) === 'string' && body[name].trim() !== '';
	if (!['userId', 'userEmail', 'userPhone'].some(nonEmpty))
		issues.push(issue([], 'At least one of userId, userEmail, or userPhone must be provided'));
	const crmObjects = own(body, 'crmObjects');
	if ((own(body, 'integrationConnectionId') === undefined) !== (crmObjects === undefined))
		issues.push(
			issue([], 'integrationConnectionId and crmObjects must both be provided or both omitted'),
		);
	if (crmObjects !== undefined) {
		if (!Array.isArray(crmObjects))
			issues.push(issue(['crmObjects'], 'Expected array', 'invalid_type'));
		else
			crmObjects.forEach((entry, index) => {
				const extra =
					isObject(entry) &&
					Object.keys(entry).some((key) => key !== 'objectType' && key !== 'objectId');
				if (
					!isObject(entry) ||
					typeof entry.objectType !== 'string' ||
					typeof entry.objectId !== 'string' ||
					extra
				)
					issues.push(issue(['crmObjects', index], 'Expected {objectType, objectId}'));
			});
	}
	if (typeof own(body, 'dateCreated') === 'string' && Number.isNaN(Date.parse(body.dateCreated)))
		issues.push(issue(['dateCreated'], 'Invalid datetime', 'invalid_string'));
	return issues;
}

function signedUrls({ body, caller, store, storage }) {
	const issues = [];
	if (!isObject(body)) return badRequest([issue([], 'Expected object', 'invalid_type')]);
	const unknown = Object.keys(body).filter((key) => key !== 'fileType' && key !== 'fileSize');
	if (unknown.length > 0)
		issues.push({
			code: 'unrecognized_keys',
			keys: unknown,
			path: [],
			message: 'Unrecognized key(s) in object',
		});
	if (!FILE_TYPES.includes(own(body, 'fileType')))
		issues.push(
			issue(
				['fileType'],
				"Invalid enum value. Expected 'mp3' | 'aac' | 'wav'",
				'invalid_enum_value',
			),
		);
	const fileSize = own(body, 'fileSize');
	if (!Number.isSafeInteger(fileSize) || fileSize <= 0)
		issues.push(issue(['fileSize'], 'Expected a positive integer', 'invalid_type'));
	if (issues.length > 0) return badRequest(issues);
	const { organizationId } = organizationOf(store, caller, undefined);
	return json(200, {
		data: storage.signUpload({ fileType: body.fileType, fileSize, organizationId }),
	});
}

function createUploadedRecording({ body, caller, store, storage, recordings }) {
	const issues = uploadIssues(body);
	if (issues.length > 0) return badRequest(issues);
	const { organizationId, reply } = organizationOf(store, caller, body.organizationId);
	if (reply) return reply;
	const object = storage.objectAt(body.fileUrl);
	if (!object) return json(400, { error: 'File not found at fileUrl: upload it first' });
	if (object.fileType !== body.fileType || !LOOKS_LIKE[body.fileType](object.head))
		return json(400, { error: `The uploaded file is not ${body.fileType}` });
	const rep = resolveRep(store, organizationId, body);
	if (rep.reply) return rep.reply;
	const configurations = store.configurationsByOrg[organizationId] || [];
	if (
		body.conversationType !== undefined &&
		!configurations.some((entry) => entry.conversationType === body.conversationType)
	)
		return json(400, { error: 'Unknown conversationType for this organization' });
	if (
		body.integrationConnectionId !== undefined &&
		!store.integrationConnections.some(
			(entry) =>
				entry.id === body.integrationConnectionId && entry.organizationId === organizationId,
		)
	)
		return json(400, { error: 'Integration connection not found' });
	const link =
		body.crmObjects === undefined
			? undefined
			: {
					integrationConnectionId: body.integrationConnectionId,
					crmObjects: JSON.stringify(body.crmObjects),
				};
	const createdAtMs = body.dateCreated === undefined ? Date.now() : Date.parse(body.dateCreated);
	const recording = recordings.start({
		user: rep.user,
		title: body.title || `Uploaded recording ${new Date(createdAtMs).toISOString()}`,
		createdAtMs,
		link,
	});
	Object.assign(recording, {
		source: 'upload',
		conversationType: body.conversationType || null,
		fileType: body.fileType,
		fileSize: object.size,
		contactName: body.contactName || null,
		contactPhone: body.contactPhone || null,
		crm: link ? crmFromLink(recording.id, rep.user, link) : recording.crm,
	});
	return json(201, { data: { id: recording.id } });
}

/** The token name routes.js and server.js check (not imported: routes.js requires this file). */
const USER_TOKEN = 'userToken';

const UPLOAD_ROUTES = [
	{
		name: 'recordingSignedUrls',
		method: 'POST',
		api: 'platform',
		auth: USER_TOKEN,
		path: '/v1/core/recordings/signed-urls',
		handle: signedUrls,
	},
	{
		name: 'recordingUpload',
		method: 'POST',
		api: 'platform',
		auth: USER_TOKEN,
		path: '/v1/core/recordings/upload',
		handle: createUploadedRecording,
	},
];

module.exports = { UPLOAD_ROUTES };
