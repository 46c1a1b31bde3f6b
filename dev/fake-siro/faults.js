'use strict';
/**
 * Switchable faults: what the fake answers instead of (or on top of) the real answer.
 *
 * `setFault({ kind, route?, times?, …options })` arms one fault: it hits the next `times` requests
 * (default: all) to `route` (a route name, or 'any'; default 'conversationConfigurations'), before
 * the token is checked, as a proxy or an overloaded gateway would. Rate-limit or outage bursts are
 * `rateLimited` / `unavailable` with `times`.
 *
 * Each entry of FAULTS says what its kind does. Plain answers give `status`, `headers`, and `body`
 * (JSON) or `text` + `contentType`, each a value or `(fault, context) => value`. Kinds that play with
 * the connection itself give `respond(fault, context)`; kinds whose whole reply depends on the options
 * give `reply(fault, context)`. Kinds that bend the real answer give
 * `transform(reply, fault, context)`. `check(fault)` returns what is wrong with a fault's options.
 *
 * `context`: { request, response, query, organizationId, sentSecrets: { token, clientSecret },
 *              redirectTargetUrl, configurationsFor(organizationId), cache: Map }
 */
const { buildConfiguration, buildManyConfigurations, DEMO } = require('./fixtures');
const { requestError } = require('./errors');
const { zodErrorBody } = require('./query');

const JSON_TYPE = 'application/json; charset=utf-8';
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const SECRET_SOURCES = ['token', 'clientSecret'];

const retryAfterHeaders = (fault) =>
	fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };

const optionIssue = (fault, name, allowed) =>
	fault[name] === undefined || allowed.includes(fault[name])
		? null
		: `${fault.kind}: "${name}" must be one of ${allowed.join(', ')}`;

const positiveIntegerIssue = (fault, name) =>
	fault[name] === undefined || (Number.isSafeInteger(fault[name]) && fault[name] > 0)
		? null
		: `${fault.kind}: "${name}" must be a positive whole number`;

// ---------------------------------------------------------------------------------------------
// Token echoes: a proxy or a careless API that quotes the credential back in its error
// ---------------------------------------------------------------------------------------------

const ECHO_FILLER =
	'the credential presented to the gateway was not recognised for this organization; check that it was copied completely, that it belongs to this environment and that it has not expired or been revoked. ';
const STRADDLED_CUT = 300;

/** How the echo spells the token. `split` puts it across character 300 of the message and body. */
const ECHO_ENCODINGS = {
	raw: (token) => `Invalid token ${token}`,
	urlencoded: (token) => `Invalid token ${encodeURIComponent(token)}`,
	base64: (token) => `Invalid token ${Buffer.from(token, 'utf8').toString('base64')}`,
	lowercase: (token) => `Invalid token ${token.toLowerCase()}`,
	split: (token) => {
		const start = STRADDLED_CUT - Math.floor(token.length / 2);
		const lead = `Invalid token (${ECHO_FILLER.repeat(3)}`.slice(0, start - 3);
		return `${lead}): ${token}`;
	},
};

function echoedSecret(fault, { sentSecrets }) {
	const secret = fault.secret === 'clientSecret' ? sentSecrets.clientSecret : sentSecrets.token;
	return typeof secret === 'string' ? secret : '';
}

/** The secret alone, spelt as `encoding` says, for a place that holds nothing else (a host name). */
const BARE_ENCODINGS = {
	raw: (secret) => secret,
	urlencoded: (secret) => encodeURIComponent(secret),
	base64: (secret) => Buffer.from(secret, 'utf8').toString('base64url'),
	lowercase: (secret) => secret.toLowerCase(),
	split: (secret) => secret,
};

/**
 * Where the echo goes: `error` {"error": …} (the default), `text` the same words as a text/plain
 * body, `issues` a ZodError whose issue path and message hold it, `location` a 302 (unless `status`
 * says otherwise) whose Location host is the secret itself.
 */
const ECHO_PLACES = {
	error: (fault, words) => ({ body: { error: words } }),
	text: (fault, words) => ({ text: words, contentType: 'text/plain; charset=utf-8' }),
	issues: (fault, words, bare) => ({
		body: zodErrorBody([{ code: 'custom', path: ['clientSecret', bare], message: words }]),
	}),
	location: (fault, words, bare) => ({
		headers: { location: `https://${bare}.evil.example/callback` },
		text: 'Redirecting',
		contentType: 'text/plain; charset=utf-8',
	}),
};

function echoReply(fault, context) {
	const secret = echoedSecret(fault, context);
	const encoding = fault.encoding || 'raw';
	const place = fault.in || 'error';
	const defaultStatus = place === 'location' ? 302 : 401;
	return {
		status: fault.status === undefined ? defaultStatus : fault.status,
		headers: {},
		...ECHO_PLACES[place](
			fault,
			ECHO_ENCODINGS[encoding](secret),
			BARE_ENCODINGS[encoding](secret),
		),
	};
}

