#!/usr/bin/env node
'use strict';
/**
 * `npm run screenshots`: starts the same demo as `npm start` (in a throwaway n8n folder, on free
 * ports, so a running `npm start` is not disturbed), drives the editor in headless Debian Chromium
 * with playwright-core, and saves to docs/screenshots/:
 *
 *   canvas-workflow.png               the calendar → Siro → SMS example on the canvas
 *   build-record-link-parameters.png  the Siro node open on Build Record Link
 *   conversation-type-list.png        Conversation Type "From List" open, listing the fake Siro's types
 *   build-run-output.png              a Build Record Link run and its output with the link
 *   flagship-run.png                  the runnable flagship after a run in the editor (its Check Delivery
 *                                     output checked for recording, notReceived and opened)
 *   trigger-webhook.png               the Siro Trigger (webhook mode): its Production URL and set-up notice
 *   trigger-polling.png               the Siro Trigger in polling mode and the test event it fetched
 *   integration-connection-list.png   Integration Connection "From List" (name, platform, inactive marked)
 *   user-list.png                     the User locator's "From List" (name and e-mail) in Check Delivery
 *   check-delivery-output.png         Check Delivery on three links the fake phone recorded, opened, never got
 *   engagement-sync-google-calendar.png  Engagement → Sync run on a Google Calendar Trigger item: the event,
 *                                     the From Google Calendar Event mode, Siro's engagement and its recording status
 *   trigger-unrecorded-appointments.png  the Siro Trigger on Appointment Ended Without Recording: reps,
 *                                     grace period, look-back, the polling notice and the test event it fetched
 *   appointments-flagship-calendar-run.png, appointments-flagship-unrecorded-run.png
 *                                     (`appointments-flagship-run`) the runnable appointments flagship run
 *                                     from each trigger: each part with its item counts
 *
 * `npm run screenshots -- trigger-webhook trigger-polling` takes only the ones named.
 * Needs /usr/bin/chromium (installed with apt-get when running as root). Env: SIRO_N8N_LINE=1|2.
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
	startDemo,
	TRY_IT_WORKFLOW_ID,
	RUNNABLE_FLAGSHIP_ID,
	RUNNABLE_APPOINTMENTS_ID,
	exampleWorkflowId,
} = require('../dev/demo/demo');
const { killN8nOnExit } = require('../dev/n8n/instance');
const { DEMO } = require('../dev/fake-siro/server');
const { appointmentsDay, googleDateTime } = require('../dev/examples/runnableAppointments');

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'docs', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
/** Flags measured to work here (see the runtime notes): no sandbox as root, nothing phoning home. */
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
/** The canvas with three nodes reads best a little zoomed in; the node panel needs height. */
const CANVAS_VIEWPORT = { width: 1200, height: 640 };
const NDV_VIEWPORT = { width: 1440, height: 1180 };
const WIDE_VIEWPORT = { width: 1920, height: 900 };
/** Tall enough for an engagement's whole JSON (its reps and recording status) next to its input. */
const ENGAGEMENT_VIEWPORT = { width: 1680, height: 1400 };
/** The appointments flagship spans two rows of steps: fitted, the lower one stays clear of the Execute button. */
const FLAGSHIP_VIEWPORT = { width: 3000, height: 1900 };
const TIMEOUT = 60 * 1000;

function log(msg) {
	console.log(msg);
}

