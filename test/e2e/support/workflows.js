'use strict';
/**
 * Workflows and input data for the end-to-end tests of the Siro node in real n8n. Plain data: the
 * test imports them with `n8n import:workflow` and runs them with `n8n execute`. Input items come
 * from Code nodes after a Manual Trigger, because `n8n execute` ignores pinData (it runs in 'cli'
 * mode; pinned data only applies to manual runs from the editor).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { DEMO } = require('../../../dev/fake-siro/server');

const SIRO_TYPE = 'n8n-nodes-siro.siro';
const CREDENTIAL_ID = 'siroDemoCredential';
const CREDENTIAL_NAME = 'Siro (demo)';
const EXAMPLES_DIR = path.join(__dirname, '..', '..', '..', 'examples');

const IN_HOME = DEMO.conversationTypes.inHomeConsultation.conversationType;
const FOLLOW_UP = DEMO.conversationTypes.followUpVisit.conversationType;
const VIRTUAL = DEMO.conversationTypes.virtualAppointment.conversationType;
/** A well-formed UUID that is none of the demo organization's conversation types. */
const UNKNOWN_TYPE = '00000000-0000-4000-8000-000000000000';

/** The credential the tests import, pointing at the fake Siro (its loopback URL is allowed over http). */
function siroCredential(fakeUrl, overrides = {}) {
	return {
		id: CREDENTIAL_ID,
		name: CREDENTIAL_NAME,
		type: 'siroApi',
		data: {
			authMode: 'accessToken',
			accessToken: DEMO.userAccessToken,
			organizationId: DEMO.organizationId,
			baseUrl: `${fakeUrl}/api-internalApi`,
			...overrides,
		},
	};
}

/** The credential with both of Siro's APIs: user access and the organization API token (external API). */
function siroCredentialWithOrganizationToken(fakeUrl) {
	return siroCredential(fakeUrl, {
		organizationApiToken: DEMO.organizationApiToken,
		oauthBaseUrl: `${fakeUrl}/api-externalApi`,
	});
}

const credentialRef = { siroApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } };

/** A workflow id in n8n's format (16 alphanumerics), readable in the logs. */
function workflowId(label, line) {
	return `e2e${label}L${line}`
		.replace(/[^A-Za-z0-9]/g, '')
		.padEnd(16, '0')
		.slice(0, 16);
}

/** Lays nodes out left to right in rows so that v1 execution order (top to bottom) is predictable. */
function node(name, type, parameters, { typeVersion = 1, position = [0, 0], ...rest } = {}) {
	return { id: crypto.randomUUID(), name, type, typeVersion, position, parameters, ...rest };
}

const manualTrigger = (name = 'Manual') => node(name, 'n8n-nodes-base.manualTrigger', {});

/** A Code node that emits one item per element of `items` (plain JSON values). */
function itemsNode(name, items, position) {
	const jsCode = `return ${JSON.stringify(items, null, 1)}.map((json) => ({ json }));`;
	return node(name, 'n8n-nodes-base.code', { jsCode }, { typeVersion: 2, position });
}

/** A Siro node with the demo credential (`credentials: null` for none). */
function siroNode(name, parameters, { credentials = credentialRef, ...rest } = {}) {
	return node(name, SIRO_TYPE, parameters, { ...(credentials ? { credentials } : {}), ...rest });
}

/** connections from a list of [from, to] pairs (main output 0 → main input 0). */
function connect(pairs) {
	const connections = {};
	for (const [from, to] of pairs) {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	}
	return connections;
}