// ---------------------------------------------------------------------------------------------
// Connection games: dripping, stalling, huge bodies
// ---------------------------------------------------------------------------------------------

/** 200 headers at once, then one space every `intervalMs` for `durationMs`, then a tiny list. */
function drip(fault, { response }) {
	const intervalMs = fault.intervalMs === undefined ? 500 : fault.intervalMs;
	const durationMs = fault.durationMs === undefined ? 30000 : fault.durationMs;
	response.writeHead(200, { 'content-type': JSON_TYPE });
	response.flushHeaders();
	const startedAt = Date.now();
	const timer = setInterval(() => {
		if (Date.now() - startedAt >= durationMs) {
			clearInterval(timer);
			response.end('{"data":[],"cursor":null}');
		} else {
			response.write(' ');
		}
	}, intervalMs);
	response.on('close', () => clearInterval(timer));
}

/** 200 headers, then nothing at all until the client gives up or the server closes. */
function stallAfterHeaders(fault, { response }) {
	response.writeHead(200, { 'content-type': JSON_TYPE });
	response.flushHeaders();
}

const HUGE_BODY_HEAD = '{"data":[],"cursor":null,"padding":"';
const HUGE_BODY_TAIL = '"}';
const HUGE_BODY_CHUNK = 'x'.repeat(64 * 1024);

