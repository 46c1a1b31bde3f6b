'use strict';
/**
 * End-to-end tests of the Siro node in real n8n: 1.123.81 on Node 20 and 2.41.1 on Node 24.
 *
 * Per line, one n8n user folder: the built package is packed with `npm pack` and installed as a real
 * community package, the credential and workflows are imported, workflows run headlessly with
 * `n8n execute` against the fake Siro API on loopback (a handful of runs, several Siro nodes per
 * workflow), then the server is started once for what only the REST API shows (types, credential test,
 * imported examples). Needs `npm run build` first; the first run installs n8n (minutes).
 *
 * Found while writing these (both lines):
 * - `n8n execute` ignores pinData (it runs in 'cli' mode), so input items come from Code nodes.
 * - Continue On Fail is the node's `onError: 'continueRegularOutput'`; the pre-1.0 `continueOnFail:
 *   true` still counts when `onError` is absent. Both are exercised.
 * - The credential test (`POST /rest/credentials/test`, body `{ credentials: { id, name, type, data } }`
 *   with the id of a stored credential whose data is replaced by `data`) answers `{ data: { status,
 *   message } }`. 2.x shows the credential's own messages for 401/403; 1.123 shows n8n's generic
 *   per-status text, because its ExecutionBaseError drops the `cause` its responseCode rules read.
 * - A refused credential test request is sent twice (n8n retries a 401 after preAuthentication).
 */
const path = require('node:path');
const { ensureN8n } = require('../../dev/n8n/install');
const { N8nInstance, killN8nOnExit, outputOf, errorOf } = require('../../dev/n8n/instance');
const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');
const wf = require('./support/workflows');
const { expectSuccess, usePackedPackage } = require('./support/packedPackage');

// A failed or interrupted run must not leave n8n processes behind.
killN8nOnExit();

jest.setTimeout(15 * 60 * 1000);

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES_DIR = path.join(ROOT, 'examples');
const CONFIGURATIONS = 'conversationConfigurations';
const DEMO_TYPE_NAMES = Object.values(DEMO.conversationTypes).map((t) => t.displayName);
/** The demo organization lists its 5 types plus a team-level copy of In-Home Consultation. */
const DEMO_CONFIGURATION_COUNT = DEMO_TYPE_NAMES.length + 1;

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const packed = usePackedPackage();
/** The package's own library (dist/): its rules give the expected links. */
let lib;
beforeAll(() => {
	lib = require(path.join(ROOT, 'dist', 'index.js'));
});

/** The fake server's conversation-configuration requests, counted per organization. */
function requestsPerOrganization(fake) {
	const counts = {};
	for (const entry of fake.requests.filter((r) => r.route === CONFIGURATIONS)) {
		counts[entry.query.organizationId] = (counts[entry.query.organizationId] ?? 0) + 1;
	}
	return counts;
}

/** The secret must never reach an execution's output or n8n's console. */
function expectNoToken(run) {
	expect(run.stdout).not.toContain(DEMO.userAccessToken);
	expect(run.stderr).not.toContain(DEMO.userAccessToken);
}

