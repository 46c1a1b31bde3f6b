/**
 * Mobile events for the link-delivery tests (core.delivery, core.deliveryHoles), written as Siro's
 * mobile-events answer carries them (externalApi /v1/core/mobile-events: id, userId, organizationId,
 * eventCode, event, recordingId, createdAt), timed from when the link was sent.
 */
export const REP = 'user-rep-1';
export const OTHER_REP = 'user-rep-2';
export const SENT_AT = '2026-03-02T15:00:00.000Z';
export const sentAtMs = Date.parse(SENT_AT);

let eventNumber = 0;

/** One mobile event of REP's `secondsAfterSent` after SENT_AT; `more` adds fields or replaces them. */
export function mobileEvent(
	eventCode: string,
	secondsAfterSent: number,
	details: unknown,
	more: Record<string, unknown> = {},
): Record<string, unknown> {
	eventNumber++;
	return {
		id: `event-${eventNumber}`,
		userId: REP,
		organizationId: 'org-1',
		eventCode,
		event: details,
		createdAt: new Date(sentAtMs + secondsAfterSent * 1000).toISOString(),
		...more,
	};
}
