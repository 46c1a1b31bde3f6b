'use strict';
/**
 * The flagship example (examples/calendar-event-to-sms.json) made runnable against the fake Siro,
 * with stand-ins only for the outside world: Google Calendar's trigger becomes a Manual Trigger and a
 * Code node of calendar events (same node name, so `$('Appointment Starting')` still resolves), the
 * first SMS an HTTP request to the fake phone's tap route (the rep's phone gets the link), the
 * follow-up SMS and e-mail Set nodes that show what they would send, and the 10-minute Wait a few
 * seconds. Every Siro node runs as it is. Used by the end-to-end tests and the screenshots.
 */
const crypto = require('node:crypto');
const { DEMO } = require('../fake-siro/server');

const TRIGGER = 'Appointment Starting';
const FIRST_SMS = 'Text the Rep';
const STAND_IN_TYPES = new Set(['n8n-nodes-base.twilio', 'n8n-nodes-base.emailSend']);

const { demo, formattedPhone, spacedPhone } = DEMO.users;

/**
 * Google Calendar events as the Google Calendar Trigger emits them: summary, location, start/end,
 * organizer and attendees (customers and a rep, reps' e-mails in another case than Siro has them).
 */
const DEMO_CALENDAR_EVENTS = [
	[
		'Garcia (roof + solar) – 2nd visit',
		'12 Elm St, Springfield',
		['maria.garcia@example.net', demo.email.toLowerCase()],
	],
	['Walk-in estimate', 'Showroom', [demo.email.toUpperCase()]],
	[
		'Chen kitchen remodel',
		'48 Oak Ave, Springfield',
		[formattedPhone.email, 'li.chen@example.org'],
	],
	[
		'Okafor siding quote',
		'7 Birch Rd, Shelbyville',
		['ngozi.okafor@example.com', spacedPhone.email],
	],
].map(([summary, location, attendees], index) => {
	const hour = String(9 + index).padStart(2, '0');
	return {
		kind: 'calendar#event',
		id: `evt00${index + 1}`,
		status: 'confirmed',
		summary,
		location,
		start: { dateTime: `2026-11-03T${hour}:00:00-05:00` },
		end: { dateTime: `2026-11-03T${hour}:45:00-05:00` },
		organizer: { email: 'dispatch@example.com', self: true },
		attendees: attendees.map((email) => ({ email, responseStatus: 'accepted' })),
	};
});

/** How the fake phone behaves for each rep of the demo events: one records, one never taps, one only opens. */
const DEMO_PHONE_BEHAVIOURS = [
	{ userId: demo.id, behaviour: 'tapsAndRecords' },
	{ userId: formattedPhone.id, behaviour: 'neverTaps' },
	{ userId: spacedPhone.id, behaviour: 'tapsWithoutRecording' },
];

function standInNode(name, type, parameters, position, typeVersion) {
	return { id: crypto.randomUUID(), name, type, typeVersion, position, parameters };
}

/** A Set node of the same name keeping every text the SMS or e-mail node would have sent. */
function captureNode(original) {
	const assignments = Object.entries(original.parameters)
		.filter(([, value]) => typeof value === 'string')
		.map(([name, value]) => ({ id: crypto.randomUUID(), name, value, type: 'string' }));
	return standInNode(
		original.name,
		'n8n-nodes-base.set',
		{ mode: 'manual', assignments: { assignments }, includeOtherFields: false, options: {} },
		original.position,
		3.4,
	);
}

/**
 * @param {object} example the parsed example file
 * @param {{ id?: string, fakeUrl: string, events?: object[], waitSeconds?: number }} options
 * @returns {{ workflow: object, replaced: { triggers: string[], senders: string[] } }}
 */
function runnableFlagship(
	example,
	{ id, fakeUrl, events = DEMO_CALENDAR_EVENTS, waitSeconds = 2 },
) {
	const workflow = JSON.parse(JSON.stringify(example));
	if (id !== undefined) workflow.id = id;
	workflow.name = `${example.name} (runnable with the fake Siro)`;
	workflow.active = false;
	const replaced = { triggers: [], senders: [] };
	workflow.nodes = workflow.nodes.map((node) => {
		if (node.name === TRIGGER) {
			replaced.triggers.push(node.name);
			const jsCode = `// Stand-in for Google Calendar: the events it would emit.\nreturn ${JSON.stringify(events, null, 1)}.map((json) => ({ json }));`;
			return standInNode(node.name, 'n8n-nodes-base.code', { jsCode }, node.position, 2);
		}
		if (node.name === FIRST_SMS) {
			replaced.senders.push(node.name);
			return standInNode(
				node.name,
				'n8n-nodes-base.httpRequest',
				{
					method: 'POST',
					url: `${fakeUrl}/__fake/phone/tap`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify({ userId: $json.id, url: $json.recordLink }) }}',
					options: {},
				},
				node.position,
				4.2,
			);
		}
		if (STAND_IN_TYPES.has(node.type)) {
			replaced.senders.push(node.name);
			return captureNode(node);
		}
		if (node.type === 'n8n-nodes-base.wait') {
			return { ...node, parameters: { ...node.parameters, amount: waitSeconds, unit: 'seconds' } };
		}
		return node;
	});
	const manual = standInNode('Run Manually', 'n8n-nodes-base.manualTrigger', {}, [-220, 200], 1);
	workflow.nodes.unshift(manual);
	workflow.connections[manual.name] = { main: [[{ node: TRIGGER, type: 'main', index: 0 }]] };
	return { workflow, replaced };
}

module.exports = {
	runnableFlagship,
	standInNode,
	captureNode,
	DEMO_CALENDAR_EVENTS,
	DEMO_PHONE_BEHAVIOURS,
};
