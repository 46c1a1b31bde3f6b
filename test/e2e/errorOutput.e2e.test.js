'use strict';
/**
 * Issue 16, item 7, in real n8n (1.123.81 on Node 20 and line 2 on Node 24), the package installed
 * from its tarball: with On Error "Continue (using error output)" the items that failed leave the
 * Siro node on its error output (output 1) and only the good ones go on along output 0; with
 * "Continue (regular output)" the failed items stay on output 0 with a readable error, fix and field.
 * Find User (unknown and ambiguous e-mail), Build Record Link (a bad CRM object), Check Delivery (an
 * empty Sent At) and Recording Get Many (a window that ends before it starts), each fed one or two
 * good items with the bad ones.
 */
const crypto = require('node:crypto');
const { ensureN8n } = require('../../dev/n8n/install');
const { N8nInstance, killN8nOnExit, outputOf } = require('../../dev/n8n/instance');
const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');
const wf = require('./support/workflows');
const { usePackedPackage, expectSuccess } = require('./support/packedPackage');

jest.setTimeout(15 * 60 * 1000);
killN8nOnExit();

const packed = usePackedPackage();

const { demo, ambiguousEmailA } = DEMO.users;

const EMAILS = ['nobody@example.com', ambiguousEmailA.email, demo.email];
const VISITS = [
	{ title: 'Good visit', crm: '[{"objectType":"Opportunity","objectId":"006X"}]' },
	{ title: 'Bad visit', crm: '[{"objectType":"Banana","objectId":"1"}]' },
];
const SENT_LINKS = [
	{ link: wf.GOLDEN_LINK, sentAt: new Date(Date.now() - 60 * 1000).toISOString() },
	{ link: wf.GOLDEN_LINK, sentAt: '' },
];
const WINDOWS = [
	{ after: '2000-01-01T00:00:00Z', before: '2099-01-01T00:00:00Z' },
	{ after: '2026-01-02T00:00:00Z', before: '2026-01-01T00:00:00Z' },
];

/** Each Siro node under test: its input items and its parameters (reading the item by expression). */
const STEPS = [
	{
		name: 'Find User',
		items: EMAILS.map((email) => ({ email })),
		parameters: {
			resource: 'user',
			operation: 'find',
			findBy: 'email',
			email: '={{ $json.email }}',
			simplify: true,
			options: {},
		},
	},
	{
		name: 'Build Record Link',
		items: VISITS,
		parameters: {
			resource: 'recordLink',
			operation: 'build',
			recordAction: 'start',
			title: '={{ $json.title }}',
			integrationConnectionId: 'conn-1',
			crmObjectsInput: 'json',
			crmObjectsJson: '={{ $json.crm }}',
			options: {},
		},
	},
	{
		name: 'Check Delivery',
		items: SENT_LINKS,
		parameters: {
			resource: 'recordLink',
			operation: 'checkDelivery',
			link: '={{ $json.link }}',
			user: { __rl: true, mode: 'id', value: demo.id },
			sentAt: '={{ $json.sentAt }}',
		},
	},
	{
		name: 'Recording Get Many',
		items: WINDOWS,
		parameters: {
			resource: 'recording',
			operation: 'getAll',
			returnAll: false,
			limit: 1,
			filters: { createdAfter: '={{ $json.after }}', createdBefore: '={{ $json.before }}' },
		},
	},
];

function node(name, type, parameters, position, rest = {}) {
	return { id: crypto.randomUUID(), name, type, typeVersion: 1, position, parameters, ...rest };
}

const link = (to) => ({ node: to, type: 'main', index: 0 });

/**
 * Manual → items → each Siro step with the given On Error. Under the error output, its output 0 goes
 * to "<step> OK" and its output 1 to "<step> Failed" (No Operation nodes), as a workflow would send
 * them on to the SMS step and to someone who fixes the input.
 */
