/**
 * createSiroClient's user writes (createUser, updateUser, deactivateUser) against the fake Siro over
 * real sockets: what is sent (normalised e-mail and phone, only the fields given, never a password),
 * what is refused before any request, duplicates answered by Siro, and Siro's fields kept as returned.
 */
import {
	createSiroClient,
	findSiroUser,
	SiroApiError,
	SiroInputError,
	type SiroClientOptions,
	type SiroUser,
	type SiroUserFields,
} from '../../index';
import { createNodeHttpTransport } from '../../dev/fake-siro/nodeHttpTransport';
import { createSiroClient as createApiClient } from '../../nodes/Siro/client';
import { DEMO } from '../../dev/fake-siro/server';
import { rejection } from './support/fakeSiroClient';
import { useFakeSiro } from './support/fakeSiroFixture';

const fake = useFakeSiro();

function client(overrides: Partial<SiroClientOptions> = {}) {
	return createSiroClient({
		externalApiBaseUrl: fake.externalApiUrl,
		organizationApiToken: DEMO.organizationApiToken,
		request: createNodeHttpTransport(),
		sleep: async () => undefined,
		random: () => 0.5,
		...overrides,
	});
}

const stored = (id: string) => (fake.data.users as SiroUser[]).find((user) => user.id === id);
const writes = () =>
	fake.requests.filter((entry) => entry.route === 'createUser' || entry.route === 'updateUser');

let serial = 0;
/** A new rep's fields, with an e-mail and External ID nobody in the organization has. */
function newRep(extra: Record<string, unknown> = {}) {
	serial += 1;
	return {
		email: `New.Rep${serial}@DemoHomeServices.com`,
		firstName: 'Taylor',
		lastName: 'Brooks',
		externalId: `hr-${serial}`,
		...extra,
	};
}

