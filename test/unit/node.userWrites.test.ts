/**
 * User → Create, Update and Deactivate (SPEC "User: Create, Update, Deactivate"), run with
 * `new Siro().execute` against the fake Siro over real sockets: what reaches Siro, what the node
 * outputs, what it refuses before any request, and Siro's duplicates as errors naming the value.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO } from '../../dev/fake-siro/server';
import { Siro } from '../../nodes/Siro/Siro.node';
import { useFakeSiro } from './support/fakeSiroFixture';
import { nodeApiErrorFrom, nodeErrorFrom, runSiroNode } from './support/runSiroNode';
import { organizationTokenCredentials } from './support/siroCredentials';

const fake = useFakeSiro();

function run(
	operation: string,
	parameters: IDataObject,
	options: { items?: IDataObject[]; continueOnFail?: boolean; node?: { type: string } } = {},
) {
	return runSiroNode({
		credentials: organizationTokenCredentials(fake),
		parameters: { resource: 'user', operation, simplify: true, options: {}, ...parameters },
		...options,
	});
}

type StoredUser = IDataObject & { id: string; email: string | null };
const storedByEmail = (email: string) =>
	(fake.data.users as StoredUser[]).filter((user) => user.email === email);
const writes = () =>
	fake.requests.filter((entry) => entry.route === 'createUser' || entry.route === 'updateUser');

let serial = 0;
const newEmail = () => `Hire.${++serial}@DemoHomeServices.com`;

describe('User → Create', () => {
	it('creates the user with the fields given, phone in E.164, and outputs the simplified user', async () => {
		const email = newEmail();
		const { output } = await run('create', {
			inputDataMode: 'defineBelow',
			email: ` ${email} `,
			additionalFields: {
				firstName: 'Taylor',
				lastName: 'Brooks',
				phoneNumber: '(212) 555-0142',
				externalId: `hr-${serial}`,
				memberTeamId: DEMO.teamId,
				suppressEmails: true,
			},
		});
		expect(writes().map((entry) => entry.body)).toEqual([
			{
				email,
				firstName: 'Taylor',
				lastName: 'Brooks',
				phoneNumber: '+12125550142',
				externalId: `hr-${serial}`,
				memberTeamId: DEMO.teamId,
				contactSettings: { suppressEmails: true },
				organizationId: DEMO.organizationId,
			},
		]);
		const [stored] = storedByEmail(email);
		expect(output).toEqual([
			{
				json: {
					id: stored.id,
					email,
					phoneNumber: '+12125550142',
					firstName: 'Taylor',
					lastName: 'Brooks',
					externalId: `hr-${serial}`,
					disabled: false,
					memberTeamId: DEMO.teamId,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('takes each item as the body From Input Fields, and with Simplify off outputs all Siro returned', async () => {
		const emails = [newEmail(), newEmail()];
		const { output } = await run(
			'create',
			{ inputDataMode: 'fromInputFields', simplify: false },
			{ items: emails.map((email, index) => ({ email, firstName: `Rep ${index}` })) },
		);
		expect(output.map((item) => [item.json.email, item.pairedItem])).toEqual([
			[emails[0], { item: 0 }],
			[emails[1], { item: 1 }],
		]);
		expect(output[0].json).toMatchObject({
			organizationId: DEMO.organizationId,
			billable: true,
			coachTeamIds: [],
			contactSettings: { suppressEmails: false, suppressEmailErrors: false },
			createdAt: expect.any(String),
		});
	});

	it('refuses a password from input fields, a bad e-mail and a bad phone, before any request for any item', async () => {
		const cases: Array<[IDataObject, string, RegExp]> = [
			[{ email: newEmail(), password: 'Summer2026!' }, 'password', /never sent to Siro/],
			[{ email: 'taylor.brooks@example' }, 'email', /not an e-mail address/],
			[
				{ email: newEmail(), phoneNumber: '555 01' },
				'phoneNumber',
				/not a valid phone number in US/,
			],
		];
		for (const [item, , message] of cases) {
			const error = await nodeErrorFrom(
				run(
					'create',
					{ inputDataMode: 'fromInputFields' },
					{ items: [{ email: newEmail() }, item] },
				),
			);
			expect(error.message).toMatch(message);
			expect(error.message).toContain('[item 1]');
		}
		expect(writes()).toHaveLength(0);

		// With Continue On Fail, each bad item is an error item naming its field; the good one is sent.
		const { output } = await run(
			'create',
			{ inputDataMode: 'fromInputFields' },
			{ items: [...cases.map(([item]) => item), { email: newEmail() }], continueOnFail: true },
		);
		expect(output.slice(0, 3).map((item) => item.json.field)).toEqual(
			cases.map(([, field]) => field),
		);
		expect(output[3].json.id).toEqual(expect.any(String));
		expect(writes()).toHaveLength(1);
	});

	it('reads a national number in the Default Country option', async () => {
		const { output } = await run('create', {
			inputDataMode: 'defineBelow',
			email: newEmail(),
			additionalFields: { phoneNumber: '0211 234567' },
			options: { defaultCountryCode: 'DE' },
		});
		expect(output[0].json.phoneNumber).toBe('+49211234567');
	});

	it('says which External ID another user has (409)', async () => {
		const error = await nodeApiErrorFrom(
			run('create', {
				inputDataMode: 'defineBelow',
				email: newEmail(),
				additionalFields: { externalId: DEMO.users.demo.externalId },
			}),
		);
		expect(error.httpCode).toBe('409');
		expect(error.message).toContain(`the External ID "${DEMO.users.demo.externalId}"`);
		expect(error.message).toContain('[item 0]');
	});

	it('says which e-mail another user has (409), whatever the case of its letters', async () => {
		const taken = DEMO.users.demo.email!.toLowerCase();
		const error = await nodeApiErrorFrom(
			run('create', { inputDataMode: 'defineBelow', email: taken }),
		);
		expect(error.message).toContain(`the e-mail "${taken}"`);
		expect(error.description).toMatch(/unique in a Siro organization/);
	});

	it('answers a model with the problem and the fix when run as a tool', async () => {
		const { output } = await run(
			'create',
			{ inputDataMode: 'fromInputFields' },
			{ items: [{ email: newEmail(), password: 'x' }], node: { type: 'n8n-nodes-siro.siroTool' } },
		);
		expect(output[0].json).toMatchObject({
			field: 'password',
			error: expect.stringMatching(/never sent/),
		});
	});
});

describe('User → Update', () => {
	async function hire() {
		const email = newEmail();
		const { output } = await run('create', {
			inputDataMode: 'defineBelow',
			email,
			additionalFields: { firstName: 'Taylor', lastName: 'Brooks', externalId: `hr-${serial}` },
		});
		fake.resetLog();
		return output[0].json as { id: string; email: string; externalId: string };
	}

	it('sends only the Update Fields added; the user keeps the others', async () => {
		const rep = await hire();
		const { output } = await run('update', {
			user: { __rl: true, mode: 'id', value: rep.id },
			updateFields: { lastName: 'Brooks-Hale', phoneNumber: '312.555.0143', billable: false },
		});
		expect(writes().map((entry) => [entry.method, entry.path, entry.body])).toEqual([
			[
				'PUT',
				`/api-externalApi/v1/core/users/${rep.id}`,
				{ lastName: 'Brooks-Hale', phoneNumber: '+13125550143', billable: false },
			],
		]);
		expect(output[0].json).toMatchObject({
			id: rep.id,
			firstName: 'Taylor',
			lastName: 'Brooks-Hale',
			email: rep.email,
			externalId: rep.externalId,
			phoneNumber: '+13125550143',
		});
	});

	it('picks the user By Email, and refuses an update with no field before any request', async () => {
		const rep = await hire();
		const { output } = await run('update', {
			user: { __rl: true, mode: 'email', value: rep.email.toUpperCase() },
			updateFields: { firstName: 'Tay' },
		});
		expect(output[0].json).toMatchObject({ id: rep.id, firstName: 'Tay' });

		fake.resetLog();
		const error = await nodeErrorFrom(
			run('update', { user: { __rl: true, mode: 'id', value: rep.id }, updateFields: {} }),
		);
		expect(error.message).toMatch(/No field to update/);
		expect(fake.requests).toHaveLength(0);
	});

	it('says which e-mail another user has (409)', async () => {
		const rep = await hire();
		const error = await nodeApiErrorFrom(
			run('update', {
				user: { __rl: true, mode: 'id', value: rep.id },
				updateFields: { email: DEMO.users.formattedPhone.email },
			}),
		);
		expect(error.message).toContain(`the e-mail "${DEMO.users.formattedPhone.email}"`);
	});
});

describe('User → Deactivate', () => {
	it('sends disabled: true only, outputs the disabled user, and Find then leaves the user out', async () => {
		const email = newEmail();
		const created = await run('create', { inputDataMode: 'defineBelow', email });
		const id = created.output[0].json.id as string;
		fake.resetLog();
		const { output } = await run('deactivate', { user: { __rl: true, mode: 'id', value: id } });
		expect(writes().map((entry) => entry.body)).toEqual([{ disabled: true }]);
		expect(output).toEqual([
			{ json: expect.objectContaining({ id, email, disabled: true }), pairedItem: { item: 0 } },
		]);
		const find = await nodeErrorFrom(run('find', { findBy: 'email', email }));
		expect(find.message).toMatch(/is disabled/);
	});
});

it('keeps the existing User operations and their parameters, and adds the three', () => {
	const { properties } = new Siro().description;
	const operations = properties.find(
		(property) =>
			property.name === 'operation' && property.displayOptions?.show?.resource?.[0] === 'user',
	);
	expect(operations?.options?.map((option) => (option as { value: string }).value)).toEqual([
		'find',
		'get',
		'getAll',
		'create',
		'update',
		'deactivate',
	]);
	const named = (operation: string) =>
		properties
			.filter(
				(property) =>
					property.displayOptions?.show?.resource?.[0] === 'user' &&
					property.displayOptions?.show?.operation?.[0] === operation,
			)
			.map(({ name, type }) => `${name}:${type}`);
	expect(named('find')).toEqual([
		'findBy:options',
		'email:string',
		'phoneNumber:string',
		'externalId:string',
		'simplify:boolean',
		'options:collection',
	]);
	expect(named('get')).toEqual(['user:resourceLocator', 'simplify:boolean', 'options:collection']);
	expect(named('create')).toEqual([
		'inputDataMode:options',
		'email:string',
		'additionalFields:collection',
		'simplify:boolean',
		'options:collection',
	]);
	expect(named('update')).toEqual([
		'user:resourceLocator',
		'updateFields:collection',
		'simplify:boolean',
		'options:collection',
	]);
	expect(JSON.stringify(properties)).not.toMatch(/"name":"password"/i);
});
