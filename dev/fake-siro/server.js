'use strict';
/**
 * A fake Siro API for tests, benchmarks and `npm start`: a real HTTP server on 127.0.0.1 that
 * answers like the two Siro endpoints this package uses (see shared/reference/siro-openapi-excerpt.json),
 * plus switchable faults. Plain CommonJS with Node built-ins only, so it runs without compiling.
 *
 *   GET  {prefix}/v1/core/conversation-configurations?organizationId=   header x-siro-auth-token
 *   POST {prefix}/v1/core/oauth/apps/{clientId}/access-token            Authorization: Bearer <org API token>
 *
 * Any path prefix is accepted (`/api-internalApi/v1/core/...`, `/api-externalApi/v1/core/...`,
 * `/v1/core/...`), as the real deployments serve the same routes under different bases.
 */
const http = require('http');
const crypto = require('crypto');

const DEMO_CONVERSATION_TYPES = Object.freeze({
	inHomeConsultation: {
		conversationType: '3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10',
		displayName: 'In-Home Consultation',
	},
	followUpVisit: {
		conversationType: '8b1d4e27-9a3c-4f65-b8d2-1c7e9f3a5b42',
		displayName: 'Follow-up Visit',
	},
	virtualAppointment: {
		conversationType: 'c5e7a9b3-2d4f-4a61-8e9c-3b5d7f1a2c64',
		displayName: 'Virtual Appointment',
	},
	serviceCall: {
		conversationType: '6d9f1b35-7e2a-4c83-a5f4-9d1b3e5c7a86',
		displayName: 'Service Call',
	},
	estimateReview: {
		conversationType: 'e2a4c6e8-0b1d-4f3a-9c5e-7a9b1d3f5e08',
		displayName: 'Estimate Review',
	},
});

/** Seeded identities and secrets. Fake values only: they are accepted by this server and nowhere else. */
const DEMO = Object.freeze({
	organizationId: 'demoOrg123',
	organizationName: 'Demo Home Services',
	teamId: 'demoTeamNorth',
	/** An organization the demo user is not a member of: asking for it answers 403. */
	otherOrganizationId: 'otherOrg456',
	userId: 'demoUser001',
	userAccessToken: 'siro-demo-user-token-3b9f0c71d2e84a56',
	organizationApiToken: 'siro-demo-org-api-token-8c41e7a0f93d2b65',
	oauthClientId: 'demo-oauth-client-01',
	oauthClientSecret: 'siro-demo-client-secret-5e2d9a7c1b0f4e38',
	conversationTypes: DEMO_CONVERSATION_TYPES,
	/** The conversationType that also has a team-level configuration (same UUID, same name). */
	teamConversationType: DEMO_CONVERSATION_TYPES.inHomeConsultation.conversationType,
	/** Display name given a second, different UUID by the `duplicateNames` fault. */
	duplicatedDisplayName: DEMO_CONVERSATION_TYPES.followUpVisit.displayName,
	duplicateConversationType: '0f1e2d3c-4b5a-4697-8877-665544332211',
});

const ROUTES = Object.freeze({
	conversationConfigurations: 'conversationConfigurations',
	accessToken: 'accessToken',
	unknown: 'unknown',
});

/**
 * Fault kinds for `setFault({ kind, times, route, retryAfter, count })`.
 * Unless `route` says otherwise a fault hits conversation-configurations requests only.
 */
const FAULT_KINDS = Object.freeze([
	'badRequest', // 400 {error}
	'unauthorized', // 401 {error}
	'forbidden', // 403 {error}
	'notFound', // 404 {error}
	'zodError', // 422 Siro's ZodError body
	'rateLimited', // 429; Retry-After header only when `retryAfter` (seconds or HTTP date) is given
	'serverError', // 500 {error}
	'unavailable', // 503 {error}; honours `retryAfter` too
	'reset', // socket destroyed without a response
	'hang', // the response never arrives (close() still ends it)
	'invalidJson', // 200 with a body that is not JSON
	'htmlPage', // 200 text/html, as a wrong Base URL pointing at a web app would answer
	'wrongShapeDataObject', // 200 {data: {}}
	'wrongShapeItems', // 200 {items: []}
	'wrongShapeMissingFields', // 200 {data: [{…without conversationType}]}
	'emptyList', // 200 {data: []}
	'manyConfigurations', // 200 with `count` (default 10,000) configurations
	'duplicateNames', // the normal list plus a different UUID under an existing display name
]);

