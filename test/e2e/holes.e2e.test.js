'use strict';
/**
 * The attack run's holes that were measured in real n8n, closed in real n8n (1.123.81 on Node 20 and
 * 2.41.1 on Node 24), the package installed from its tarball as a community package:
 *   1. a token Siro (or a proxy) echoes back never reaches the node's error, an item, n8n's output
 *      or its console — whole, cut, URL-encoded, base64 or lower-cased; minted tokens included;
 *   2. a redirect is never followed with a token or the client secret attached (node, minting and
 *      the credential's Test button);
 *   6. a server that drips its answer one byte at a time cannot hold a call past the deadline;
 * and issue 16's item 2: the OAuth app's client secret, echoed by a minting answer in any spelling,
 * in any place (error, plain text, ZodError issues, a redirect's host), never comes out either.
 */
const http = require('node:http');
const path = require('node:path');
const { ensureN8n } = require('../../dev/n8n/install');
const { N8nInstance, killN8nOnExit, outputOf, errorOf } = require('../../dev/n8n/instance');
const { startFakeSiro, demoOauthAppCredentialData, DEMO } = require('../../dev/fake-siro/server');
const { findSecretPiece } = require('../../dev/secretPieces');
const wf = require('./support/workflows');
const { usePackedPackage } = require('./support/packedPackage');

jest.setTimeout(15 * 60 * 1000);
killN8nOnExit();

const ROOT = path.join(__dirname, '..', '..');
const ECHO_ENCODINGS = ['raw', 'urlencoded', 'base64', 'lowercase', 'split'];

const packed = usePackedPackage();