function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot) {
		throw new Error(
			`${CHROMIUM} is missing. Install Debian's chromium first:\n  sudo apt-get update && sudo apt-get install -y chromium`,
		);
	}
	log(
		`${CHROMIUM} is missing: installing Debian's chromium (apt-get update && apt-get install -y chromium)…`,
	);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update'], ['install', '-y', 'chromium']]) {
		const res = spawnSync('apt-get', args, { stdio: 'inherit', env });
		if (res.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${res.status})`);
	}
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
}

/** Saves a screenshot and says how big it is. */
async function save(page, name, options = {}) {
	const file = path.join(OUT_DIR, name);
	// No hover effects (n8n shows a Fixed/Expression toggle on a hovered parameter).
	await page.mouse.move(1, 1);
	await page.waitForTimeout(300);
	await page.screenshot({ path: file, ...options });
	log(`  saved docs/screenshots/${name} (${Math.round(fs.statSync(file).size / 1024)} kB)`);
	return file;
}

/** Dismisses whatever n8n shows over the canvas on a first visit (toasts, tours, callouts). */
async function dismissOverlays(page) {
	await page.keyboard.press('Escape').catch(() => {});
	await closeToasts(page);
}

/** Closes n8n's notifications (Escape would also close an open node). */
async function closeToasts(page) {
	for (const selector of [
		'.el-notification .el-notification__closeBtn',
		'[data-test-id="toast-close-button"]',
	]) {
		for (const close of await page.locator(selector).all())
			await close.click({ timeout: 2000 }).catch(() => {});
	}
}

async function openWorkflow(page, baseUrl, id) {
	await page.goto(`${baseUrl}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: TIMEOUT });
	// Let the canvas fit the view and the icons load.
	await page.waitForLoadState('networkidle', { timeout: 15000 }).catch(() => {});
	await page.waitForTimeout(1000);
	await dismissOverlays(page);
}

function canvasNode(page, name) {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
}

async function openNode(page, name) {
	await canvasNode(page, name).dblclick();
	await page.locator('[data-test-id="ndv"]').first().waitFor({ timeout: TIMEOUT });
	await page.waitForTimeout(800);
}

/** Fails when the page shows the "?" placeholder instead of the Siro icon. */
async function checkSiroIcon(page) {
	const img = page
		.locator('[data-test-id="canvas-node"][data-node-type="n8n-nodes-siro.siro"] img')
		.first();
	const found = await img.count();
	if (!found) {
		throw new Error(
			'the Siro canvas node has no <img> icon: n8n draws "?" when it cannot resolve the node\'s icon',
		);
	}
	const ok = await img.evaluate((el) => el.complete && el.naturalWidth > 0);
	const src = await img.getAttribute('src');
	if (!ok) throw new Error(`the Siro icon ${src} did not load`);
	log(`  Siro icon ${src} loaded`);
}

/** The Siro Trigger of the two recording examples, in webhook and in polling mode. */
async function triggerScreenshots(page, baseUrl, wanted) {
	await page.setViewportSize(NDV_VIEWPORT);
	if (wanted('trigger-webhook')) {
		log('Screenshot: the Siro Trigger in webhook mode');
		await openWorkflow(page, baseUrl, exampleWorkflowId('recording-processed-to-crm.json'));
		await openNode(page, 'Recording Processed and Linked');
		// Other webhook nodes than n8n's own show their URLs folded: unfold, then the production one.
		await page.getByText('Webhook URLs').first().click();
		await page.getByText('Production URL', { exact: true }).first().click();
		await page
			.getByText(/\/webhook\/[0-9a-f-]+\/webhook/)
			.first()
			.waitFor();
		await page.getByText('Organization Admin → Webhooks', { exact: false }).first().waitFor();
		await save(page, 'trigger-webhook.png');
	}
	if (wanted('trigger-polling')) {
		log('Screenshot: the Siro Trigger in polling mode');
		await openWorkflow(page, baseUrl, exampleWorkflowId('recording-polling-to-crm.json'));
		await openNode(page, 'New Linked Recording');
		await page.getByText('Each poll asks Siro', { exact: false }).first().waitFor();
		// A manual test fetches the newest processed and linked recording from the fake Siro.
		await page.getByText('Fetch Test Event').first().click();
		const output = page.locator('[data-test-id="output-panel"]');
		await output.getByText('integrations.recordingProcessed').first().waitFor();
		await output.getByText('JSON', { exact: true }).first().click();
		await output.getByText('recordingLinked', { exact: false }).first().waitFor();
		await closeToasts(page);
		await save(page, 'trigger-polling.png');
	}
}

/** Check Delivery's output (open) must show the three outcomes of the fake phone's three reps. */
async function outputShowsEveryStatus(page) {
	const output = page.locator('[data-test-id="output-panel"]');
	for (const status of ['recording', 'notReceived', 'opened'])
		await output.getByText(status, { exact: true }).first().waitFor();
}

/** The demo's Siro credential, as the nodes of the workflows made here name it. */
const SIRO_DEMO_CREDENTIALS = { siroApi: { id: 'siroDemoCredential', name: 'Siro (demo)' } };
const SIRO_NODE = ['n8n-nodes-siro.siro', 1.1];

