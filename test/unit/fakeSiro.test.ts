/**
 * The fake Siro server itself, over real sockets: the behaviour other tests, end-to-end runs,
 * benchmarks and `npm start` rely on.
 */
import { spawn } from 'child_process';
import { createHmac, timingSafeEqual } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';

import axios, { type AxiosResponse } from 'axios';

import { DEMO, FAULT_KINDS, ROUTE_NAMES, startFakeSiro } from '../../dev/fake-siro/server';
import { useFakeSiro } from './support/fakeSiroFixture';

const fake = useFakeSiro();

type Query = Record<string, string | string[]>;

/** `path?query`, repeated parameters written out one by one (as Siro's eventCodeIn accepts). */
function withQuery(pathname: string, query: Query = {}): string {
	const search = new URLSearchParams();
	for (const [name, value] of Object.entries(query))
		for (const entry of Array.isArray(value) ? value : [value]) search.append(name, entry);
	const text = search.toString();
	return text === '' ? pathname : `${pathname}?${text}`;
}

interface CallOptions {
	query?: Query;
	headers?: Record<string, string>;
}

/** GET on the external API with the demo organization token (or `token`; null sends none). */
function external(
	pathname: string,
	{
		token = DEMO.organizationApiToken,
		query,
		headers = {},
	}: CallOptions & { token?: string | null } = {},
) {
	return axios.get(`${fake.externalApiUrl}${withQuery(pathname, query)}`, {
		headers: token === null ? headers : { authorization: `Bearer ${token}`, ...headers },
		validateStatus: () => true,
		maxRedirects: 0,
	});
}

/** GET on the platform API with the demo user token (or `token`; null sends none). */
function platform(
	pathname: string,
	{
		token = DEMO.userAccessToken,
		query,
		headers = {},
		prefix = '/api-internalApi',
	}: CallOptions & { token?: string | null; prefix?: string } = {},
) {
	return axios.get(`${fake.url}${prefix}${withQuery(pathname, query)}`, {
		headers: token === null ? headers : { 'x-siro-auth-token': token, ...headers },
		validateStatus: () => true,
		maxRedirects: 0,
	});
}

function control(pathname: string, body?: unknown, method: 'POST' | 'DELETE' | 'GET' = 'POST') {
	return axios.request({
		method,
		url: `${fake.url}${pathname}`,
		data: body,
		validateStatus: () => true,
	});
}

const getConfigurations = (
	organizationId: string | undefined,
	token: string | null = DEMO.userAccessToken,
) =>
	platform('/v1/core/conversation-configurations', {
		token,
		query: organizationId === undefined ? {} : { organizationId },
	});

/** A mobile event of the demo organization (seeded). */
const demoEventId = () =>
	fake.data.mobileEvents.find((event) => event.organizationId === DEMO.organizationId)!.id;

/** An engagement of the demo organization: the one synced by a sample, or one put in the store. */
function demoEngagementId(): string {
	const engagements = fake.data.engagements as Array<{ id: string; organizationId: string }>;
	const found = engagements.find((entry) => entry.organizationId === DEMO.organizationId);
	if (found) return found.id;
	engagements.push({ id: 'engagement-sample', organizationId: DEMO.organizationId });
	return 'engagement-sample';
}

/** PUT or DELETE with a JSON body and a token header. */
function send(
	method: 'PUT' | 'DELETE',
	url: string,
	data: unknown,
	headers: Record<string, string>,
) {
	return axios.request({ method, url, data, headers, validateStatus: () => true });
}
const organizationHeader = () => ({ authorization: `Bearer ${DEMO.organizationApiToken}` });
const recordingLinkUrl = () =>
	`${fake.url}/api-internalApi/v1/core/recordings/${DEMO.recordings.processedLinked}/link`;

/** Each createUser sample gets an e-mail of its own, as Siro keeps e-mails unique. */
let createdSamples = 0;

/** One successful request per API route: the table other tests walk through. */
const ROUTE_SAMPLES: Record<string, () => Promise<AxiosResponse>> = {
	conversationConfigurations: () => getConfigurations(DEMO.organizationId),
	utterances: () => platform(`/v1/core/recordings/${DEMO.recordings.processedLinked}/utterances`),
	callerIdentity: () => external('/v1/core/auth/caller-identity'),
	users: () => external('/v1/core/users'),
	user: () => external(`/v1/core/users/${DEMO.userId}`),
	createUser: async () => {
		const response = await axios.post(
			`${fake.externalApiUrl}/v1/core/users`,
			{
				email: `route-sample-${++createdSamples}@example.com`,
				organizationId: DEMO.organizationId,
			},
			{ headers: organizationHeader(), validateStatus: () => true },
		);
		// Out of the store again: the users tests count the seeded organization.
		const users = fake.data.users as Array<{ id: string }>;
		const created = users.findIndex((user) => user.id === response.data?.id);
		if (created >= 0) users.splice(created, 1);
		return response;
	},
	updateUser: () =>
		send(
			'PUT',
			`${fake.externalApiUrl}/v1/core/users/${DEMO.userId}`,
			{ firstName: DEMO.users.demo.firstName },
			organizationHeader(),
		),
	integrationConnections: () => external('/v1/core/integrations/connections'),
	integrationConnection: () =>
		external(`/v1/core/integrations/connections/${DEMO.integrationConnections.salesforce}`),
	mobileEvents: () => external('/v1/core/mobile-events'),
	mobileEvent: () => external(`/v1/core/mobile-events/${demoEventId()}`),
	recordings: () => external('/v1/core/recordings'),
	recording: () => external(`/v1/core/recordings/${DEMO.recordings.processedLinked}`),
	recordingSummaries: () =>
		external(`/v1/core/recordings/${DEMO.recordings.processedLinked}/summaries`),
	accessToken: () =>
		axios.post(
			`${fake.externalApiUrl}/v1/core/oauth/apps/${DEMO.oauthClientId}/access-token`,
			{ clientSecret: DEMO.oauthClientSecret, userId: DEMO.userId, scope: 'read' },
			{
				headers: { authorization: `Bearer ${DEMO.organizationApiToken}` },
				validateStatus: () => true,
			},
		),
	syncEngagement: () =>
		send(
			'PUT',
			`${fake.externalApiUrl}/v1/integrations/sync/engagements`,
			{ externalId: 'route-sample' },
			organizationHeader(),
		),
	engagement: () => external(`/v1/integrations/engagements/${demoEngagementId()}`),
	engagementUsers: () => external('/v1/integrations/engagement-users'),
	syncOpportunity: () =>
		send(
			'PUT',
			`${fake.externalApiUrl}/v1/integrations/sync/opportunities`,
			{ externalId: 'route-sample' },
			organizationHeader(),
		),
	recordingLink: () =>
		send(
			'PUT',
			recordingLinkUrl(),
			{ dataType: 'OPPORTUNITY', id: 'opp-sample' },
			{
				'x-siro-auth-token': DEMO.userAccessToken,
			},
		),
	recordingUnlink: () =>
		send(
			'DELETE',
			recordingLinkUrl(),
			{ dataType: 'OPPORTUNITY', id: 'opp-sample' },
			{
				'x-siro-auth-token': DEMO.userAccessToken,
			},
		),
};
const PLATFORM_ROUTES = ['conversationConfigurations', 'utterances'];
const API_ROUTE_NAMES = ROUTE_NAMES.filter((name) => !['redirectTarget', 'unknown'].includes(name));

