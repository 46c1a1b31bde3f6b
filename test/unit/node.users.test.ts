/**
 * The User resource (SPEC "User"): Find, Get, Get Many and the User locator's From List, run with
 * `new Siro().execute` against the fake Siro over real sockets (250 users, 100 a page).
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO } from '../../dev/fake-siro/server';
import { searchUsers } from '../../nodes/Siro/shared/users';
import { useFakeSiro } from './support/fakeSiroFixture';
import { loadOptionsContext } from './support/loadOptionsContext';
import { nodeErrorFrom, runSiroNode } from './support/runSiroNode';
import { accessTokenCredentials, organizationTokenCredentials } from './support/siroCredentials';

const fake = useFakeSiro();

const SIMPLIFIED_KEYS = [
	'id',
	'email',
	'phoneNumber',
	'firstName',
	'lastName',
	'externalId',
	'disabled',
	'memberTeamId',
];
const USER_PAGES = Math.ceil(DEMO.userCount / DEMO.usersPageSize);
const { demo, formattedPhone, dashedPhone, disabled, internationalPhone, bigNumberExternalId } =
	DEMO.users;

function run(
	parameters: IDataObject,
	options: { items?: IDataObject[]; continueOnFail?: boolean } = {},
) {
	return runSiroNode({
		credentials: organizationTokenCredentials(fake),
		parameters: { resource: 'user', simplify: true, ...parameters },
		...options,
	});
}

const find = (parameters: IDataObject, options?: Parameters<typeof run>[1]) =>
	run({ operation: 'find', findBy: 'email', options: {}, ...parameters }, options);

describe('User → Find', () => {
	it('finds by e-mail in any case and outputs the simplified user, ready for an SMS step', async () => {
		const { output } = await find({ email: ' AVERY.MORGAN@demohomeservices.com ' });
		expect(output).toEqual([
			{
				json: {
					id: demo.id,
					email: demo.email,
					phoneNumber: '+12125550100',
					firstName: 'Avery',
					lastName: 'Morgan',
					externalId: demo.externalId,
					disabled: false,
					memberTeamId: DEMO.teamId,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(Object.keys(output[0].json)).toEqual(SIMPLIFIED_KEYS);
	});

	it('outputs everything Siro returned with Simplify off', async () => {
		const { output } = await find({ email: demo.email, simplify: false });
		expect(output[0].json).toMatchObject({
			id: demo.id,
			organizationId: DEMO.organizationId,
			coachTeamIds: [DEMO.teamId],
			billable: true,
			contactSettings: { suppressEmails: false },
		});
	});

	it('writes phone numbers in E.164 in the simplified output, and as Siro has them without Simplify', async () => {
		const cases: Array<[string, string, IDataObject?]> = [
			[formattedPhone.email, '+13125550101'],
			[dashedPhone.email, '+15125550103'],
			[internationalPhone.email, '+442079460112'],
		];
		for (const [email, phoneNumber, options = {}] of cases) {
			const { output } = await find({ email, options });
			expect(output[0].json.phoneNumber).toBe(phoneNumber);
		}
		const raw = await find({ email: formattedPhone.email, simplify: false });
		expect(raw.output[0].json.phoneNumber).toBe('(312) 555-0101');
	});

	it('finds by phone number whatever the format on either side', async () => {
		const cases: Array<[string, string, IDataObject?]> = [
			['212.555.0100', demo.id],
			['+1 312 555 0101', formattedPhone.id], // stored as (312) 555-0101
			['(512) 555 0103', dashedPhone.id], // stored as 512-555-0103
			['020 7946 0112', internationalPhone.id, { defaultCountryCode: '+44' }],
			['020 7946 0112', internationalPhone.id, { defaultCountryCode: 'GB' }],
		];
		for (const [phoneNumber, id, options = {}] of cases) {
			const { output } = await find({ findBy: 'phoneNumber', phoneNumber, options });
			expect(output[0].json.id).toBe(id);
		}
	});

	it('finds by external ID exactly, and refuses an ID that arrives as an inexact number', async () => {
		const { output } = await find({
			findBy: 'externalId',
			externalId: bigNumberExternalId.externalId,
		});
		expect(output[0].json.id).toBe(bigNumberExternalId.id);

		const error = await nodeErrorFrom(
			find({ findBy: 'externalId', externalId: Number(bigNumberExternalId.externalId) }),
		);
		expect(error.message).toMatch(
			/External ID is the number 4150868000000224000, which cannot be exact/,
		);
		expect(error.description).toMatch(/as text/);
	});

	it('lists the users once per run (every page) for any number of items, and matches each item locally', async () => {
		const emails = [demo.email, formattedPhone.email, dashedPhone.email, internationalPhone.email];
		const { output } = await runSiroNode({
			credentials: organizationTokenCredentials(fake),
			items: Array.from({ length: 400 }, () => ({})),
			parameters: (itemIndex) => ({
				resource: 'user',
				operation: 'find',
				findBy: 'email',
				email: emails[itemIndex % 4],
				simplify: true,
				options: {},
			}),
		});
		expect(output).toHaveLength(400);
		output.forEach((item, index) => {
			expect(item.json.email).toBe(emails[index % 4]);
			expect(item.pairedItem).toEqual({ item: index });
		});
		expect(fake.countRequests('users')).toBe(USER_PAGES);
		expect(fake.countRequests()).toBe(USER_PAGES);
	});

	it('says which e-mail nobody has, or outputs nothing for it with When Not Found: Output Nothing', async () => {
		const error = await nodeErrorFrom(find({ email: 'nobody@demohomeservices.com' }));
		expect(error.message).toBe(
			'No Siro user in the organization has the e-mail "nobody@demohomeservices.com". [item 0]',
		);
		expect(error.description).toMatch(/From List/);

		const { output } = await runSiroNode({
			credentials: organizationTokenCredentials(fake),
			items: [{}, {}, {}],
			parameters: (itemIndex) => ({
				resource: 'user',
				operation: 'find',
				findBy: 'phoneNumber',
				phoneNumber: itemIndex === 1 ? '+1 999 555 0000' : demo.phoneNumber,
				simplify: true,
				options: { whenNotFound: 'empty' },
			}),
		});
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
	});

	it('names the phone number nobody has, and says when it is no valid number at all', async () => {
		const nobody = await nodeErrorFrom(
			find({ findBy: 'phoneNumber', phoneNumber: '(212) 555-0199' }),
		);
		expect(nobody.message).toMatch(
			/^No Siro user in the organization has the phone number "\(212\) 555-0199"/,
		);
		const invalid = await nodeErrorFrom(
			find({ findBy: 'phoneNumber', phoneNumber: '(999) 555-0000' }),
		);
		expect(invalid.message).toBe(
			'No Siro user can have the phone number "(999) 555-0000": it is not a valid phone number in US, nor with a country code. [item 0]',
		);
		expect(invalid.description).toMatch(/Default Country/);
	});

	it('refuses an ambiguous e-mail, listing every candidate, even with Output Nothing', async () => {
		const error = await nodeErrorFrom(
			find({ email: DEMO.ambiguousEmail, options: { whenNotFound: 'empty' } }),
		);
		expect(error.message).toMatch(
			/^2 Siro users have the e-mail "jordan\.lee@demohomeservices\.com": /,
		);
		expect(error.message).toContain(`(ID ${DEMO.users.ambiguousEmailA.id})`);
		expect(error.message).toContain(`(ID ${DEMO.users.ambiguousEmailB.id})`);
		expect(error.description).toMatch(/By ID or From List/);
	});

	it('finds disabled users only with Include Disabled Users, and says why otherwise', async () => {
		const error = await nodeErrorFrom(find({ email: disabled.email }));
		expect(error.message).toMatch(/^The only Siro user with the e-mail .* is disabled/);
		expect(error.description).toMatch(/Include Disabled Users/);

		const { output } = await find({ email: disabled.email, options: { includeDisabled: true } });
		expect(output[0].json).toMatchObject({ id: disabled.id, disabled: true });
	});

	it('refuses empty searches and bad country codes before asking Siro', async () => {
		const empty = await nodeErrorFrom(find({ email: '  ' }));
		expect(empty.message).toBe('Email is empty. [item 0]');
		const code = await nodeErrorFrom(
			find({ findBy: 'phoneNumber', phoneNumber: '555', options: { defaultCountryCode: 'USA' } }),
		);
		expect(code.message).toMatch(
			/Default Country "USA" is not a country or a country calling code/,
		);
		expect(fake.countRequests()).toBe(0);
	});

	it('with Continue On Fail, puts the error in that item and finds the others', async () => {
		const { output } = await runSiroNode({
			credentials: organizationTokenCredentials(fake),
			continueOnFail: true,
			items: [{}, {}],
			parameters: (itemIndex) => ({
				resource: 'user',
				operation: 'find',
				findBy: 'email',
				email: itemIndex === 0 ? 'nobody@example.com' : demo.email,
				simplify: true,
				options: {},
			}),
		});
		expect(output[0]).toEqual({
			json: {
				error: 'No Siro user in the organization has the e-mail "nobody@example.com".',
				fix: expect.stringMatching(/From List/),
				field: 'email',
			},
			pairedItem: { item: 0 },
		});
		expect(output[1]).toMatchObject({ json: { id: demo.id }, pairedItem: { item: 1 } });
	});

	it('says to fill in the Organization API Token when the credential has none, before any request', async () => {
		const error = await nodeErrorFrom(
			runSiroNode({
				credentials: accessTokenCredentials(fake),
				parameters: { resource: 'user', operation: 'find', findBy: 'email', email: demo.email },
			}),
		);
		expect(error.message).toMatch(/Organization API Token is empty/);
		expect(fake.countRequests()).toBe(0);
	});

	it('retries a 429 on a page and still lists each page once', async () => {
		fake.setFault({ kind: 'rateLimited', route: 'users', times: 1, retryAfter: 0 });
		const { output } = await find({ email: demo.email });
		expect(output[0].json.id).toBe(demo.id);
		expect(fake.countRequests('users')).toBe(USER_PAGES + 1);
	});

	it('reports a Siro failure as an API error with its status, naming the item', async () => {
		fake.setFault({ kind: 'forbidden', route: 'users' });
		const error = await nodeErrorFrom(find({ email: demo.email }));
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.message).toMatch(/403.*\[item 0\]$/);
		expect(JSON.stringify(error)).not.toContain(DEMO.organizationApiToken.slice(4, 20));
	});
});

/**
 * Issue 16, item 1: numbering plans are per region, so national numbers are read with libphonenumber's
 * data, and a number that is not valid is never matched nor rewritten. Reps of other countries join
 * the fake organization for these tests only.
 */