// One line after the other: each n8n process is heavy for a 2-core machine.
describe.each(['1', '2'])('Siro node in real n8n line %s', (line) => {
	let n8n;
	let fake;
	let lineStarted;
	const workflows = {
		buildMany: wf.buildManyWorkflow(line),
		listParseContinue: wf.listParseContinueWorkflow(line),
		failing: wf.failingWorkflow(line),
	};
	const examples = {};

	/** Runs an imported workflow with a fresh request log. */
	async function execute(id) {
		fake.resetLog();
		const started = Date.now();
		const run = await n8n.execute(id);
		console.log(`line ${line}: execute ${id} in ${seconds(started)} (exit ${run.exitCode})`);
		expectNoToken(run);
		return run;
	}

	beforeAll(async () => {
		lineStarted = Date.now();
		const install = await ensureN8n(line);
		console.log(`line ${line}: n8n ${install.version} ready to use after ${seconds(lineStarted)}`);
		const setupStarted = Date.now();
		fake = await startFakeSiro();
		n8n = new N8nInstance({ line });
		await n8n.installCommunityPackage(packed.tarball);
		await n8n.importCredentials([wf.siroCredential(fake.url)]);
		// The example files exactly as they are in the repo (no ids: n8n gives them one).
		await n8n.cliOk(['import:workflow', '--separate', `--input=${EXAMPLES_DIR}`]);
		// The test workflows and the runnable variant of the mapping example, in one import. The
		// calendar and webhook examples run in delivery.e2e.test.js (they need the fake phone).
		const mapping = 'conversation-type-mapping.json';
		examples[mapping] = wf.exampleVariant(wf.readExample(mapping), {
			id: wf.workflowId('exconversat', line),
		});
		const toImport = [
			...Object.values(workflows),
			...Object.values(examples).map((e) => e.workflow),
		];
		await n8n.withJsonFile(toImport, (file) => n8n.cliOk(['import:workflow', `--input=${file}`]));
		console.log(
			`line ${line}: package, credential and ${toImport.length + 3} workflows set up in ${seconds(setupStarted)}`,
		);
	});

	afterAll(async () => {
		await n8n?.cleanup();
		await fake?.close();
		if (lineStarted) console.log(`line ${line}: whole line took ${seconds(lineStarted)}`);
	});

	test('builds exact record links for 24 calendar events with one request to Siro', async () => {
		const run = await execute(workflows.buildMany.id);
		expectSuccess(run);
		const events = wf.calendarEvents();

		// By Name (lower case) + Must Exist + CRM objects from JSON text
		const byName = outputOf(run.result, 'Build By Name');
		expect(byName).toHaveLength(events.length);
		const expectedByName = events.map((event) =>
			lib.buildRecordLink({
				action: 'start',
				title: event.summary,
				conversationType: wf.IN_HOME,
				integrationConnectionId: 'conn-salesforce-1',
				crmObjects: event.crm,
			}),
		);
		expect(byName.map((item) => item.recordLink)).toEqual(expectedByName.map((built) => built.url));
		expect(byName.map((item) => item.recordLinkWarnings)).toEqual(
			expectedByName.map((built) => built.warnings),
		);
		// Golden links, written out by hand: the README's worked example …
		expect(byName[0].recordLink).toBe(wf.GOLDEN_LINK);
		// … control characters collapsed, & and – encoded, numeric ID as text, duplicate dropped …
		expect(byName[1].recordLink).toBe(
			'https://app.siro.ai/record?action=start&title=Smith%20residence%20%E2%80%93%20roof%20%26%20gutters' +
				'&conversationType=3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10&integrationConnectionId=conn-salesforce-1' +
				'&crmObjects=%5B%7B%22objectType%22%3A%22Account%22%2C%22objectId%22%3A%224711%22%7D%5D',
		);
		// … ' ! ( ) = ? # + / and emoji strictly encoded, types in canonical case …
		expect(byName[2].recordLink).toBe(
			'https://app.siro.ai/record?action=start' +
				'&title=Visit%20%232%3A%20O%27Brien%20%26%20Sons%20%3D%20100%25%20%28kitchen%29%20%3Fok%3D1%20%F0%9F%8F%A0' +
				'&conversationType=3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10&integrationConnectionId=conn-salesforce-1' +
				'&crmObjects=%5B%7B%22objectType%22%3A%22Contact%22%2C%22objectId%22%3A%22003C2%22%7D%2C' +
				'%7B%22objectType%22%3A%22ServiceAppointment%22%2C%22objectId%22%3A%2208p%2F2%2Bx%22%7D%5D',
		);
		// … and a blank title and an empty CRM list are left out.
		expect(byName[23].recordLink).toBe(
			'https://app.siro.ai/record?action=start&conversationType=3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10&integrationConnectionId=conn-salesforce-1',
		);
		// input fields are kept; every link reads back as valid
		expect(byName[5]).toMatchObject({ summary: events[5].summary, eventId: 'evt-5' });
		for (const item of byName)
			expect(lib.parseRecordLink(item.recordLink)).toMatchObject({ valid: true, issues: [] });
		// links over 300 characters draw a warning, in the item and as an execution hint
		const longIndex = events.findIndex((e) => e.summary === wf.LONG_SUMMARY);
		expect(byName[longIndex].recordLink.length).toBeGreaterThan(800);
		expect(byName[longIndex].recordLinkWarnings).toEqual([
			expect.stringMatching(/is \d+ characters long.*300/),
		]);
		for (const i of [0, 1, 23]) expect(byName[i].recordLinkWarnings).toEqual([]);
		const hints = run.result.data.resultData.runData['Build By Name'][0].hints;
		expect(hints).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					type: 'warning',
					message: expect.stringContaining(
						`Item ${longIndex}: The link is ${byName[longIndex].recordLink.length} characters long`,
					),
				}),
			]),
		);

		// By ID (upper case) + CRM objects from an array expression + redirect, link and parts only
		const fromArray = outputOf(run.result, 'Build From Array');
		expect(fromArray).toHaveLength(events.length);
		events.forEach((event, i) => {
			const expected = lib.buildRecordLink({
				action: 'restart',
				conversationType: wf.FOLLOW_UP,
				integrationConnectionId: event.connectionId,
				crmObjects: [
					{ objectType: 'Opportunity', objectId: event.opportunityId },
					{ objectType: 'Event', objectId: event.eventId },
				],
				redirectUrl: `https://crm.example.com/visits/${event.eventId}?from=siro`,
			}).url;
			expect(fromArray[i].smsLink).toBe(expected);
			expect(fromArray[i]).not.toHaveProperty('summary');
			expect(fromArray[i]).not.toHaveProperty('recordLink');
		});
		expect(fromArray[1].smsLink).toBe(
			'https://app.siro.ai/record?action=restart&conversationType=8b1d4e27-9a3c-4f65-b8d2-1c7e9f3a5b42' +
				'&integrationConnectionId=conn%20hubspot%2F3' +
				'&crmObjects=%5B%7B%22objectType%22%3A%22Opportunity%22%2C%22objectId%22%3A%22006OPP1%22%7D%2C' +
				'%7B%22objectType%22%3A%22Event%22%2C%22objectId%22%3A%22evt-1%22%7D%5D' +
				'&redirectUrl=https%3A%2F%2Fcrm.example.com%2Fvisits%2Fevt-1%3Ffrom%3Dsiro',
		);
		expect(fromArray[1]).toMatchObject({
			smsLinkWarnings: [expect.stringContaining('374 characters long')],
			action: 'restart',
			conversationType: wf.FOLLOW_UP,
			integrationConnectionId: 'conn hubspot/3',
			crmObjects: [
				{ objectType: 'Opportunity', objectId: '006OPP1' },
				{ objectType: 'Event', objectId: 'evt-1' },
			],
			redirectUrl: 'https://crm.example.com/visits/evt-1?from=siro',
		});

		// 24 items by name with Must Exist, and a By ID node with the format check: ONE request to Siro
		expect(fake.countRequests()).toBe(1);
		expect(fake.requests[0]).toMatchObject({
			method: 'GET',
			path: '/api-internalApi/v1/core/conversation-configurations',
			query: { organizationId: DEMO.organizationId },
			status: 200,
		});
		expect(fake.requests[0].headers['x-siro-auth-token']).toBe(DEMO.userAccessToken);
	});

	test('lists conversation types once per organization, parses links, and continues on fail', async () => {
		const run = await execute(workflows.listParseContinue.id);
		expectSuccess(run);

		// List: 5 input items for 2 organizations, simplified output, the other organization → 403 item
		const listed = outputOf(run.result, 'List Conversation Types');
		const demoItems = wf.ORG_REQUESTS.filter((org) => org === DEMO.organizationId).length;
		const otherItems = wf.ORG_REQUESTS.length - demoItems;
		expect(listed).toHaveLength(demoItems * DEMO_CONFIGURATION_COUNT + otherItems);
		const types = listed.filter((item) => item.error === undefined);
		for (const item of types) {
			expect(Object.keys(item).sort()).toEqual(
				expect.arrayContaining(['conversationType', 'displayName', 'id', 'orgId']),
			);
			expect(
				Object.keys(item).every((key) =>
					['conversationType', 'displayName', 'id', 'orgId', 'teamId'].includes(key),
				),
			).toBe(true);
			expect(item.orgId).toBe(DEMO.organizationId);
		}
		expect(types.slice(0, DEMO_CONFIGURATION_COUNT)).toEqual([
			...Object.values(DEMO.conversationTypes).map(({ conversationType, displayName }) => ({
				conversationType,
				displayName,
				id: `${DEMO.organizationId}-${conversationType}`,
				orgId: DEMO.organizationId,
			})),
			{
				conversationType: wf.IN_HOME,
				displayName: 'In-Home Consultation',
				id: `${DEMO.teamId}-${wf.IN_HOME}`,
				orgId: DEMO.organizationId,
				teamId: DEMO.teamId,
			},
		]);
		const forbidden = listed.filter((item) => item.error !== undefined);
		expect(forbidden).toHaveLength(otherItems);
		for (const item of forbidden) {
			expect(item.error).toContain(DEMO.otherOrganizationId);
			expect(`${item.error} ${item.fix}`).toMatch(/member|admin/i);
		}
		// items stay paired with the input item that asked
		const listRun = run.result.data.resultData.runData['List Conversation Types'][0];
		const pairs = listRun.data.main[0].map((item) => item.pairedItem.item);
		expect(pairs.filter((p) => p === 0)).toHaveLength(DEMO_CONFIGURATION_COUNT);
		expect(pairs.filter((p) => p === 2)).toHaveLength(1);

		// List with the credential's organization, a name filter, a limit, and the raw configuration
		const filtered = outputOf(run.result, 'List Filtered');
		expect(filtered).toHaveLength(1);
		expect(filtered[0]).toMatchObject({
			conversationType: wf.IN_HOME,
			displayName: 'In-Home Consultation',
			orgId: DEMO.organizationId,
			debriefQuestions: expect.any(Array),
			expressions: expect.any(Array),
		});

		// Parse: a valid link and two broken ones with their issues
		const parsed = outputOf(run.result, 'Parse Record Link');
		expect(parsed).toHaveLength(3);
		expect(parsed[0]).toMatchObject({
			link: wf.GOLDEN_LINK,
			valid: true,
			issues: [],
			action: 'start',
			title: 'Jones (2nd visit) + gutters',
			conversationType: wf.IN_HOME,
			integrationConnectionId: 'conn-salesforce-1',
			crmObjects: [{ objectType: 'Lead', objectId: '00QB2' }],
		});
		expect(parsed[1]).toMatchObject({
			link: wf.BROKEN_LINK,
			valid: false,
			action: 'stop',
			title: 'Smith+visit',
		});
		expect(parsed[1].issues).toEqual([
			expect.stringContaining('raw "+"'),
			expect.stringContaining('not valid for a stop link'),
		]);
		expect(parsed[2].valid).toBe(false);
		const issues2 = parsed[2].issues.join('\n');
		expect(issues2).toMatch(/conversationType/);
		expect(issues2).toMatch(/integrationConnectionId/);
		expect(issues2).toMatch(/color/);

		// Continue On Fail (onError: continueRegularOutput) with the Must Exist check
		const mixed = outputOf(run.result, 'Build (Continue On Fail)');
		expect(mixed).toHaveLength(wf.MIXED_ITEMS.length);
		const linkFor = (i) =>
			lib.buildRecordLink({
				action: 'start',
				title: `Item ${i}`,
				conversationType: wf.MIXED_ITEMS[i].type,
				integrationConnectionId: 'conn-1',
				crmObjects: wf.MIXED_ITEMS[i].crm,
			}).url;
		expect(mixed[0]).toMatchObject({ recordLink: linkFor(0) });
		expect(mixed[2]).toMatchObject({ recordLink: linkFor(2) });
		expect(mixed[0].recordLink).toBe(
			'https://app.siro.ai/record?action=start&title=Item%200&conversationType=3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10' +
				'&integrationConnectionId=conn-1&crmObjects=%5B%7B%22objectType%22%3A%22Opportunity%22%2C%22objectId%22%3A%22006X%22%7D%5D',
		);
		expect(mixed[1]).toMatchObject({
			field: 'crmObjects',
			error: expect.stringContaining('Banana'),
		});
		expect(mixed[1].fix).toEqual(expect.any(String));
		expect(mixed[1]).not.toHaveProperty('recordLink');
		expect(mixed[3]).toMatchObject({
			field: 'conversationType',
			error: expect.stringContaining(DEMO.organizationId),
		});
		expect(mixed[3].error).toContain(wf.UNKNOWN_TYPE);
		expect(mixed[3].fix).toContain('In-Home Consultation');
		expect(mixed[4]).toMatchObject({ field: 'conversationType' });
		expect(
			mixed.map(
				(item, i) =>
					run.result.data.resultData.runData['Build (Continue On Fail)'][0].data.main[0][i]
						.pairedItem,
			),
		).toEqual(mixed.map((_, i) => ({ item: i })));

		// The legacy continueOnFail flag, format check only: the unknown-but-well-formed UUID passes
		const legacy = outputOf(run.result, 'Build (legacy continueOnFail)');
		expect(legacy.map((item) => item.recordLink ?? item.field)).toEqual([
			linkFor(0),
			'crmObjects',
			linkFor(2),
			linkFor(3),
			'conversationType',
		]);

		// One request per organization per node, however many items asked: List (demo + other),
		// List Filtered (demo), Must Exist (demo). The format check and Parse ask nothing.
		expect(requestsPerOrganization(fake)).toEqual({
			[DEMO.organizationId]: 3,
			[DEMO.otherOrganizationId]: 1,
		});
	});

	test('fails the run on a bad item without Continue On Fail, naming the field and the item', async () => {
		const run = await execute(workflows.failing.id);
		expect(run.exitCode).not.toBe(0);
		expect(run.result).toBeDefined();
		expect(run.result.status).toBe('error');
		const error = errorOf(run.result);
		expect(error.message).toContain('crmObjects');
		expect(error.message).toContain('Banana');
		expect(error.message).toContain('[item 2]');
		expect(error.description).toContain('Lead, Account, Contact');
		const nodeError = errorOf(run.result, 'Build Record Link');
		expect(nodeError.message).toBe(error.message);
		expect(run.result.data.resultData.lastNodeExecuted).toBe('Build Record Link');
	});

	describe('example workflows', () => {
		test('conversation type mapping runs as it is', async () => {
			const { workflow, replaced } = examples['conversation-type-mapping.json'];
			expect(replaced).toEqual({ triggers: [], senders: [] });
			const run = await execute(workflow.id);
			expectSuccess(run);
			expect(outputOf(run.result, 'List Conversation Types')).toHaveLength(
				DEMO_CONFIGURATION_COUNT,
			);
			expect(outputOf(run.result, 'Label to UUID Mapping')).toEqual([
				{
					mapping: Object.fromEntries(
						Object.values(DEMO.conversationTypes).map(({ displayName, conversationType }) => [
							displayName,
							conversationType,
						]),
					),
				},
			]);
			expect(fake.countRequests(CONFIGURATIONS)).toBe(1);
		});
	});

	// Last: the server shares the user folder (and 2.x's task broker port) with `n8n execute`.
	describe('served by n8n', () => {
		let api;

		beforeAll(async () => {
			const started = Date.now();
			await n8n.start();
			console.log(`line ${line}: n8n start (ready) in ${seconds(started)}`);
			api = await n8n.login();
		});

		afterAll(async () => {
			await n8n?.stop();
		});

		test('loads the Siro node, its tool variant and the Siro API credential type', async () => {
			const { data: nodeTypes } = await api.get('/types/nodes.json');
			const names = nodeTypes.map((type) => type.name);
			expect(names).toContain('n8n-nodes-siro.siro');
			expect(names).toContain('n8n-nodes-siro.siroTool');
			const siro = nodeTypes.find((type) => type.name === 'n8n-nodes-siro.siro');
			expect(siro).toMatchObject({ displayName: 'Siro', usableAsTool: true });
			expect(siro.credentials).toEqual([expect.objectContaining({ name: 'siroApi' })]);
			const { data: credentialTypes } = await api.get('/types/credentials.json');
			expect(credentialTypes.map((type) => type.name)).toContain('siroApi');
		});

		test('shows the example workflows imported as they are, with parameters this n8n knows', async () => {
			const { data } = await api.get('/rest/workflows');
			const list = Array.isArray(data.data) ? data.data : data.data.data;
			const names = list.map((w) => w.name);
			for (const file of wf.exampleFiles()) expect(names).toContain(wf.readExample(file).name);

			// Every node of every example exists in this n8n at its typeVersion, and each of its
			// parameters is one that node describes (a misspelt parameter would be silently ignored).
			const { data: nodeTypes } = await api.get('/types/nodes.json');
			expect(wf.unknownExampleNodes(nodeTypes, wf.exampleFiles())).toEqual([]);
		});

		test('tests the credential against Siro: passes, and fails clearly for a bad token or organization', async () => {
			const credential = wf.siroCredential(fake.url);
			const testWith = async (data) => {
				const res = await api.post(
					'/rest/credentials/test',
					{
						credentials: {
							id: credential.id,
							name: credential.name,
							type: credential.type,
							data: { ...credential.data, ...data },
						},
					},
					{ validateStatus: () => true },
				);
				expect(res.status).toBe(200);
				return res.data.data;
			};
			fake.resetLog();
			expect(await testWith({})).toEqual({ status: 'OK', message: expect.any(String) });
			expect(fake.requests.at(-1)).toMatchObject({
				path: '/api-internalApi/v1/core/conversation-configurations',
				query: { organizationId: DEMO.organizationId },
				status: 200,
			});
			expect(fake.requests.at(-1).headers['x-siro-auth-token']).toBe(DEMO.userAccessToken);

			// n8n runs the credential's test request itself. 2.x shows the credential's own messages
			// (its responseCode rules). 1.123 never applies those rules to a refused request: its
			// ExecutionBaseError drops the `cause` (the HTTP response) that the rules are matched
			// against, so it shows its generic per-status text instead.
			const { SiroApi } = require(path.join(ROOT, 'dist/credentials/SiroApi.credentials.js'));
			const ownMessages = Object.fromEntries(
				new SiroApi().test.rules.map((rule) => [rule.properties.value, rule.properties.message]),
			);
			const messages =
				line === '1'
					? {
							401: 'Authorization failed - please check your credentials',
							403: 'Forbidden - perhaps check your credentials?',
						}
					: ownMessages;
			const before = fake.countRequests();
			const badToken = await testWith({ accessToken: 'siro-wrong-token-0000' });
			// n8n retries a 401 once after preAuthentication; no more than that
			expect(fake.countRequests() - before).toBeGreaterThanOrEqual(1);
			expect(fake.countRequests() - before).toBeLessThanOrEqual(2);
			expect(badToken).toEqual({ status: 'Error', message: messages[401] });
			expect(fake.requests.at(-1)).toMatchObject({ status: 401 });

			const otherOrg = await testWith({ organizationId: DEMO.otherOrganizationId });
			expect(otherOrg).toEqual({ status: 'Error', message: messages[403] });
			expect(fake.requests.at(-1)).toMatchObject({
				status: 403,
				query: { organizationId: DEMO.otherOrganizationId },
			});
			expect(JSON.stringify([badToken, otherOrg])).not.toContain(DEMO.userAccessToken);

			// With an organization API token, the test asks Siro who that token is, with that token only.
			const withOrganizationToken = await testWith({
				organizationApiToken: DEMO.organizationApiToken,
				oauthBaseUrl: `${fake.url}/api-externalApi`,
			});
			expect(withOrganizationToken.status).toBe('OK');
			expect(fake.requests.at(-1)).toMatchObject({ route: 'callerIdentity', status: 200 });
			expect(fake.requests.at(-1).headers.authorization).toBe(
				`Bearer ${DEMO.organizationApiToken}`,
			);
			expect(fake.requests.at(-1).headers['x-siro-auth-token']).toBeUndefined();
			const badOrganizationToken = await testWith({
				organizationApiToken: 'siro-wrong-organization-token-0000',
				oauthBaseUrl: `${fake.url}/api-externalApi`,
			});
			expect(badOrganizationToken).toEqual({ status: 'Error', message: messages[401] });
			expect(fake.requests.at(-1)).toMatchObject({ route: 'callerIdentity', status: 401 });
		});
	});
});