it('has a sample request for every API route', () => {
	expect(Object.keys(ROUTE_SAMPLES).sort()).toEqual([...API_ROUTE_NAMES].sort());
});

describe('authentication', () => {
	it('answers 401 without a valid token, 422 without organizationId, 403 for an organization the user is not in', async () => {
		expect((await getConfigurations(DEMO.organizationId, null)).status).toBe(401);
		expect((await getConfigurations(DEMO.organizationId, 'nope')).data).toEqual({
			error: expect.any(String),
		});
		const missing = await getConfigurations(undefined);
		expect(missing.status).toBe(422);
		expect(missing.data).toMatchObject({
			name: 'ZodError',
			issues: [{ path: ['organizationId'], message: 'Required' }],
		});
		expect((await getConfigurations(DEMO.otherOrganizationId)).status).toBe(403);
		expect((await axios.get(`${fake.url}/v2/else`, { validateStatus: () => true })).status).toBe(
			404,
		);
	});

	it('answers every route with its own token, and counts each request under the route name', async () => {
		for (const [name, sample] of Object.entries(ROUTE_SAMPLES)) {
			const response = await sample();
			expect([name, response.status]).toEqual([name, name === 'accessToken' ? 201 : 200]);
		}
		for (const name of API_ROUTE_NAMES) expect([name, fake.countRequests(name)]).toEqual([name, 1]);
		expect(fake.countRequests('redirectTarget')).toBe(0);
		expect(() => fake.countRequests('nonsense')).toThrow(/Unknown route "nonsense"/);
	});

	it('serves the platform API with the user token only, under /api-internalApi and without a prefix', async () => {
		for (const name of PLATFORM_ROUTES) {
			const pathname =
				name === 'utterances'
					? `/v1/core/recordings/${DEMO.recordings.processedLinked}/utterances`
					: '/v1/core/conversation-configurations';
			const query = { organizationId: DEMO.organizationId };
			expect((await platform(pathname, { query, prefix: '' })).status).toBe(200);
			expect((await platform(pathname, { query, token: null })).status).toBe(401);
			expect((await platform(pathname, { query, token: DEMO.organizationApiToken })).status).toBe(
				401,
			);
			const asBearer = await platform(pathname, {
				query,
				token: null,
				headers: { authorization: `Bearer ${DEMO.organizationApiToken}` },
			});
			expect(asBearer.status).toBe(401);
			const onExternal = await platform(pathname, { query, prefix: '/api-externalApi' });
			expect([onExternal.status, fake.requests.at(-1)!.route]).toEqual([404, 'unknown']);
		}
	});

	it('serves the external API with the organization token only, under /api-externalApi only', async () => {
		const externalPaths = [
			'/v1/core/auth/caller-identity',
			'/v1/core/users',
			`/v1/core/users/${DEMO.userId}`,
			'/v1/core/integrations/connections',
			'/v1/core/mobile-events',
			'/v1/core/recordings',
			`/v1/core/recordings/${DEMO.recordings.processedLinked}/summaries`,
		];
		for (const pathname of externalPaths) {
			expect([pathname, (await external(pathname, { token: null })).status]).toEqual([
				pathname,
				401,
			]);
			expect([
				pathname,
				(await external(pathname, { token: DEMO.userAccessToken })).status,
			]).toEqual([pathname, 401]);
			const userTokenHeader = await external(pathname, {
				token: null,
				headers: { 'x-siro-auth-token': DEMO.organizationApiToken },
			});
			expect([pathname, userTokenHeader.status]).toEqual([pathname, 401]);
			for (const prefix of ['', '/api-internalApi']) {
				const elsewhere = await axios.get(`${fake.url}${prefix}${pathname}`, {
					headers: { authorization: `Bearer ${DEMO.organizationApiToken}` },
					validateStatus: () => true,
				});
				expect([prefix + pathname, elsewhere.status]).toEqual([prefix + pathname, 404]);
			}
		}
		const refused = await external('/v1/core/users', {
			token: 'sot_not-a-real-token-at-all-0000000000',
		});
		expect(refused.data).toEqual({ error: expect.stringMatching(/organization API token/) });
	});

	it("tells each organization token's identity, and hides the other organization's records (404)", async () => {
		expect((await external('/v1/core/auth/caller-identity')).data).toEqual({
			tokenId: DEMO.organizationApiTokenId,
			tokenName: expect.any(String),
			organizationId: DEMO.organizationId,
			authorizedOrgGroupId: null,
			parentOrgGroupTokenId: null,
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			createdBy: DEMO.userId,
		});
		const other = { token: DEMO.otherOrganizationApiToken };
		expect((await external('/v1/core/auth/caller-identity', other)).data.organizationId).toBe(
			DEMO.otherOrganizationId,
		);
		const user = await external(`/v1/core/users/${DEMO.userId}`, other);
		expect([user.status, user.data]).toEqual([404, { error: 'User not found' }]);
		expect(
			(await external(`/v1/core/recordings/${DEMO.recordings.processedLinked}`, other)).status,
		).toBe(404);
		expect((await external(`/v1/core/users/${DEMO.otherOrganizationUserId}`, other)).status).toBe(
			200,
		);
		const otherUsers = (await external('/v1/core/users', other)).data.data;
		expect(otherUsers.map((entry: { organizationId: string }) => entry.organizationId)).toEqual(
			otherUsers.map(() => DEMO.otherOrganizationId),
		);
	});

	it('uses long secrets (32+ characters) and mints long user tokens that work on the platform API', async () => {
		for (const secret of [
			DEMO.userAccessToken,
			DEMO.organizationApiToken,
			DEMO.otherOrganizationApiToken,
			DEMO.oauthClientSecret,
			DEMO.webhookSigningSecret,
			DEMO.webhookSigningSecretNext,
		])
			expect(secret.length).toBeGreaterThanOrEqual(32);
		const minted = await ROUTE_SAMPLES.accessToken();
		expect(minted.status).toBe(201);
		expect(minted.data.accessToken.length).toBeGreaterThanOrEqual(32);
		expect((await getConfigurations(DEMO.organizationId, minted.data.accessToken)).status).toBe(
			200,
		);
	});
});