function errorOutputWorkflow(label, line, onError) {
	const nodes = [node('Manual', 'n8n-nodes-base.manualTrigger', {}, [0, 0])];
	const connections = { Manual: { main: [[]] } };
	STEPS.forEach((step, row) => {
		const y = row * 200;
		const itemsName = `${step.name} Items`;
		const jsCode = `return ${JSON.stringify(step.items)}.map((json) => ({ json }));`;
		nodes.push(
			node(itemsName, 'n8n-nodes-base.code', { jsCode }, [220, y], { typeVersion: 2 }),
			node(step.name, wf.SIRO_TYPE, step.parameters, [440, y], {
				onError,
				credentials: { siroApi: { id: wf.CREDENTIAL_ID, name: 'Siro (demo)' } },
			}),
			node(`${step.name} OK`, 'n8n-nodes-base.noOp', {}, [660, y]),
		);
		connections.Manual.main[0].push(link(itemsName));
		connections[itemsName] = { main: [[link(step.name)]] };
		connections[step.name] = { main: [[link(`${step.name} OK`)]] };
		if (onError === 'continueErrorOutput') {
			nodes.push(node(`${step.name} Failed`, 'n8n-nodes-base.noOp', {}, [660, y + 100]));
			connections[step.name].main.push([link(`${step.name} Failed`)]);
		}
	});
	return {
		id: wf.workflowId(label, line),
		name: `Siro On Error ${onError} (e2e line ${line})`,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

describe.each(['1', '2'])('On Error in real n8n line %s', (line) => {
	let n8n;
	let fake;
	const workflows = {
		errorOutput: errorOutputWorkflow('ErrOutput', line, 'continueErrorOutput'),
		regularOutput: errorOutputWorkflow('RegOutput', line, 'continueRegularOutput'),
	};

	beforeAll(async () => {
		await ensureN8n(line);
		fake = await startFakeSiro();
		n8n = new N8nInstance({ line });
		await n8n.installCommunityPackage(packed.tarball);
		await n8n.importCredentials([
			wf.siroCredential(fake.url, {
				organizationApiToken: DEMO.organizationApiToken,
				oauthBaseUrl: `${fake.url}/api-externalApi`,
			}),
		]);
		for (const workflow of Object.values(workflows)) await n8n.importWorkflow(workflow);
	});

	afterAll(async () => {
		await n8n?.cleanup();
		await fake?.close();
	});

	describe('Continue (using error output)', () => {
		let result;
		beforeAll(async () => {
			const run = await n8n.execute(workflows.errorOutput.id);
			expectSuccess(run);
			result = run.result;
		});

		const main = (name) => outputOf(result, name, { output: 0 });
		const failed = (name) => outputOf(result, name, { output: 1 });

		test('Find User: the unknown and the ambiguous e-mail leave on the error output, the found rep goes on', () => {
			expect(main('Find User').map((json) => json.id)).toEqual([demo.id]);
			expect(failed('Find User')).toEqual([
				{
					email: 'nobody@example.com',
					error: 'No Siro user in the organization has the e-mail "nobody@example.com".',
					message: expect.stringMatching(/From List/),
				},
				{
					email: ambiguousEmailA.email,
					error: expect.stringMatching(/^2 Siro users have the e-mail/),
					message: expect.stringMatching(/By ID or From List/),
				},
			]);
			// What the next nodes received: nothing failed flows on toward the SMS step.
			expect(outputOf(result, 'Find User OK').map((json) => json.id)).toEqual([demo.id]);
			expect(outputOf(result, 'Find User Failed').map((json) => json.email)).toEqual(
				EMAILS.slice(0, 2),
			);
		});

		test('Build Record Link: the bad CRM object leaves on the error output, the good link goes on', () => {
			expect(main('Build Record Link')).toEqual([
				expect.objectContaining({ title: 'Good visit', recordLink: expect.any(String) }),
			]);
			expect(failed('Build Record Link')).toEqual([
				{
					...VISITS[1],
					error: expect.stringMatching(/Banana/),
					message: expect.any(String),
				},
			]);
			expect(outputOf(result, 'Build Record Link OK')).toHaveLength(1);
		});

		test('Check Delivery: the empty Sent At leaves on the error output, the checked link goes on', () => {
			expect(main('Check Delivery')).toEqual([
				expect.objectContaining({
					delivery: expect.objectContaining({ status: expect.any(String) }),
				}),
			]);
			expect(failed('Check Delivery')).toEqual([
				{
					...SENT_LINKS[1],
					error: 'Sent At is empty.',
					message: expect.stringMatching(/Sent At|sent/),
				},
			]);
		});

		test('Recording Get Many: the impossible window leaves on the error output, the other lists', () => {
			expect(failed('Recording Get Many')).toEqual([
				{
					...WINDOWS[1],
					error: expect.stringMatching(/is not before/),
					message: expect.stringMatching(/earlier/),
				},
			]);
			expect(main('Recording Get Many').every((json) => json.error === undefined)).toBe(true);
		});
	});

	describe('Continue (regular output)', () => {
		let result;
		beforeAll(async () => {
			const run = await n8n.execute(workflows.regularOutput.id);
			expectSuccess(run);
			result = run.result;
		});

		test('every failed item stays on the main output with a readable error, fix and field', () => {
			const found = outputOf(result, 'Find User');
			expect(found).toHaveLength(3);
			expect(found[0]).toEqual({
				error: 'No Siro user in the organization has the e-mail "nobody@example.com".',
				fix: expect.stringMatching(/From List/),
				field: 'email',
			});
			expect(found[1]).toEqual({
				error: expect.stringMatching(/^2 Siro users have the e-mail/),
				fix: expect.stringMatching(/By ID or From List/),
				field: 'email',
			});
			expect(found[2].id).toBe(demo.id);

			const built = outputOf(result, 'Build Record Link');
			expect(built[1]).toEqual({
				error: expect.stringMatching(/Banana/),
				fix: expect.any(String),
				field: expect.stringMatching(/crmObjects/),
			});
			expect(outputOf(result, 'Check Delivery')[1]).toEqual({
				error: 'Sent At is empty.',
				fix: expect.any(String),
				field: 'sentAt',
			});
			const listed = outputOf(result, 'Recording Get Many');
			expect(listed[listed.length - 1]).toEqual({
				error: expect.stringMatching(/is not before/),
				fix: expect.stringMatching(/earlier/),
				field: 'createdAfter',
			});
		});
	});
});
