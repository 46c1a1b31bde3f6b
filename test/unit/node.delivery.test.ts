/**
 * Closing the loop (SPEC "Mobile Event … checking that a link reached the phone", "Integration
 * Connection"): Record Link → Check Delivery, Mobile Event → Get Many and Integration Connection →
 * Get Many, run with `new Siro().execute` against the fake Siro over real sockets, its fake phone
 * tapping the links.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEMO } from '../../dev/fake-siro/server';
import { searchIntegrationConnections } from '../../nodes/Siro/methods/listSearch';
import { buildRecordLink } from '../../nodes/Siro/core';
import { useFakeSiro } from './support/fakeSiroFixture';
import { loadOptionsContext } from './support/loadOptionsContext';
import { nodeErrorFrom, runSiroNode } from './support/runSiroNode';
import { accessTokenCredentials, organizationTokenCredentials } from './support/siroCredentials';

const fake = useFakeSiro();

const { demo, formattedPhone, dashedPhone, spacedPhone } = DEMO.users;
const DELIVERY_CODES = ['deeplinkReceived', 'deeplinkConsumed', 'recorderStateChange'];

let linkNumber = 0;
/** A fresh start link (its own title), so no earlier test's events concern it. */
function freshLink(title = 'Smith residence – roof (inspection)'): string {
	linkNumber++;
	return buildRecordLink({
		action: 'start',
		title: `${title} #${linkNumber}`,
		integrationConnectionId: DEMO.integrationConnections.salesforce,
		crmObjects: [{ objectType: 'Opportunity', objectId: `006A${linkNumber}` }],
	}).url;
}

/**
 * A moment safely before whatever the fake phone records next, and no earlier than the last event
 * already recorded: a test that counts "events since" must not see an earlier test's taps, however
 * slow the machine (a second was not enough under a busy CI).
 */
function justBefore(): string {
	const lastRecorded = Math.max(
		0,
		...fake.data.mobileEvents.map((event: IDataObject) => Date.parse(String(event.createdAt))),
	);
	return new Date(Math.max(Date.now() - 1000, lastRecorded)).toISOString();
}

function checkParameters(link: string, userId: string, sentAt: string): IDataObject {
	return {
		resource: 'recordLink',
		operation: 'checkDelivery',
		link,
		user: { __rl: true, mode: 'list', value: userId },
		sentAt,
	};
}

function check(link: string, userId: string, sentAt: string) {
	return runSiroNode({
		credentials: organizationTokenCredentials(fake),
		items: [{ recordLink: link, appointment: 'Smith' }],
		parameters: checkParameters(link, userId, sentAt),
	});
}

function mobileEventRequests() {
	return fake.requests.filter((entry) => entry.route === 'mobileEvents');
}

