'use strict';
/**
 * A fake Siro for tests, benchmarks and `npm start`: a real HTTP server on 127.0.0.1 that answers
 * like Siro's two APIs (routes.js), plays a rep's phone (phone.js), sends signed webhooks
 * (webhookSender.js), and misbehaves on demand (faults.js). Plain CommonJS, Node built-ins only.
 *
 *   node dev/fake-siro/server.js --port 3999 [--mobile-events flat]
 *
 * See dev/README.md for the routes, the faults, the phone and the sender.
 */
const http = require('http');
const { parseArgs } = require('util');

const { createClock } = require('./clock');
const { requestError } = require('./errors');
const { CONTROL_ROUTES, REDIRECT_TARGET_ROUTE } = require('./control');
const {
	FAULT_KINDS,
	checkFault,
	faultReply,
	isTransformFault,
	transformReply,
} = require('./faults');
const { withEngagementMatching } = require('./engagements');
const { DEMO, seedStore } = require('./fixtures');
const { createFakePhone } = require('./phone');
const { createRecordingLifecycle } = require('./recordings');
const { createFakeStorage } = require('./storage');
const { API_ROUTES, ORGANIZATION_TOKEN, USER_TOKEN, createRouter } = require('./routes');
const { createWebhookSender } = require('./webhookSender');

/** Every route name a fault or countRequests() can name ('unknown': paths no route serves). */
const ROUTE_NAMES = Object.freeze([
	...API_ROUTES.map((route) => route.name),
	REDIRECT_TARGET_ROUTE.name,
	'unknown',
]);
const API_ROUTE_NAMES = new Set(API_ROUTES.map((route) => route.name));
const MOBILE_EVENTS_SHAPES = ['nested', 'flat'];
const DEFAULT_FAULT_ROUTE = 'conversationConfigurations';

function checkMobileEventsShape(shape) {
	if (!MOBILE_EVENTS_SHAPES.includes(shape))
		throw requestError(400, `"shape" must be one of ${MOBILE_EVENTS_SHAPES.join(', ')}`);
}

const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