describe('User → Find by phone in other numbering plans', () => {
	const REPS = [
		['u-emden', 'Emden', '04921 1234567'],
		['u-rome', 'Rome', '06 1234 5678'],
		['u-santa-maria', 'SantaMaria', '(55) 99123-4567'],
		['u-broken', 'Broken', '+1 999 555 0000'],
	].map(([id, lastName, phoneNumber]) => ({
		id,
		email: `${lastName.toLowerCase()}@demohomeservices.com`,
		organizationId: DEMO.organizationId,
		phoneNumber,
		firstName: 'Rep',
		lastName,
		memberTeamId: null,
		coachTeamIds: [],
		externalId: null,
		createdAt: '2026-01-01T00:00:00.000Z',
		disabled: false,
		billable: true,
		contactSettings: { suppressEmails: false, suppressEmailErrors: false },
	}));

	beforeAll(() => {
		fake.data.users.push(...REPS);
	});
	afterAll(() => {
		fake.data.users.splice(fake.data.users.length - REPS.length, REPS.length);
	});

	const findPhone = (phoneNumber: string, defaultCountryCode: string) =>
		find({ findBy: 'phoneNumber', phoneNumber, options: { defaultCountryCode } });

	it('does not give the Emden rep a Düsseldorf number, and finds them by their own, ready for SMS', async () => {
		for (const country of ['49', 'DE']) {
			for (const dusseldorf of ['0211 234567', '+49 211 234567']) {
				const error = await nodeErrorFrom(findPhone(dusseldorf, country));
				expect(error.message).toMatch(/^No Siro user in the organization has the phone number/);
			}
			const { output } = await findPhone('+49 4921 1234567', country);
			expect(output[0].json).toMatchObject({ id: 'u-emden', phoneNumber: '+4949211234567' });
		}
	});

	it('keeps the 0 of an Italian number and reads Brazil’s area code 55', async () => {
		const rome = await findPhone('+39 06 1234 5678', '39');
		expect(rome.output[0].json).toMatchObject({ id: 'u-rome', phoneNumber: '+390612345678' });
		const brazil = await findPhone('+55 55 99123 4567', 'BR');
		expect(brazil.output[0].json).toMatchObject({
			id: 'u-santa-maria',
			phoneNumber: '+5555991234567',
		});
	});

	it('leaves a phone number that is not valid as Siro has it, and says so in the item', async () => {
		const { output } = await find({ email: 'broken@demohomeservices.com' });
		expect(output[0].json).toMatchObject({
			id: 'u-broken',
			phoneNumber: '+1 999 555 0000',
			phoneNumberWarning: expect.stringMatching(
				/^Not a valid phone number in US, nor with a country code: left as Siro has it, not ready for an SMS step/,
			),
		});
		const error = await nodeErrorFrom(findPhone('+1 999 555 0000', '1'));
		expect(error.message).toMatch(/^No Siro user can have the phone number "\+1 999 555 0000"/);
	});
});