/** Somewhere a redirect could send the token: records every request it gets. */
async function startCaptureServer() {
	const received = [];
	const server = http.createServer((request, response) => {
		received.push({ method: request.method, url: request.url, headers: request.headers });
		response.end('{}');
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		host: `127.0.0.1:${server.address().port}`,
		received,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

/** A client secret of host-safe characters, so that a redirect's host can hold the whole of it. */
const ECHOED_CLIENT_SECRET = 'cs-Hx7Kq2Lm9Vb4Nc8Wd3Zf6Jt1Rp5';

/** Every secret the fake knows of: the seeded ones and each token it minted so far. */
function allSecrets(fake) {
	return [
		DEMO.userAccessToken,
		DEMO.organizationApiToken,
		DEMO.oauthClientSecret,
		ECHOED_CLIENT_SECRET,
		...[...fake.data.userTokens.keys()].filter((token) => token.startsWith('siro-minted-')),
	];
}

function expectNoSecretIn(texts, secrets) {
	for (const text of texts) {
		for (const secret of secrets) {
			const found = findSecretPiece(text, secret);
			if (found) throw new Error(`a ${found.form} piece "${found.piece}" of a secret leaked`);
		}
	}
}

const OAUTH_CREDENTIAL = {
	id: 'siroOauthCredential',
	name: 'Siro (OAuth app)',
};

function oauthCredential(fakeUrl) {
	return {
		...OAUTH_CREDENTIAL,
		type: 'siroApi',
		data: demoOauthAppCredentialData(fakeUrl),
	};
}

const ECHO_OAUTH_CREDENTIAL = { id: 'siroOauthEchoCredential', name: 'Siro (OAuth app, echoed)' };

function echoOauthCredential(fakeUrl) {
	return {
		...ECHO_OAUTH_CREDENTIAL,
		type: 'siroApi',
		data: { ...demoOauthAppCredentialData(fakeUrl), clientSecret: ECHOED_CLIENT_SECRET },
	};
}

/** Every status, spelling and place of issue 16's echoes at least once (the unit suite runs all 52). */
const CLIENT_SECRET_ECHOES = [
	{ status: 400, encoding: 'raw', in: 'error' },
	{ status: 400, encoding: 'lowercase', in: 'issues' },
	{ status: 404, encoding: 'urlencoded', in: 'text' },
	{ status: 404, encoding: 'base64', in: 'error' },
	{ status: 422, encoding: 'base64', in: 'issues' },
	{ status: 422, encoding: 'raw', in: 'text' },
	{ status: 500, encoding: 'lowercase', in: 'error' },
	{ status: 500, encoding: 'urlencoded', in: 'issues' },
	{ status: 302, encoding: 'raw', in: 'location' },
	{ status: 302, encoding: 'base64', in: 'location' },
];

/** Manual → List Conversation Types, with or without Continue On Fail, on the given credential. */
function listWorkflow(label, line, { continueOnFail, credential }) {
	return {
		id: wf.workflowId(label, line),
		name: `Holes ${label} (line ${line})`,
		active: false,
		nodes: [
			{
				id: `${label}-manual`,
				name: 'Manual',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: `${label}-siro`,
				name: 'Siro',
				type: 'n8n-nodes-siro.siro',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'conversationType',
					operation: 'getAll',
					returnAll: true,
					simplify: true,
					filters: {},
				},
				credentials: { siroApi: credential },
				...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
			},
		],
		connections: { Manual: { main: [[{ node: 'Siro', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

describe.each(['1', '2'])('holes closed in real n8n line %s', (line) => {
	let n8n;
	let fake;
	let capture;
	const demoCredentialRef = { id: 'siroDemoCredential', name: 'Siro (demo)' };
	const workflows = {
		continues: listWorkflow('EchoCof', line, {
			continueOnFail: true,
			credential: demoCredentialRef,
		}),
		fails: listWorkflow('EchoFail', line, { continueOnFail: false, credential: demoCredentialRef }),
		oauth: listWorkflow('EchoOauth', line, { continueOnFail: true, credential: OAUTH_CREDENTIAL }),
		echoedSecret: listWorkflow('EchoSecret', line, {
			continueOnFail: true,
			credential: ECHO_OAUTH_CREDENTIAL,
		}),
		echoedSecretFails: listWorkflow('EchoSecretFail', line, {
			continueOnFail: false,
			credential: ECHO_OAUTH_CREDENTIAL,
		}),
	};

	/** Runs a workflow; `result` is n8n's execution (2.40.7 may still die of SIGSEGV after printing it). */
	async function run(workflow) {
		const execution = await n8n.execute(workflow.id);
		if (execution.result === undefined) {
			throw new Error(
				`n8n printed no execution (exit ${execution.exitCode}): ${execution.stderr.slice(-2000)}`,
			);
		}
		return {
			...execution,
			texts: [execution.stdout, execution.stderr, JSON.stringify(execution.result ?? null)],
		};
	}

	beforeAll(async () => {
		await ensureN8n(line);
		fake = await startFakeSiro();
		capture = await startCaptureServer();
		n8n = new N8nInstance({ line });
		await n8n.installCommunityPackage(packed.tarball);
		await n8n.importCredentials([
			wf.siroCredential(fake.url, { oauthBaseUrl: `${fake.url}/api-externalApi` }),
			oauthCredential(fake.url),
			echoOauthCredential(fake.url),
		]);
		for (const workflow of Object.values(workflows)) await n8n.importWorkflow(workflow);
	});

	afterAll(async () => {
		await n8n?.cleanup();
		await fake?.close();
		await capture?.close();
	});

	beforeEach(() => {
		fake.clearFault();
		fake.resetLog();
	});

	test.each(ECHO_ENCODINGS)(
		'hole 1: a %s echo of the user token reaches no error, item, output or log',
		async (encoding) => {
			fake.setFault({ kind: 'echoToken', encoding, status: 401 });
			const kept = await run(workflows.continues);
			expect(kept.result.status).toBe('success');
			const [item] = outputOf(kept.result, 'Siro');
			expect(item.error).toMatch(/401/);
			expectNoSecretIn(kept.texts, allSecrets(fake));

			fake.setFault({ kind: 'echoToken', encoding, status: 400 });
			const failed = await run(workflows.fails);
			expect(errorOf(failed.result, 'Siro').message).toMatch(/400/);
			expectNoSecretIn(failed.texts, allSecrets(fake));
		},
	);

	test('hole 1: a token minted during the run and echoed back is masked too', async () => {
		fake.setFault({ kind: 'echoToken', encoding: 'raw', status: 403 });
		const kept = await run(workflows.oauth);
		expect(fake.countRequests('accessToken')).toBeGreaterThanOrEqual(1);
		const minted = [...fake.data.userTokens.keys()].filter((token) =>
			token.startsWith('siro-minted-'),
		);
		expect(minted.length).toBeGreaterThanOrEqual(1);
		// The echo did carry a minted token to n8n …
		expect(fake.requests.some((entry) => minted.includes(entry.headers['x-siro-auth-token']))).toBe(
			true,
		);
		// … and none of it came out.
		expectNoSecretIn(kept.texts, allSecrets(fake));
	});

	test('hole 1: a client secret echoed while minting stays hidden', async () => {
		fake.setFault({
			kind: 'echoToken',
			route: 'accessToken',
			secret: 'clientSecret',
			encoding: 'split',
			status: 400,
		});
		const kept = await run(workflows.oauth);
		expectNoSecretIn(kept.texts, allSecrets(fake));
	});

	test.each(
		CLIENT_SECRET_ECHOES.map((echo) => [`${echo.status} ${echo.encoding} in ${echo.in}`, echo]),
	)(
		'issue 16 item 2: a minting answer echoing the client secret (%s) shows none of it, kept going or failed',
		async (_name, echo) => {
			fake.setFault({ kind: 'echoToken', route: 'accessToken', secret: 'clientSecret', ...echo });
			const kept = await run(workflows.echoedSecret);
			expect(fake.countRequests('accessToken')).toBeGreaterThanOrEqual(1);
			// The echo did carry the client secret to n8n …
			expect(fake.requests.some((entry) => entry.body?.clientSecret === ECHOED_CLIENT_SECRET)).toBe(
				true,
			);
			const [item] = outputOf(kept.result, 'Siro');
			// n8n reports a failed preAuthentication as the request's own failure (its status, or no
			// answer), so only that the item failed is asserted here; what minting said is in the unit suite.
			expect(item.error).toMatch(/^(Siro|Could not reach Siro)/);
			// … and none of it came out.
			expectNoSecretIn(kept.texts, allSecrets(fake));

			fake.resetLog();
			const failed = await run(workflows.echoedSecretFails);
			expect(errorOf(failed.result, 'Siro').message).toMatch(/^(Siro|Could not reach Siro)/);
			expectNoSecretIn(failed.texts, allSecrets(fake));
		},
	);

	test.each([302, 307])(
		'hole 2: a %i is reported naming where it pointed, and followed by nobody',
		async (status) => {
			fake.setFault({ kind: 'redirect', status, location: `${capture.url}/steal` });
			const kept = await run(workflows.continues);
			const [item] = outputOf(kept.result, 'Siro');
			expect(item.error).toContain(capture.host);
			expect(item.error).toMatch(/not followed/);

			// 307 re-POSTs: minting would carry the client secret and the organization token away.
			fake.setFault({
				kind: 'redirect',
				status,
				location: `${capture.url}/steal`,
				route: 'accessToken',
			});
			await run(workflows.oauth);
			expect(capture.received).toEqual([]);
		},
	);

	test("hole 6: a drip that would last ten minutes is cut at the client's deadline and retried", async () => {
		// One dripping answer, then a good one: the run can only finish (within jest's timeout) if the
		// client ends the first attempt itself; n8n's socket timeout never fires on a dripping socket.
		fake.setFault({ kind: 'drip', intervalMs: 200, durationMs: 10 * 60 * 1000, times: 1 });
		const kept = await run(workflows.fails);
		expect(kept.result.status).toBe('success');
		expect(outputOf(kept.result, 'Siro').length).toBeGreaterThan(0);
		expect(fake.countRequests('conversationConfigurations')).toBe(2);
	});

	test("hole 2: the credential's Test button does not follow a redirect with the organization token", async () => {
		await n8n.start();
		try {
			const api = await n8n.login();
			fake.setFault({
				kind: 'redirect',
				status: 307,
				location: `${capture.url}/steal`,
				route: 'callerIdentity',
			});
			const credential = oauthCredential(fake.url);
			const response = await api.post(
				'/rest/credentials/test',
				{
					credentials: {
						id: credential.id,
						name: credential.name,
						type: credential.type,
						data: credential.data,
					},
				},
				{ validateStatus: () => true },
			);
			expect(response.status).toBe(200);
			expect(response.data.data.status).toBe('Error');
			expect(fake.countRequests('callerIdentity')).toBeGreaterThanOrEqual(1);
			expect(capture.received).toEqual([]);
			expectNoSecretIn([JSON.stringify(response.data)], allSecrets(fake));
		} finally {
			await n8n.stop();
		}
	});
});
