'use strict';
/**
 * The second flagship example (examples/calendar-to-engagements-unrecorded-alert.json) made runnable
 * against the fake Siro, with stand-ins only for Google and the SMS provider, and the day of
 * appointments it runs on:
 *
 * - Google Calendar's three triggers become a Manual Trigger ("Run Manually") and a Code node
 *   ("Today's Calendar Events") emitting today's events exactly as the Google Calendar Trigger
 *   emits them (Google's event resource);
 * - the record-link SMS ("Text the Rep") becomes an HTTP request to the fake phone's tap route, so
 *   the rep's phone acts on the link as its switch says; the other SMS and the e-mail become Set
 *   nodes of the same name keeping what they would have sent.
 * Every Siro node, the Wait until the start and the Siro Trigger run as they are.
 *
 * The day (times relative to when it is made): the morning already happened when `seedAppointmentsDay`
 * puts it into the fake (synced with the package's own library, each rep texted the link at once):
 * Avery records through the link, Priya never records, one appointment was cancelled, one ended
 * minutes ago (inside the Grace Period). One is in progress, left to the workflow: the workflow texts Sofía its link, she
 * ignores it and records with the record button, and Siro matches the recording by rep and time.
 * The Siro Trigger then reports exactly Priya's two ended appointments.
 */
const { DEMO } = require('../fake-siro/server');
const { createNodeHttpTransport } = require('../fake-siro/nodeHttpTransport');
const { standInNode, captureNode } = require('./runnableFlagship');

const CALENDAR_STAND_IN = "Today's Calendar Events";
const GOOGLE_TRIGGER_TYPE = 'n8n-nodes-base.googleCalendarTrigger';
const LINK_SMS = 'Text the Rep';
const SENDER_TYPES = new Set(['n8n-nodes-base.twilio', 'n8n-nodes-base.emailSend']);
/** The dispatch calendar's zone: Google writes each dateTime with this zone's offset. */
const CALENDAR_TIME_ZONE = 'America/Chicago';
const MINUTE = 60 * 1000;

const { demo: avery, formattedPhone: priya, dashedPhone: sofia } = DEMO.users;

/** The reps' phone switches: one records through the link, one never records, one without the link. */
const APPOINTMENT_PHONE_BEHAVIOURS = [
	{ userId: avery.id, behaviour: 'tapsAndRecords' },
	{ userId: priya.id, behaviour: 'neverTaps' },
	{ userId: sofia.id, behaviour: 'recordsWithoutLink' },
];

/**
 * Today's appointments: Google event ID (Google's base32hex), summary, location, rep, customer, start
 * and end in minutes from now, and whether it was cancelled.
 */
const DAY_PLAN = [
	[
		'demoappt01',
		'Garcia roof + solar – 2nd visit',
		'12 Elm St, Springfield',
		avery,
		'maria.garcia@example.net',
		-300,
		-255,
	],
	[
		'demoappt02',
		'Chen kitchen remodel',
		'48 Oak Ave, Springfield',
		priya,
		'li.chen@example.org',
		-240,
		-195,
	],
	[
		'demoappt03',
		'Walk-in estimate',
		'Showroom',
		avery,
		'sam.ortiz@example.com',
		-180,
		-135,
		'cancelled',
	],
	[
		'demoappt04',
		'Nguyen gutter replacement',
		'7 Birch Rd, Shelbyville',
		priya,
		'an.nguyen@example.com',
		-120,
		-75,
	],
	[
		'demoappt05',
		'Schmidt roof inspection',
		'3 Cedar Ln, Springfield',
		priya,
		'k.schmidt@example.net',
		-47,
		-2,
	],
	[
		'demoappt06',
		'Okafor siding quote',
		'21 Maple Dr, Shelbyville',
		sofia,
		'ngozi.okafor@example.com',
		-15,
		30,
	],
];

/** `ms` as Google writes an event time: local wall-clock time with the calendar zone's offset. */
function googleDateTime(ms, timeZone) {
	const date = new Date(ms);
	// Sweden's format is ISO 8601's: "2026-03-09 09:00:00".
	const wallClock = date.toLocaleString('sv-SE', { timeZone }).replace(' ', 'T');
	const zoneName = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
		.formatToParts(date)
		.find(({ type }) => type === 'timeZoneName').value;
	return `${wallClock}${zoneName === 'GMT' ? '+00:00' : zoneName.slice(3)}`;
}

/**
 * Today's events as the Google Calendar Trigger emits them (Google's event resource), times relative
 * to `nowMs` (whole minutes).
 * @param {number} nowMs
 */