describe('Record Link → Check Delivery', () => {
	it('is recording once the phone tapped the link, with the times and recording Siro reported', async () => {
		const link = freshLink();
		const sentAt = justBefore();
		const tap = fake.phone.tap({ userId: demo.id, url: link });
		const [received, consumed, started] = tap.events;

		const { output } = await check(link, demo.id, sentAt);
		expect(output).toEqual([
			{
				json: {
					recordLink: link,
					appointment: 'Smith',
					delivery: {
						status: 'recording',
						receivedAt: received.createdAt,
						openedAt: consumed.createdAt,
						recordingStartedAt: started.createdAt,
						recordingId: tap.recordingId,
					},
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('asks Siro once for the rep’s delivery events since Sent At', async () => {
		const link = freshLink();
		const sentAt = justBefore();
		await check(link, demo.id, sentAt);
		const [request] = mobileEventRequests();
		expect(fake.countRequests()).toBe(1);
		expect(request.query).toMatchObject({ userId: demo.id });
		const url = new URL(request.url, fake.url);
		expect(url.searchParams.getAll('eventCodeIn')).toEqual(DELIVERY_CODES);
		// createdAtGt is strict: one millisecond earlier keeps an event stamped exactly at Sent At.
		expect(url.searchParams.get('createdAtGt')).toBe(
			new Date(Date.parse(sentAt) - 1).toISOString(),
		);
	});

	it.each([
		['neverTaps', { status: 'notReceived', receivedAt: null, openedAt: null }],
		['tapsWithoutRecording', { status: 'opened', recordingStartedAt: null, recordingId: null }],
	])('reports a rep whose phone %s', async (behaviour, expected) => {
		const link = freshLink();
		const sentAt = justBefore();
		fake.phone.setBehaviour(demo.id, behaviour);
		fake.phone.tap({ userId: demo.id, url: link });
		const { output } = await check(link, demo.id, sentAt);
		expect(output[0].json.delivery).toMatchObject(expected);
	});

	it.each(['plusForSpace', 'minimal', 'lowercaseHex'])(
		'matches the link when the app reports it re-encoded (%s)',
		async (fullUrlEncoding) => {
			const link = freshLink('Jones & Sons: 50% (deposit) + tax');
			const sentAt = justBefore();
			fake.phone.tap({ userId: demo.id, url: link, fullUrlEncoding });
			const { output } = await check(link, demo.id, sentAt);
			expect(output[0].json.delivery).toMatchObject({ status: 'recording' });
		},
	);

	it('reads nested and flat mobile events alike', async () => {
		const link = freshLink();
		const sentAt = justBefore();
		fake.phone.tap({ userId: demo.id, url: link });
		fake.setMobileEventsShape('flat');
		const { output } = await check(link, demo.id, sentAt);
		expect(output[0].json.delivery).toMatchObject({ status: 'recording' });
	});

	it('never counts a tap from before Sent At', async () => {
		const link = freshLink();
		fake.phone.tap({ userId: demo.id, url: link });
		const sentAt = new Date(Date.now() + 1000).toISOString();
		const { output } = await check(link, demo.id, sentAt);
		expect(output[0].json.delivery).toMatchObject({ status: 'notReceived' });
	});

	it("does not count a recording started by hand, or another link's", async () => {
		const link = freshLink();
		const sentAt = justBefore();
		fake.phone.setBehaviour(demo.id, 'tapsWithoutRecording');
		fake.phone.tap({ userId: demo.id, url: link });
		fake.phone.pressRecordButton({ userId: demo.id, title: 'By hand' });
		fake.phone.setBehaviour(demo.id, 'tapsAndRecords');
		fake.phone.tap({ userId: demo.id, url: freshLink('Another appointment') });

		const { output } = await check(link, demo.id, sentAt);
		expect(output[0].json.delivery).toMatchObject({ status: 'opened', recordingId: null });
	});

	it('lists each rep’s events once however many items, and judges each item from its own Sent At', async () => {
		const reps = [demo.id, formattedPhone.id, dashedPhone.id];
		const earliest = justBefore();
		const links = Array.from({ length: 60 }, () => freshLink());
		// Every third link is tapped; the others never reach the phone.
		links.forEach((url, index) => {
			if (index % 3 === 0) fake.phone.tap({ userId: reps[index % 3], url });
		});
		const { output } = await runSiroNode({
			credentials: organizationTokenCredentials(fake),
			items: links.map((recordLink) => ({ recordLink })),
			parameters: (itemIndex) =>
				checkParameters(
					links[itemIndex],
					reps[itemIndex % 3],
					// Sent At differs per item (as $now does); the tapped items' are all before their taps.
					new Date(Date.parse(earliest) + (itemIndex % 5)).toISOString(),
				),
		});
		output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect((item.json.delivery as IDataObject).status).toBe(
				index % 3 === 0 ? 'recording' : 'notReceived',
			);
		});
		expect(mobileEventRequests().map((request) => request.query.userId)).toEqual(reps);
		expect(fake.countRequests()).toBe(reps.length);
	});

	it('finds the rep By Email through one users listing', async () => {
		const link = freshLink();
		const sentAt = justBefore();
		fake.phone.tap({ userId: spacedPhone.id, url: link });
		const { output } = await runSiroNode({
			credentials: organizationTokenCredentials(fake),
			items: [{ recordLink: link }, { recordLink: link }],
			parameters: {
				...checkParameters(link, '', sentAt),
				user: { __rl: true, mode: 'email', value: 'MARCUS.johnson@demohomeservices.com' },
			},
		});
		expect(output.map((item) => (item.json.delivery as IDataObject).status)).toEqual([
			'recording',
			'recording',
		]);
		expect(fake.countRequests('users')).toBe(Math.ceil(DEMO.userCount / DEMO.usersPageSize));
		expect(fake.countRequests('mobileEvents')).toBe(1);
	});

	it('reads a Sent At without a zone in the workflow’s time zone', async () => {
		const link = freshLink();
		fake.phone.tap({ userId: demo.id, url: link });
		// Ten minutes from now, written as a Tokyo wall clock without zone: after the tap, so nothing counts.
		const tokyo = new Date(Date.now() + 600000 + 9 * 3600000).toISOString().slice(0, 19);
		const { output } = await runSiroNode({
			credentials: organizationTokenCredentials(fake),
			timezone: 'Asia/Tokyo',
			items: [{}],
			parameters: checkParameters(link, demo.id, tokyo),
		});
		expect(output[0].json.delivery).toMatchObject({ status: 'notReceived' });
		const url = new URL(mobileEventRequests()[0].url, fake.url);
		expect(Date.parse(url.searchParams.get('createdAtGt')!)).toBe(Date.parse(`${tokyo}+09:00`) - 1);
	});

	it('refuses a bad Sent At or link per item, and with Continue On Fail checks the others', async () => {
		const link = freshLink();
		const sentAt = justBefore();
		fake.phone.tap({ userId: demo.id, url: link });
		const { output } = await runSiroNode({
			credentials: organizationTokenCredentials(fake),
			continueOnFail: true,
			items: [{}, {}, {}],
			parameters: (itemIndex) =>
				checkParameters(
					itemIndex === 1 ? 'not a link' : link,
					demo.id,
					itemIndex === 2 ? 'yesterday' : sentAt,
				),
		});
		expect(output[0].json.delivery).toMatchObject({ status: 'recording' });
		expect(output[1]).toEqual({
			json: expect.objectContaining({
				field: 'link',
				error: expect.stringMatching(/no Siro record link parameter/),
			}),
			pairedItem: { item: 1 },
		});
		expect(output[2]).toEqual({
			json: expect.objectContaining({
				field: 'Sent At',
				error: expect.stringMatching(/not an ISO 8601 time/),
			}),
			pairedItem: { item: 2 },
		});
	});

	it('stops at the first failing item, naming it', async () => {
		const error = await nodeErrorFrom(
			runSiroNode({
				credentials: organizationTokenCredentials(fake),
				items: [{}, {}],
				parameters: (itemIndex) =>
					checkParameters(freshLink(), demo.id, itemIndex === 1 ? '' : justBefore()),
			}),
		);
		expect(error.message).toBe('Sent At is empty. [item 1]');
	});

	it('says to fill in the Organization API Token when the credential has none, before any request', async () => {
		const error = await nodeErrorFrom(
			runSiroNode({
				credentials: accessTokenCredentials(fake),
				parameters: checkParameters(freshLink(), demo.id, justBefore()),
			}),
		);
		expect(error.message).toMatch(/Organization API Token is empty.*\[item 0\]$/);
		expect(fake.countRequests()).toBe(0);
	});

	it('gives every item of a rep the listing’s error when Siro fails, after retrying', async () => {
		fake.setFault({ kind: 'serverError', route: 'mobileEvents' });
		const { output } = await runSiroNode({
			credentials: organizationTokenCredentials(fake),
			continueOnFail: true,
			items: [{}, {}],
			parameters: checkParameters(freshLink(), demo.id, justBefore()),
		});
		for (const item of output) expect(item.json).toMatchObject({ httpCode: 500 });
		expect(fake.countRequests('mobileEvents')).toBe(3); // three attempts, shared by both items
	});
});

describe('Mobile Event → Get Many', () => {
	function getEvents(parameters: IDataObject, timezone?: string) {
		return runSiroNode({
			credentials: organizationTokenCredentials(fake),
			timezone,
			parameters: {
				resource: 'mobileEvent',
				operation: 'getAll',
				eventCodes: [],
				user: { __rl: true, mode: 'list', value: '' },
				returnAll: true,
				limit: 50,
				filters: {},
				...parameters,
			},
		});
	}

	it("outputs one item per event, flattening Siro's nested data, with every filter sent", async () => {
		const sentAt = justBefore();
		const tap = fake.phone.tap({ userId: demo.id, url: freshLink() });
		const { output } = await getEvents({
			eventCodes: ['deeplinkConsumed', 'recorderStateChange'],
			user: { __rl: true, mode: 'id', value: demo.id },
			filters: { createdAfter: sentAt, createdBefore: new Date(Date.now() + 60000).toISOString() },
		});
		expect(output.map((item) => item.json.id)).toEqual([tap.events[1].id, tap.events[2].id]);
		expect(output[1]).toEqual({ json: tap.events[2], pairedItem: { item: 0 } });
		const url = new URL(mobileEventRequests()[0].url, fake.url);
		expect(url.searchParams.getAll('eventCodeIn')).toEqual([
			'deeplinkConsumed',
			'recorderStateChange',
		]);
		expect(url.searchParams.get('userId')).toBe(demo.id);
		expect(url.searchParams.get('createdAtGt')).toBe(sentAt);
	});

	it('filters by recording, and reads flat data too', async () => {
		const tap = fake.phone.tap({ userId: demo.id, url: freshLink() });
		fake.setMobileEventsShape('flat');
		const { output } = await getEvents({ filters: { recordingId: tap.recordingId } });
		expect(output.map((item) => item.json.recordingId)).toEqual([tap.recordingId]);
	});

	it('follows cursors with Return All and stops at the limit', async () => {
		const all = await getEvents({});
		expect(all.output.length).toBe(
			fake.data.mobileEvents.filter(
				(event: IDataObject) => event.organizationId === DEMO.organizationId,
			).length,
		);
		expect(fake.countRequests('mobileEvents')).toBeGreaterThanOrEqual(1);
		fake.resetLog();
		const limited = await getEvents({ returnAll: false, limit: 7 });
		expect(limited.output).toHaveLength(7);
		expect(fake.countRequests('mobileEvents')).toBe(1);
	});

	it("reads Created After without a zone in the workflow's time zone", async () => {
		await getEvents({ filters: { createdAfter: '2026-03-02T10:00:00' } }, 'America/New_York');
		const url = new URL(mobileEventRequests()[0].url, fake.url);
		expect(url.searchParams.get('createdAtGt')).toBe('2026-03-02T15:00:00.000Z');
	});

	it('refuses an event code Siro does not know, before asking', async () => {
		const error = await nodeErrorFrom(getEvents({ eventCodes: ['deeplinkTapped'] }));
		expect(error.message).toMatch(/^Event code "deeplinkTapped" is not one Siro knows/);
		expect(fake.countRequests()).toBe(0);
	});
});

describe('Integration Connection', () => {
	const ours = () =>
		(fake.data.integrationConnections as IDataObject[]).filter(
			(connection) => connection.organizationId === DEMO.organizationId,
		);

	it("Get Many lists the organization's connections, filtered by platform", async () => {
		const run = (filters: IDataObject) =>
			runSiroNode({
				credentials: organizationTokenCredentials(fake),
				parameters: {
					resource: 'integrationConnection',
					operation: 'getAll',
					returnAll: true,
					filters,
				},
			});
		const { output } = await run({});
		expect(output.map((item) => item.json.id).sort()).toEqual(
			ours()
				.map((c) => c.id)
				.sort(),
		);
		expect(output[0].pairedItem).toEqual({ item: 0 });

		const merge = await run({ integrationPlatform: 'MERGE' });
		expect(merge.output.map((item) => item.json.name).sort()).toEqual([
			'HubSpot (via Merge)',
			'Salesforce (via Merge)',
		]);
		expect(fake.requests[1].query).toMatchObject({ integrationPlatform: 'MERGE' });
	});

	it('From List shows name and platform, active ones first, inactive ones marked', async () => {
		const { results } = await searchIntegrationConnections.call(
			loadOptionsContext(organizationTokenCredentials(fake)),
		);
		expect(results).toHaveLength(ours().length);
		expect(results).toContainEqual({
			name: 'Salesforce (via Merge) · Merge',
			value: DEMO.integrationConnections.salesforce,
		});
		expect(results[results.length - 1]).toEqual({
			name: 'LeadPerfection (legacy) · LeadPerfection · inactive',
			value: DEMO.integrationConnections.leadPerfection,
		});
		const filtered = await searchIntegrationConnections.call(
			loadOptionsContext(organizationTokenCredentials(fake)),
			'merge',
		);
		expect(filtered.results).toHaveLength(2);
	});

	it('Build Record Link 1.1 puts the connection picked From List into the link', async () => {
		const { output } = await runSiroNode({
			credentials: undefined,
			node: { typeVersion: 1.1 },
			parameters: {
				resource: 'recordLink',
				operation: 'build',
				recordAction: 'start',
				integrationConnection: {
					__rl: true,
					mode: 'list',
					value: DEMO.integrationConnections.serviceTitan,
				},
				crmObjectsInput: 'fields',
				crmObjects: { crmObject: [{ objectType: 'Lead', objectId: 'L-1' }] },
			},
		});
		expect(String(output[0].json.recordLink)).toContain(
			`integrationConnectionId=${encodeURIComponent(DEMO.integrationConnections.serviceTitan)}`,
		);
	});
});
