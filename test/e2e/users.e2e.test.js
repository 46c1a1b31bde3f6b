'use strict';
/**
 * End-to-end tests of User → Create, Update and Deactivate in real n8n, 1.123.81 on Node 20 and
 * 2.41.1 on Node 24: the packed package installed as a community package, the fake Siro on loopback.
 * A hire from an HR system is created, updated and deactivated through the node, checked on the node
 * outputs and on the fake's users; a duplicate External ID and a duplicate e-mail stop the run (or,
 * with On Error set to continue, become error items) naming the value; the HR example
 * (examples/hr-webhook-to-siro-users.json) runs with its webhook standing in as items. Needs
 * `npm run build` first.
 */
const { ensureN8n } = require('../../dev/n8n/install');
const { N8nInstance, killN8nOnExit, outputOf, errorOf } = require('../../dev/n8n/instance');
const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');
const wf = require('./support/workflows');
const { usePackedPackage, expectSuccess } = require('./support/packedPackage');

jest.setTimeout(15 * 60 * 1000);
killN8nOnExit();

const packed = usePackedPackage();

/** A new rep as an HR system's webhook would send them. */
const HIRE = {
	email: 'Jamie.Rivera@DemoHomeServices.com',
	firstName: 'Jamie',
	lastName: 'Rivera',
	phone: '(415) 555-0177',
	hrId: 'HR-20417',
};

/** The HR example's hire, as its webhook body has it. */
const HR_HIRE = {
	email: 'morgan.hale@demohomeservices.com',
	firstName: 'Morgan',
	lastName: 'Hale',
	mobilePhone: '720.555.0199',
	employeeId: 'EMP-3307',
};

const byId = (value) => ({ __rl: true, mode: 'id', value });

/** Manual → the hire → Create (expressions) → Update (only the fields given) → Deactivate. */
function lifecycleWorkflow(line) {
	return wf.workflow(
		'UserLifecycle',
		line,
		'User create, update, deactivate',
		[
			wf.manualTrigger(),
			wf.itemsNode('Hire', [HIRE], [220, 0]),
			wf.siroNode(
				'Create',
				{
					resource: 'user',
					operation: 'create',
					inputDataMode: 'defineBelow',
					email: '={{ $json.email }}',
					additionalFields: {
						firstName: '={{ $json.firstName }}',
						lastName: '={{ $json.lastName }}',
						phoneNumber: '={{ $json.phone }}',
						externalId: '={{ $json.hrId }}',
						memberTeamId: DEMO.teamId,
					},
					simplify: true,
					options: {},
				},
				{ position: [440, 0] },
			),
			wf.siroNode(
				'Update',
				{
					resource: 'user',
					operation: 'update',
					user: byId('={{ $json.id }}'),
					updateFields: { lastName: 'Rivera-Stone', phoneNumber: '+44 20 7946 0177' },
					simplify: true,
					options: {},
				},
				{ position: [660, 0] },
			),
			wf.siroNode(
				'Deactivate',
				{
					resource: 'user',
					operation: 'deactivate',
					user: byId('={{ $json.id }}'),
					simplify: false,
					options: {},
				},
				{ position: [880, 0] },
			),
		],
		[
			['Manual', 'Hire'],
			['Hire', 'Create'],
			['Create', 'Update'],
			['Update', 'Deactivate'],
		],
	);
}

/** Manual → two items whose External ID or e-mail another user has → Create From Input Fields. */
function duplicateWorkflow(line, label, { continueOnFail }) {
	return wf.workflow(
		label,
		line,
		`User duplicates ${continueOnFail ? 'kept' : 'stopping'}`,
		[
			wf.manualTrigger(),
			wf.itemsNode(
				'Hires',
				[
					{ email: 'casey.north@demohomeservices.com', externalId: DEMO.users.demo.externalId },
					{ email: DEMO.users.formattedPhone.email.toUpperCase(), firstName: 'Priya' },
				],
				[220, 0],
			),
			wf.siroNode(
				'Create',
				{
					resource: 'user',
					operation: 'create',
					inputDataMode: 'fromInputFields',
					simplify: true,
					options: {},
				},
				{
					position: [440, 0],
					...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
				},
			),
		],
		[
			['Manual', 'Hires'],
			['Hires', 'Create'],
		],
	);
}

