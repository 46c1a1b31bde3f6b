/**
 * The engagement calls of createSiroClient against the fake Siro over real sockets: sync by External
 * ID (twice: one engagement), cancel, reps by e-mail, engagement users with paging, batches with partial
 * failures, opportunities, recording link/unlink, and the recording Siro matches to an appointment
 * (from the record link's Engagement object, or by rep and time) as engagementRecordingStatus reads it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	buildRecordLink,
	engagementFromCalendarEvent,
	engagementRecordingStatus,
	SiroApiError,
	SiroInputError,
	type SiroClientOptions,
} from '../../index';
import { DEMO } from '../../dev/fake-siro/server';
import { demoClientOf, rejection } from './support/fakeSiroClient';
import { useFakeSiro } from './support/fakeSiroFixture';

const fake = useFakeSiro();

const client = (overrides: Partial<SiroClientOptions> = {}) => demoClientOf(fake, overrides);

const MINUTE = 60000;
const iso = (milliseconds: number) => new Date(milliseconds).toISOString();
const avery = DEMO.users.demo;
const CUSTOM_INPUT = DEMO.integrationConnections.customInput;

type StoredEngagement = {
	externalId: string;
	engagementUsers: Array<{ email: string; userId: string | null }>;
};
const stored = (externalId: string) =>
	(fake.data.engagements as StoredEngagement[]).filter((entry) => entry.externalId === externalId);

/** An appointment of `email` around now (started 5 minutes ago, ends in 30). */
function appointmentNow(externalId: string, email: string) {
	const now = Date.now();
	return {
		externalId,
		subject: 'Kitchen remodel – Smith',
		startTime: iso(now - 5 * MINUTE),
		endTime: iso(now + 30 * MINUTE),
		engagementType: { name: 'In-Home Consultation', activityType: 'APPOINTMENT' },
		engagementUsers: [{ email }],
	};
}