function appointmentsDay(nowMs) {
	const anchor = Math.floor(nowMs / MINUTE) * MINUTE;
	const createdAt = new Date(anchor - 26 * 60 * MINUTE).toISOString();
	return DAY_PLAN.map(([id, summary, location, rep, customer, startMin, endMin, cancelled]) => {
		const when = (minutes) => ({
			dateTime: googleDateTime(anchor + minutes * MINUTE, CALENDAR_TIME_ZONE),
			timeZone: CALENDAR_TIME_ZONE,
		});
		return {
			kind: 'calendar#event',
			etag: `"${3426789012340000 + Math.abs(startMin)}"`,
			id,
			status: cancelled ? 'cancelled' : 'confirmed',
			htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(id).toString('base64url')}`,
			created: createdAt,
			updated: cancelled ? new Date(anchor + (startMin - 60) * MINUTE).toISOString() : createdAt,
			summary,
			location,
			creator: { email: 'dispatch@demohomeservices.com', self: true },
			organizer: { email: 'dispatch@demohomeservices.com', self: true },
			start: when(startMin),
			end: when(endMin),
			iCalUID: `${id}@google.com`,
			sequence: 0,
			attendees: [
				{
					email: rep.email,
					displayName: `${rep.firstName} ${rep.lastName}`,
					responseStatus: 'accepted',
				},
				{ email: customer, responseStatus: 'needsAction' },
				{
					email: 'dispatch@demohomeservices.com',
					organizer: true,
					self: true,
					responseStatus: 'accepted',
				},
			],
			reminders: { useDefault: true },
			eventType: 'default',
		};
	});
}

/** The link the example's Build Record Link makes for an engagement: it names the engagement. */
function engagementRecordLink(lib, engagement) {
	return lib.buildRecordLink({
		action: 'start',
		title: engagement.subject,
		conversationType: DEMO.conversationTypes.inHomeConsultation.conversationType,
		integrationConnectionId: DEMO.integrationConnections.customInput,
		crmObjects: [{ objectType: 'Engagement', objectId: engagement.externalId }],
	}).url;
}

/**
 * The part of the day that already happened, put into the fake Siro: each appointment that ended
 * before now synced with the package's library (`engagementFromCalendarEvent`, `createSiroClient`),
 * and each of its reps (not cancelled) texted its link, which the fake phone acts on as its switch
 * says. Sets the reps' phone switches first.
 * @param {object} fake the fake Siro's handle
 * @param {{ lib: object, events: object[], nowMs?: number }} options `lib`: the package's dist/index.js
 * @returns {Promise<object[]>} the engagements as Siro stored them
 */
async function seedAppointmentsDay(fake, { lib, events, nowMs = Date.now() }) {
	for (const { userId, behaviour } of APPOINTMENT_PHONE_BEHAVIOURS)
		fake.phone.setBehaviour(userId, behaviour);
	const client = lib.createSiroClient({
		externalApiBaseUrl: fake.externalApiUrl,
		organizationApiToken: DEMO.organizationApiToken,
		request: createNodeHttpTransport(),
	});
	const sync = async (event) =>
		(
			await client.syncEngagement(
				lib.engagementFromCalendarEvent(event, { source: 'googleCalendar' }),
			)
		).engagement;
	const seeded = [];
	for (const event of events) {
		if (Date.parse(event.end.dateTime) > nowMs) continue;
		// A cancelled appointment was booked first: Siro has its times, then its deletion.
		if (event.status === 'cancelled') {
			await sync({ ...event, status: 'confirmed' });
			seeded.push(await sync(event));
			continue;
		}
		const engagement = await sync(event);
		seeded.push(engagement);
		const reps = fake.data.engagementUsers.filter((link) => link.engagementId === engagement.id);
		for (const { userId } of reps)
			fake.phone.tap({ userId, url: engagementRecordLink(lib, engagement) });
	}
	return seeded;
}

/**
 * @param {object} example the parsed example file
 * @param {{ id?: string, fakeUrl: string, events: object[] }} options
 * @returns {{ workflow: object, replaced: { triggers: string[], senders: string[] } }}
 */
function runnableAppointments(example, { id, fakeUrl, events }) {
	const workflow = JSON.parse(JSON.stringify(example));
	if (id !== undefined) workflow.id = id;
	workflow.name = `${example.name} (runnable with the fake Siro)`;
	workflow.active = false;
	const replaced = { triggers: [], senders: [] };
	const googleTriggers = example.nodes.filter((node) => node.type === GOOGLE_TRIGGER_TYPE);
	workflow.nodes = workflow.nodes.flatMap((node) => {
		if (node.type === GOOGLE_TRIGGER_TYPE) {
			replaced.triggers.push(node.name);
			delete workflow.connections[node.name];
			return [];
		}
		if (node.name === LINK_SMS) {
			replaced.senders.push(node.name);
			const tap = {
				method: 'POST',
				url: `${fakeUrl}/__fake/phone/tap`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody:
					"={{ JSON.stringify({ userId: $('Wait Until Start').item.json.userId, url: $json.recordLink }) }}",
				options: {},
			};
			return [standInNode(node.name, 'n8n-nodes-base.httpRequest', tap, node.position, 4.2)];
		}
		if (SENDER_TYPES.has(node.type)) {
			replaced.senders.push(node.name);
			return [captureNode(node)];
		}
		return [node];
	});
	const [first] = googleTriggers;
	const jsCode = `// Stand-in for Google Calendar: today's events as its trigger emits them.\nreturn ${JSON.stringify(events, null, 1)}.map((json) => ({ json }));`;
	const manual = standInNode(
		'Run Manually',
		'n8n-nodes-base.manualTrigger',
		{},
		[-220, first.position[1]],
		1,
	);
	const calendar = standInNode(
		CALENDAR_STAND_IN,
		'n8n-nodes-base.code',
		{ jsCode },
		first.position,
		2,
	);
	workflow.nodes.unshift(manual, calendar);
	workflow.connections[manual.name] = { main: [[{ node: calendar.name, type: 'main', index: 0 }]] };
	workflow.connections[calendar.name] = {
		main: [[{ node: 'Sync to Siro', type: 'main', index: 0 }]],
	};
	return { workflow, replaced };
}

module.exports = {
	appointmentsDay,
	googleDateTime,
	seedAppointmentsDay,
	runnableAppointments,
	engagementRecordLink,
	APPOINTMENT_PHONE_BEHAVIOURS,
	CALENDAR_STAND_IN,
};