describe.each(['1', '2'])('User create, update and deactivate in real n8n line %s', (line) => {
	let n8n;
	let fake;
	const workflows = {
		lifecycle: lifecycleWorkflow(line),
		duplicatesKept: duplicateWorkflow(line, 'UserDupKept', { continueOnFail: true }),
		duplicatesStop: duplicateWorkflow(line, 'UserDupStop', { continueOnFail: false }),
		hrExample: wf.exampleVariant(wf.readExample('hr-webhook-to-siro-users.json'), {
			id: wf.workflowId('UserHrExample', line),
			triggerItems: [
				{ body: { event: 'hired', ...HR_HIRE } },
				{ body: { event: 'left', email: DEMO.users.noPhone.email.toLowerCase() } },
			],
		}).workflow,
	};

	async function run(workflow) {
		const execution = await n8n.execute(workflow.id);
		if (execution.result === undefined) {
			throw new Error(
				`n8n printed no execution (exit ${execution.exitCode}): ${execution.stderr.slice(-2000)}`,
			);
		}
		return execution;
	}

	beforeAll(async () => {
		await ensureN8n(line);
		fake = await startFakeSiro();
		n8n = new N8nInstance({ line });
		await n8n.installCommunityPackage(packed.tarball);
		await n8n.importCredentials([wf.siroCredentialWithOrganizationToken(fake.url)]);
		for (const workflow of Object.values(workflows)) await n8n.importWorkflow(workflow);
	});

	afterAll(async () => {
		await n8n?.cleanup();
		await fake?.close();
	});

	beforeEach(() => {
		fake.clearFault();
		fake.resetLog();
	});

	test('a hire is created, updated with only the fields given, and deactivated', async () => {
		const execution = await run(workflows.lifecycle);
		expectSuccess(execution);

		const stored = fake.data.users.filter((user) => user.externalId === HIRE.hrId);
		expect(stored).toHaveLength(1);
		const [user] = stored;
		expect(user).toMatchObject({
			organizationId: DEMO.organizationId,
			email: HIRE.email,
			firstName: 'Jamie',
			lastName: 'Rivera-Stone',
			phoneNumber: '+442079460177',
			memberTeamId: DEMO.teamId,
			disabled: true,
		});

		const writes = fake.requests.filter((entry) =>
			['createUser', 'updateUser'].includes(entry.route),
		);
		expect(writes.map((entry) => [entry.method, entry.body])).toEqual([
			[
				'POST',
				{
					email: HIRE.email,
					firstName: 'Jamie',
					lastName: 'Rivera',
					phoneNumber: '+14155550177',
					externalId: HIRE.hrId,
					memberTeamId: DEMO.teamId,
					organizationId: DEMO.organizationId,
				},
			],
			['PUT', { lastName: 'Rivera-Stone', phoneNumber: '+442079460177' }],
			['PUT', { disabled: true }],
		]);
		expect(JSON.stringify(writes.map((entry) => entry.body))).not.toMatch(/password/i);

		expect(outputOf(execution.result, 'Create')).toEqual([
			{
				id: user.id,
				email: HIRE.email,
				phoneNumber: '+14155550177',
				firstName: 'Jamie',
				lastName: 'Rivera',
				externalId: HIRE.hrId,
				disabled: false,
				memberTeamId: DEMO.teamId,
			},
		]);
		expect(outputOf(execution.result, 'Update')).toEqual([
			expect.objectContaining({
				id: user.id,
				lastName: 'Rivera-Stone',
				phoneNumber: '+442079460177',
				disabled: false,
			}),
		]);
		// Simplify off: everything Siro returned, fields the package does not model included.
		expect(outputOf(execution.result, 'Deactivate')).toEqual([
			expect.objectContaining({
				id: user.id,
				disabled: true,
				billable: true,
				createdAt: user.createdAt,
				contactSettings: { suppressEmails: false, suppressEmailErrors: false },
			}),
		]);
	});

	test('a duplicate External ID or e-mail is an error naming the value', async () => {
		const before = fake.data.users.length;
		const kept = await run(workflows.duplicatesKept);
		expectSuccess(kept);
		const [externalIdTaken, emailTaken] = outputOf(kept.result, 'Create');
		expect(externalIdTaken.error).toContain(`the External ID "${DEMO.users.demo.externalId}"`);
		expect(externalIdTaken.httpCode).toBe(409);
		expect(emailTaken.error).toContain(
			`the e-mail "${DEMO.users.formattedPhone.email.toUpperCase()}"`,
		);
		expect(emailTaken.fix).toMatch(/unique in a Siro organization/);

		const stopped = await run(workflows.duplicatesStop);
		const error = errorOf(stopped.result, 'Create');
		expect(error.message).toContain(`the External ID "${DEMO.users.demo.externalId}"`);
		expect(error.message).toContain('[item 0]');
		expect(fake.data.users.length).toBe(before);
	});

	test('the HR example creates the hire and deactivates the leaver', async () => {
		const execution = await run(workflows.hrExample);
		expectSuccess(execution);
		const [created] = outputOf(execution.result, 'Create Siro User');
		expect(created).toMatchObject({
			email: HR_HIRE.email,
			phoneNumber: '+17205550199',
			externalId: HR_HIRE.employeeId,
			disabled: false,
		});
		expect(fake.data.users.find((user) => user.id === created.id)).toMatchObject({
			firstName: 'Morgan',
			lastName: 'Hale',
			phoneNumber: '+17205550199',
		});
		const [deactivated] = outputOf(execution.result, 'Deactivate Siro User');
		expect(deactivated).toMatchObject({ id: DEMO.users.noPhone.id, disabled: true });
		expect(fake.data.users.find((user) => user.id === DEMO.users.noPhone.id).disabled).toBe(true);
	});
});