/** Valid JSON of exactly `bytes` bytes (default 50 MB), written chunk by chunk as the socket drains. */
function hugeBody(fault, { response }) {
	const bytes = fault.bytes === undefined ? 50 * 1024 * 1024 : fault.bytes;
	let remaining = bytes - HUGE_BODY_HEAD.length - HUGE_BODY_TAIL.length;
	response.writeHead(200, {
		'content-type': JSON_TYPE,
		...(fault.chunked ? {} : { 'content-length': String(bytes) }),
	});
	response.write(HUGE_BODY_HEAD);
	const pump = () => {
		while (remaining > 0 && !response.destroyed) {
			const piece =
				remaining >= HUGE_BODY_CHUNK.length ? HUGE_BODY_CHUNK : HUGE_BODY_CHUNK.slice(0, remaining);
			remaining -= piece.length;
			if (!response.write(piece)) {
				response.once('drain', pump);
				return;
			}
		}
		if (!response.destroyed) response.end(HUGE_BODY_TAIL);
	};
	pump();
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

const FAULTS = {
	badRequest: { status: 400, body: { error: 'Invalid organizationId parameter' } },
	unauthorized: { status: 401, body: { error: 'Unauthorized: invalid or expired token' } },
	forbidden: {
		status: 403,
		body: { error: 'Forbidden: user does not have access to this organization' },
	},
	notFound: { status: 404, body: { error: 'Not Found' } },
	zodError: {
		status: 422,
		body: zodErrorBody([
			{
				code: 'invalid_type',
				expected: 'string',
				received: 'undefined',
				path: ['organizationId'],
				message: 'Required',
			},
		]),
	},
	/** Retry-After only when `retryAfter` (seconds or an HTTP date) is given. */
	rateLimited: { status: 429, headers: retryAfterHeaders, body: { error: 'Too many requests' } },
	serverError: { status: 500, body: { error: 'Internal server error' } },
	/** Honours `retryAfter` too. */
	unavailable: { status: 503, headers: retryAfterHeaders, body: { error: 'Service unavailable' } },
	/** The socket is destroyed without an answer. */
	reset: { respond: (fault, { request }) => request.socket.destroy() },
	/** No answer ever arrives (close() still ends it). */
	hang: { respond: () => {} },
	invalidJson: {
		status: 200,
		contentType: 'application/json',
		text: '{"data": [ {"id": "truncated',
	},
	/** What a wrong Base URL pointing at a web app answers. */
	htmlPage: {
		status: 200,
		contentType: 'text/html; charset=utf-8',
		text: '<!doctype html><html><body>Siro</body></html>',
	},
	wrongShapeDataObject: { status: 200, body: { data: {} } },
	wrongShapeItems: { status: 200, body: { items: [] } },
	/** A configuration without its conversationType. */
	wrongShapeMissingFields: {
		status: 200,
		body: (fault, { organizationId }) => ({
			data: [{ id: `${organizationId}-x`, displayName: 'No Type', orgId: organizationId }],
		}),
	},
	emptyList: { status: 200, body: { data: [], cursor: null } },
	/** `count` configurations (default 10,000). */
	manyConfigurations: {
		status: 200,
		contentType: JSON_TYPE,
		check: (fault) => positiveIntegerIssue(fault, 'count'),
		text: (fault, { organizationId, cache }) => {
			const count = fault.count === undefined ? 10000 : fault.count;
			const cacheKey = `manyConfigurations:${organizationId}:${count}`;
			if (!cache.has(cacheKey))
				cache.set(
					cacheKey,
					JSON.stringify({ data: buildManyConfigurations(organizationId, count) }),
				);
			return cache.get(cacheKey);
		},
	},
	/** The normal list plus a different UUID under an existing display name. */
	duplicateNames: {
		status: 200,
		body: (fault, { organizationId, configurationsFor }) => ({
			data: [
				...configurationsFor(organizationId),
				buildConfiguration({
					ownerId: organizationId,
					orgId: organizationId,
					conversationType: DEMO.duplicateConversationType,
					displayName: DEMO.duplicatedDisplayName,
				}),
			],
		}),
	},
	/** `status` (default 302; 301, 303, 307, 308 too) to `location` (default: the fake's redirect target). */
	redirect: {
		check: (fault) => optionIssue(fault, 'status', REDIRECT_STATUSES),
		status: (fault) => (fault.status === undefined ? 302 : fault.status),
		headers: (fault, { redirectTargetUrl }) => ({
			location: fault.location === undefined ? redirectTargetUrl : fault.location,
		}),
		contentType: 'text/plain; charset=utf-8',
		text: 'Redirecting',
	},
	/** One byte every `intervalMs` (default 500) for `durationMs` (default 30,000). */
	drip: {
		check: (fault) =>
			positiveIntegerIssue(fault, 'intervalMs') || positiveIntegerIssue(fault, 'durationMs'),
		respond: drip,
	},
	stallAfterHeaders: { respond: stallAfterHeaders },
	/**
	 * `status` (default 401) {"error":"Invalid token <token>"}: the token the request carried (or, with
	 * `secret: 'clientSecret'`, the client secret in its body), spelt as `encoding` says, put where
	 * `in` says (see ECHO_PLACES).
	 */
	echoToken: {
		check: (fault) =>
			optionIssue(fault, 'encoding', Object.keys(ECHO_ENCODINGS)) ||
			optionIssue(fault, 'secret', SECRET_SOURCES) ||
			optionIssue(fault, 'in', Object.keys(ECHO_PLACES)),
		reply: echoReply,
	},
	/** 200 JSON of `bytes` bytes (default 50 MB), streamed; `chunked: true` leaves out Content-Length. */
	hugeBody: {
		check: (fault) =>
			fault.bytes === undefined ||
			(Number.isSafeInteger(fault.bytes) &&
				fault.bytes >= HUGE_BODY_HEAD.length + HUGE_BODY_TAIL.length)
				? null
				: `hugeBody: "bytes" must be a whole number of at least ${HUGE_BODY_HEAD.length + HUGE_BODY_TAIL.length}`,
		respond: hugeBody,
	},
	/** The real page, but its `cursor` is the one the request sent (a server that repeats itself). */
	repeatedCursor: {
		transform: (reply, fault, { query }) =>
			reply.status === 200 && reply.body && typeof query.cursor === 'string'
				? { ...reply, body: { ...reply.body, cursor: query.cursor } }
				: reply,
	},
};

const FAULT_KINDS = Object.freeze(Object.keys(FAULTS));

/** Throws when the fault's kind or options make no sense (route names are checked by the server). */
function checkFault(fault) {
	if (!fault || typeof fault !== 'object')
		throw requestError(400, 'A fault is an object: { kind, route?, times?, … }');
	const entry = Object.prototype.hasOwnProperty.call(FAULTS, fault.kind)
		? FAULTS[fault.kind]
		: undefined;
	if (!entry)
		throw requestError(
			400,
			`Unknown fault kind "${fault.kind}" (known: ${FAULT_KINDS.join(', ')})`,
		);
	const issue = positiveIntegerIssue(fault, 'times') || (entry.check && entry.check(fault));
	if (issue) throw requestError(400, issue);
}

const isTransformFault = (fault) => Boolean(FAULTS[fault.kind].transform);

/**
 * The answer a (non-transform) fault gives, as a reply { status, headers, body | text, contentType },
 * or null when the fault deals with the connection itself (it already has).
 */
function faultReply(fault, context) {
	const entry = FAULTS[fault.kind];
	if (entry.respond) {
		entry.respond(fault, context);
		return null;
	}
	if (entry.reply) return entry.reply(fault, context);
	const valueOf = (field) =>
		typeof entry[field] === 'function' ? entry[field](fault, context) : entry[field];
	const reply = { status: valueOf('status'), headers: valueOf('headers') || {} };
	if (entry.text !== undefined)
		return { ...reply, text: valueOf('text'), contentType: valueOf('contentType') };
	return { ...reply, body: valueOf('body') };
}

function transformReply(reply, fault, context) {
	return FAULTS[fault.kind].transform(reply, fault, context);
}

module.exports = {
	FAULT_KINDS,
	checkFault,
	isTransformFault,
	faultReply,
	transformReply,
};
