import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { MobileEvent, MobileEventCode } from '../../client';
import { linkDeliveryStatus, readTime } from '../../core';
import { PerRun } from '../../shared/listing';
import { ItemInputError } from '../../shared/nodeErrors';
import { perItem } from '../../shared/perItem';
import { siroConnection } from '../../shared/siroApi';
import { readLocator, resolveUserId, userLocator } from '../../shared/users';

/** The events delivery reads: the link reaching the phone, being opened, and the recorder starting. */
const DELIVERY_EVENT_CODES: readonly MobileEventCode[] = [
	'deeplinkReceived',
	'deeplinkConsumed',
	'recorderStateChange',
];

export const description: INodeProperties[] = [
	{
		displayName: 'Link',
		name: 'link',
		type: 'string',
		required: true,
		default: '={{ $json.recordLink }}',
		placeholder: 'e.g. https://app.siro.ai/record?action=start&title=Smith%20visit',
		description:
			'The record link that was sent to the rep. Matched by the parameters it carries, as the app reads them, so a link the phone re-encoded still counts.',
	},
	userLocator({
		name: 'user',
		displayName: 'Rep',
		description: 'The Siro user the link was sent to',
		required: true,
	}),
	{
		displayName: 'Sent At',
		name: 'sentAt',
		type: 'dateTime',
		required: true,
		default: '={{ $now.minus(30, "minutes").toISO() }}',
		description:
			"When the link was sent: the rep's events before it never count (without a zone, the workflow's time zone)",
	},
];

interface DeliveryCheck {
	link: string;
	userId: string;
	since: number;
}

function deliveryJson(link: string, events: MobileEvent[], since: number): IDataObject {
	const delivery = linkDeliveryStatus(link, events, { since });
	return {
		status: delivery.status,
		receivedAt: delivery.receivedAt ?? null,
		openedAt: delivery.openedAt ?? null,
		recordingStartedAt: delivery.recordingStartedAt ?? null,
		recordingId: delivery.recordingId ?? null,
	};
}

/**
 * For each item, how far its link got on the rep's phone. The rep's mobile events are listed once per
 * run for all of that rep's items (GET /v1/core/mobile-events?userId=…, from the earliest Sent At
 * among them), and each item is judged from its own Sent At. Nothing waits here: a workflow waits
 * with n8n's Wait node before checking.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const timeZone = this.getTimezone();
	const checks: Array<DeliveryCheck | { error: unknown }> = [];
	const earliestSinceByUser = new Map<string, number>();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const link = this.getNodeParameter('link', itemIndex, '') as string;
			const userId = await resolveUserId(this, readLocator(this, 'user', itemIndex), 'Rep');
			const sentAt = this.getNodeParameter('sentAt', itemIndex, '') as unknown;
			if (sentAt === undefined || sentAt === null || sentAt === '') {
				throw new ItemInputError(
					'sentAt',
					'Sent At is empty.',
					'Set it to when the link was sent, e.g. {{ $now.minus(30, "minutes").toISO() }}.',
				);
			}
			const since = readTime(sentAt, 'Sent At', { localTimeZone: timeZone });
			checks.push({ link, userId, since });
			earliestSinceByUser.set(userId, Math.min(since, earliestSinceByUser.get(userId) ?? since));
		} catch (error) {
			checks.push({ error });
		}
	}

	const eventsByUser = new PerRun<MobileEvent[]>();
	return await perItem(this, items, async (itemIndex) => {
		const check = checks[itemIndex];
		if ('error' in check) throw check.error;
		const { link, userId, since } = check;
		const events = await eventsByUser.get(userId, async () =>
			(await siroConnection(this)).client.listMobileEvents({
				userId,
				eventCodes: DELIVERY_EVENT_CODES,
				// Siro's createdAtGt is strict: a millisecond earlier keeps an event stamped exactly at Sent At.
				createdAfter: new Date(earliestSinceByUser.get(userId)! - 1).toISOString(),
			}),
		);
		return [{ ...items[itemIndex].json, delivery: deliveryJson(link, events, since) }];
	});
}
