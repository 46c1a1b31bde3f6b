'use strict';
/**
 * The delivery end-to-end workflows: runnable variants of the flagship calendar example and of the
 * webhook example (stand-ins only for Google, Twilio, e-mail and the webhook caller), and a version-1
 * Build Record Link next to a 1.1 one. Plain data for `n8n import:workflow` / `n8n execute`.
 */
const crypto = require('node:crypto');
const { DEMO } = require('../../../dev/fake-siro/server');
const wf = require('./workflows');

const { demo, formattedPhone, spacedPhone } = DEMO.users;

/**
 * Google Calendar events as the Google Calendar Trigger emits them: summary, location, start/end,
 * organizer and attendees (the customer and the rep; reps' e-mails in another case than Siro's).
 */
const CALENDAR_EVENTS = [
	{
		summary: 'Garcia (roof + solar) – 2nd visit',
		location: '12 Elm St, Springfield',
		attendees: ['maria.garcia@example.net', demo.email.toLowerCase()],
	},
	{
		summary: 'Walk-in estimate',
		location: 'Showroom',
		attendees: [demo.email.toUpperCase()],
	},
	{
		summary: 'Chen kitchen remodel',
		location: '48 Oak Ave, Springfield',
		attendees: [formattedPhone.email, 'li.chen@example.org'],
	},
	{
		summary: 'Okafor siding quote',
		location: '7 Birch Rd, Shelbyville',
		attendees: ['ngozi.okafor@example.com', spacedPhone.email],
	},
].map(({ summary, location, attendees }, index) => ({
	kind: 'calendar#event',
	id: `evt00${index + 1}`,
	status: 'confirmed',
	summary,
	location,
	start: { dateTime: `2026-11-03T${String(9 + index).padStart(2, '0')}:00:00-05:00` },
	end: { dateTime: `2026-11-03T${String(9 + index).padStart(2, '0')}:45:00-05:00` },
	organizer: { email: 'dispatch@example.com', self: true },
	attendees: attendees.map((email) => ({ email, responseStatus: 'accepted' })),
}));

/** The rep each event's link goes to, and how the fake phone behaves for them. */
const REP_BEHAVIOURS = [
	{ userId: demo.id, behaviour: 'tapsAndRecords' },
	{ userId: formattedPhone.id, behaviour: 'neverTaps' },
	{ userId: spacedPhone.id, behaviour: 'tapsWithoutRecording' },
];

/**
 * The flagship example, runnable: the Google trigger becomes a Code node of calendar events, the
 * first SMS an HTTP request that makes the fake phone receive the link (as a rep's phone gets the
 * SMS), the follow-up SMS and e-mail Set nodes capturing what they would send, and the 10-minute
 * Wait one second.
 */
function flagshipVariant(example, { id, fakeUrl }) {
	const { workflow, replaced } = wf.exampleVariant(example, { id, triggerItems: CALENDAR_EVENTS });
	workflow.nodes = workflow.nodes.map((node) => {
		if (node.name === 'Text the Rep') {
			return {
				id: crypto.randomUUID(),
				name: node.name,
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: node.position,
				parameters: {
					method: 'POST',
					url: `${fakeUrl}/__fake/phone/tap`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify({ userId: $json.id, url: $json.recordLink }) }}',
					options: {},
				},
			};
		}
		if (node.type === 'n8n-nodes-base.wait') {
			return { ...node, parameters: { ...node.parameters, amount: 1, unit: 'seconds' } };
		}
		return node;
	});
	return { workflow, replaced };
}

/** What the Webhook node emits for an authenticated CRM POST. */
function webhookItems(bodies) {
	return bodies.map((body) => ({
		headers: { 'content-type': 'application/json', 'x-crm-token': '(checked by n8n)' },
		params: {},
		query: {},
		body,
	}));
}

const WEBHOOK_BODIES = [
	{
		repEmail: 'avery.morgan@DEMOHOMESERVICES.com',
		customerName: 'Dana Lee',
		appointmentType: 'follow-up visit',
		opportunityId: 'opp-77',
		accountId: 'acc-12',
		// Not in the documented body: the workflow must not use them.
		returnUrl: 'https://evil.example/phish',
		integrationConnectionId: 'conn-chosen-by-caller',
	},
	{
		repEmail: formattedPhone.email,
		customerName: "O'Neil & Co",
		appointmentType: 'Estimate Review',
		opportunityId: 'opp/78',
		accountId: 'acc-13',
	},
];

function webhookVariant(example, { id, bodies }) {
	return wf.exampleVariant(example, { id, triggerItems: webhookItems(bodies) });
}

/** The same link built by a version-1 node (text field) and a version-1.1 node (locator). */
function versionsWorkflow(line) {
	const build = (name, typeVersion, connection, position, options = {}) => ({
		id: crypto.randomUUID(),
		name,
		type: wf.SIRO_TYPE,
		typeVersion,
		position,
		parameters: {
			resource: 'recordLink',
			operation: 'build',
			recordAction: 'start',
			title: 'Version check',
			...connection,
			crmObjectsInput: 'fields',
			crmObjects: { crmObject: [{ objectType: 'Opportunity', objectId: '006V1' }] },
			options,
		},
	});
	return {
		id: wf.workflowId('Versions', line),
		name: `Siro Build Record Link at versions 1 and 1.1 (e2e line ${line})`,
		active: false,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'Manual',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			build(
				'Build v1',
				1,
				{ integrationConnectionId: DEMO.integrationConnections.salesforce },
				[220, 0],
			),
			build(
				'Build v1.1',
				1.1,
				{
					integrationConnection: {
						__rl: true,
						mode: 'list',
						value: DEMO.integrationConnections.salesforce,
						cachedResultName: 'Salesforce (via Merge) (MERGE)',
					},
				},
				[440, 0],
				{ linkField: 'recordLinkV11' },
			),
		],
		connections: {
			Manual: { main: [[{ node: 'Build v1', type: 'main', index: 0 }]] },
			'Build v1': { main: [[{ node: 'Build v1.1', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

module.exports = {
	CALENDAR_EVENTS,
	REP_BEHAVIOURS,
	WEBHOOK_BODIES,
	flagshipVariant,
	webhookVariant,
	versionsWorkflow,
};
