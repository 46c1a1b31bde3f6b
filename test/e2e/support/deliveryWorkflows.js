'use strict';
/**
 * The delivery end-to-end workflows besides the flagship (dev/examples/runnableFlagship.js): the
 * webhook example with stand-ins for its caller and e-mail, and a version-1 Build Record Link next to
 * a 1.1 one. Plain data for `n8n import:workflow` / `n8n execute`.
 */
const crypto = require('node:crypto');
const { DEMO } = require('../../../dev/fake-siro/server');
const wf = require('./workflows');

const { formattedPhone } = DEMO.users;

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
						cachedResultName: 'Salesforce (via Merge) · Merge',
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
	WEBHOOK_BODIES,
	webhookVariant,
	versionsWorkflow,
};