/** A node of a workflow made here, with a fresh ID; `extra` adds credentials, a webhookId… */
function workflowNode(name, [type, typeVersion], position, parameters, extra = {}) {
	return { id: crypto.randomUUID(), name, type, typeVersion, position, parameters, ...extra };
}

/** Connections running from each named node to the next. */
function chain(...names) {
	return Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, index) => [
				name,
				{ main: [[{ node: names[index + 1], type: 'main', index: 0 }]] },
			]),
	);
}

/** Creates a workflow through n8n's REST API (the server is running); resolves to its id. */
async function createWorkflow(page, baseUrl, workflow) {
	const { id: _ignored, ...body } = workflow;
	const response = await page.request.post(`${baseUrl}/rest/workflows`, {
		data: { settings: { executionOrder: 'v1' }, ...body, active: false },
	});
	if (!response.ok())
		throw new Error(
			`creating "${workflow.name}" failed: HTTP ${response.status()} ${await response.text()}`,
		);
	return (await response.json()).data.id;
}

/** Opens a resource locator's From List and waits until it shows at least `expected` entries. */
async function openFromList(page, parameter, expected) {
	await page
		.locator(`[data-test-id="resource-locator-${parameter}"] [data-test-id="rlc-input"]`)
		.click();
	const items = page.locator('[data-test-id="rlc-item"]');
	await items.first().waitFor();
	for (let tries = 0; (await items.count()) < expected && tries < 20; tries++)
		await page.waitForTimeout(250);
	const shown = (await items.allInnerTexts()).map((t) => t.trim());
	log(`  From List shows ${shown.length}: ${shown.slice(0, 4).join(', ')}…`);
	if (shown.length < expected)
		throw new Error(`${parameter} From List shows ${shown.length} entries, expected ${expected}`);
	await page.waitForTimeout(400);
	return shown;
}

/** Issue 10's pictures: the two new From Lists, and what Check Delivery says after the fake phone got links. */
async function takeDeliveryScreenshots(page, baseUrl, demo) {
	log('Screenshot: Integration Connection "From List"');
	await page.setViewportSize(NDV_VIEWPORT);
	await openWorkflow(page, baseUrl, exampleWorkflowId('calendar-event-to-sms.json'));
	await openNode(page, 'Build Record Link');
	const connections = await openFromList(page, 'integrationConnection', 6);
	if (!connections.some((name) => name.endsWith('· inactive')))
		throw new Error('Integration Connection From List marks no inactive connection');
	await save(page, 'integration-connection-list.png');

	log('Screenshot: the User locator "From List"');
	// Three links sent to one rep: the fake phone records with the first, only opens the second,
	// and never gets the third.
	const rep = DEMO.users.demo;
	const sent = ['Garcia roof', 'Walk-in estimate', 'Chen kitchen'].map((title) => ({
		recordLink: demo.lib.buildRecordLink({ action: 'start', title }).url,
	}));
	for (const [index, behaviour] of ['tapsAndRecords', 'tapsWithoutRecording'].entries()) {
		demo.fake.phone.setBehaviour(rep.id, behaviour);
		demo.fake.phone.tap({ userId: rep.id, url: sent[index].recordLink });
	}
	demo.fake.phone.resetBehaviours();
	const checkId = await createWorkflow(page, baseUrl, {
		name: 'Siro demo: did the links reach the rep?',
		nodes: [
			workflowNode('Click to Try', ['n8n-nodes-base.manualTrigger', 1], [0, 0], {}),
			workflowNode('Links Sent', ['n8n-nodes-base.code', 2], [220, 0], {
				jsCode: `return ${JSON.stringify(sent, null, 1)}.map((json) => ({ json }));`,
			}),
			workflowNode(
				'Check Delivery',
				SIRO_NODE,
				[440, 0],
				{
					resource: 'recordLink',
					operation: 'checkDelivery',
					link: '={{ $json.recordLink }}',
					user: {
						__rl: true,
						mode: 'list',
						value: rep.id,
						cachedResultName: `${rep.firstName} ${rep.lastName} (${rep.email})`,
					},
				},
				{ credentials: SIRO_DEMO_CREDENTIALS },
			),
		],
		connections: chain('Click to Try', 'Links Sent', 'Check Delivery'),
	});
	await openWorkflow(page, baseUrl, checkId);
	await openNode(page, 'Check Delivery');
	await openFromList(page, 'user', 20);
	await save(page, 'user-list.png');

	log('Screenshot: Check Delivery after the fake phone got two of the three links');
	// Wide enough for the output table to show the delivery column next to the link.
	await page.setViewportSize(WIDE_VIEWPORT);
	await openWorkflow(page, baseUrl, checkId);
	await page.locator('[data-test-id="execute-workflow-button"]').first().click();
	await canvasNode(page, 'Check Delivery')
		.locator('[data-test-id="canvas-node-status-success"]')
		.waitFor();
	await dismissOverlays(page);
	await openNode(page, 'Check Delivery');
	const output = page.locator('[data-test-id="output-panel"]');
	// n8n keeps the output view last chosen (the trigger pictures chose JSON): this one is a table.
	await output.getByText('Table', { exact: true }).first().click();
	for (const status of ['recording', 'opened', 'notReceived'])
		await output.getByText(status, { exact: true }).first().waitFor();
	await save(page, 'check-delivery-output.png');
}