describe('syncEngagement', () => {
	it('creates by External ID, and a second sync updates the same engagement, never a duplicate', async () => {
		const siro = client();
		const first = await siro.syncEngagement({
			externalId: 'gcal-upsert-1',
			subject: 'Roof estimate',
			startTime: '2026-03-09T09:00:00-07:00',
			endTime: '2026-03-09T10:00:00-07:00',
		});
		const second = await siro.syncEngagement({
			externalId: 'gcal-upsert-1',
			subject: 'Roof estimate (moved)',
			startTime: '2026-03-09T11:00:00-07:00',
			endTime: '2026-03-09T12:00:00-07:00',
		});
		expect(second.engagement.id).toBe(first.engagement.id);
		expect(second.engagement).toMatchObject({
			externalId: 'gcal-upsert-1',
			subject: 'Roof estimate (moved)',
			startTime: '2026-03-09T18:00:00.000Z',
			endTime: '2026-03-09T19:00:00.000Z',
			organizationId: DEMO.organizationId,
		});
		expect(stored('gcal-upsert-1')).toHaveLength(1);
		expect(
			fake.requests.map((entry) => [entry.method, entry.path, entry.headers.authorization]),
		).toEqual([
			[
				'PUT',
				'/api-externalApi/v1/integrations/sync/engagements',
				`Bearer ${DEMO.organizationApiToken}`,
			],
			[
				'PUT',
				'/api-externalApi/v1/integrations/sync/engagements',
				`Bearer ${DEMO.organizationApiToken}`,
			],
		]);
		expect(fake.requests[1].body).toEqual({
			externalId: 'gcal-upsert-1',
			subject: 'Roof estimate (moved)',
			startTime: '2026-03-09T18:00:00.000Z',
			endTime: '2026-03-09T19:00:00.000Z',
		});
	});

	it('sends nothing for a body that breaks a rule: SiroInputError names the field', async () => {
		const error = await rejection(
			client().syncEngagement({
				externalId: 'x',
				startTime: '2026-03-09T09:00:00',
				endTime: '2026-03-09T10:00:00Z',
			}),
		);
		expect(error).toBeInstanceOf(SiroInputError);
		expect((error as SiroInputError).field).toBe('startTime');
		expect(fake.requests).toHaveLength(0);
	});

	it('cancels with deletedAt: the engagement is then cancelled, never notRecorded', async () => {
		const siro = client();
		const { engagement } = await siro.syncEngagement(appointmentNow('gcal-cancel-1', avery.email));
		await siro.syncEngagement({ externalId: 'gcal-cancel-1', deletedAt: new Date() });
		const read = await siro.getEngagement(engagement.id);
		expect(read.deletedAt).toEqual(expect.any(String));
		expect(engagementRecordingStatus(read, { now: Date.now() + 24 * 60 * MINUTE }).status).toBe(
			'cancelled',
		);
		expect(stored('gcal-cancel-1')).toHaveLength(1);
	});

	it('syncs a Google Calendar item and an Outlook item as n8n emits them, times in UTC', async () => {
		const siro = client();
		const google = engagementFromCalendarEvent(
			{
				kind: 'calendar#event',
				id: 'gcal-shape-1',
				status: 'confirmed',
				summary: 'Estimate',
				start: { dateTime: '2026-03-08T09:00:00-07:00', timeZone: 'America/Los_Angeles' },
				end: { dateTime: '2026-03-08T10:00:00-07:00', timeZone: 'America/Los_Angeles' },
				attendees: [{ email: avery.email, responseStatus: 'accepted' }],
				organizer: { email: avery.email, self: true },
			},
			{ source: 'googleCalendar' },
		);
		const outlook = engagementFromCalendarEvent(
			{
				id: 'AAMkOutlookShape1=',
				subject: 'Estimate',
				isAllDay: false,
				isCancelled: false,
				start: { dateTime: '2026-03-08T09:00:00.0000000', timeZone: 'Pacific Standard Time' },
				end: { dateTime: '2026-03-08T10:00:00.0000000', timeZone: 'Pacific Standard Time' },
				attendees: [
					{
						type: 'required',
						status: { response: 'accepted' },
						emailAddress: { name: 'Avery', address: avery.email },
					},
				],
				organizer: { emailAddress: { name: 'Avery', address: avery.email } },
			},
			{ source: 'outlook' },
		);
		const allDay = engagementFromCalendarEvent(
			{
				kind: 'calendar#event',
				id: 'gcal-allday-1',
				status: 'confirmed',
				start: { date: '2026-03-08' },
				end: { date: '2026-03-09' },
			},
			{ source: 'googleCalendar', timeZone: 'America/Los_Angeles' },
		);
		const synced = await siro.syncEngagements([google, outlook, allDay]);
		expect(
			synced.map((result) => result.ok && [result.engagement.startTime, result.engagement.endTime]),
		).toEqual([
			['2026-03-08T16:00:00.000Z', '2026-03-08T17:00:00.000Z'],
			['2026-03-08T16:00:00.000Z', '2026-03-08T17:00:00.000Z'],
			// The day clocks go forward in Los Angeles has 23 hours.
			['2026-03-08T08:00:00.000Z', '2026-03-09T07:00:00.000Z'],
		]);
	});
});

describe('reps and engagement users', () => {
	it('matches reps to users by e-mail (any case) and keeps unknown e-mails unmatched, as Siro does', async () => {
		const siro = client();
		const { engagement } = await siro.syncEngagement({
			...appointmentNow('gcal-reps-1', avery.email.toUpperCase()),
			engagementUsers: [{ email: avery.email.toUpperCase() }, { email: 'homeowner@example.com' }],
		});
		expect(
			stored('gcal-reps-1')[0].engagementUsers.map((user) => [user.email, user.userId]),
		).toEqual([
			[avery.email.toUpperCase(), avery.id],
			['homeowner@example.com', null],
		]);
		const links = await siro.listEngagementUsers({ engagementId: engagement.id });
		expect(
			links.map((link) => [link.engagementId, link.userId, link.integrationConnectionId]),
		).toEqual([[engagement.id, avery.id, CUSTOM_INPUT]]);
	});

	it('lists engagement users across pages, following the cursor to the end', async () => {
		const siro = client();
		const rep = DEMO.users.spacedPhone;
		const results = await siro.syncEngagements(
			Array.from({ length: 130 }, (_, index) => appointmentNow(`paging-${index}`, rep.email)),
		);
		expect(results.every((result) => result.ok)).toBe(true);
		fake.resetLog();
		const links = await siro.listEngagementUsers({ userId: rep.id });
		expect(links).toHaveLength(130);
		expect(new Set(links.map((link) => link.engagementId)).size).toBe(130);
		expect(fake.countRequests('engagementUsers')).toBe(2);
		expect(await siro.listEngagementUsers({ userId: rep.id }, { limit: 5 })).toHaveLength(5);
	});

	it('reads the bare array Siro documents for this listing as its only page', async () => {
		const answer = [
			{
				id: 'eu1',
				engagementId: 'e1',
				userId: 'u1',
				organizationId: 'o',
				createdAt: 'c',
				updatedAt: 'u',
				integrationConnectionId: 'ic',
				extra: 1,
			},
		];
		const server = http.createServer((_request, response) => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify(answer));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const siro = client({
				externalApiBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
			});
			expect(await siro.listEngagementUsers()).toEqual(answer);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});
});