describe('users', () => {
	it('pages through all 250 users in 3 pages of 100 with distinct cursors', async () => {
		const ids: string[] = [];
		const cursors: string[] = [];
		const pageSizes: number[] = [];
		let cursor: string | null = null;
		do {
			const response = await external('/v1/core/users', {
				query: cursor === null ? {} : { cursor },
			});
			expect(response.status).toBe(200);
			pageSizes.push(response.data.data.length);
			ids.push(...response.data.data.map((user: { id: string }) => user.id));
			cursor = response.data.cursor;
			if (cursor !== null) cursors.push(cursor);
		} while (cursor !== null && pageSizes.length < 10);
		expect(pageSizes).toEqual([100, 100, 50]);
		expect(new Set(ids).size).toBe(DEMO.userCount);
		expect(new Set(cursors).size).toBe(2);
		expect(fake.countRequests('users')).toBe(3);
	});

	it('answers users with every documented field, e-mails in mixed case, phone numbers in many formats', async () => {
		const users = (await external('/v1/core/users', { query: { pageSize: '1000' } })).data.data;
		expect(users).toHaveLength(DEMO.userCount);
		for (const user of users)
			expect(Object.keys(user).sort()).toEqual(
				[
					'billable',
					'coachTeamIds',
					'contactSettings',
					'createdAt',
					'disabled',
					'email',
					'externalId',
					'firstName',
					'id',
					'lastName',
					'memberTeamId',
					'organizationId',
					'phoneNumber',
				].sort(),
			);
		const emails: string[] = users
			.map((user: { email: string | null }) => user.email)
			.filter(Boolean);
		expect(emails.some((email) => email !== email.toLowerCase())).toBe(true);
		const sameAddress = emails.filter((email) => email.toLowerCase() === DEMO.ambiguousEmail);
		expect(new Set(sameAddress).size).toBe(2);
		expect(new Set(emails.map((email) => email.toLowerCase())).size).toBe(emails.length - 1);
		const phones: string[] = users
			.map((user: { phoneNumber: string | null }) => user.phoneNumber)
			.filter(Boolean);
		expect(phones.some((phone) => /^\+1\d{10}$/.test(phone))).toBe(true);
		expect(phones).toContain('(312) 555-0101');
		expect(phones.some((phone) => / /.test(phone) && !/[()]/.test(phone))).toBe(true);
		expect(phones.some((phone) => /^\d{3}-\d{3}-\d{4}$/.test(phone))).toBe(true);
	});

	it('filters by disabled, Siro users and external ID, and gets one user by ID', async () => {
		const list = async (query: Query) =>
			(await external('/v1/core/users', { query: { pageSize: '1000', ...query } })).data
				.data as Array<{
				id: string;
				disabled: boolean;
				email: string | null;
			}>;
		const disabled = await list({ disabled: 'true' });
		expect(disabled.length).toBeGreaterThanOrEqual(3);
		expect(disabled.every((user) => user.disabled)).toBe(true);
		expect((await list({ disabled: 'false' })).length).toBe(DEMO.userCount - disabled.length);
		const withoutSiro = await list({ excludeSiroUsers: 'true' });
		expect(withoutSiro).toHaveLength(DEMO.userCount - 2);
		expect(withoutSiro.some((user) => /@siro\.ai$/i.test(user.email ?? ''))).toBe(false);
		expect(
			(await list({ externalId: DEMO.users.bigNumberExternalId.externalId! })).map(
				(user) => user.id,
			),
		).toEqual([DEMO.users.bigNumberExternalId.id]);

		const one = await external(`/v1/core/users/${DEMO.users.formattedPhone.id}`);
		expect(one.data).toMatchObject(DEMO.users.formattedPhone);
		const missing = await external('/v1/core/users/noSuchUser');
		expect([missing.status, missing.data]).toEqual([404, { error: 'User not found' }]);
	});

	it('answers bad query values with a 422 ZodError listing each', async () => {
		const bad = await external('/v1/core/users', {
			query: { disabled: 'yes', pageSize: '0', cursor: 'bogus' },
		});
		expect(bad.status).toBe(422);
		expect(bad.data.name).toBe('ZodError');
		expect(bad.data.issues.map((issue: { path: string[] }) => issue.path[0]).sort()).toEqual([
			'disabled',
			'pageSize',
		]);
		const badCursor = await external('/v1/core/users', { query: { cursor: 'bogus' } });
		expect([badCursor.status, badCursor.data.issues[0].path]).toEqual([422, ['cursor']]);
		const repeated = await external('/v1/core/users', { query: { externalId: ['a', 'b'] } });
		expect(repeated.data.issues[0]).toMatchObject({ path: ['externalId'], received: 'array' });
	});
});

describe('integration connections', () => {
	it('lists the organization connections (one inactive), filters by platform, and gets one', async () => {
		const all = (await external('/v1/core/integrations/connections')).data;
		expect(all.cursor).toBeNull();
		const ids = all.data.map((connection: { id: string }) => connection.id);
		const { otherOrganization, ...demoConnections } = DEMO.integrationConnections;
		expect(ids.sort()).toEqual(Object.values(demoConnections).sort());
		expect(ids).not.toContain(otherOrganization);
		const inactive = all.data.filter((connection: { isActive: boolean }) => !connection.isActive);
		expect(inactive.map((connection: { id: string }) => connection.id)).toEqual([
			demoConnections.leadPerfection,
		]);

		const merge = await external('/v1/core/integrations/connections', {
			query: { integrationPlatform: 'MERGE' },
		});
		expect(
			merge.data.data.map(
				(connection: { integrationPlatform: string }) => connection.integrationPlatform,
			),
		).toEqual(['MERGE', 'MERGE']);
		const none = await external('/v1/core/integrations/connections', {
			query: { integrationPlatform: 'SALESFORCE' },
		});
		expect(none.data).toEqual({ data: [], cursor: null });
		const bad = await external('/v1/core/integrations/connections', {
			query: { integrationPlatform: 'merge' },
		});
		expect([bad.status, bad.data.issues[0].code]).toEqual([422, 'invalid_enum_value']);

		const one = await external(`/v1/core/integrations/connections/${demoConnections.serviceTitan}`);
		expect(one.data).toMatchObject({
			id: demoConnections.serviceTitan,
			integrationPlatform: 'SERVICE_TITAN',
			isActive: true,
		});
		const missing = await external(`/v1/core/integrations/connections/${otherOrganization}`);
		expect([missing.status, missing.headers['content-type']]).toEqual([
			404,
			'text/plain; charset=utf-8',
		]);
	});
});