// ---------------------------------------------------------------------------------------------
// Issue 17's pictures: appointments synced into Siro, and the ones that were never recorded
// ---------------------------------------------------------------------------------------------

/** Tomorrow (UTC) at 17:00 UTC: a morning appointment in America, still ahead whenever this runs. */
function tomorrowMorningMs(nowMs) {
	const now = new Date(nowMs);
	return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 17);
}

/**
 * An event exactly as n8n's Google Calendar Trigger emits it: the seeded day's first appointment (the
 * demo rep's), booked again for tomorrow morning under its own ID, with a room (rooms are not reps:
 * the engagement leaves it out).
 */
function upcomingCalendarEvent(nowMs) {
	const [template] = appointmentsDay(nowMs);
	const { timeZone } = template.start;
	const startMs = tomorrowMorningMs(nowMs);
	const id = 'demoappt11';
	const room = {
		email: 'c_18835vk1h2@resource.calendar.google.com',
		displayName: 'Van 3',
		resource: true,
		responseStatus: 'accepted',
	};
	return {
		...template,
		id,
		htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(id).toString('base64url')}`,
		iCalUID: `${id}@google.com`,
		start: { dateTime: googleDateTime(startMs, timeZone), timeZone },
		end: { dateTime: googleDateTime(startMs + 90 * 60 * 1000, timeZone), timeZone },
		attendees: [...template.attendees.slice(0, -1), room, ...template.attendees.slice(-1)],
	};
}

/** A Google Calendar Trigger with the event pinned (no Google account needed) → Siro Engagement Sync. */
function engagementSyncWorkflow(event) {
	const trigger = 'Event Created';
	return {
		name: 'Siro demo: a Google Calendar event becomes a Siro engagement',
		nodes: [
			workflowNode(trigger, ['n8n-nodes-base.googleCalendarTrigger', 1], [0, 0], {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				calendarId: { __rl: true, mode: 'id', value: 'dispatch@demohomeservices.com' },
				triggerOn: 'eventCreated',
				options: {},
			}),
			workflowNode(
				'Sync to Siro',
				SIRO_NODE,
				[240, 0],
				{ resource: 'engagement', operation: 'sync', inputDataMode: 'googleCalendarEvent' },
				{ credentials: SIRO_DEMO_CREDENTIALS },
			),
		],
		connections: chain(trigger, 'Sync to Siro'),
		pinData: { [trigger]: [{ json: event }] },
	};
}

/** A Siro Trigger polling for appointments that ended without a recording, for two reps. */
function unrecordedTriggerWorkflow() {
	const { demo, formattedPhone } = DEMO.users;
	return {
		name: 'Siro demo: appointments that ended without a recording',
		nodes: [
			workflowNode(
				'Appointment Not Recorded',
				['n8n-nodes-siro.siroTrigger', 1],
				[0, 0],
				{
					pollTimes: { item: [{ mode: 'everyX', value: 10, unit: 'minutes' }] },
					mode: 'polling',
					pollingEvent: 'appointmentEndedWithoutRecording',
					reps: [demo.id, formattedPhone.id],
					graceMinutes: 30,
					lookBackHours: 12,
				},
				{ credentials: SIRO_DEMO_CREDENTIALS, webhookId: crypto.randomUUID() },
			),
		],
		connections: {},
	};
}

/** The node panel's own box (the editor around it dimmed): the part of the page a picture needs. */
async function ndvBox(page) {
	const box = await page.locator('dialog[data-test-id="ndv"]').first().boundingBox();
	if (!box) throw new Error('the node panel has no box to crop to');
	return box;
}

/** Folds an object of the input panel's Schema view (e.g. a field nobody needs to read here). */
async function foldInputField(page, name) {
	await page
		.locator('[data-test-id="ndv-input-panel"] [data-test-id="run-data-schema-item"]', {
			has: page.locator(`[data-name="${name}"]`),
		})
		.first()
		.locator('.toggle')
		.first()
		.click();
}

/** Drags the parameters panel's left edge `pixels` to the left, so long option names fit. */
async function widenParametersPanel(page, pixels) {
	const handle = page.locator(
		'[data-test-id="ndv"] [data-test-id="resize-handle"][class*="_left_"]',
	);
	const box = await handle.first().boundingBox();
	if (!box) throw new Error("the node panel's right resize handle is not shown");
	const x = box.x + box.width / 2;
	const y = box.y + box.height / 2;
	await page.mouse.move(x, y);
	await page.mouse.down();
	await page.mouse.move(x - pixels, y, { steps: 10 });
	await page.mouse.up();
	await page.waitForTimeout(400);
}

async function takeAppointmentScreenshots(page, baseUrl, wanted) {
	if (wanted('engagement-sync-google-calendar')) {
		await page.setViewportSize(ENGAGEMENT_VIEWPORT);
		log('Screenshot: Engagement Sync on a Google Calendar Trigger item');
		const event = upcomingCalendarEvent(Date.now());
		const id = await createWorkflow(page, baseUrl, engagementSyncWorkflow(event));
		await openWorkflow(page, baseUrl, id);
		await page.locator('[data-test-id="execute-workflow-button"]').first().click();
		await canvasNode(page, 'Sync to Siro')
			.locator('[data-test-id="canvas-node-status-success"]')
			.waitFor();
		await dismissOverlays(page);
		await openNode(page, 'Sync to Siro');
		const output = page.locator('[data-test-id="output-panel"]');
		await output.getByText('JSON', { exact: true }).first().click();
		await output.getByText('notEnded', { exact: false }).first().waitFor();
		// The dispatcher who created and organizes the event is not what this picture is about.
		await foldInputField(page, 'creator');
		await foldInputField(page, 'organizer');
		await save(page, 'engagement-sync-google-calendar.png', { clip: await ndvBox(page) });
	}
	if (wanted('trigger-unrecorded-appointments')) {
		log('Screenshot: the Siro Trigger on Appointment Ended Without Recording');
		await page.setViewportSize(NDV_VIEWPORT);
		const id = await createWorkflow(page, baseUrl, unrecordedTriggerWorkflow());
		await openWorkflow(page, baseUrl, id);
		await openNode(page, 'Appointment Not Recorded');
		// The reps' chips show "name (e-mail)": wide enough that they are not cut.
		await widenParametersPanel(page, 140);
		await page.getByText('Each poll lists the organization', { exact: false }).first().waitFor();
		await page.getByText('Fetch Test Event').first().click();
		const output = page.locator('[data-test-id="output-panel"]');
		await output.getByText('JSON', { exact: true }).first().click();
		await output.getByText('notRecorded', { exact: false }).first().waitFor();
		await closeToasts(page);
		await save(page, 'trigger-unrecorded-appointments.png', { clip: await ndvBox(page) });
	}
	if (wanted('appointments-flagship-run')) await appointmentsFlagshipScreenshots(page, baseUrl);
}

/** With several triggers, Execute workflow runs from the one picked in its menu (beside the button). */
async function executeWorkflowFrom(page, trigger) {
	const button = page.locator('[data-test-id="execute-workflow-button"]').first();
	const box = await button.boundingBox();
	if (!box) throw new Error('the Execute workflow button is not shown');
	await page.mouse.click(box.x + box.width + 12, box.y + box.height / 2);
	await page
		.getByRole('menuitem', { name: trigger })
		.or(page.getByRole('menuitemradio', { name: trigger }))
		.first()
		.click();
	// The button names the trigger cut to 25 characters ("Appointment End...Recording").
	await button.getByText(trigger.slice(0, 15), { exact: false }).waitFor();
	await button.click();
}

/** The runnable flagship's two triggers: the Manual Trigger standing in for Google's, and the Siro Trigger. */
const MANUAL_TRIGGER = 'Run Manually';
const UNRECORDED_TRIGGER = 'Appointment Ended Without Recording';

/** The names of `start` and every node after it, following the workflow's connections. */
function partFrom(connections, start) {
	const part = new Set([start]);
	for (const name of part)
		for (const outputs of Object.values(connections[name] ?? {}))
			for (const targets of outputs) for (const { node } of targets ?? []) part.add(node);
	return part;
}

/** Where the elements matching `selector` are on the page, with their data- attributes. */
function pageBoxes(page, selector) {
	return page.locator(selector).evaluateAll((elements) =>
		elements.map((element) => {
			const { left, top, right, bottom } = element.getBoundingClientRect();
			return { data: { ...element.dataset }, left, top, right, bottom };
		}),
	);
}

/**
 * A clip of the page around the nodes of `part` (with their labels), their connections and the sticky
 * notes that overlap them: one trigger's part of the canvas.
 */
async function partClip(page, part) {
	const nodes = (await pageBoxes(page, '[data-test-id="canvas-node"]')).filter(({ data }) =>
		part.has(data.nodeName),
	);
	const edges = (await pageBoxes(page, '[data-test-id="edge"]')).filter(({ data }) =>
		part.has(data.sourceNodeName),
	);
	const notes = await pageBoxes(page, '[data-test-id="sticky"]');
	const union = (boxes) => ({
		left: Math.min(...boxes.map((box) => box.left)),
		top: Math.min(...boxes.map((box) => box.top)),
		right: Math.max(...boxes.map((box) => box.right)),
		bottom: Math.max(...boxes.map((box) => box.bottom)),
	});
	// Nodes draw their names and subtitles under their boxes and beyond their sides, a trigger its
	// bolt left of it, and the last ones an item count on their open outputs.
	const nodesBox = union([...nodes, ...edges]);
	const around = {
		left: nodesBox.left - 40,
		top: nodesBox.top,
		right: nodesBox.right + 100,
		bottom: nodesBox.bottom + 48,
	};
	const overlaps = (box) =>
		box.left < around.right &&
		box.right > around.left &&
		box.top < around.bottom &&
		box.bottom > around.top;
	const { left, top, right, bottom } = union([around, ...notes.filter(overlaps)]);
	const margin = 16;
	const x = Math.max(0, left - margin);
	const y = Math.max(0, top - margin);
	return { x, y, width: right + margin - x, height: bottom + margin - y };
}

/** Back on the whole canvas, once the editor is connected again ("Offline" while it reconnects). */
async function fitCanvas(page) {
	await page.getByText('Offline', { exact: true }).waitFor({ state: 'hidden' });
	await closeToasts(page);
	await page.locator('[data-test-id="zoom-to-fit"]').first().click();
	await page.waitForTimeout(600);
}

/**
 * The runnable appointments flagship (npm start's, on the fake Siro's seeded day) after a run from
 * each of its triggers. The editor shows one execution at a time, so each part is taken after its own:
 * the calendar part from the Manual Trigger, then the unrecorded part from the Siro Trigger (in a
 * manual run it fetches one appointment, as Fetch Test Event does).
 */
async function appointmentsFlagshipScreenshots(page, baseUrl) {
	log('Screenshot: the runnable appointments flagship, run from each trigger');
	await page.setViewportSize(FLAGSHIP_VIEWPORT);
	const response = await page.request.get(`${baseUrl}/rest/workflows/${RUNNABLE_APPOINTMENTS_ID}`);
	if (!response.ok()) throw new Error(`reading the flagship failed: HTTP ${response.status()}`);
	const { connections } = (await response.json()).data;
	await openWorkflow(page, baseUrl, RUNNABLE_APPOINTMENTS_ID);

	await executeWorkflowFrom(page, MANUAL_TRIGGER);
	await canvasNode(page, 'Text the Rep')
		.locator('[data-test-id="canvas-node-status-success"]')
		.waitFor({ timeout: 180000 });
	await fitCanvas(page);
	await save(page, 'appointments-flagship-calendar-run.png', {
		clip: await partClip(page, partFrom(connections, MANUAL_TRIGGER)),
	});

	await executeWorkflowFrom(page, UNRECORDED_TRIGGER);
	for (const last of ['Remind the Rep', 'Notify the Manager'])
		await canvasNode(page, last).locator('[data-test-id="canvas-node-status-success"]').waitFor();
	await fitCanvas(page);
	await save(page, 'appointments-flagship-unrecorded-run.png', {
		clip: await partClip(page, partFrom(connections, UNRECORDED_TRIGGER)),
	});
}

async function takeScreenshots(demo, only) {
	const wanted = (name) => only.length === 0 || only.includes(name);
	const { chromium } = require('playwright-core');
	const baseUrl = demo.url.replace('localhost', '127.0.0.1');
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	let page;
	try {
		const context = await browser.newContext({ viewport: CANVAS_VIEWPORT, deviceScaleFactor: 1 });
		context.setDefaultTimeout(TIMEOUT);
		// n8n's one-time "you can pin this output" tooltips would cover the output panel.
		await context.addInitScript(() => {
			localStorage.setItem('N8N_PIN_DATA_DISCOVERY_NDV', 'true');
			localStorage.setItem('N8N_PIN_DATA_DISCOVERY_CANVAS', 'true');
		});
		page = await context.newPage();
		// Log in through the page's own request context: the session cookie lands in the browser.
		const login = await page.request.post(`${baseUrl}/rest/login`, {
			data: { emailOrLdapLoginId: demo.owner.email, password: demo.owner.password },
		});
		if (!login.ok()) throw new Error(`login failed: HTTP ${login.status()} ${await login.text()}`);
		fs.mkdirSync(OUT_DIR, { recursive: true });

		// (a) the calendar → Siro → SMS example on the canvas
		if (wanted('canvas-workflow')) {
			log('Screenshot: the calendar → SMS example on the canvas');
			await openWorkflow(page, baseUrl, exampleWorkflowId('calendar-event-to-sms.json'));
			await checkSiroIcon(page);
			await save(page, 'canvas-workflow.png');
		}

		// (b) the Siro node on Build Record Link, and (c) its Conversation Type From List
		if (wanted('build-record-link-parameters') || wanted('conversation-type-list')) {
			log('Screenshot: the Build Record Link parameters');
			await page.setViewportSize(NDV_VIEWPORT);
			await openWorkflow(page, baseUrl, TRY_IT_WORKFLOW_ID);
			await openNode(page, 'Build Record Link');
			if (wanted('build-record-link-parameters'))
				await save(page, 'build-record-link-parameters.png');
		}
		if (wanted('conversation-type-list')) {
			log('Screenshot: Conversation Type "From List"');
			const locator = page.locator('[data-test-id="resource-locator-conversationType"]');
			await locator.locator('[data-test-id="rlc-input"]').click();
			const items = page.locator('[data-test-id="rlc-item"]');
			await items.first().waitFor();
			const expected = Object.values(DEMO.conversationTypes).map((t) => t.displayName);
			for (let tries = 0; (await items.count()) < expected.length && tries < 20; tries++)
				await page.waitForTimeout(250);
			const shown = (await items.allInnerTexts()).map((t) => t.trim());
			const missing = expected.filter((name) => !shown.includes(name));
			log(`  From List shows: ${shown.join(', ')}`);
			if (missing.length)
				throw new Error(
					`From List lacks ${missing.join(', ')} (shows: ${shown.join(', ') || 'nothing'})`,
				);
			await page.waitForTimeout(400);
			await save(page, 'conversation-type-list.png');
		}

		// (d) a run: Execute workflow, then the Siro node's output with the link
		if (wanted('build-run-output')) {
			log('Screenshot: a Build Record Link run and its output');
			await openWorkflow(page, baseUrl, TRY_IT_WORKFLOW_ID);
			await page.locator('[data-test-id="execute-workflow-button"]').first().click();
			await canvasNode(page, 'Build Record Link')
				.locator('[data-test-id="canvas-node-status-success"]')
				.waitFor();
			await dismissOverlays(page);
			await openNode(page, 'Build Record Link');
			await page
				.locator('[data-test-id="output-panel"]')
				.getByText('https://app.siro.ai/record?', { exact: false })
				.first()
				.waitFor();
			await save(page, 'build-run-output.png');
		}

		// (e) the runnable flagship, run in the editor: the fake phone got the links, Check Delivery says how far each got
		if (wanted('flagship-run')) {
			log('Screenshot: the runnable flagship, run in the editor');
			await page.setViewportSize(WIDE_VIEWPORT);
			await openWorkflow(page, baseUrl, RUNNABLE_FLAGSHIP_ID);
			await page.locator('[data-test-id="execute-workflow-button"]').first().click();
			await canvasNode(page, 'Check Delivery')
				.locator('[data-test-id="canvas-node-status-success"]')
				.waitFor({ timeout: 120000 });
			await dismissOverlays(page);
			await openNode(page, 'Check Delivery');
			await outputShowsEveryStatus(page);
			// Back on the canvas: every step ran, with its item counts.
			await page.keyboard.press('Escape');
			await page.locator('[data-test-id="zoom-to-fit"]').first().click();
			await page.waitForTimeout(600);
			await save(page, 'flagship-run.png');
		}

		await triggerScreenshots(page, baseUrl, wanted);

		if (DELIVERY_SCREENSHOTS.some(wanted)) {
			await takeDeliveryScreenshots(page, baseUrl, {
				fake: demo.fake,
				lib: require(path.join(ROOT, 'dist', 'index.js')),
			});
		}

		if (APPOINTMENT_SCREENSHOTS.some(wanted))
			await takeAppointmentScreenshots(page, baseUrl, wanted);
	} catch (error) {
		// What the editor showed when a step gave up says more than the timeout does.
		const shown = path.join(os.tmpdir(), 'siro-screenshots-failure.png');
		if (page && (await page.screenshot({ path: shown }).catch(() => false)))
			log(`The page when it failed: ${shown}`);
		throw error;
	} finally {
		await browser.close();
	}
}

/** Taken together: the Check Delivery picture needs the links the other two steps sent. */
const DELIVERY_SCREENSHOTS = ['integration-connection-list', 'user-list', 'check-delivery-output'];
const APPOINTMENT_SCREENSHOTS = [
	'engagement-sync-google-calendar',
	'trigger-unrecorded-appointments',
	'appointments-flagship-run',
];
const SCREENSHOT_NAMES = [
	'canvas-workflow',
	'build-record-link-parameters',
	'conversation-type-list',
	'build-run-output',
	'flagship-run',
	'trigger-webhook',
	'trigger-polling',
	...DELIVERY_SCREENSHOTS,
	...APPOINTMENT_SCREENSHOTS,
];

async function main() {
	const only = process.argv.slice(2);
	const unknown = only.filter((name) => !SCREENSHOT_NAMES.includes(name));
	if (unknown.length > 0)
		throw new Error(
			`Unknown screenshot(s): ${unknown.join(', ')} (known: ${SCREENSHOT_NAMES.join(', ')})`,
		);
	ensureChromium();
	require.resolve('playwright-core');
	// Signals are handled below (n8n stopped gracefully); on any exit, n8n still running is killed.
	killN8nOnExit({ signals: false });
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-screenshots-'));
	let stop = async () => {};
	let interrupted = false;
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			if (interrupted) process.exit(1);
			interrupted = true;
			log(`\n${signal}: stopping…`);
			stop()
				.catch(() => {})
				.finally(() => {
					fs.rmSync(userFolder, { recursive: true, force: true });
					process.exit(130);
				});
		});
	}
	const started = Date.now();
	try {
		const demo = await startDemo({
			userFolder,
			port: 0,
			fakePort: 0,
			log,
			onStop: (fn) => (stop = fn),
		});
		log(`n8n ${demo.version} ready at ${demo.url} (${demo.seconds} s); taking screenshots…`);
		await takeScreenshots(demo, only);
		log(`Screenshots done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
	} finally {
		await stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(`screenshots failed: ${error.stack || error.message}`);
	process.exit(1);
});