function send(response, reply) {
	const headers = reply.headers || {};
	const isText = reply.text !== undefined;
	const text = isText ? reply.text : JSON.stringify(reply.body);
	response.writeHead(reply.status, {
		'content-type': isText ? reply.contentType : 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	response.end(text);
}

/** The query as a plain object: a string per parameter, an array when it was repeated. */
function queryOf(searchParams) {
	const query = {};
	for (const name of new Set(searchParams.keys())) {
		const values = searchParams.getAll(name);
		query[name] = values.length === 1 ? values[0] : values;
	}
	return query;
}

function parseBody(text) {
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

const bearerTokenOf = (request) => {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization || '');
	return match ? match[1] : undefined;
};

/**
 * Starts the fake server. Resolves once it listens.
 * @param {{ port?: number, seed?: { configurationsByOrg?: Record<string, object[]> }, mobileEventsShape?: 'nested' | 'flat' }} [options]
 */
async function startFakeSiro({ port = 0, seed, mobileEventsShape = 'nested' } = {}) {
	checkMobileEventsShape(mobileEventsShape);
	const store = seedStore({
		nowMs: Date.now(),
		configurationsByOrg: seed && seed.configurationsByOrg,
	});
	const clock = createClock();
	const settings = { userTokenUseLimit: Infinity, mobileEventsShape };
	const recordings = withEngagementMatching(createRecordingLifecycle({ store, clock }), store);
	const phone = createFakePhone({ store, clock, recordings });
	const webhooks = createWebhookSender({ findRecording: recordings.find });
	// Storage for uploaded recordings: its own server and port, another host for the client.
	const storage = createFakeStorage();
	await storage.start();
	const route = createRouter([...API_ROUTES, REDIRECT_TARGET_ROUTE, ...CONTROL_ROUTES]);
	const requests = [];
	const openSockets = new Set();
	const faultCache = new Map();
	let activeFault = null;
	let baseUrl = '';

	function takeFault(routeName) {
		if (!activeFault) return null;
		if (activeFault.route !== 'any' && activeFault.route !== routeName) return null;
		const fault = activeFault;
		fault.remaining -= 1;
		if (fault.remaining <= 0) activeFault = null;
		return fault;
	}

	/** → { caller } or { reply } (401). A user token's use is counted here. */
	function authenticate(auth, request) {
		if (auth === USER_TOKEN) {
			const token = request.headers['x-siro-auth-token'];
			const record = typeof token === 'string' ? store.userTokens.get(token) : undefined;
			if (!record)
				return {
					reply: {
						status: 401,
						body: { error: 'Unauthorized: missing or invalid x-siro-auth-token' },
					},
				};
			if (record.usesLeft <= 0)
				return { reply: { status: 401, body: { error: 'Unauthorized: token expired' } } };
			record.usesLeft -= 1;
			return { caller: { userId: record.userId } };
		}
		if (auth === ORGANIZATION_TOKEN) {
			const token = bearerTokenOf(request);
			if (token === undefined || !own(store.organizationApiTokens, token))
				return {
					reply: {
						status: 401,
						body: { error: 'Unauthorized: missing or invalid organization API token' },
					},
				};
			return { caller: store.organizationApiTokens[token] };
		}
		return { caller: null };
	}

	async function runHandler(handler, context) {
		try {
			return await handler(context);
		} catch (error) {
			if (Number.isInteger(error.status))
				return { status: error.status, body: { error: error.message } };
			process.stderr.write(`fake Siro: ${error.stack || error}\n`);
			return { status: 500, body: { error: `The fake Siro failed: ${error.message}` } };
		}
	}

	/** What a fault may look at: see faults.js. */
	function faultContextFor(request, response, query, body) {
		return {
			request,
			response,
			query,
			organizationId:
				typeof query.organizationId === 'string' && query.organizationId !== ''
					? query.organizationId
					: DEMO.organizationId,
			sentSecrets: {
				token: request.headers['x-siro-auth-token'] || bearerTokenOf(request),
				clientSecret: body && typeof body === 'object' ? body.clientSecret : undefined,
			},
			redirectTargetUrl: `${baseUrl}${REDIRECT_TARGET_ROUTE.path}`,
			configurationsFor: (organizationId) => store.configurationsByOrg[organizationId] || [],
			cache: faultCache,
		};
	}

	/** An API route: the fault (if armed for it), then method, path, token, and the handler. */
	async function answerApi(match, request, response, query, body, logEntry) {
		const fault = takeFault(match.route.name);
		const faultContext = fault && faultContextFor(request, response, query, body);
		if (fault) {
			logEntry.fault = fault.kind;
			if (!isTransformFault(fault)) {
				const reply = faultReply(fault, faultContext);
				return reply ? send(response, reply) : undefined;
			}
		}
		if (!match.methodAllowed)
			return send(response, {
				status: 405,
				headers: { allow: match.route.method },
				body: { error: 'Method not allowed' },
			});
		if (match.badParameter)
			return send(response, { status: 400, body: { error: 'Malformed path parameter' } });
		const { caller, reply: refusal } = authenticate(match.route.auth, request);
		if (refusal) return send(response, refusal);
		const reply = await runHandler(match.route.handle, {
			params: match.params,
			query,
			body,
			caller,
			store,
			settings,
			storage,
			recordings,
		});
		return send(response, fault ? transformReply(reply, fault, faultContext) : reply);
	}

	/** A /__fake/ control route: the handler's result is the 200 answer; not logged. */
	async function answerControl(match, response, query, body) {
		if (!match.methodAllowed)
			return send(response, { status: 405, body: { error: 'Method not allowed' } });
		const reply = await runHandler(async () => ({
			status: 200,
			body: await match.route.handle({ fake, body, query }),
		}));
		return send(response, reply);
	}

	async function handle(request, response, rawBody) {
		const url = new URL(request.url, 'http://127.0.0.1');
		const query = queryOf(url.searchParams);
		const body = parseBody(rawBody);
		const match = route(request.method, url.pathname);
		if (match && match.route.name === 'control') return answerControl(match, response, query, body);

		const logEntry = {
			method: request.method,
			path: url.pathname,
			url: request.url,
			route: match ? match.route.name : 'unknown',
			query,
			headers: { ...request.headers },
			body,
			time: Date.now(),
		};
		requests.push(logEntry);
		response.on('finish', () => {
			logEntry.status = response.statusCode;
		});

		if (!match)
			return send(response, {
				status: 404,
				body: { error: `Route ${request.method} ${url.pathname} not found` },
			});
		if (match.route === REDIRECT_TARGET_ROUTE)
			return send(response, { status: 200, body: match.route.handle() });
		return answerApi(match, request, response, query, body, logEntry);
	}

	const server = http.createServer((request, response) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			handle(request, response, Buffer.concat(chunks).toString('utf8')).catch((error) => {
				process.stderr.write(`fake Siro: ${error.stack || error}\n`);
				if (!response.headersSent)
					send(response, { status: 500, body: { error: 'The fake Siro failed' } });
			});
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
	baseUrl = `http://127.0.0.1:${actualPort}`;

	const fake = {
		url: baseUrl,
		port: actualPort,
		/** Base URL of the platform API (user token); the same routes answer without the prefix. */
		platformApiUrl: `${baseUrl}/api-internalApi`,
		/** Base URL of the external API (organization API token). */
		externalApiUrl: `${baseUrl}/api-externalApi`,
		/** The request log: { method, path, url, route, query, headers, body, time, status, fault? }. */
		requests,
		/** The live store the routes answer from (users, recordings, mobileEvents, memberships, …). */
		data: store,
		phone,
		webhooks,
		/** The storage stand-in signed upload URLs point at: { url, requests, objects, setLifetime, … }. */
		storage,
		/** A recording's life after the phone: process (and link), delete; find by ID. */
		recordings: { find: recordings.find, process: recordings.process, delete: recordings.delete },

		/**
		 * Arms one fault (replacing any other): see faults.js for the kinds and their options.
		 * @param {{ kind: string, route?: string, times?: number, [option: string]: unknown }} fault
		 */
		setFault(fault) {
			checkFault(fault);
			const faultRoute = fault.route === undefined ? DEFAULT_FAULT_ROUTE : fault.route;
			if (faultRoute !== 'any' && !API_ROUTE_NAMES.has(faultRoute))
				throw requestError(
					400,
					`Unknown route "${faultRoute}" for a fault (known: any, ${[...API_ROUTE_NAMES].join(', ')})`,
				);
			activeFault = {
				...fault,
				route: faultRoute,
				remaining: fault.times === undefined ? Infinity : fault.times,
			};
			return { ...fault, route: faultRoute };
		},
		clearFault() {
			activeFault = null;
		},
		/** From now on every user token, existing or minted later, is accepted `uses` more times, then answers 401. */
		limitUserTokenUses(uses) {
			settings.userTokenUseLimit = uses;
			for (const record of store.userTokens.values()) record.usesLeft = uses;
		},
		/** 'nested' (default: `data` an array of arrays, as Siro's document types it) or 'flat'. */
		setMobileEventsShape(shape) {
			checkMobileEventsShape(shape);
			settings.mobileEventsShape = shape;
			return shape;
		},
		/** Requests received so far, optionally only those to one route (a name in ROUTE_NAMES). */
		countRequests(routeName) {
			if (routeName === undefined) return requests.length;
			if (!ROUTE_NAMES.includes(routeName))
				throw new Error(`Unknown route "${routeName}" (known: ${ROUTE_NAMES.join(', ')})`);
			return requests.filter((entry) => entry.route === routeName).length;
		},
		resetLog() {
			requests.length = 0;
		},
		async close() {
			activeFault = null;
			await storage.close();
			await new Promise((resolve) => {
				server.close(() => resolve());
				// Hanging, dripping and keep-alive connections would otherwise hold close() open forever.
				for (const socket of openSockets) socket.destroy();
			});
		},
	};
	return fake;
}

async function runCli() {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '0' },
			'mobile-events': { type: 'string', default: 'nested' },
		},
	});
	const port = Number(values.port);
	if (!/^\d+$/.test(values.port) || port > 65535)
		throw new Error(`Invalid --port value "${values.port}"`);
	const fake = await startFakeSiro({ port, mobileEventsShape: values['mobile-events'] });
	process.stdout.write(
		`${JSON.stringify(
			{
				url: fake.url,
				platformApiUrl: fake.platformApiUrl,
				externalApiUrl: fake.externalApiUrl,
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

/**
 * A Siro API credential's data in the OAuth App mode for the demo app and user (n8n mints the user
 * token), with both APIs on the fake at `fakeUrl`: what end-to-end runs import into n8n.
 */
function demoOauthAppCredentialData(fakeUrl) {
	return {
		authMode: 'oauthApp',
		organizationApiToken: DEMO.organizationApiToken,
		clientId: DEMO.oauthClientId,
		clientSecret: DEMO.oauthClientSecret,
		userId: DEMO.userId,
		organizationId: DEMO.organizationId,
		baseUrl: `${fakeUrl}/api-internalApi`,
		oauthBaseUrl: `${fakeUrl}/api-externalApi`,
	};
}

if (require.main === module) {
	runCli().catch((error) => {
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	});
}

module.exports = { startFakeSiro, demoOauthAppCredentialData, DEMO, FAULT_KINDS, ROUTE_NAMES };
