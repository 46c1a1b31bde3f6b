/**
 * Calendar events in the exact shapes n8n's Google Calendar and Microsoft Outlook nodes emit, shared by
 * the engagement rules' tests and the node's (a fresh copy on each call: tests change them).
 */
/**
 * A Google Calendar event as n8n's Google Calendar node (Event → Get / Get Many) and Google Calendar
 * Trigger emit it: Google's event resource unchanged (fields as in n8n's __schema__/v1.3.0/event/get.json).
 */
export const googleEvent = () => ({
	kind: 'calendar#event',
	etag: '"3426789012345678"',
	id: '7kq1n3b2f0s9v8u6t4r2p0m1lk',
	status: 'confirmed',
	htmlLink: 'https://www.google.com/calendar/event?eid=N2txMW4zYjJmMHM5djh1NnQ0cjJwMG0xbGs',
	created: '2026-03-01T18:22:10.000Z',
	updated: '2026-03-02T09:15:44.512Z',
	summary: 'Roof estimate – Jones',
	location: '12 Oak St, Springfield, IL 62701',
	creator: { email: 'dispatch@demohomeservices.com', self: true },
	organizer: { email: 'dispatch@demohomeservices.com', self: true },
	start: { dateTime: '2026-03-09T09:00:00-07:00', timeZone: 'America/Los_Angeles' },
	end: { dateTime: '2026-03-09T10:30:00-07:00', timeZone: 'America/Los_Angeles' },
	iCalUID: '7kq1n3b2f0s9v8u6t4r2p0m1lk@google.com',
	sequence: 0,
	attendees: [
		{
			email: 'Avery.Morgan@DemoHomeServices.com',
			displayName: 'Avery Morgan',
			responseStatus: 'accepted',
		},
		{ email: 'pat.jones@example.com', responseStatus: 'needsAction' },
		{
			email: 'c_18835vk1h2@resource.calendar.google.com',
			displayName: 'Van 3',
			resource: true,
			responseStatus: 'accepted',
		},
		{ email: 'marcus.johnson@demohomeservices.com', responseStatus: 'declined' },
		{
			email: 'dispatch@demohomeservices.com',
			organizer: true,
			self: true,
			responseStatus: 'accepted',
		},
	],
	reminders: { useDefault: true },
	eventType: 'default',
});

/** The engagement sync body googleEvent() maps to: id, summary, times in UTC, location, people (no room, no decliner). */
export const googleEventEngagement = () => ({
	externalId: '7kq1n3b2f0s9v8u6t4r2p0m1lk',
	subject: 'Roof estimate – Jones',
	content: '12 Oak St, Springfield, IL 62701',
	startTime: '2026-03-09T16:00:00.000Z',
	endTime: '2026-03-09T17:30:00.000Z',
	remoteCreatedAt: '2026-03-01T18:22:10.000Z',
	remoteUpdatedAt: '2026-03-02T09:15:44.512Z',
	engagementType: { name: 'Calendar event', activityType: 'APPOINTMENT' },
	engagementUsers: [
		{
			externalId: 'Avery.Morgan@DemoHomeServices.com',
			email: 'Avery.Morgan@DemoHomeServices.com',
			name: 'Avery Morgan',
		},
		{ externalId: 'pat.jones@example.com', email: 'pat.jones@example.com' },
		{ externalId: 'dispatch@demohomeservices.com', email: 'dispatch@demohomeservices.com' },
	],
});

/**
 * A Microsoft Graph event as n8n's Microsoft Outlook node (Event → Get / Get Many, Output: Raw) emits
 * it: no Prefer header, so start and end come in UTC, as local wall-clock text without an offset.
 */
export const outlookEvent = () => ({
	'@odata.etag': 'W/"DwAAABYAAAB0Vb3jcZ1rRYwV+0XnqGkAAAH3tCNu"',
	id: 'AAMkAGI2THVSAAA=',
	createdDateTime: '2026-03-01T18:22:10.1234567Z',
	lastModifiedDateTime: '2026-03-02T09:15:44.7654321Z',
	changeKey: 'dFW943GdayFmMFftDeepHsAAAfe0I27',
	categories: [],
	transactionId: null,
	originalStartTimeZone: 'Pacific Standard Time',
	originalEndTimeZone: 'Pacific Standard Time',
	iCalUId: '040000008200E00074C5B7101A82E00800000000F1B1E1B2',
	reminderMinutesBeforeStart: 15,
	isReminderOn: true,
	hasAttachments: false,
	subject: 'Roof estimate – Jones',
	bodyPreview: 'Bring the drone.',
	importance: 'normal',
	sensitivity: 'normal',
	isAllDay: false,
	isCancelled: false,
	isOrganizer: true,
	responseRequested: true,
	seriesMasterId: null,
	showAs: 'busy',
	type: 'singleInstance',
	webLink:
		'https://outlook.office365.com/owa/?itemid=AAMkAGI2THVSAAA%3D&exvsurl=1&path=/calendar/item',
	onlineMeetingUrl: null,
	isOnlineMeeting: false,
	responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
	body: { contentType: 'html', content: '<html><body>Bring the drone.</body></html>' },
	start: { dateTime: '2026-03-09T16:00:00.0000000', timeZone: 'UTC' },
	end: { dateTime: '2026-03-09T17:30:00.0000000', timeZone: 'UTC' },
	location: {
		displayName: '12 Oak St, Springfield',
		locationType: 'default',
		uniqueId: '12 Oak St, Springfield',
		uniqueIdType: 'private',
	},
	locations: [{ displayName: '12 Oak St, Springfield', locationType: 'default' }],
	recurrence: null,
	attendees: [
		{
			type: 'required',
			status: { response: 'none', time: '0001-01-01T00:00:00Z' },
			emailAddress: { name: 'Avery Morgan', address: 'Avery.Morgan@DemoHomeServices.com' },
		},
		{
			type: 'resource',
			status: { response: 'accepted', time: '2026-03-02T09:15:44Z' },
			emailAddress: { name: 'Van 3', address: 'van3@demohomeservices.com' },
		},
		{
			type: 'optional',
			status: { response: 'declined', time: '2026-03-02T10:00:00Z' },
			emailAddress: { name: 'Marcus Johnson', address: 'marcus.johnson@demohomeservices.com' },
		},
	],
	organizer: { emailAddress: { name: 'Dispatch', address: 'dispatch@demohomeservices.com' } },
});