describe('mobile events', () => {
	type MobileEvent = {
		id: string;
		eventCode: string;
		createdAt: string;
		userId: string;
		recordingId?: string;
		event: Record<string, string>;
	};

	it("answers data as Siro's document types it (an array of arrays) by default, and flat on request", async () => {
		const nested = (await external('/v1/core/mobile-events')).data;
		expect(nested.data.length).toBeGreaterThan(0);
		expect(nested.data.every((group: unknown) => Array.isArray(group) && group.length > 0)).toBe(
			true,
		);
		expect(nested.data.flat()).toHaveLength(DEMO.mobileEventsPageSize);

		fake.setMobileEventsShape('flat');
		const flat = (await external('/v1/core/mobile-events')).data;
		expect(flat.data).toEqual(nested.data.flat());
		expect((await control('/__fake/mobile-events/shape', { shape: 'nested' })).data).toEqual({
			shape: 'nested',
		});
		expect((await external('/v1/core/mobile-events')).data).toEqual(nested);
		expect((await control('/__fake/mobile-events/shape', { shape: 'round' })).status).toBe(400);
		// @ts-expect-error: a shape the fake does not know is refused before it listens
		await expect(startFakeSiro({ mobileEventsShape: 'round' })).rejects.toThrow(/"shape"/);
	});

	it('pages through every event of the organization in time order, with distinct cursors', async () => {
		fake.setMobileEventsShape('flat');
		const seen: MobileEvent[] = [];
		const cursors = new Set<string>();
		let cursor: string | null = null;
		do {
			const page: { data: MobileEvent[]; cursor: string | null } = (
				await external('/v1/core/mobile-events', { query: cursor === null ? {} : { cursor } })
			).data;
			seen.push(...page.data);
			cursor = page.cursor;
			if (cursor !== null) cursors.add(cursor);
		} while (cursor !== null && cursors.size < 20);
		const expected = fake.data.mobileEvents.filter(
			(event) => event.organizationId === DEMO.organizationId,
		);
		expect(seen.length).toBe(expected.length);
		expect(seen.length).toBeGreaterThan(2 * DEMO.mobileEventsPageSize);
		expect(new Set(seen.map((event) => event.id)).size).toBe(seen.length);
		expect(cursors.size).toBe(Math.ceil(seen.length / DEMO.mobileEventsPageSize) - 1);
		const times = seen.map((event) => event.createdAt);
		expect(times).toEqual([...times].sort());
	});

	it('filters by event codes (comma-separated or repeated), user, recording and creation window', async () => {
		fake.setMobileEventsShape('flat');
		const list = async (query: Query) =>
			(await external('/v1/core/mobile-events', { query: { pageSize: '1000', ...query } })).data
				.data as MobileEvent[];
		const deepLinks = await list({ eventCodeIn: 'deeplinkReceived,deeplinkConsumed' });
		expect(deepLinks.length).toBeGreaterThan(0);
		expect(new Set(deepLinks.map((event) => event.eventCode))).toEqual(
			new Set(['deeplinkReceived', 'deeplinkConsumed']),
		);
		expect(await list({ eventCodeIn: ['deeplinkReceived', 'deeplinkConsumed'] })).toEqual(
			deepLinks,
		);
		const starts = await list({ eventCode: 'recorderStateChange' });
		expect(starts.every((event) => event.eventCode === 'recorderStateChange')).toBe(true);

		const forRecording = await list({ recordingId: DEMO.recordings.processedLinked });
		expect(forRecording.map((event) => event.event.value ?? event.event.title)).toEqual([
			'start',
			expect.any(String),
			'stop',
		]);
		const user = forRecording[0].userId;
		expect((await list({ userId: user })).every((event) => event.userId === user)).toBe(true);

		const middle = deepLinks[Math.floor(deepLinks.length / 2)].createdAt;
		const after = await list({ createdAtGt: middle });
		expect(after.length).toBeGreaterThan(0);
		expect(after.every((event) => event.createdAt > middle)).toBe(true);
		const before = await list({ createdAtLt: middle });
		expect(before.every((event) => event.createdAt < middle)).toBe(true);

		const bad = await external('/v1/core/mobile-events', {
			query: {
				createdAtGt: 'yesterday',
				eventCode: 'tapped',
				eventCodeIn: 'a,b,c,d,e,f,g,h,i,j,k',
				pageSize: '1001',
			},
		});
		expect(bad.status).toBe(422);
		expect(
			bad.data.issues
				.map((issue: { path: string[]; code: string }) => `${issue.path[0]}:${issue.code}`)
				.sort(),
		).toEqual([
			'createdAtGt:invalid_string',
			'eventCode:invalid_enum_value',
			'eventCodeIn:too_big',
			'pageSize:too_big',
		]);
	});

	it('gets one event by ID, and 404 for an unknown one', async () => {
		const id = demoEventId();
		expect((await external(`/v1/core/mobile-events/${id}`)).data).toEqual(
			fake.data.mobileEvents.find((event) => event.id === id),
		);
		const missing = await external('/v1/core/mobile-events/00000000-0000-4000-8000-000000000000');
		expect([missing.status, missing.data]).toEqual([404, { error: 'Mobile event not found' }]);
	});
});

describe('recordings', () => {
	type Recording = Record<string, unknown> & { id: string; createdAt: string; updatedAt: string };

	it('pages newest first, 25 a page, and flags the deleted recording instead of dropping it', async () => {
		const first = (await external('/v1/core/recordings')).data;
		expect(first.data).toHaveLength(DEMO.recordingsPageSize);
		expect(first.data[0].id).toBe(DEMO.recordings.processing);
		const second = (await external('/v1/core/recordings', { query: { cursor: first.cursor } }))
			.data;
		expect(second.cursor).toBeNull();
		const all: Recording[] = [...first.data, ...second.data];
		const seededInDemo = all.filter(
			(recording) => recording.organizationId === DEMO.organizationId,
		);
		expect(seededInDemo.length).toBe(all.length);
		expect(all.length).toBeGreaterThanOrEqual(DEMO.recordingCount);
		const times = all.map((recording) => recording.createdAt);
		expect(times).toEqual([...times].sort().reverse());
		const deleted = all.filter((recording) => recording.deleted);
		expect(deleted.map((recording) => recording.id)).toEqual([DEMO.recordings.deleted]);
		expect(deleted[0].deletedAt).toEqual(expect.stringMatching(/Z$/));
		expect(all[0]).not.toHaveProperty('crm');
		expect(all[0]).not.toHaveProperty('summary');
	});

	it('filters by processing flags and update window, and shows CRM links only when asked', async () => {
		const list = async (query: Query) =>
			(await external('/v1/core/recordings', { query: { pageSize: '1000', ...query } })).data
				.data as Recording[];
		const processed = await list({ isProcessingDone: 'true', showCrmLinks: 'true' });
		expect(processed.every((recording) => recording.isProcessingDone === true)).toBe(true);
		expect(processed.map((recording) => recording.id)).not.toContain(DEMO.recordings.processing);
		const linked = processed.filter((recording) => recording.crm);
		expect(linked.length).toBeGreaterThan(0);
		expect(linked.length).toBeLessThan(processed.length);
		expect(linked.map((recording) => recording.id)).toContain(DEMO.recordings.processedLinked);
		expect(linked[0].crm).toMatchObject({ integrationConnectionId: expect.any(String) });

		const pivot = processed[3].updatedAt;
		const updatedAfter = await list({ 'updatedAt:gt': pivot });
		expect(updatedAfter.every((recording) => recording.updatedAt > pivot)).toBe(true);
		const updatedFrom = await list({ 'updatedAt:gte': pivot });
		expect(updatedFrom.length).toBe(
			updatedAfter.length + updatedFrom.filter((recording) => recording.updatedAt === pivot).length,
		);
		expect(
			(await list({ 'createdAt:lt': processed[0].createdAt })).every(
				(recording) => recording.createdAt < processed[0].createdAt,
			),
		).toBe(true);

		const bad = await external('/v1/core/recordings', {
			query: { isProcessingDone: 'yes', 'updatedAt:gt': '2024-13-45' },
		});
		expect(bad.status).toBe(422);
		expect(bad.data.issues.map((issue: { path: string[] }) => issue.path[0]).sort()).toEqual([
			'isProcessingDone',
			'updatedAt:gt',
		]);
	});

	it('gets one recording with the show* options (full follow-ups by ID, slim in lists) and its summaries', async () => {
		const bare = (await external(`/v1/core/recordings/${DEMO.recordings.processedLinked}`)).data;
		expect(bare).toMatchObject({
			id: DEMO.recordings.processedLinked,
			deleted: false,
			links: { web: { self: expect.any(String) } },
		});
		expect(bare).not.toHaveProperty('crm');
		const shown = (
			await external(`/v1/core/recordings/${DEMO.recordings.processedLinked}`, {
				query: {
					showCrmLinks: 'true',
					showSummary: 'true',
					showEntityExtractions: 'true',
					showEvaluationScore: 'true',
					showFollowups: 'true',
				},
			})
		).data;
		expect(shown.crm.integrationConnectionId).toEqual(expect.any(String));
		expect(shown.summary.map((section: { name: string }) => section.name)).toContain('Next Steps');
		expect(shown.entityExtractions.length).toBeGreaterThan(0);
		expect(typeof shown.evaluationScore).toBe('number');
		expect(shown.followups[0]).toMatchObject({
			recordingId: DEMO.recordings.processedLinked,
			followupType: 'REHASH',
			status: 'TO_DO',
		});
		const inList = (
			await external('/v1/core/recordings', { query: { pageSize: '1000', showFollowups: 'true' } })
		).data.data.find((recording: Recording) => recording.id === DEMO.recordings.processedLinked);
		expect(inList.followups).toEqual([
			{ id: shown.followups[0].followupId, score: shown.followups[0].score },
		]);

		const summaries = await external(
			`/v1/core/recordings/${DEMO.recordings.processedLinked}/summaries`,
		);
		expect(summaries.data).toEqual(shown.summary);
		expect(
			(await external(`/v1/core/recordings/${DEMO.recordings.processing}/summaries`)).data,
		).toEqual([]);
		const missing = await external('/v1/core/recordings/nope/summaries');
		expect([missing.status, missing.data]).toEqual([404, { error: 'Recording not found' }]);
	});

	it('pages utterances by page number, and refuses bad paging (400), other organizations (403), unknown IDs (404)', async () => {
		const pathname = `/v1/core/recordings/${DEMO.recordings.longTranscript}/utterances`;
		const pages = [];
		let cursor: number | null = 1;
		while (cursor !== null && pages.length < 10) {
			const page: {
				data: { utterances: unknown[] };
				pageSize: number;
				cursor: number | null;
			} = (await platform(pathname, { query: { cursor: String(cursor), pageSize: '100' } })).data;
			pages.push(page);
			cursor = page.cursor;
		}
		expect(pages.map((page) => [page.data.utterances.length, page.pageSize, page.cursor])).toEqual([
			[100, 100, 2],
			[100, 100, 3],
			[50, 100, null],
		]);
		const whole = (await platform(pathname)).data;
		expect([whole.data.utterances.length, whole.cursor]).toEqual([
			DEMO.longTranscriptUtterances,
			null,
		]);
		expect(whole.data.speakerMap['0']).toEqual(expect.any(String));
		expect(
			whole.data.utterances.some((utterance: { redacted: boolean }) => utterance.redacted),
		).toBe(true);

		const badCursor = await platform(pathname, { query: { cursor: '0' } });
		expect([badCursor.status, badCursor.data]).toEqual([400, { error: expect.any(String) }]);
		expect(
			(await platform(`/v1/core/recordings/${DEMO.recordings.otherOrganization}/utterances`))
				.status,
		).toBe(403);
		expect((await platform('/v1/core/recordings/nope/utterances')).status).toBe(404);
	});
});