describe('syncEngagements', () => {
	it('sends every valid item, none for an item that breaks a rule, and a failed request fails only its item', async () => {
		fake.setFault({ kind: 'notFound', route: 'syncEngagement', times: 1 });
		const results = await client().syncEngagements([
			{ externalId: 'batch-0' },
			{ externalId: 'batch-1', account: { externalId: 'a', latitude: 95, longitude: 0 } },
			{ externalId: 'batch-2' },
			{ externalId: 'batch-3' },
		]);
		expect(results.map((result) => [result.index, result.ok])).toEqual([
			[0, false],
			[1, false],
			[2, true],
			[3, true],
		]);
		const [first, second] = results;
		expect(!first.ok && first.error).toBeInstanceOf(SiroApiError);
		expect(!second.ok && second.error).toMatchObject({ field: 'account.latitude' });
		expect(fake.requests.map((entry) => (entry.body as { externalId: string }).externalId)).toEqual(
			['batch-0', 'batch-2', 'batch-3'],
		);
	});
});

describe('getEngagement', () => {
	it('says Siro has no such engagement (404), naming the ID', async () => {
		const error = await rejection(client().getEngagement('no-such-engagement'));
		expect(error).toMatchObject({
			kind: 'notFound',
			message: expect.stringContaining('no-such-engagement'),
		});
	});
});

describe('syncOpportunity', () => {
	it('creates by External ID and updates on the second sync', async () => {
		const siro = client();
		const first = await siro.syncOpportunity({
			externalId: 'opp-77',
			name: 'Roof',
			amount: 100,
			disposition: 'open',
		});
		const second = await siro.syncOpportunity({
			externalId: 'opp-77',
			amount: '12500.50',
			disposition: 'WON',
		});
		expect(second.opportunity).toMatchObject({
			id: first.opportunity.id,
			name: 'Roof',
			amount: 12500.5,
			disposition: 'WON',
		});
		expect(
			(fake.data.opportunities as Array<{ externalId: string }>).filter(
				(entry) => entry.externalId === 'opp-77',
			),
		).toHaveLength(1);
		expect(
			await rejection(siro.syncOpportunity({ externalId: 'opp-78', amount: 'n/a' })),
		).toMatchObject({ field: 'amount' });
	});
});

describe('recording link and unlink', () => {
	it('refuses both link-body errors before any request: both IDs, and an External ID without its connection', async () => {
		const siro = client();
		const recordingId = DEMO.recordings.processedUnlinked;
		const both = await rejection(
			siro.linkRecording(recordingId, {
				dataType: 'ENGAGEMENT',
				id: 'e1',
				externalId: 'x',
				integrationConnectionId: CUSTOM_INPUT,
			}),
		);
		expect(both).toMatchObject({ name: 'SiroInputError', field: 'id' });
		const noConnection = await rejection(
			siro.unlinkRecording(recordingId, { dataType: 'ENGAGEMENT', externalId: 'x' }),
		);
		expect(noConnection).toMatchObject({
			name: 'SiroInputError',
			field: 'integrationConnectionId',
		});
		expect(fake.requests).toHaveLength(0);
	});

	it('links a recording to an engagement by External ID + connection (it is then recorded), and unlinks it', async () => {
		const siro = client();
		const { engagement } = await siro.syncEngagement({
			externalId: 'gcal-link-1',
			startTime: iso(Date.now() - 60 * MINUTE),
			endTime: iso(Date.now() - 30 * MINUTE),
		});
		const recordingId = DEMO.recordings.processedUnlinked;
		const link = {
			dataType: 'ENGAGEMENT',
			externalId: 'gcal-link-1',
			integrationConnectionId: CUSTOM_INPUT,
		};
		expect(await siro.linkRecording(recordingId, link)).toMatchObject({
			id: engagement.id,
			externalId: 'gcal-link-1',
		});
		expect(fake.requests.at(-1)).toMatchObject({
			method: 'PUT',
			path: `/api-internalApi/v1/core/recordings/${recordingId}/link`,
			body: {
				dataType: 'ENGAGEMENT',
				externalId: 'gcal-link-1',
				integrationConnectionId: CUSTOM_INPUT,
			},
		});
		expect(fake.requests.at(-1)!.headers['x-siro-auth-token']).toBe(DEMO.userAccessToken);
		expect(engagementRecordingStatus(await siro.getEngagement(engagement.id))).toMatchObject({
			status: 'recorded',
			recordingId,
		});
		expect(
			await siro.unlinkRecording(recordingId, { dataType: 'engagement', id: engagement.id }),
		).toBe(true);
		expect(engagementRecordingStatus(await siro.getEngagement(engagement.id)).status).toBe(
			'notRecorded',
		);
	});
});