describe('createUser', () => {
	it('creates the user in the token’s organization, phone in E.164, e-mail as given, and Find User finds it', async () => {
		const siro = client();
		const fields = newRep({ phoneNumber: '(212) 555-0188', memberTeamId: DEMO.teamId });
		const user = await siro.createUser(fields, { defaultCountry: 'US' });

		const [request] = writes();
		expect(request).toMatchObject({ method: 'POST', path: '/api-externalApi/v1/core/users' });
		expect(request.body).toEqual({
			email: fields.email,
			firstName: 'Taylor',
			lastName: 'Brooks',
			externalId: fields.externalId,
			phoneNumber: '+12125550188',
			memberTeamId: DEMO.teamId,
			organizationId: DEMO.organizationId,
		});
		// The organization came from the token's caller identity, asked once.
		expect(fake.countRequests('callerIdentity')).toBe(1);
		expect(user).toMatchObject({
			email: fields.email,
			phoneNumber: '+12125550188',
			disabled: false,
		});
		expect(stored(user.id)).toMatchObject({ organizationId: DEMO.organizationId });

		const listed = await siro.listUsers();
		for (const query of [
			{ by: 'email' as const, value: fields.email.toLowerCase() },
			{ by: 'phone' as const, value: '212-555-0188', defaultCountry: 'US' },
			{ by: 'externalId' as const, value: fields.externalId },
		]) {
			expect(findSiroUser(listed, query)).toEqual({
				status: 'found',
				user: expect.objectContaining({ id: user.id }),
			});
		}
	});

	it('trims what it reads and changes nothing else; a given organizationId needs no identity call', async () => {
		const fields = newRep();
		await client().createUser({
			...fields,
			email: `  ${fields.email}\t`,
			firstName: ' Taylor ',
			organizationId: DEMO.organizationId,
			billable: false,
			contactSettings: { suppressEmails: true },
		});
		expect(writes()[0].body).toEqual({
			...fields,
			organizationId: DEMO.organizationId,
			billable: false,
			contactSettings: { suppressEmails: true },
		});
		expect(fake.countRequests('callerIdentity')).toBe(0);
	});

	it.each([
		['an e-mail that is not one', { email: 'taylor.brooks@' }, 'email', /not an e-mail address/],
		['no e-mail', { email: undefined }, 'email', /needs an e-mail address/],
		[
			'a phone number that does not parse',
			{ phoneNumber: '555-01' },
			'phoneNumber',
			/not a valid phone number in US/,
		],
		[
			'a phone number with an extension',
			{ phoneNumber: '+1 212 555 0188 ext. 4' },
			'phoneNumber',
			/not a valid phone number/,
		],
		['a password', { password: 'Hunter2hunter2' }, 'password', /never sent to Siro/],
		[
			'a field the schema does not show',
			{ isAdmin: true },
			'isAdmin',
			/not a field Siro's Create user takes/,
		],
		['an empty field', { lastName: '  ' }, 'lastName', /lastName is empty/],
		['a billable that is text', { billable: 'yes' }, 'billable', /true or false/],
		[
			'an External ID past safe integers',
			{ externalId: 4150868000000224005 },
			'externalId',
			/exact|precision|digits/i,
		],
		[
			'an unknown contact setting',
			{ contactSettings: { sms: false } },
			'contactSettings.sms',
			/not a contact setting/,
		],
	])('refuses %s before any request, naming the field', async (_case, extra, field, message) => {
		const fields: Record<string, unknown> = { ...newRep(), ...extra };
		if ('email' in extra && extra.email === undefined) delete fields.email;
		const error = await rejection(
			client().createUser(fields as SiroUserFields, { defaultCountry: 'US' }),
		);
		expect(error).toBeInstanceOf(SiroInputError);
		expect((error as SiroInputError).field).toBe(field);
		expect((error as Error).message).toMatch(message);
		expect(fake.requests).toHaveLength(0);
	});

	it('reads a national number only with a default country, and refuses a default country that is none', async () => {
		const withoutCountry = await rejection(
			client().createUser(newRep({ phoneNumber: '212 555 0188' })),
		);
		expect(withoutCountry).toMatchObject({
			field: 'phoneNumber',
			message: expect.stringMatching(/with a country code/),
		});
		const badCountry = await rejection(client().createUser(newRep(), { defaultCountry: 'XX' }));
		expect(badCountry).toMatchObject({ field: 'defaultCountry' });
		// A German national number with Germany as the default country.
		const user = await client().createUser(newRep({ phoneNumber: '0211 234567' }), {
			defaultCountry: 49,
		});
		expect(user.phoneNumber).toBe('+49211234567');
	});

	it('says which External ID is taken when Siro answers 409, and keeps the organization unchanged', async () => {
		const siro = client();
		const before = fake.data.users.length;
		const error = await rejection(
			siro.createUser(
				newRep({ externalId: DEMO.users.demo.externalId, organizationId: DEMO.organizationId }),
			),
		);
		expect(error).toBeInstanceOf(SiroApiError);
		expect((error as SiroApiError).httpCode).toBe(409);
		expect((error as Error).message).toContain(`the External ID "${DEMO.users.demo.externalId}"`);
		expect((error as Error).message).not.toMatch(/e-mail "/);
		expect(fake.data.users.length).toBe(before);
	});

	it('says which e-mail is taken, compared with A–Z folded as Find User compares them', async () => {
		const taken = DEMO.users.demo.email.toUpperCase();
		const error = await rejection(
			client().createUser(newRep({ email: taken, organizationId: DEMO.organizationId })),
		);
		expect((error as SiroApiError).httpCode).toBe(409);
		expect((error as Error).message).toContain(`the e-mail "${taken}"`);
		expect((error as Error).message).not.toMatch(/External ID "/);
		// Only A–Z fold: a Kelvin sign (U+212A, lower case "k" to Unicode) makes another address.
		const kelvinEmail = DEMO.users.noPhone.email!.replace('K', '\u212A');
		expect(kelvinEmail.toLowerCase()).toBe(DEMO.users.noPhone.email!.toLowerCase());
		const kelvin = await client().createUser(
			newRep({ email: kelvinEmail, organizationId: DEMO.organizationId }),
		);
		expect(kelvin.email).toBe(kelvinEmail);
	});

	it('warns when the 409 answered a retry (the first try may have written the user), not when it answered the first try', async () => {
		const fields = newRep({ organizationId: DEMO.organizationId });
		await client().createUser(fields);
		const firstTry = await rejection(client().createUser(fields));
		expect((firstTry as SiroApiError).attempts).toBe(1);
		expect((firstTry as Error).message).not.toMatch(/retry/);
		// A gateway 503 (the fault answers before Siro), then the retry meets the existing user.
		fake.setFault({ kind: 'unavailable', route: 'createUser', times: 1 });
		const retried = await rejection(client().createUser(fields));
		expect(retried).toMatchObject({ httpCode: 409, attempts: 2 });
		expect((retried as Error).message).toMatch(
			/answered a retry: the first try may have written the user/,
		);
	});
});

describe('updateUser', () => {
	async function createdRep() {
		return await client().createUser(
			newRep({ organizationId: DEMO.organizationId, phoneNumber: '+12125550177' }),
		);
	}

	it('sends only the fields given and Siro keeps the others', async () => {
		const rep = await createdRep();
		fake.resetLog();
		const updated = await client().updateUser(rep.id, {
			lastName: 'Brooks-Hale',
			phoneNumber: '+44 20 7946 0958',
		});
		expect(writes().map((entry) => [entry.method, entry.path, entry.body])).toEqual([
			[
				'PUT',
				`/api-externalApi/v1/core/users/${rep.id}`,
				{ lastName: 'Brooks-Hale', phoneNumber: '+442079460958' },
			],
		]);
		expect(updated).toMatchObject({
			id: rep.id,
			firstName: 'Taylor',
			lastName: 'Brooks-Hale',
			email: rep.email,
			externalId: rep.externalId,
			phoneNumber: '+442079460958',
		});
	});

	it.each([
		['no field', {}, 'fields', /No field to update/],
		[
			'an External ID (Siro’s update takes none)',
			{ externalId: 'hr-9' },
			'externalId',
			/takes no External ID/,
		],
		['a password', { Password: 'x' }, 'Password', /never sent/],
		['a bad e-mail', { email: 'not mail' }, 'email', /not an e-mail address/],
		['a bad phone', { phoneNumber: '12345' }, 'phoneNumber', /not a valid phone number/],
	])('refuses %s before any request', async (_case, fields, field, message) => {
		const error = await rejection(client().updateUser(DEMO.userId, fields as SiroUserFields));
		expect(error).toMatchObject({ field, message: expect.stringMatching(message) });
		expect(fake.requests).toHaveLength(0);
	});

	it('names the e-mail another user has (409), and leaves both users unchanged', async () => {
		const rep = await createdRep();
		const error = await rejection(client().updateUser(rep.id, { email: DEMO.users.demo.email }));
		expect((error as SiroApiError).httpCode).toBe(409);
		expect((error as Error).message).toContain(`the e-mail "${DEMO.users.demo.email}"`);
		expect(stored(rep.id)?.email).toBe(rep.email);
		// The user's own address, in another case, is no duplicate.
		await client().updateUser(rep.id, { email: rep.email!.toLowerCase() });
		expect(stored(rep.id)?.email).toBe(rep.email!.toLowerCase());
	});

	it('says which user is not found (404)', async () => {
		const error = await rejection(client().updateUser('no-such-user', { firstName: 'X' }));
		expect(error).toMatchObject({
			httpCode: 404,
			message: expect.stringContaining('no user with ID "no-such-user"'),
		});
	});

	it('keeps the fields Siro returns that the package does not know, as Siro sent them', async () => {
		const rep = await createdRep();
		// Siro's reference shows part of the schema; a field it adds later must come through.
		Object.assign(stored(rep.id)!, { lastSeenAppVersion: '7.4.1', territory: { code: 'NE-3' } });
		const updated = await client().updateUser(rep.id, { firstName: 'Tay' });
		expect(updated).toMatchObject({
			firstName: 'Tay',
			lastSeenAppVersion: '7.4.1',
			territory: { code: 'NE-3' },
			billable: true,
			contactSettings: { suppressEmails: false, suppressEmailErrors: false },
			coachTeamIds: [],
			createdAt: expect.any(String),
		});
	});
});

describe('deactivateUser', () => {
	it('sends disabled: true and nothing else; the user is then disabled for Get Many and Find', async () => {
		const siro = client();
		const rep = await siro.createUser(newRep({ organizationId: DEMO.organizationId }));
		fake.resetLog();
		const deactivated = await siro.deactivateUser(rep.id);
		expect(writes().map((entry) => [entry.method, entry.path, entry.body])).toEqual([
			['PUT', `/api-externalApi/v1/core/users/${rep.id}`, { disabled: true }],
		]);
		expect(deactivated).toMatchObject({ id: rep.id, disabled: true, email: rep.email });
		const disabled = await siro.listUsers({ disabled: true });
		expect(disabled.map((user) => user.id)).toContain(rep.id);
		expect(findSiroUser(await siro.listUsers(), { by: 'email', value: rep.email! })).toEqual({
			status: 'notFound',
			disabled: [expect.objectContaining({ id: rep.id })],
		});
	});

	it('refuses an ID that cannot be one before any request', async () => {
		const error = await rejection(client().deactivateUser(' '));
		expect(error).toMatchObject({ kind: 'invalidInput' });
		expect(fake.requests).toHaveLength(0);
	});
});

it('never lets the organization token into an error', async () => {
	fake.setFault({ kind: 'echoToken', route: 'createUser' });
	const error = await rejection(
		client().createUser(newRep({ organizationId: DEMO.organizationId })),
	);
	expect(JSON.stringify(error)).not.toContain(DEMO.organizationApiToken.slice(4, 12));
	expect(String((error as Error).stack)).not.toContain(DEMO.organizationApiToken.slice(4, 12));
});

it('the API client alone (which the trigger and the credential bundle) takes phone numbers in E.164 only; the package’s createSiroClient reads them by the numbering plans', async () => {
	const apiClient = createApiClient({
		externalApiBaseUrl: fake.externalApiUrl,
		organizationApiToken: DEMO.organizationApiToken,
		request: createNodeHttpTransport(),
		sleep: async () => undefined,
	});
	const fields = newRep({ organizationId: DEMO.organizationId, phoneNumber: '(212) 555-0166' });
	const error = await rejection(apiClient.createUser(fields, { defaultCountry: 'US' }));
	expect(error).toMatchObject({
		field: 'phoneNumber',
		message: expect.stringMatching(/in E\.164/),
	});
	expect(fake.requests).toHaveLength(0);
	const user = await apiClient.createUser({ ...fields, phoneNumber: '+12125550166' });
	expect(user.phoneNumber).toBe('+12125550166');
});