describe('faults', () => {
	it('applies a fault to the next `times` matching requests only, and only on its route', async () => {
		fake.setFault({ kind: 'serverError', times: 2 });
		const statuses = [];
		for (let index = 0; index < 3; index++)
			statuses.push((await getConfigurations(DEMO.organizationId)).status);
		expect(statuses).toEqual([500, 500, 200]);

		fake.setFault({ kind: 'serverError', route: 'accessToken' });
		expect((await getConfigurations(DEMO.organizationId)).status).toBe(200);
		expect(fake.requests.map((entry) => entry.fault)).toEqual([
			'serverError',
			'serverError',
			undefined,
			undefined,
		]);
	});

	it('refuses an unknown fault kind, an unknown route and options that make no sense', () => {
		expect(() => fake.setFault({ kind: 'teapot' })).toThrow(/Unknown fault kind/);
		expect(FAULT_KINDS).toEqual(
			expect.arrayContaining([
				'hang',
				'redirect',
				'drip',
				'stallAfterHeaders',
				'echoToken',
				'hugeBody',
			]),
		);
		expect(() => fake.setFault({ kind: 'reset', route: 'usres' })).toThrow(/Unknown route "usres"/);
		expect(() => fake.setFault({ kind: 'redirect', status: 200 })).toThrow(/status/);
		expect(() => fake.setFault({ kind: 'echoToken', encoding: 'rot13' })).toThrow(/encoding/);
		expect(() => fake.setFault({ kind: 'serverError', times: 0 })).toThrow(/times/);
	});

	it.each(['rateLimited', 'unavailable'])(
		'bursts %s with `times` on every route, with Retry-After',
		async (kind) => {
			for (const name of API_ROUTE_NAMES) {
				fake.setFault({ kind, route: name, times: 2, retryAfter: 3 });
				const burst = [await ROUTE_SAMPLES[name](), await ROUTE_SAMPLES[name]()];
				expect([
					name,
					...burst.map((response) => [response.status, response.headers['retry-after']]),
				]).toEqual([
					name,
					[kind === 'rateLimited' ? 429 : 503, '3'],
					[kind === 'rateLimited' ? 429 : 503, '3'],
				]);
				expect([name, (await ROUTE_SAMPLES[name]()).status]).toEqual([
					name,
					name === 'accessToken' ? 201 : 200,
				]);
			}
		},
	);

	it("hits every route with route 'any'", async () => {
		fake.setFault({ kind: 'notFound', route: 'any', times: 2 });
		expect((await ROUTE_SAMPLES.users()).status).toBe(404);
		expect((await ROUTE_SAMPLES.utterances()).status).toBe(404);
		expect((await ROUTE_SAMPLES.users()).status).toBe(200);
	});

	it('redirects (302 by default, to the fake redirect target; 307 to any location), and counts who followed', async () => {
		fake.setFault({ kind: 'redirect', route: 'users' });
		const found = await external('/v1/core/users');
		expect([found.status, found.headers.location]).toEqual([
			302,
			`${fake.url}/__fake/redirect-target`,
		]);

		fake.setFault({
			kind: 'redirect',
			route: 'accessToken',
			status: 307,
			location: 'http://127.0.0.1:9/steal',
		});
		const temporary = await axios.post(
			`${fake.externalApiUrl}/v1/core/oauth/apps/${DEMO.oauthClientId}/access-token`,
			{ clientSecret: DEMO.oauthClientSecret },
			{ maxRedirects: 0, validateStatus: () => true },
		);
		expect([temporary.status, temporary.headers.location]).toEqual([
			307,
			'http://127.0.0.1:9/steal',
		]);
		expect(fake.countRequests('redirectTarget')).toBe(0);

		// A client that does follow shows up in the log, token and all.
		fake.setFault({ kind: 'redirect', route: 'users', times: 1 });
		const followed = await axios.get(`${fake.externalApiUrl}/v1/core/users`, {
			headers: { authorization: `Bearer ${DEMO.organizationApiToken}` },
		});
		expect(followed.status).toBe(200);
		expect(fake.countRequests('redirectTarget')).toBe(1);
	});

	it('drips one byte at a time after sending the headers', async () => {
		fake.setFault({ kind: 'drip', route: 'users', intervalMs: 20, durationMs: 200 });
		const { status, chunks } = await rawGet(`${fake.externalApiUrl}/v1/core/users`);
		expect(status).toBe(200);
		// Bytes written 20 ms apart arrive as separate chunks unless the reader is stalled throughout.
		expect(chunks.length).toBeGreaterThan(1);
		expect(chunks[0]).toMatch(/^ +$/);
		expect(chunks.join('')).toMatch(/^ {2,}\{"data":\[\],"cursor":null\}$/);
	});

	it('stalls after the headers until the server closes', async () => {
		const stalling = await startFakeSiro();
		try {
			stalling.setFault({ kind: 'stallAfterHeaders', route: 'any' });
			const outcome = await new Promise<{ status?: number; ended: boolean }>((resolve) => {
				http
					.get(`${stalling.url}/v1/core/conversation-configurations`, (response) => {
						let ended = false;
						response.on('data', () => resolve({ status: response.statusCode, ended: false }));
						response.on('end', () => (ended = true));
						response.on('error', () => resolve({ status: response.statusCode, ended }));
						response.on('close', () => resolve({ status: response.statusCode, ended }));
						void stalling.close();
					})
					.on('error', () => resolve({ ended: false }));
			});
			expect(outcome).toEqual({ status: 200, ended: false });
		} finally {
			await stalling.close();
		}
	});

	it.each([
		['raw', (token: string) => token],
		['urlencoded', (token: string) => encodeURIComponent(token)],
		['base64', (token: string) => Buffer.from(token).toString('base64')],
		['lowercase', (token: string) => token.toLowerCase()],
	])('echoes the token it was sent (%s)', async (encoding, spell) => {
		fake.setFault({ kind: 'echoToken', encoding });
		const response = await getConfigurations(DEMO.organizationId);
		expect(response.status).toBe(401);
		expect(response.data).toEqual({ error: `Invalid token ${spell(DEMO.userAccessToken)}` });
		if (encoding !== 'raw') expect(response.data.error).not.toContain(DEMO.userAccessToken);
	});

	it('echoes the token across character 300 (split), and the client secret on request', async () => {
		fake.setFault({ kind: 'echoToken', encoding: 'split', route: 'users' });
		const response = await axios.get(`${fake.externalApiUrl}/v1/core/users`, {
			headers: { authorization: `Bearer ${DEMO.organizationApiToken}` },
			validateStatus: () => true,
			transformResponse: (text) => text,
		});
		const bodyText: string = response.data;
		const message: string = JSON.parse(bodyText).error;
		expect(message.startsWith('Invalid token')).toBe(true);
		for (const text of [bodyText, message]) {
			const start = text.indexOf(DEMO.organizationApiToken);
			expect(start).toBeGreaterThan(0);
			expect(start).toBeLessThan(300);
			expect(start + DEMO.organizationApiToken.length).toBeGreaterThan(300);
		}

		fake.setFault({ kind: 'echoToken', route: 'accessToken', secret: 'clientSecret' });
		expect((await ROUTE_SAMPLES.accessToken()).data).toEqual({
			error: `Invalid token ${DEMO.oauthClientSecret}`,
		});
	});

	it('streams a huge JSON body of the requested size', async () => {
		const bytes = 3 * 1024 * 1024 + 7;
		fake.setFault({ kind: 'hugeBody', route: 'mobileEvents', bytes });
		const { status, headers, chunks } = await rawGet(
			`${fake.externalApiUrl}/v1/core/mobile-events`,
		);
		const text = chunks.join('');
		expect([status, headers['content-length'], Buffer.byteLength(text)]).toEqual([
			200,
			String(bytes),
			bytes,
		]);
		expect(chunks.length).toBeGreaterThan(1);
		expect(JSON.parse(text)).toMatchObject({ data: [], cursor: null });
	});

	it('repeats the cursor it was sent (repeatedCursor)', async () => {
		const first = (await external('/v1/core/users')).data;
		fake.setFault({ kind: 'repeatedCursor', route: 'users' });
		const second = (await external('/v1/core/users', { query: { cursor: first.cursor } })).data;
		expect(second.cursor).toBe(first.cursor);
		expect(second.data).toHaveLength(100);
	});

	it('is armed and cleared over HTTP too', async () => {
		const armed = await control('/__fake/faults', {
			kind: 'rateLimited',
			route: 'users',
			times: 1,
		});
		expect(armed.data).toEqual({ fault: { kind: 'rateLimited', route: 'users', times: 1 } });
		expect((await ROUTE_SAMPLES.users()).status).toBe(429);
		expect((await ROUTE_SAMPLES.users()).status).toBe(200);
		await control('/__fake/faults', { kind: 'serverError', route: 'any' });
		expect((await control('/__fake/faults', undefined, 'DELETE')).data).toEqual({ cleared: true });
		expect((await ROUTE_SAMPLES.users()).status).toBe(200);
		const refused = await control('/__fake/faults', { kind: 'teapot' });
		expect([refused.status, refused.data.error]).toEqual([
			400,
			expect.stringMatching(/Unknown fault kind/),
		]);
	});

	it('closes promptly even while a response hangs', async () => {
		const hanging = await startFakeSiro();
		hanging.setFault({ kind: 'hang' });
		const pending = axios
			.get(`${hanging.url}/v1/core/conversation-configurations`)
			.catch((error: Error) => error);
		while (hanging.countRequests() === 0) await new Promise((resolve) => setImmediate(resolve));
		await hanging.close();
		expect(await pending).toBeInstanceOf(Error);
	});
});