describe('recordings Siro matches to appointments', () => {
	it('gives the engagement its recordingId when the rep records from a link carrying it as CRM object', async () => {
		const siro = client();
		const { engagement } = await siro.syncEngagement(appointmentNow('gcal-phone-1', avery.email));
		const { url } = buildRecordLink({
			action: 'start',
			title: 'Kitchen remodel – Smith',
			integrationConnectionId: CUSTOM_INPUT,
			crmObjects: [{ objectType: 'Engagement', objectId: 'gcal-phone-1' }],
		});
		const tap = fake.phone.tap({ userId: avery.id, url });
		expect(tap.recordingId).toEqual(expect.any(String));
		const read = await siro.getEngagement(engagement.id);
		expect(engagementRecordingStatus(read)).toMatchObject({
			status: 'recorded',
			recordingId: tap.recordingId,
		});
	});

	it("matches by the link only with the engagement's own integration connection", async () => {
		const siro = client();
		const rep = DEMO.users.ambiguousEmailA;
		const earlier = Date.now() - 3 * 60 * MINUTE;
		const { engagement } = await siro.syncEngagement({
			externalId: 'gcal-connection-1',
			startTime: iso(earlier),
			endTime: iso(earlier + 60 * MINUTE),
			engagementUsers: [{ email: rep.email }],
		});
		const linkWith = (integrationConnectionId: string) =>
			buildRecordLink({
				action: 'start',
				integrationConnectionId,
				crmObjects: [{ objectType: 'Engagement', objectId: 'gcal-connection-1' }],
			}).url;
		fake.phone.tap({ userId: rep.id, url: linkWith(DEMO.integrationConnections.salesforce) });
		expect((await siro.getEngagement(engagement.id)).recordingId).toBeNull();
		const tap = fake.phone.tap({ userId: rep.id, url: linkWith(CUSTOM_INPUT) });
		expect((await siro.getEngagement(engagement.id)).recordingId).toBe(tap.recordingId);
	});

	it('matches a recording made without the link by rep and time; a rep who never records stays notRecorded', async () => {
		const siro = client();
		const recorder = DEMO.users.formattedPhone;
		const absent = DEMO.users.dashedPhone;
		const recorded = await siro.syncEngagement(appointmentNow('gcal-button-1', recorder.email));
		const missed = await siro.syncEngagement(appointmentNow('gcal-never-1', absent.email));
		const { url } = buildRecordLink({ action: 'start', title: 'Visit' });
		fake.phone.setBehaviour(recorder.id, 'recordsWithoutLink');
		fake.phone.setBehaviour(absent.id, 'neverTaps');
		const button = fake.phone.tap({ userId: recorder.id, url });
		const nothing = fake.phone.tap({ userId: absent.id, url });
		expect([button.events.map((event) => event.eventCode), nothing.recordingId]).toEqual([
			['recorderStateChange'],
			null,
		]);
		const afterGrace = { now: Date.parse(missed.engagement.endTime as string) + 15 * MINUTE };
		expect(
			engagementRecordingStatus(await siro.getEngagement(recorded.engagement.id), afterGrace),
		).toMatchObject({
			status: 'recorded',
			recordingId: button.recordingId,
		});
		expect(
			engagementRecordingStatus(await siro.getEngagement(missed.engagement.id), afterGrace).status,
		).toBe('notRecorded');
		expect(engagementRecordingStatus(await siro.getEngagement(missed.engagement.id)).status).toBe(
			'notEnded',
		);
	});
});