describe('User → Get', () => {
	const get = (user: IDataObject, options?: Parameters<typeof run>[1]) =>
		run({ operation: 'get', user: { __rl: true, ...user } }, options);

	it('gets a user By ID or From List with one request per distinct user per run', async () => {
		const { output } = await runSiroNode({
			credentials: organizationTokenCredentials(fake),
			items: [{}, {}, {}, {}],
			parameters: (itemIndex) => ({
				resource: 'user',
				operation: 'get',
				simplify: true,
				user: {
					__rl: true,
					mode: itemIndex % 2 === 0 ? 'list' : 'id',
					value: itemIndex < 3 ? demo.id : formattedPhone.id,
				},
			}),
		});
		expect(output.map((item) => item.json.id)).toEqual([
			demo.id,
			demo.id,
			demo.id,
			formattedPhone.id,
		]);
		expect(fake.countRequests('user')).toBe(2);
	});

	it('gets a user By Email from the run’s listing, without a second request', async () => {
		const { output } = await get({ mode: 'email', value: 'priya.patel@DEMOHOMESERVICES.com' });
		expect(output[0].json).toMatchObject({
			id: formattedPhone.id,
			phoneNumber: '+13125550101',
		});
		expect(fake.countRequests('user')).toBe(0);
		expect(fake.countRequests('users')).toBe(USER_PAGES);
	});

	it('says when Siro has no user with that ID', async () => {
		const error = await nodeErrorFrom(get({ mode: 'id', value: 'no-such-user' }));
		expect(error.message).toMatch(/no user with ID "no-such-user".*\(404\)/);
	});

	it('refuses an ID that would change the request path', async () => {
		const error = await nodeErrorFrom(get({ mode: 'id', value: '..' }));
		expect(error.message).toBe('User is "..". [item 0]');
		expect(fake.countRequests()).toBe(0);
	});
});