describe('request log', () => {
	it('keeps method, path, route, query, headers, body, status and time; control routes stay out of it', async () => {
		await external('/v1/core/mobile-events', {
			query: { eventCodeIn: ['deeplinkReceived', 'deeplinkConsumed'], userId: 'u1' },
		});
		await ROUTE_SAMPLES.accessToken();
		await control('/__fake/requests', undefined, 'GET');
		const [events, mint] = fake.requests;
		expect(fake.requests).toHaveLength(2);
		expect(events).toMatchObject({
			method: 'GET',
			path: '/api-externalApi/v1/core/mobile-events',
			route: 'mobileEvents',
			query: { eventCodeIn: ['deeplinkReceived', 'deeplinkConsumed'], userId: 'u1' },
			status: 200,
			time: expect.any(Number),
		});
		expect(events.headers.authorization).toBe(`Bearer ${DEMO.organizationApiToken}`);
		expect(mint).toMatchObject({
			method: 'POST',
			route: 'accessToken',
			status: 201,
			body: { userId: DEMO.userId, scope: 'read' },
		});
		const overHttp = (await control('/__fake/requests?route=accessToken', undefined, 'GET')).data;
		expect([overHttp.count, overHttp.requests[0].route]).toEqual([1, 'accessToken']);
	});
});