function buildExpressions() {
	return [
		{
			title: 'Price',
			identifiers: ['\\bprice\\b', '\\bcost\\b'],
			type: 'KEY_WORD',
			overrideParent: false,
		},
		{
			title: 'Close',
			identifiers: ['sign (the|this) (contract|agreement)'],
			type: 'CLOSE',
			overrideParent: false,
		},
	];
}

function buildDebriefQuestions(conversationType) {
	return [
		{
			id: `${conversationType.slice(0, 8)}-q1`,
			prompt: 'What was the outcome?',
			responseType: 'SELECT_RESPONSE',
			responseConfig: { options: ['Sold', 'Follow-up needed', 'No sale'], dropdown: true },
			sortValue: 1,
		},
		{
			id: `${conversationType.slice(0, 8)}-q2`,
			prompt: 'Next appointment date',
			responseType: 'DATE_RESPONSE',
			responseConfig: { includeTime: true, required: false },
			sortValue: 2,
			includeIf: [{ questionId: `${conversationType.slice(0, 8)}-q1`, value: 'Follow-up needed' }],
		},
	];
}

function buildConfiguration({ ownerId, orgId, teamId, conversationType, displayName }) {
	const configuration = {
		id: `${ownerId}-${conversationType}`,
		conversationType,
		displayName,
		orgId,
		displayBookmarksInDebrief: true,
		expressions: buildExpressions(),
		overrideAllParentExpressions: false,
		debriefQuestions: buildDebriefQuestions(conversationType),
		tagConfigurations: [],
		belongsToConfigGroups: [`${orgId}-default-group`],
		bookmarkGroupIds: [],
		chatBotKnowledgeBaseIds: [],
		halftimeModeEnabled: false,
		summaryPrompts: [
			{ id: `${conversationType.slice(0, 8)}-s1`, prompt: 'Summarize the visit.', promptIndex: 0 },
		],
	};
	if (teamId) configuration.teamId = teamId;
	return configuration;
}

function buildSeedConfigurations() {
	const demoOrgLevel = Object.values(DEMO_CONVERSATION_TYPES).map((type) =>
		buildConfiguration({ ownerId: DEMO.organizationId, orgId: DEMO.organizationId, ...type }),
	);
	// Siro also returns team-level configurations: same conversationType UUID and name as the org's.
	const demoTeamLevel = buildConfiguration({
		ownerId: DEMO.teamId,
		orgId: DEMO.organizationId,
		teamId: DEMO.teamId,
		...DEMO_CONVERSATION_TYPES.inHomeConsultation,
	});
	const otherOrg = buildConfiguration({
		ownerId: DEMO.otherOrganizationId,
		orgId: DEMO.otherOrganizationId,
		conversationType: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
		displayName: 'Site Survey',
	});
	return {
		[DEMO.organizationId]: [...demoOrgLevel, demoTeamLevel],
		[DEMO.otherOrganizationId]: [otherOrg],
	};
}

function buildManyConfigurations(organizationId, count) {
	const configurations = [];
	for (let index = 0; index < count; index++) {
		const hex = index.toString(16).padStart(12, '0');
		const conversationType = `00000000-0000-4000-8000-${hex}`;
		configurations.push(
			buildConfiguration({
				ownerId: organizationId,
				orgId: organizationId,
				conversationType,
				displayName: `Conversation Type ${index + 1}`,
			}),
		);
	}
	return configurations;
}

function zodErrorBody(issues) {
	return { issues, name: 'ZodError' };
}

function splitRoute(pathname) {
	const coreIndex = pathname.indexOf('/v1/core/');
	if (coreIndex === -1) return { route: ROUTES.unknown };
	const rest = pathname.slice(coreIndex);
	if (rest === '/v1/core/conversation-configurations')
		return { route: ROUTES.conversationConfigurations };
	const tokenMatch = /^\/v1\/core\/oauth\/apps\/([^/]+)\/access-token$/.exec(rest);
	if (tokenMatch) return { route: ROUTES.accessToken, clientId: decodeURIComponent(tokenMatch[1]) };
	return { route: ROUTES.unknown };
}