function workflow(label, line, name, nodes, pairs) {
	return {
		id: workflowId(label, line),
		name: `${name} (e2e line ${line})`,
		active: false,
		nodes,
		connections: connect(pairs),
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

// ---------------------------------------------------------------------------------------------
// Build Record Link for many calendar events (one request to Siro for the whole run)

const LONG_SUMMARY = `Quarterly review – ${'kitchen, bath & roof; '.repeat(16)}`.trim();

/**
 * 24 calendar-event-shaped items. `crm` is JSON text (as calendar extended properties carry it);
 * `opportunityId`/`eventId`/`connectionId` feed the second node's array expression.
 */
function calendarEvents() {
	const events = [
		// the README's worked example
		{
			summary: 'Jones (2nd visit) + gutters',
			crm: '[{"objectType": "lead", "objectId": "00QB2"}]',
		},
		// control characters, an en dash and &; numbers as IDs; an exact duplicate once normalised
		{
			summary: '  Smith\r\n\tresidence – roof & gutters  ',
			crm: '[{"objectType":"ACCOUNT","objectId":4711},{"objectType":"account","objectId":"4711"}]',
		},
	];
	for (let i = 2; i < 22; i++) {
		events.push({
			summary: `Visit #${i}: O'Brien & Sons = 100% (kitchen) ?ok=1 🏠`,
			crm: JSON.stringify([
				{ objectType: 'Contact', objectId: `003C${i}` },
				{ objectType: 'serviceappointment', objectId: `08p/${i}+x` },
			]),
		});
	}
	events.push({ summary: LONG_SUMMARY, crm: '[{"objectType":"Event","objectId":"00U9"}]' });
	events.push({ summary: '   ', crm: '[]' });
	return events.map((event, i) => ({
		...event,
		start: { dateTime: `2026-11-${String(2 + (i % 20)).padStart(2, '0')}T09:00:00-05:00` },
		opportunityId: `006OPP${i}`,
		eventId: `evt-${i}`,
		connectionId: i % 2 === 0 ? 'conn-hubspot-2' : 'conn hubspot/3',
	}));
}

function buildManyWorkflow(line) {
	return workflow(
		'BuildMany',
		line,
		'Siro build many',
		[
			manualTrigger(),
			itemsNode('Calendar Events', calendarEvents(), [220, 0]),
			siroNode(
				'Build By Name',
				{
					resource: 'recordLink',
					operation: 'build',
					recordAction: 'start',
					title: '={{ $json.summary }}',
					// lower case on purpose: names are matched case-insensitively
					conversationType: { __rl: true, mode: 'name', value: 'in-home consultation' },
					integrationConnectionId: 'conn-salesforce-1',
					crmObjectsInput: 'json',
					crmObjectsJson: '={{ $json.crm }}',
					redirectUrl: '',
					options: { conversationTypeCheck: 'mustExist' },
				},
				{ position: [440, 0] },
			),
			siroNode(
				'Build From Array',
				{
					resource: 'recordLink',
					operation: 'build',
					recordAction: 'restart',
					// upper case: UUIDs are case-insensitive and written in lower case
					conversationType: { __rl: true, mode: 'id', value: FOLLOW_UP.toUpperCase() },
					integrationConnectionId: '={{ $json.connectionId }}',
					crmObjectsInput: 'json',
					crmObjectsJson:
						"={{ [{ objectType: 'Opportunity', objectId: $json.opportunityId }, { objectType: 'EVENT', objectId: $json.eventId }] }}",
					redirectUrl: '=https://crm.example.com/visits/{{ $json.eventId }}?from=siro',
					options: { output: 'linkAndParts', linkField: 'smsLink' },
				},
				{ position: [660, 0] },
			),
		],
		[
			['Manual', 'Calendar Events'],
			['Calendar Events', 'Build By Name'],
			['Build By Name', 'Build From Array'],
		],
	);
}

// ---------------------------------------------------------------------------------------------
// List conversation types, Parse record link, Continue On Fail — one execution

/** Organizations asked for by List's input items: several items per organization. */
const ORG_REQUESTS = [
	DEMO.organizationId,
	DEMO.organizationId,
	DEMO.otherOrganizationId,
	DEMO.organizationId,
	DEMO.otherOrganizationId,
];

/** The README's worked example, golden. */
const GOLDEN_LINK =
	'https://app.siro.ai/record?action=start&title=Jones%20%282nd%20visit%29%20%2B%20gutters&conversationType=3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10&integrationConnectionId=conn-salesforce-1&crmObjects=%5B%7B%22objectType%22%3A%22Lead%22%2C%22objectId%22%3A%2200QB2%22%7D%5D';
const BROKEN_LINK = 'https://app.siro.ai/record?action=stop&title=Smith+visit';
const BROKEN_LINK_2 = `https://app.siro.ai/record?action=start&conversationType=not-a-uuid&crmObjects=${encodeURIComponent('[{"objectType":"Lead","objectId":"1"}]')}&color=red`;

/** Items for the Continue On Fail nodes: 1, 3 and 4 are bad (3 only for the Must Exist check). */
const MIXED_ITEMS = [
	{ type: IN_HOME, crm: '[{"objectType":"Opportunity","objectId":"006X"}]' },
	{ type: IN_HOME, crm: '[{"objectType":"Banana","objectId":"1"}]' },
	{ type: VIRTUAL, crm: '[]' },
	{ type: UNKNOWN_TYPE, crm: '[]' },
	{ type: 'In-Home Consultation', crm: '[]' },
];

function mixedBuildParameters(check) {
	return {
		resource: 'recordLink',
		operation: 'build',
		recordAction: 'start',
		title: '=Item {{ $itemIndex }}',
		conversationType: { __rl: true, mode: 'id', value: '={{ $json.type }}' },
		integrationConnectionId: 'conn-1',
		crmObjectsInput: 'json',
		crmObjectsJson: '={{ $json.crm }}',
		options: { conversationTypeCheck: check },
	};
}

function listParseContinueWorkflow(line) {
	return workflow(
		'ListParseCof',
		line,
		'Siro list, parse, continue on fail',
		[
			manualTrigger(),
			itemsNode(
				'Org Requests',
				ORG_REQUESTS.map((org) => ({ org })),
				[220, 0],
			),
			siroNode(
				'List Conversation Types',
				{
					resource: 'conversationType',
					operation: 'getAll',
					organizationId: '={{ $json.org }}',
					returnAll: true,
					simplify: true,
					filters: {},
				},
				{ position: [440, 0], onError: 'continueRegularOutput' },
			),
			siroNode(
				'List Filtered',
				{
					resource: 'conversationType',
					operation: 'getAll',
					returnAll: false,
					limit: 1,
					simplify: false,
					filters: { displayName: 'CONSULTATION' },
				},
				{ position: [220, 200] },
			),
			itemsNode(
				'Links to Check',
				[GOLDEN_LINK, BROKEN_LINK, BROKEN_LINK_2].map((link) => ({ link })),
				[220, 400],
			),
			siroNode(
				'Parse Record Link',
				{ resource: 'recordLink', operation: 'parse', link: '={{ $json.link }}' },
				{ position: [440, 400], credentials: null },
			),
			itemsNode('Mixed Items', MIXED_ITEMS, [220, 600]),
			siroNode('Build (Continue On Fail)', mixedBuildParameters('mustExist'), {
				position: [440, 600],
				onError: 'continueRegularOutput',
			}),
			// the pre-1.0 setting, still honoured when onError is absent
			siroNode('Build (legacy continueOnFail)', mixedBuildParameters('format'), {
				position: [440, 800],
				continueOnFail: true,
			}),
		],
		[
			['Manual', 'Org Requests'],
			['Manual', 'List Filtered'],
			['Manual', 'Links to Check'],
			['Manual', 'Mixed Items'],
			['Org Requests', 'List Conversation Types'],
			['Links to Check', 'Parse Record Link'],
			['Mixed Items', 'Build (Continue On Fail)'],
			['Mixed Items', 'Build (legacy continueOnFail)'],
		],
	);
}

/** Without Continue On Fail, the bad third item (index 2) fails the whole run. */
function failingWorkflow(line) {
	return workflow(
		'FailsOnBadItem',
		line,
		'Siro fails on a bad item',
		[
			manualTrigger(),
			itemsNode('Mixed Items', [MIXED_ITEMS[0], MIXED_ITEMS[2], MIXED_ITEMS[1]], [220, 0]),
			siroNode('Build Record Link', mixedBuildParameters('format'), { position: [440, 0] }),
		],
		[
			['Manual', 'Mixed Items'],
			['Mixed Items', 'Build Record Link'],
		],
	);
}

// ---------------------------------------------------------------------------------------------
// Example workflows and their runnable variants

function readExample(file) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
}

function exampleFiles() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

/**
 * The nodes of the example `files` that this n8n does not have at their typeVersion, and their
 * parameters that the node does not describe (a misspelt parameter would be silently ignored).
 * `nodeTypes`: n8n's /types/nodes.json.
 */
function unknownExampleNodes(nodeTypes, files) {
	const unknown = [];
	for (const file of files) {
		for (const exampleNode of readExample(file).nodes) {
			const descriptions = nodeTypes.filter(
				(type) =>
					type.name === exampleNode.type &&
					[].concat(type.version).includes(exampleNode.typeVersion),
			);
			if (descriptions.length === 0) {
				unknown.push(`${file}: ${exampleNode.type} v${exampleNode.typeVersion}`);
				continue;
			}
			const known = new Set(
				descriptions.flatMap((type) => type.properties.map((property) => property.name)),
			);
			for (const parameter of Object.keys(exampleNode.parameters)) {
				if (!known.has(parameter)) unknown.push(`${file}: "${exampleNode.name}".${parameter}`);
			}
		}
	}
	return unknown;
}

/** Node types that need the outside world, and what stands in for them. */
const TRIGGER_TYPES = new Set(['n8n-nodes-base.googleCalendarTrigger', 'n8n-nodes-base.webhook']);
const SENDER_TYPES = new Set(['n8n-nodes-base.twilio', 'n8n-nodes-base.emailSend']);

/**
 * A runnable copy of an example: its trigger becomes a Code node of the same name (so expressions
 * such as `$('Appointment Starting').item` still resolve) emitting `triggerItems` after a Manual
 * Trigger; each SMS/email node becomes a Set node of the same name that captures every text
 * parameter it would have sent (same expressions). Everything else is the example as it is.
 */
function exampleVariant(example, { id, triggerItems }) {
	const variant = JSON.parse(JSON.stringify(example));
	variant.id = id;
	variant.name = `${example.name} (e2e variant)`;
	variant.active = false;
	const replaced = { triggers: [], senders: [] };
	variant.nodes = variant.nodes.map((original) => {
		if (TRIGGER_TYPES.has(original.type)) {
			if (!triggerItems)
				throw new Error(`No stand-in items for trigger "${original.name}" in "${example.name}"`);
			replaced.triggers.push(original.name);
			return itemsNode(original.name, triggerItems, original.position);
		}
		if (SENDER_TYPES.has(original.type)) {
			replaced.senders.push(original.name);
			const assignments = Object.entries(original.parameters)
				.filter(
					([name, value]) => typeof value === 'string' && !['resource', 'operation'].includes(name),
				)
				.map(([name, value]) => ({ id: crypto.randomUUID(), name, value, type: 'string' }));
			return node(
				original.name,
				'n8n-nodes-base.set',
				{ mode: 'manual', assignments: { assignments }, includeOtherFields: false, options: {} },
				{ typeVersion: 3.4, position: original.position },
			);
		}
		return original;
	});
	for (const trigger of replaced.triggers) {
		const standIn = manualTrigger('Run Manually (e2e)');
		variant.nodes.unshift(standIn);
		variant.connections[standIn.name] = { main: [[{ node: trigger, type: 'main', index: 0 }]] };
	}
	return { workflow: variant, replaced };
}

module.exports = {
	SIRO_TYPE,
	CREDENTIAL_ID,
	IN_HOME,
	FOLLOW_UP,
	VIRTUAL,
	UNKNOWN_TYPE,
	LONG_SUMMARY,
	GOLDEN_LINK,
	BROKEN_LINK,
	BROKEN_LINK_2,
	ORG_REQUESTS,
	MIXED_ITEMS,
	siroCredential,
	workflowId,
	workflow,
	node,
	manualTrigger,
	itemsNode,
	siroNode,
	calendarEvents,
	buildManyWorkflow,
	listParseContinueWorkflow,
	failingWorkflow,
	readExample,
	exampleFiles,
	exampleVariant,
	unknownExampleNodes,
	siroCredentialWithOrganizationToken,
};