describe('the fake phone', () => {
	const title = 'Visit – 42 Maple Ave (Zoë)';
	const crmObjects = JSON.stringify([{ objectType: 'Opportunity', objectId: '0065e00000XyZ12AB' }]);
	const link =
		'https://app.siro.ai/record?action=start' +
		`&title=${encodeURIComponent(title)}` +
		`&conversationType=${DEMO.conversationTypes.serviceCall.conversationType}` +
		`&integrationConnectionId=${DEMO.integrationConnections.salesforce}` +
		`&crmObjects=${encodeURIComponent(crmObjects)}`;
	const isoTimestamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

	it('taps and records: received, consumed, then a deep-link start with a new recording, in strict time order', async () => {
		const rep = DEMO.users.formattedPhone.id;
		const result = fake.phone.tap({ userId: rep, url: link });
		expect(result.events.map((event) => [event.eventCode, event.event])).toEqual([
			['deeplinkReceived', { fullUrl: link }],
			['deeplinkConsumed', { fullUrl: link }],
			['recorderStateChange', { value: 'start', trigger: 'deeplink' }],
		]);
		expect(result.recordingId).toEqual(expect.any(String));
		expect(result.events.map((event) => event.recordingId)).toEqual([
			undefined,
			undefined,
			result.recordingId,
		]);
		const times = result.events.map((event) => event.createdAt);
		expect(times.every((time) => isoTimestamp.test(time))).toBe(true);
		expect(times.map(Date.parse)).toEqual(
			[...new Set(times.map(Date.parse))].sort((a, b) => a - b),
		);

		fake.setMobileEventsShape('flat');
		const listed = (
			await external('/v1/core/mobile-events', {
				query: { userId: rep, createdAtGt: new Date(Date.parse(times[0]) - 1).toISOString() },
			})
		).data.data;
		expect(listed.map((event: { id: string }) => event.id)).toEqual(
			result.events.map((event) => event.id),
		);

		const recording = (await external(`/v1/core/recordings/${result.recordingId}`)).data;
		expect(recording).toMatchObject({
			userId: rep,
			title,
			isProcessingDone: false,
			organizationId: DEMO.organizationId,
		});
	});

	it('records nothing for a rep who never taps, and no recording for one who taps without recording', async () => {
		const rep = DEMO.users.spacedPhone.id;
		const before = fake.data.mobileEvents.length;
		fake.phone.setBehaviour(rep, 'neverTaps');
		expect(fake.phone.tap({ userId: rep, url: link })).toMatchObject({
			events: [],
			recordingId: null,
		});
		expect(fake.data.mobileEvents.length).toBe(before);

		fake.phone.setBehaviour(rep, 'tapsWithoutRecording');
		const opened = fake.phone.tap({ userId: rep, url: link });
		expect(opened.events.map((event) => event.eventCode)).toEqual([
			'deeplinkReceived',
			'deeplinkConsumed',
		]);
		expect(opened.recordingId).toBeNull();
		expect(() => fake.phone.setBehaviour(rep, 'sometimes')).toThrow(/behaviour/);
		expect(() => fake.phone.tap({ userId: 'nobody', url: link })).toThrow(/No user/);
	});

	it('reports the link re-encoded as an app might, with the same parameters in the same order', () => {
		const rep = DEMO.users.dashedPhone.id;
		const parameters = (url: string) => [...new URL(url).searchParams];
		const plus = fake.phone.tap({ userId: rep, url: link, fullUrlEncoding: 'plusForSpace' })
			.events[0].event.fullUrl;
		expect(plus).not.toBe(link);
		expect(plus).toContain('title=Visit+%E2%80%93+42+Maple+Ave+%28Zo%C3%AB%29');
		expect(parameters(plus!)).toEqual(parameters(link));

		const minimal = fake.phone.tap({ userId: rep, url: link, fullUrlEncoding: 'minimal' }).events[0]
			.event.fullUrl;
		expect(minimal).toContain('title=Visit%20%E2%80%93%2042%20Maple%20Ave%20(Zo%C3%AB)');
		expect(minimal).toContain('%22objectType%22:%22Opportunity%22,');
		expect(parameters(minimal!)).toEqual(parameters(link));

		const lower = fake.phone.tap({ userId: rep, url: link, fullUrlEncoding: 'lowercaseHex' })
			.events[0].event.fullUrl;
		expect(lower).toContain('%e2%80%93');
		expect(parameters(lower!)).toEqual(parameters(link));
	});

	it('records a button-press recording, and a stop link stops the running one', () => {
		const rep = DEMO.users.noPhone.id;
		const pressed = fake.phone.pressRecordButton({ userId: rep, title: 'Walk-in' });
		expect(pressed.events.map((event) => [event.eventCode, event.event])).toEqual([
			['recorderStateChange', { value: 'start', trigger: 'buttonPress' }],
		]);
		const stopped = fake.phone.tap({ userId: rep, url: 'https://app.siro.ai/record?action=stop' });
		expect(
			stopped.events.map((event) => [event.eventCode, event.event.value, event.recordingId]),
		).toEqual([
			['deeplinkReceived', undefined, undefined],
			['deeplinkConsumed', undefined, undefined],
			['recorderStateChange', 'stop', pressed.recordingId],
		]);
		expect(stopped.recordingId).toBeNull();
	});

	it('is driven over HTTP too (behaviour, tap, button), with 400 and 404 for bad requests', async () => {
		const rep = DEMO.users.internationalPhone.id;
		expect(
			(await control('/__fake/phone/behaviour', { userId: rep, behaviour: 'tapsWithoutRecording' }))
				.data,
		).toEqual({
			userId: rep,
			behaviour: 'tapsWithoutRecording',
		});
		const tapped = (await control('/__fake/phone/tap', { userId: rep, url: link })).data;
		expect(tapped.events.map((event: { eventCode: string }) => event.eventCode)).toEqual([
			'deeplinkReceived',
			'deeplinkConsumed',
		]);
		await control('/__fake/phone/behaviour', { userId: rep, behaviour: 'tapsAndRecords' });
		expect(
			(await control('/__fake/phone/tap', { userId: rep, url: link })).data.recordingId,
		).toEqual(expect.any(String));
		expect(
			(await control('/__fake/phone/button', { userId: rep })).data.events[0].event.trigger,
		).toBe('buttonPress');
		expect((await control('/__fake/phone/tap', { userId: rep, url: 'not a url' })).status).toBe(
			400,
		);
		expect((await control('/__fake/phone/tap', { userId: 'nobody', url: link })).status).toBe(404);
		expect((await control('/__fake/phone/behaviour', { userId: rep, behaviour: 'x' })).status).toBe(
			400,
		);
		expect(fake.countRequests()).toBe(0);
	});

	it("processes a tapped recording and links it to the link's CRM objects", async () => {
		const { recordingId } = fake.phone.tap({ userId: DEMO.users.formattedPhone.id, url: link });
		const before = fake.recordings.find(recordingId!).updatedAt;
		const processed = (await control('/__fake/recordings/process', { recordingId, linked: true }))
			.data;
		expect(processed.updatedAt > before).toBe(true);
		expect(processed).toMatchObject({
			isProcessingDone: true,
			crm: {
				integrationConnectionId: DEMO.integrationConnections.salesforce,
				opportunity: { externalId: '0065e00000XyZ12AB' },
			},
		});
		expect(
			(await external(`/v1/core/recordings/${recordingId}/summaries`)).data.length,
		).toBeGreaterThan(0);
		const deleted = fake.recordings.delete(recordingId!);
		expect(deleted).toMatchObject({ deleted: true, deletedAt: deleted.updatedAt });
	});
});