function statusLine(status) {
	return http.STATUS_CODES[status] || 'Unknown';
}

/**
 * Starts the fake server. Resolves once it listens.
 * @param {{ port?: number, seed?: { configurationsByOrg?: Record<string, object[]> } }} [options]
 */
async function startFakeSiro({ port = 0, seed } = {}) {
	/** @type {Record<string, object[]>} */
	const configurationsByOrg = (seed && seed.configurationsByOrg) || buildSeedConfigurations();
	/** @type {Record<string, string[]>} user id → organizations the user is a member or admin of */
	const memberships = { [DEMO.userId]: [DEMO.organizationId] };
	/** @type {Record<string, string>} organization API token → its organization */
	const organizationApiTokens = { [DEMO.organizationApiToken]: DEMO.organizationId };
	/** @type {Record<string, { clientSecret: string, organizationId: string }>} */
	const oauthApps = {
		[DEMO.oauthClientId]: {
			clientSecret: DEMO.oauthClientSecret,
			organizationId: DEMO.organizationId,
		},
	};
	/** user token → { userId, usesLeft } ; usesLeft Infinity unless limitUserTokenUses() was called */
	const userTokens = new Map([[DEMO.userAccessToken, { userId: DEMO.userId, usesLeft: Infinity }]]);
	let userTokenUseLimit = Infinity;
	let mintedCount = 0;

	let activeFault = null;
	const requests = [];
	const openSockets = new Set();
	const manyConfigurationsCache = new Map();

	function takeFault(route) {
		if (!activeFault) return null;
		const faultRoute = activeFault.route || ROUTES.conversationConfigurations;
		if (faultRoute !== 'any' && faultRoute !== route) return null;
		const fault = activeFault;
		fault.remaining -= 1;
		if (fault.remaining <= 0) activeFault = null;
		return fault;
	}

	function sendJson(response, status, body, headers = {}) {
		const text = JSON.stringify(body);
		response.writeHead(status, {
			'content-type': 'application/json; charset=utf-8',
			'content-length': Buffer.byteLength(text),
			...headers,
		});
		response.end(text);
	}

	function sendText(response, status, contentType, text) {
		response.writeHead(status, {
			'content-type': contentType,
			'content-length': Buffer.byteLength(text),
		});
		response.end(text);
	}

	function listFor(organizationId) {
		return configurationsByOrg[organizationId] || [];
	}

	/** Applies a fault; returns true when the request has been answered (or deliberately left hanging). */
	function applyFault(fault, request, response, organizationId) {
		const retryAfterHeader =
			fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
		switch (fault.kind) {
			case 'badRequest':
				sendJson(response, 400, { error: 'Invalid organizationId parameter' });
				return true;
			case 'unauthorized':
				sendJson(response, 401, { error: 'Unauthorized: invalid or expired token' });
				return true;
			case 'forbidden':
				sendJson(response, 403, {
					error: 'Forbidden: user does not have access to this organization',
				});
				return true;
			case 'notFound':
				sendJson(response, 404, { error: 'Not Found' });
				return true;
			case 'zodError':
				sendJson(
					response,
					422,
					zodErrorBody([
						{
							code: 'invalid_type',
							expected: 'string',
							received: 'undefined',
							path: ['organizationId'],
							message: 'Required',
						},
					]),
				);
				return true;
			case 'rateLimited':
				sendJson(response, 429, { error: 'Too many requests' }, retryAfterHeader);
				return true;
			case 'serverError':
				sendJson(response, 500, { error: 'Internal server error' });
				return true;
			case 'unavailable':
				sendJson(response, 503, { error: 'Service unavailable' }, retryAfterHeader);
				return true;
			case 'reset':
				request.socket.destroy();
				return true;
			case 'hang':
				return true;
			case 'invalidJson':
				sendText(response, 200, 'application/json', '{"data": [ {"id": "truncated');
				return true;
			case 'htmlPage':
				sendText(
					response,
					200,
					'text/html; charset=utf-8',
					'<!doctype html><html><body>Siro</body></html>',
				);
				return true;
			case 'wrongShapeDataObject':
				sendJson(response, 200, { data: {} });
				return true;
			case 'wrongShapeItems':
				sendJson(response, 200, { items: [] });
				return true;
			case 'wrongShapeMissingFields':
				sendJson(response, 200, {
					data: [{ id: `${organizationId}-x`, displayName: 'No Type', orgId: organizationId }],
				});
				return true;
			case 'emptyList':
				sendJson(response, 200, { data: [] });
				return true;
			case 'manyConfigurations': {
				const count = fault.count === undefined ? 10000 : fault.count;
				const cacheKey = `${organizationId}:${count}`;
				if (!manyConfigurationsCache.has(cacheKey)) {
					manyConfigurationsCache.set(
						cacheKey,
						JSON.stringify({ data: buildManyConfigurations(organizationId, count) }),
					);
				}
				sendText(
					response,
					200,
					'application/json; charset=utf-8',
					manyConfigurationsCache.get(cacheKey),
				);
				return true;
			}
			case 'duplicateNames': {
				const duplicate = buildConfiguration({
					ownerId: organizationId,
					orgId: organizationId,
					conversationType: DEMO.duplicateConversationType,
					displayName: DEMO.duplicatedDisplayName,
				});
				sendJson(response, 200, { data: [...listFor(organizationId), duplicate] });
				return true;
			}
			default:
				return false;
		}
	}

	/** Returns the token's user id, or null after answering 401. Counts a use of the token. */
	function authenticateUser(request, response) {
		const token = request.headers['x-siro-auth-token'];
		const record = typeof token === 'string' ? userTokens.get(token) : undefined;
		if (!record) {
			sendJson(response, 401, { error: 'Unauthorized: missing or invalid x-siro-auth-token' });
			return null;
		}
		if (record.usesLeft <= 0) {
			sendJson(response, 401, { error: 'Unauthorized: token expired' });
			return null;
		}
		record.usesLeft -= 1;
		return record.userId;
	}

	function handleConversationConfigurations(request, response, query, logEntry) {
		const organizationId = query.organizationId;
		const fault = takeFault(ROUTES.conversationConfigurations);
		if (fault) {
			logEntry.fault = fault.kind;
			if (applyFault(fault, request, response, organizationId || DEMO.organizationId)) return;
		}
		if (request.method !== 'GET') {
			sendJson(response, 405, { error: 'Method not allowed' });
			return;
		}
		const userId = authenticateUser(request, response);
		if (userId === null) return;
		if (typeof organizationId !== 'string' || organizationId === '') {
			sendJson(
				response,
				422,
				zodErrorBody([
					{
						code: 'invalid_type',
						expected: 'string',
						received: 'undefined',
						path: ['organizationId'],
						message: 'Required',
					},
				]),
			);
			return;
		}
		if (!(memberships[userId] || []).includes(organizationId)) {
			sendJson(response, 403, {
				error: 'Forbidden: user is not a member or admin of this organization',
			});
			return;
		}
		sendJson(response, 200, { data: listFor(organizationId) });
	}

	function handleAccessToken(request, response, clientId, body, logEntry) {
		const fault = takeFault(ROUTES.accessToken);
		if (fault) {
			logEntry.fault = fault.kind;
			if (applyFault(fault, request, response, DEMO.organizationId)) return;
		}
		if (request.method !== 'POST') {
			sendJson(response, 405, { error: 'Method not allowed' });
			return;
		}
		const authorization = request.headers.authorization || '';
		const bearer = /^Bearer (.+)$/.exec(authorization);
		const tokenOrganization = bearer ? organizationApiTokens[bearer[1]] : undefined;
		if (!tokenOrganization) {
			sendJson(response, 401, { error: 'Unauthorized: invalid organization API token' });
			return;
		}
		const app = oauthApps[clientId];
		if (!app || app.organizationId !== tokenOrganization) {
			sendJson(response, 404, { error: `OAuth app not found` });
			return;
		}
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
		if (issues.length > 0) {
			sendJson(response, 422, zodErrorBody(issues));
			return;
		}
		if (parsed.clientSecret !== app.clientSecret) {
			sendJson(response, 401, { error: 'Unauthorized: invalid client secret' });
			return;
		}
		if (!(memberships[parsed.userId] || []).includes(app.organizationId)) {
			sendJson(response, 403, {
				error: 'Forbidden: user does not belong to the OAuth app organization',
			});
			return;
		}
		mintedCount += 1;
		const accessToken = `siro-minted-${mintedCount}-${crypto.randomBytes(12).toString('hex')}`;
		userTokens.set(accessToken, { userId: parsed.userId, usesLeft: userTokenUseLimit });
		sendJson(response, 201, { accessTokenId: `token-${mintedCount}`, accessToken });
	}

	function parseBody(text) {
		if (text === '') return undefined;
		try {
			return JSON.parse(text);
		} catch {
			return text;
		}
	}

	const server = http.createServer((request, response) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			const url = new URL(request.url, 'http://127.0.0.1');
			const query = Object.fromEntries(url.searchParams);
			const { route, clientId } = splitRoute(url.pathname);
			const logEntry = {
				method: request.method,
				path: url.pathname,
				route,
				query,
				headers: { ...request.headers },
				body: parseBody(Buffer.concat(chunks).toString('utf8')),
				time: Date.now(),
			};
			requests.push(logEntry);
			response.on('finish', () => {
				logEntry.status = response.statusCode;
			});
			if (route === ROUTES.conversationConfigurations) {
				handleConversationConfigurations(request, response, query, logEntry);
			} else if (route === ROUTES.accessToken) {
				handleAccessToken(request, response, clientId, logEntry.body, logEntry);
			} else {
				sendJson(response, 404, { error: `Route ${request.method} ${url.pathname} not found` });
			}
		});
	});
	server.on('connection', (socket) => {
		openSockets.add(socket);
		socket.on('close', () => openSockets.delete(socket));
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	const actualPort = server.address().port;

	return {
		url: `http://127.0.0.1:${actualPort}`,
		port: actualPort,
		requests,
		data: { configurationsByOrg, memberships, organizationApiTokens, oauthApps, userTokens },
		/** @param {{ kind: string, times?: number, route?: 'conversationConfigurations'|'accessToken'|'any', retryAfter?: number|string, count?: number }} fault */
		setFault(fault) {
			if (!FAULT_KINDS.includes(fault.kind)) throw new Error(`Unknown fault kind "${fault.kind}"`);
			activeFault = { ...fault, remaining: fault.times === undefined ? Infinity : fault.times };
		},
		clearFault() {
			activeFault = null;
		},
		/** From now on every user token, existing or minted later, is accepted `uses` more times, then answers 401. */
		limitUserTokenUses(uses) {
			userTokenUseLimit = uses;
			for (const record of userTokens.values()) record.usesLeft = uses;
		},
		/** Requests received so far, optionally only those to one route ('conversationConfigurations' | 'accessToken'). */
		countRequests(route) {
			return route === undefined
				? requests.length
				: requests.filter((entry) => entry.route === route).length;
		},
		resetLog() {
			requests.length = 0;
		},
		async close() {
			activeFault = null;
			await new Promise((resolve) => {
				server.close(() => resolve());
				// Hanging and keep-alive connections would otherwise hold close() open forever.
				for (const socket of openSockets) socket.destroy();
			});
		},
	};
}

function parsePortArgument(argv) {
	const index = argv.indexOf('--port');
	if (index === -1) return 0;
	const port = Number(argv[index + 1]);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`Invalid --port value "${argv[index + 1]}"`);
	return port;
}

async function runCli() {
	const fake = await startFakeSiro({ port: parsePortArgument(process.argv) });
	process.stdout.write(
		`${JSON.stringify(
			{
				url: fake.url,
				conversationConfigurationsBaseUrl: `${fake.url}/api-internalApi`,
				oauthBaseUrl: `${fake.url}/api-externalApi`,
				demo: DEMO,
			},
			null,
			2,
		)}\n`,
	);
	const stop = () => fake.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	runCli().catch((error) => {
		process.stderr.write(`${error.stack || error}\n`);
		process.exit(1);
	});
}

module.exports = { startFakeSiro, DEMO, FAULT_KINDS, ROUTES };