describe('User → Get Many', () => {
	const getAll = (parameters: IDataObject) =>
		run({ operation: 'getAll', returnAll: true, limit: 50, filters: {}, ...parameters });

	it('follows every cursor with Return All', async () => {
		const { output } = await getAll({});
		expect(output).toHaveLength(DEMO.userCount);
		expect(new Set(output.map((item) => item.json.id)).size).toBe(DEMO.userCount);
		expect(fake.countRequests('users')).toBe(USER_PAGES);
	});

	it('stops paging at the limit', async () => {
		const { output } = await getAll({ returnAll: false, limit: 120 });
		expect(output).toHaveLength(120);
		expect(fake.countRequests('users')).toBe(2);
	});

	it('sends the Disabled and External ID filters to Siro', async () => {
		const { output } = await getAll({ filters: { disabled: true } });
		expect(output.length).toBeGreaterThan(0);
		expect(output.every((item) => item.json.disabled === true)).toBe(true);
		expect(output.map((item) => item.json.id)).toContain(disabled.id);
		expect(fake.requests[0].query).toMatchObject({ disabled: 'true' });

		const byExternalId = await getAll({ filters: { externalId: demo.externalId } });
		expect(byExternalId.output.map((item) => item.json.id)).toEqual([demo.id]);
	});

	it('lists once for many items asking the same, and refuses a limit that is not a whole number', async () => {
		const { output } = await runSiroNode({
			credentials: organizationTokenCredentials(fake),
			items: [{}, {}, {}],
			parameters: {
				resource: 'user',
				operation: 'getAll',
				returnAll: false,
				limit: 5,
				filters: {},
				simplify: true,
			},
		});
		expect(output).toHaveLength(15);
		expect(fake.countRequests('users')).toBe(1);

		const error = await nodeErrorFrom(getAll({ returnAll: false, limit: 2.5 }));
		expect(error.message).toMatch(/^Limit is 2\.5, not a whole number/);
	});
});

describe('User locator → From List (searchUsers)', () => {
	it('lists the organization’s users by name and e-mail, disabled ones marked and last', async () => {
		const { results } = await searchUsers.call(
			loadOptionsContext(organizationTokenCredentials(fake)),
		);
		expect(results).toHaveLength(DEMO.userCount);
		expect(results).toContainEqual({
			name: 'Avery Morgan (Avery.Morgan@DemoHomeServices.com)',
			value: demo.id,
		});
		expect(results).toContainEqual({
			name: 'Dana Whitfield (Dana.Whitfield@DemoHomeServices.com) — disabled',
			value: disabled.id,
		});
		const firstDisabled = results.findIndex((result) => result.name.endsWith('— disabled'));
		expect(results.slice(firstDisabled).every((result) => result.name.endsWith('— disabled'))).toBe(
			true,
		);
		expect(fake.countRequests('users')).toBe(USER_PAGES);
	});

	it('filters by any part of the name or e-mail, case-insensitively', async () => {
		const { results } = await searchUsers.call(
			loadOptionsContext(organizationTokenCredentials(fake)),
			'jordan.LEE',
		);
		expect(results.map((result) => result.value).sort()).toEqual(
			[DEMO.users.ambiguousEmailA.id, DEMO.users.ambiguousEmailB.id].sort(),
		);
	});
});