describe('the webhook sender', () => {
	interface Received {
		headers: http.IncomingHttpHeaders;
		rawBody: string;
	}
	let receiver: { url: string; received: Received[]; close: () => Promise<void> };

	beforeAll(async () => {
		const received: Received[] = [];
		const server = http.createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				received.push({
					headers: request.headers,
					rawBody: Buffer.concat(chunks).toString('utf8'),
				});
				response.writeHead(202, { 'content-type': 'application/json' });
				response.end('{"accepted":true}');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		receiver = {
			url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
			received,
			close: () => new Promise((resolve) => server.close(() => resolve())),
		};
	});
	afterAll(() => receiver.close());
	beforeEach(() => {
		receiver.received.length = 0;
	});

	/** Svix's check, written independently of the sender: which `v1,` entries match under `secret`. */
	function matchingEntries(secret: string, { headers, rawBody }: Received): boolean[] {
		const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
		const expected = createHmac('sha256', key)
			.update(`${headers['svix-id']}.${headers['svix-timestamp']}.${rawBody}`)
			.digest();
		return String(headers['svix-signature'])
			.split(' ')
			.map((entry) => {
				const [version, signature] = entry.split(',');
				const given = Buffer.from(signature, 'base64');
				return (
					version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)
				);
			});
	}

	it('posts a Svix-signed recordingProcessed event and returns what the target answered', async () => {
		const result = await fake.webhooks.send({ url: receiver.url });
		expect([result.status, result.body]).toEqual([202, '{"accepted":true}']);
		const [delivery] = receiver.received;
		expect(delivery.headers['svix-id']).toMatch(/^msg_[A-Za-z0-9]{27}$/);
		expect(delivery.headers['svix-timestamp']).toMatch(/^\d{10}$/);
		expect(matchingEntries(DEMO.webhookSigningSecret, delivery)).toEqual([true]);
		expect(matchingEntries(DEMO.webhookSigningSecretNext, delivery)).toEqual([false]);
		const payload = JSON.parse(delivery.rawBody);
		expect(payload).toEqual({
			recordingId: DEMO.recordings.processedLinked,
			siroUserId: expect.any(String),
			recordingProcessed: true,
			recordingLinked: true,
			eventType: 'integrations.recordingProcessed',
			crm: expect.objectContaining({ integrationConnectionId: expect.any(String) }),
		});
		expect(payload).toEqual(fake.webhooks.payloadFor(DEMO.recordings.processedLinked));
		expect(result.delivery.rawBody).toBe(delivery.rawBody);
	});

	it('sends an unlinked recording without crm, and recordingLinked events', async () => {
		await fake.webhooks.send({ url: receiver.url, recordingId: DEMO.recordings.processedUnlinked });
		await fake.webhooks.send({ url: receiver.url, eventType: 'integrations.recordingLinked' });
		const [unlinked, linked] = receiver.received.map((delivery) => JSON.parse(delivery.rawBody));
		expect(unlinked).toEqual({
			recordingId: DEMO.recordings.processedUnlinked,
			siroUserId: expect.any(String),
			recordingProcessed: true,
			recordingLinked: false,
			eventType: 'integrations.recordingProcessed',
		});
		expect(linked).toMatchObject({
			eventType: 'integrations.recordingLinked',
			recordingLinked: true,
			crm: expect.any(Object),
		});
	});

	it('sends forged, stale, replayed and altered deliveries on request', async () => {
		await fake.webhooks.send({ url: receiver.url, forged: true });
		const stale = await fake.webhooks.send({ url: receiver.url, stale: true });
		const original = await fake.webhooks.send({ url: receiver.url });
		await fake.webhooks.send({ replay: original.delivery.id });
		await fake.webhooks.send({ url: receiver.url, altered: true });
		await fake.webhooks.send({ url: receiver.url, altered: 'whitespace' });
		const [forged, staleDelivery, first, replayed, altered, spaced] = receiver.received;

		expect(matchingEntries(DEMO.webhookSigningSecret, forged)).toEqual([false]);
		expect(matchingEntries(DEMO.webhookSigningSecret, staleDelivery)).toEqual([true]);
		expect(Number(staleDelivery.headers['svix-timestamp'])).toBeLessThanOrEqual(
			Number(first.headers['svix-timestamp']) - 360,
		);
		expect(Number(stale.delivery.timestamp)).toBe(Number(staleDelivery.headers['svix-timestamp']));
		for (const header of ['svix-id', 'svix-timestamp', 'svix-signature'])
			expect(replayed.headers[header]).toBe(first.headers[header]);
		expect(replayed.rawBody).toBe(first.rawBody);
		expect(matchingEntries(DEMO.webhookSigningSecret, altered)).toEqual([false]);
		expect(JSON.parse(altered.rawBody).recordingId).not.toBe(DEMO.recordings.processedLinked);
		expect(matchingEntries(DEMO.webhookSigningSecret, spaced)).toEqual([false]);
		expect(spaced.rawBody.trimEnd()).toBe(first.rawBody);
	});

	it('signs with every secret given (rotation), one space-separated v1 entry each', async () => {
		await fake.webhooks.send({
			url: receiver.url,
			secrets: [DEMO.webhookSigningSecretNext, DEMO.webhookSigningSecret],
		});
		const [delivery] = receiver.received;
		expect(String(delivery.headers['svix-signature']).split(' ')).toHaveLength(2);
		expect(matchingEntries(DEMO.webhookSigningSecret, delivery)).toEqual([false, true]);
		expect(matchingEntries(DEMO.webhookSigningSecretNext, delivery)).toEqual([true, false]);
	});

	it('signs unicode and significant whitespace exactly as sent', async () => {
		await fake.webhooks.send({ url: receiver.url, unicode: true, pretty: true });
		const rawBody =
			'{ "recordingId" : "r-1",\n\t"eventType":"integrations.recordingProcessed", "recordingProcessed":true, "recordingLinked":false, "note":"naïve 🏠" }\r\n';
		await fake.webhooks.send({ url: receiver.url, rawBody });
		const [pretty, exact] = receiver.received;
		expect(pretty.rawBody).toMatch(/\n {2}"recordingId"/);
		expect(pretty.rawBody).toContain('Zoë’s “kitchen” 🏠');
		expect(pretty.rawBody.endsWith('}\n')).toBe(true);
		expect(matchingEntries(DEMO.webhookSigningSecret, pretty)).toEqual([true]);
		expect(exact.rawBody).toBe(rawBody);
		expect(matchingEntries(DEMO.webhookSigningSecret, exact)).toEqual([true]);
	});

	it('is driven over HTTP too, and only sends to this machine', async () => {
		const sent = await control('/__fake/webhooks/send', {
			url: receiver.url,
			eventType: 'integrations.recordingLinked',
		});
		expect(sent.status).toBe(200);
		expect(sent.data).toMatchObject({
			status: 202,
			body: '{"accepted":true}',
			delivery: { id: expect.stringMatching(/^msg_/) },
		});
		expect(matchingEntries(DEMO.webhookSigningSecret, receiver.received[0])).toEqual([true]);
		const elsewhere = await control('/__fake/webhooks/send', {
			url: 'https://hooks.example.com/siro',
		});
		expect([elsewhere.status, elsewhere.data.error]).toEqual([
			400,
			expect.stringMatching(/on this machine/),
		]);
		await expect(
			fake.webhooks.send({ url: receiver.url, eventType: 'recording.created' }),
		).rejects.toThrow(/eventType/);
	});
});

/** A GET with Node's http: the status, headers and the body as the chunks that arrived. */
function rawGet(
	url: string,
): Promise<{ status?: number; headers: http.IncomingHttpHeaders; chunks: string[] }> {
	return new Promise((resolve, reject) => {
		http
			.get(
				url,
				{ headers: { authorization: `Bearer ${DEMO.organizationApiToken}` } },
				(response) => {
					const chunks: string[] = [];
					response.setEncoding('utf8');
					response.on('data', (chunk: string) => chunks.push(chunk));
					response.on('end', () =>
						resolve({ status: response.statusCode, headers: response.headers, chunks }),
					);
					response.on('error', reject);
				},
			)
			.on('error', reject);
	});
}

it('runs as a CLI that prints its URLs and the demo credentials', async () => {
	const child = spawn(
		process.execPath,
		[path.join(__dirname, '../../dev/fake-siro/server.js'), '--port', '0'],
		{
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	try {
		let output = '';
		const printed = await new Promise<{ url: string; externalApiUrl: string; demo: typeof DEMO }>(
			(resolve, reject) => {
				child.stdout.on('data', (chunk: Buffer) => {
					output += chunk.toString('utf8');
					try {
						resolve(JSON.parse(output));
					} catch {
						// the JSON is not complete yet
					}
				});
				child.once('exit', (code) => reject(new Error(`CLI exited early with ${code}`)));
			},
		);
		expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(printed.externalApiUrl).toBe(`${printed.url}/api-externalApi`);
		expect(printed.demo.userAccessToken).toBe(DEMO.userAccessToken);
		const response = await axios.get(`${printed.url}/v1/core/conversation-configurations`, {
			params: { organizationId: DEMO.organizationId },
			headers: { 'x-siro-auth-token': DEMO.userAccessToken },
		});
		expect(response.data.data.length).toBeGreaterThan(0);
	} finally {
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
	}
});
