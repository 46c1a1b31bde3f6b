/**
 * docs/library.md's linkDeliveryStatus example, through the library entry point (index.ts) over real
 * sockets: createSiroClient lists the rep's mobile events, the pure function judges them.
 */
import { createSiroClient, buildRecordLink, linkDeliveryStatus } from '../../index';
import { DEMO } from '../../dev/fake-siro/server';
import { fetchTransport } from './support/fetchTransport';
import { useFakeSiro } from './support/fakeSiroFixture';

const fake = useFakeSiro();

const sleep = (milliseconds: number) =>
	new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

describe('linkDeliveryStatus as docs/library.md shows it', () => {
	it.each([
		['tapsAndRecords', 'recording'],
		['tapsWithoutRecording', 'opened'],
		['neverTaps', 'notReceived'],
	])('reads a rep whose phone %s as %s', async (behaviour, status) => {
		const siro = createSiroClient({
			externalApiBaseUrl: `${fake.url}/api-externalApi`,
			organizationApiToken: DEMO.organizationApiToken,
			request: fetchTransport,
			sleep,
		});
		const { url } = buildRecordLink({ action: 'start', title: `README check ${behaviour}` });
		const rep = DEMO.users.demo.id;
		const sentAt = new Date(Date.now() - 1000);
		fake.phone.setBehaviour(rep, behaviour);
		const tap = fake.phone.tap({ userId: rep, url, fullUrlEncoding: 'plusForSpace' });

		const events = await siro.listMobileEvents({
			userId: rep,
			eventCodes: ['deeplinkReceived', 'deeplinkConsumed', 'recorderStateChange'],
			createdAfter: new Date(sentAt.getTime() - 1).toISOString(),
		});
		const delivery = linkDeliveryStatus(url, events, { since: sentAt });

		expect(delivery.status).toBe(status);
		if (status === 'recording') expect(delivery.recordingId).toBe(tap.recordingId);
		expect(fake.countRequests('mobileEvents')).toBe(1);
	});
});
