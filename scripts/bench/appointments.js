#!/usr/bin/env node
'use strict';
/**
 * Issue 17's appointment figures, against the fake Siro over real sockets (requests counted, and
 * timed, where they arrive):
 *
 * 9. Sync of 1,000 Google Calendar events (the shape n8n's Google Calendar node emits) through
 *    `engagementFromCalendarEvent` and the client's `syncEngagements`, with the client's own pacing
 *    (its default RequestPacer) and retries, while the fake answers 429 bursts with Retry-After: the
 *    sync requests that reached the fake (answered, and 429 apart), the most that arrived within any
 *    60 s, every event stored exactly once by External ID, and the time it took against Siro's floor
 *    (1,000 requests at 1,000 a minute: 60 s). On the real clock (the headline), and on a simulated
 *    one (the client's sleep moves the clock instead of waiting; the fake reads the same clock).
 * 10. The Siro Trigger's Appointment Ended Without Recording over a simulated week: every day 50 reps
 *    get 10 appointments each (500, synced through the same path in the morning; some recorded by the
 *    fake phone, some recorded late, some never, a few cancelled before or after their end), and the
 *    trigger's own poll (`pollUnrecorded`, built from nodes/SiroTrigger/unrecorded.ts with the client
 *    it is given) runs at every poll interval from the first day's midnight to the last day's: the
 *    requests of each poll (engagement-user pages and engagement reads), the static data's size at
 *    the end of each day (JSON, as n8n saves it; a restart at every midnight), each unrecorded
 *    appointment reported once and no cancelled or recorded one.
 *
 *   node scripts/bench/appointments.js [--write] [--trigger-poll-minutes 5]   (after npm run build)
 *   node scripts/bench/appointments.js --case sync --clock real|simulated     (one case, JSON out)
 *   node scripts/bench/appointments.js --case trigger [--trigger-poll-minutes 1]
 *
 * Each case runs in its own process (the simulated clock replaces Date.now for the whole process)
 * and prints one JSON object as its last line. Results go to BENCHMARKS.md between their own markers.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');

const { resultsWriter } = require('./resultsBlock');

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_START = '<!-- bench:appointments:start (written by npm run bench) -->';
const RESULTS_END = '<!-- bench:appointments:end -->';
const BUILD_DIR = path.join(ROOT, 'node_modules', '.cache', 'siro-bench-appointments');
const MINUTE_MS = 60000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Siro's limit per token, and the floor it puts under SYNC_EVENTS requests. */
const SIRO_REQUESTS_PER_MINUTE = 1000;
const SYNC_EVENTS = 1000;
const REPS = 50;
const APPOINTMENTS_PER_REP = 10;
const DAYS = 7;
/** The fake's engagement-user page when the client asks no page size (the client asks none). */
const FAKE_PAGE_SIZE = 100;
/** The trigger's defaults (nodes/SiroTrigger/unrecorded.ts): what a new trigger node polls with. */
const TRIGGER_SETTINGS = { graceMinutes: 15, lookBackHours: 24, reps: [] };
const TIME_ZONE = 'America/Chicago';
/**
 * The day's first appointment, in UTC hours (07:00 in Chicago in winter): the last one ends at 23:00,
 * so the day's polls see every appointment of the day due (end plus the grace).
 */
const FIRST_APPOINTMENT_HOUR = 13;

/**
 * 429 bursts during the sync, armed when the fake has received `atRequest` sync requests: each
 * answers every sync request for `windowMs` (or `times` requests) with Retry-After. A window longer
 * than Retry-After hits the same request twice; the client's third try then succeeds.
 */
const SYNC_BURSTS = [
	{ atRequest: 100, retryAfter: 1, windowMs: 1500 },
	{ atRequest: 450, retryAfter: 2, windowMs: 1000 },
	{ atRequest: 700, retryAfter: 1, times: 2 },
	{ atRequest: 950, retryAfter: 1, windowMs: 500 },
];

// ---------------------------------------------------------------------------------------------
// Clocks
// ---------------------------------------------------------------------------------------------

/** The real clock: sleep waits. */
function realClock() {
	return {
		kind: 'real',
		now: () => Date.now(),
		sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
	};
}

/**
 * A simulated clock for this whole process: Date.now runs with real time plus an offset that sleep
 * and moveTo push forward, so the client, the trigger's poll and the fake (its timestamps and log)
 * all read it.
 */
function simulatedClock() {
	const realNow = Date.now.bind(Date);
	let offset = 0;
	Date.now = () => realNow() + offset;
	return {
		kind: 'simulated',
		now: () => Date.now(),
		async sleep(milliseconds) {
			offset += Math.max(0, milliseconds);
			await new Promise((resolve) => setImmediate(resolve));
		},
		/** Moves the clock forward to `ms` (never back). */
		moveTo(ms) {
			offset = Math.max(offset, ms - realNow());
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Calendar events and the client
// ---------------------------------------------------------------------------------------------

/** Google's base32hex event ID (characters 0-9 a-v). */
const googleId = (prefix, index) => `${prefix}${index.toString(32).padStart(5, '0')}`;

/**
 * A Google Calendar event as n8n's Google Calendar node and trigger emit it (Google's event resource),
 * of `rep` with a customer, in TIME_ZONE. `startMs`: its start; an hour long.
 */
function googleEvent({ id, rep, startMs, updatedMs, cancelled = false }) {
	// The wall-clock time in TIME_ZONE with its offset ("2026-03-09T08:00:00-06:00"), as Google writes it.
	const local = (ms) => {
		const offset =
			new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' })
				.formatToParts(new Date(ms))
				.find((part) => part.type === 'timeZoneName')
				.value.replace('GMT', '') || '+00:00';
		const [hours, minutes] = offset.slice(1).split(':').map(Number);
		const aheadMs = (offset[0] === '-' ? -1 : 1) * (hours * 60 + minutes) * MINUTE_MS;
		return `${new Date(ms + aheadMs).toISOString().slice(0, 19)}${offset}`;
	};
	const customer = `customer.${id}@example.com`;
	return {
		kind: 'calendar#event',
		etag: `"${updatedMs}"`,
		id,
		status: cancelled ? 'cancelled' : 'confirmed',
		htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(id).toString('base64url')}`,
		created: new Date(updatedMs - DAY_MS).toISOString(),
		updated: new Date(updatedMs).toISOString(),
		summary: `Roof estimate – ${id}`,
		location: `${(startMs / MINUTE_MS) % 997} Oak St, Springfield, IL 62701`,
		creator: { email: 'dispatch@demohomeservices.com', self: true },
		organizer: { email: 'dispatch@demohomeservices.com', self: true },
		start: { dateTime: local(startMs), timeZone: TIME_ZONE },
		end: { dateTime: local(startMs + HOUR_MS), timeZone: TIME_ZONE },
		iCalUID: `${id}@google.com`,
		sequence: cancelled ? 1 : 0,
		attendees: [
			// Reps' e-mails in another case than Siro has them, as calendars do.
			{
				email: rep.email.toLowerCase(),
				displayName: `${rep.firstName} ${rep.lastName}`,
				responseStatus: 'accepted',
			},
			{ email: customer, responseStatus: 'needsAction' },
		],
		reminders: { useDefault: true },
		eventType: 'default',
	};
}

function loadLibrary() {
	return require(path.join(ROOT, 'dist', 'index.js'));
}

/**
 * The fake Siro and its first REPS findable reps. (dev/ is required when a case runs: bench.js
 * requires this file for its options, and must load in a tree without dev/.)
 */
async function startFake() {
	const { findableUsers } = require('./delivery');
	const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');
	const fake = await startFakeSiro();
	const reps = findableUsers(fake.data.users).slice(0, REPS);
	if (reps.length < REPS) throw new Error(`The fake Siro has only ${reps.length} findable reps`);
	return { fake, reps, DEMO };
}

/** A client of the fake's external API with the organization token, on `clock`. */
function clientFor({ fake, DEMO, clock, request, createSiroClient }) {
	const { createNodeHttpTransport } = require('../../dev/fake-siro/nodeHttpTransport');
	return createSiroClient({
		baseUrl: fake.platformApiUrl,
		externalApiBaseUrl: fake.externalApiUrl,
		organizationApiToken: DEMO.organizationApiToken,
		request: request ?? createNodeHttpTransport(),
		sleep: clock.sleep,
		now: clock.now,
	});
}

/** Each of `results` synced, or an error naming the first that was not. */
function checkSynced(results, what) {
	const failed = results.find((result) => !result.ok);
	if (failed)
		throw new Error(`${what}: body ${failed.index} was not synced: ${failed.error.message}`);
}

// ---------------------------------------------------------------------------------------------
// 9. Sync of 1,000 calendar events
// ---------------------------------------------------------------------------------------------

/**
 * A transport that arms SYNC_BURSTS at the fake as the sync requests go out (the fake is in this
 * process), and ends a time-window burst at the first request after its window.
 */
function burstingTransport(fake, clock, send) {
	let sent = 0;
	let active;
	const armed = [];
	return async (options) => {
		if (options.method === 'PUT') {
			if (active?.windowMs !== undefined && clock.now() >= active.until) {
				fake.clearFault();
				active = undefined;
			}
			sent += 1;
			const burst = SYNC_BURSTS.find((entry) => entry.atRequest === sent);
			if (burst) {
				fake.setFault({
					kind: 'rateLimited',
					route: 'syncEngagement',
					retryAfter: burst.retryAfter,
					...(burst.times === undefined ? {} : { times: burst.times }),
				});
				active = { ...burst, until: clock.now() + (burst.windowMs ?? 0) };
				armed.push(burst);
			}
		}
		return await send(options);
	};
}

async function benchSync({ clockKind }) {
	const { busiestWindow } = require('./delivery');
	const clock = clockKind === 'simulated' ? simulatedClock() : realClock();
	const { createSiroClient, engagementFromCalendarEvent } = loadLibrary();
	const { createNodeHttpTransport } = require('../../dev/fake-siro/nodeHttpTransport');
	const { fake, reps, DEMO } = await startFake();
	try {
		const firstStart = Date.UTC(2026, 2, 9, 14);
		const events = Array.from({ length: SYNC_EVENTS }, (_, index) =>
			googleEvent({
				id: googleId('sync', index),
				rep: reps[index % REPS],
				// Each rep's appointments an hour apart, across days.
				startMs: firstStart + Math.floor(index / REPS) * HOUR_MS,
				updatedMs: firstStart - DAY_MS,
			}),
		);
		// What the client asks to wait (pacing and retries): on the simulated clock, the waits skipped.
		let waitedMs = 0;
		const counting = {
			now: clock.now,
			sleep: (milliseconds) => {
				waitedMs += milliseconds;
				return clock.sleep(milliseconds);
			},
		};
		const client = clientFor({
			fake,
			DEMO,
			clock: counting,
			createSiroClient,
			request: burstingTransport(fake, clock, createNodeHttpTransport()),
		});
		fake.resetLog();
		const started = clock.now();
		const bodies = events.map((event) =>
			engagementFromCalendarEvent(event, { source: 'googleCalendar' }),
		);
		const converted = clock.now();
		const results = await client.syncEngagements(bodies);
		const elapsedMs = clock.now() - started;
		fake.clearFault();

		const syncs = fake.requests.filter((request) => request.route === 'syncEngagement');
		const answered = syncs.filter((request) => request.status === 200);
		const rateLimited = syncs.filter((request) => request.fault === 'rateLimited');
		const other = syncs.length - answered.length - rateLimited.length;
		const stored = fake.data.engagements.filter(
			(engagement) => engagement.organizationId === DEMO.organizationId,
		);
		const storedTimes = new Map();
		for (const engagement of stored)
			storedTimes.set(engagement.externalId, (storedTimes.get(engagement.externalId) ?? 0) + 1);
		const storedOnce = events.filter((event, index) => {
			const engagement = stored.find((entry) => entry.externalId === event.id);
			return (
				storedTimes.get(event.id) === 1 &&
				engagement.startTime === bodies[index].startTime &&
				engagement.engagementUsers.some((user) => user.userId === reps[index % REPS].id)
			);
		}).length;
		const times = syncs.map((request) => request.time);
		const failures = results.filter((result) => !result.ok).length;
		const figures = {
			clock: clock.kind,
			events: SYNC_EVENTS,
			answered: answered.length,
			rateLimited: rateLimited.length,
			otherAnswers: other,
			bursts: SYNC_BURSTS.length,
			failures,
			stored: stored.length,
			storedOnce,
			busiestMinute: busiestWindow(times, MINUTE_MS),
			busiestMinuteAnswered: busiestWindow(
				answered.map((request) => request.time),
				MINUTE_MS,
			),
			arrivalSpanMs: Math.max(...times) - Math.min(...times),
			conversionMs: converted - started,
			elapsedMs,
			waitedMs,
			floorMs: (SYNC_EVENTS / SIRO_REQUESTS_PER_MINUTE) * MINUTE_MS,
		};
		figures.ratioToFloor = figures.elapsedMs / figures.floorMs;
		const problems = [
			figures.answered !== SYNC_EVENTS && `${figures.answered} sync requests answered, not 1,000`,
			figures.failures > 0 && `${figures.failures} bodies not synced`,
			figures.storedOnce !== SYNC_EVENTS && `${figures.storedOnce} events stored exactly once`,
			figures.stored !== SYNC_EVENTS && `${figures.stored} engagements stored`,
			figures.busiestMinute > SIRO_REQUESTS_PER_MINUTE &&
				`${figures.busiestMinute} requests within 60 s`,
			figures.rateLimited === 0 && 'no 429 burst hit a request',
		].filter(Boolean);
		if (problems.length > 0)
			throw new Error(`Sync of ${SYNC_EVENTS} events: ${problems.join('; ')}`);
		return figures;
	} finally {
		await fake.close();
	}
}

// ---------------------------------------------------------------------------------------------
// 10. The trigger over a simulated week
// ---------------------------------------------------------------------------------------------

/**
 * The trigger's poll function and a client from the same build (so that the poll's
 * `instanceof SiroApiError` knows the client's errors), bundled from the sources as tsup builds the
 * node, into node_modules/.cache so that n8n-workflow resolves as it does for the node.
 */
async function buildTriggerPoll() {
	const { build } = require('tsup');
	const { commonOptions } = require('../build');
	fs.rmSync(BUILD_DIR, { recursive: true, force: true });
	fs.mkdirSync(BUILD_DIR, { recursive: true });
	const entry = path.join(BUILD_DIR, 'triggerPoll.ts');
	const source = (file) => JSON.stringify(path.join(ROOT, file));
	fs.writeFileSync(
		entry,
		[
			`export { pollUnrecorded } from ${source('nodes/SiroTrigger/unrecorded')};`,
			`export { createSiroClient, engagementFromCalendarEvent } from ${source('index')};`,
			'',
		].join('\n'),
	);
	await build({ ...commonOptions(BUILD_DIR), format: ['cjs'], entry: { triggerPoll: entry } });
	return require(path.join(BUILD_DIR, 'triggerPoll.js'));
}

/** What happens to one appointment: by its index in the day (rep × slot), spread over the reps. */
function fateOf(index) {
	if (index % 50 === 7) return 'cancelledBefore';
	if (index % 100 === 23) return 'cancelledAfterEnd';
	if (index % 3 === 0) return 'notRecorded';
	if (index % 10 === 1) return 'recordedLate';
	return 'recorded';
}

/**
 * The week's timeline: each day two hours before the first appointment the day's 500 appointments
 * are synced (10 a rep, an hour each, back to back); an hour later a few are cancelled; the fake phone records during the others (or 5
 * minutes after the end, within the grace: recorded late), some never; a few are cancelled 5 minutes
 * after their end (within the grace). Every action: { at, kind, … }.
 */
function weekTimeline(weekStart, reps) {
	const actions = [];
	for (let day = 0; day < DAYS; day++) {
		const dayStart = weekStart + day * DAY_MS;
		const appointments = [];
		for (let slot = 0; slot < APPOINTMENTS_PER_REP; slot++) {
			for (const [repIndex, rep] of reps.entries()) {
				const index = slot * REPS + repIndex;
				const startMs = dayStart + (FIRST_APPOINTMENT_HOUR + slot) * HOUR_MS;
				appointments.push({
					id: googleId(`d${day}`, index),
					rep,
					startMs,
					endMs: startMs + HOUR_MS,
					fate: fateOf(index),
				});
			}
		}
		const morning = dayStart + (FIRST_APPOINTMENT_HOUR - 2) * HOUR_MS;
		actions.push({ at: morning, kind: 'sync', appointments });
		for (const appointment of appointments) {
			const { fate, startMs, endMs } = appointment;
			if (fate === 'cancelledBefore')
				actions.push({ at: morning + HOUR_MS, kind: 'cancel', appointment });
			if (fate === 'cancelledAfterEnd')
				actions.push({ at: endMs + 5 * MINUTE_MS, kind: 'cancel', appointment });
			if (fate === 'recorded' || fate === 'cancelledAfterEnd')
				actions.push({ at: startMs + 5 * MINUTE_MS, kind: 'record', appointment });
			if (fate === 'recordedLate')
				actions.push({ at: endMs + 5 * MINUTE_MS, kind: 'recordLate', appointment });
		}
	}
	return actions.sort((left, right) => left.at - right.at);
}

async function benchTrigger({ pollMinutes }) {
	const clock = simulatedClock();
	const { pollUnrecorded, createSiroClient, engagementFromCalendarEvent } =
		await buildTriggerPoll();
	const { fake, reps, DEMO } = await startFake();
	try {
		// The next midnight (UTC): the simulated clock only moves forward.
		const weekStart = (Math.floor(Date.now() / DAY_MS) + 1) * DAY_MS;
		clock.moveTo(weekStart);
		const calendar = clientFor({ fake, DEMO, clock, createSiroClient });
		const trigger = clientFor({ fake, DEMO, clock, createSiroClient });
		const engagementIdOf = new Map();
		const engagementOf = (appointment) =>
			fake.data.engagements.find((entry) => entry.id === engagementIdOf.get(appointment.id));

		const run = {
			async sync({ appointments }) {
				const bodies = appointments.map((appointment) =>
					engagementFromCalendarEvent(googleEvent({ ...appointment, updatedMs: clock.now() }), {
						source: 'googleCalendar',
					}),
				);
				const results = await calendar.syncEngagements(bodies);
				checkSynced(results, 'the day’s appointments');
				results.forEach(({ engagement }, index) =>
					engagementIdOf.set(appointments[index].id, engagement.id),
				);
			},
			async cancel({ appointment }) {
				const event = googleEvent({ ...appointment, updatedMs: clock.now(), cancelled: true });
				checkSynced(
					await calendar.syncEngagements([
						engagementFromCalendarEvent(event, { source: 'googleCalendar' }),
					]),
					'a cancellation',
				);
			},
			// The rep records from the record button: Siro matches the recording by rep and time.
			async record({ appointment }) {
				fake.phone.pressRecordButton({ userId: appointment.rep.id });
				if (!engagementOf(appointment).recordingId)
					throw new Error(`The fake did not match the recording of ${appointment.id}`);
			},
			// Uploaded after the end (within the grace): Siro matches it late.
			async recordLate({ appointment }) {
				engagementOf(appointment).recordingId = `late-${appointment.id}`;
			},
		};

		const actions = weekTimeline(weekStart, reps);
		const node = { id: 'bench-trigger', name: 'Siro Trigger', type: 'n8n-nodes-siro.siroTrigger' };
		let staticData = {};
		const context = {
			getNode: () => node,
			getWorkflowStaticData: () => staticData,
		};
		const polls = [];
		const reported = new Map();
		const stateBytesByDay = [];
		const pollsPerDay = DAY_MS / (pollMinutes * MINUTE_MS);
		let next = 0;
		let lastPollAt = weekStart;
		for (let poll = 0; poll < DAYS * pollsPerDay; poll++) {
			const pollAt = weekStart + poll * pollMinutes * MINUTE_MS;
			for (; next < actions.length && actions[next].at <= pollAt; next++) {
				clock.moveTo(actions[next].at);
				await run[actions[next].kind](actions[next]);
			}
			if (poll % pollsPerDay === 0) staticData = JSON.parse(JSON.stringify(staticData)); // a restart
			clock.moveTo(pollAt);
			lastPollAt = pollAt;
			const rows = fake.data.engagementUsers.length;
			fake.resetLog();
			const items = await pollUnrecorded(context, trigger, TRIGGER_SETTINGS);
			const listing = fake.countRequests('engagementUsers');
			const reads = fake.countRequests('engagement');
			const requests = fake.countRequests();
			if (requests !== listing + reads || listing !== Math.max(1, Math.ceil(rows / FAKE_PAGE_SIZE)))
				throw new Error(
					`Poll ${poll}: ${requests} requests, ${listing} listing pages for ${rows} rows, ${reads} reads`,
				);
			polls.push({ day: Math.floor(poll / pollsPerDay), listing, reads, requests });
			for (const item of items)
				reported.set(item.externalId, (reported.get(item.externalId) ?? 0) + 1);
			if ((poll + 1) % pollsPerDay === 0)
				stateBytesByDay.push({
					bytes: JSON.stringify(staticData).length,
					engagements: staticData.siroUnrecorded?.engagements?.length ?? 0,
				});
		}

		const appointments = actions
			.filter((action) => action.kind === 'sync')
			.flatMap((action) => action.appointments);
		const graceMs = TRIGGER_SETTINGS.graceMinutes * MINUTE_MS;
		// Those whose end plus the grace came by the last poll (all, unless polls are far apart).
		const unrecorded = appointments.filter(
			(appointment) =>
				appointment.fate === 'notRecorded' && appointment.endMs + graceMs <= lastPollAt,
		);
		const count = (fate) => appointments.filter((appointment) => appointment.fate === fate).length;
		const wronglyReported = [...reported.keys()].filter(
			(id) => appointments.find((appointment) => appointment.id === id)?.fate !== 'notRecorded',
		);
		const figures = {
			clock: 'simulated',
			pollMinutes,
			days: DAYS,
			reps: REPS,
			appointmentsPerDay: REPS * APPOINTMENTS_PER_REP,
			fates: {
				notRecorded: count('notRecorded'),
				notRecordedDueByTheLastPoll: unrecorded.length,
				recorded: count('recorded'),
				recordedLate: count('recordedLate'),
				cancelledBefore: count('cancelledBefore'),
				cancelledAfterEnd: count('cancelledAfterEnd'),
			},
			polls: polls.length,
			requestsPerPoll: summary(polls.map((poll) => poll.requests)),
			listingPerPoll: summary(polls.map((poll) => poll.listing)),
			readsPerPoll: summary(polls.map((poll) => poll.reads)),
			byDay: Array.from({ length: DAYS }, (_, day) => {
				const ofDay = polls.filter((poll) => poll.day === day);
				return {
					day: day + 1,
					requests: summary(ofDay.map((poll) => poll.requests)),
					listing: summary(ofDay.map((poll) => poll.listing)),
					reads: ofDay.reduce((sum, poll) => sum + poll.reads, 0),
					stateBytes: stateBytesByDay[day].bytes,
					stateEngagements: stateBytesByDay[day].engagements,
				};
			}),
			totalReads: polls.reduce((sum, poll) => sum + poll.reads, 0),
			reportedOnce: unrecorded.filter((appointment) => reported.get(appointment.id) === 1).length,
			reportedMoreThanOnce: [...reported.values()].filter((times) => times > 1).length,
			wronglyReported: wronglyReported.length,
			finalStateBytes: JSON.stringify(staticData).length,
		};
		const problems = [
			figures.reportedOnce !== unrecorded.length &&
				`${figures.reportedOnce} of ${unrecorded.length} unrecorded appointments reported exactly once`,
			figures.reportedMoreThanOnce > 0 && `${figures.reportedMoreThanOnce} reported more than once`,
			figures.wronglyReported > 0 &&
				`${figures.wronglyReported} recorded or cancelled appointments reported (${wronglyReported.slice(0, 3).join(', ')})`,
		].filter(Boolean);
		if (problems.length > 0) throw new Error(`Trigger week: ${problems.join('; ')}`);
		return figures;
	} finally {
		await fake.close();
	}
}

/** Median (the lower middle of an even count), min and max of whole numbers. */
function summary(values) {
	const sorted = [...values].sort((left, right) => left - right);
	return {
		median: sorted[Math.floor((sorted.length - 1) / 2)],
		min: sorted[0],
		max: sorted[sorted.length - 1],
	};
}

// ---------------------------------------------------------------------------------------------
// Running the cases, and the results block
// ---------------------------------------------------------------------------------------------

/** One case in its own process (the simulated clock is process-wide): its JSON result. */
function runCase(caseArgs) {
	const result = spawnSync(process.execPath, [__filename, ...caseArgs], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.status !== 0)
		throw new Error(
			`appointments ${caseArgs.join(' ')} failed (${result.status}):\n${result.stderr.slice(-4000)}`,
		);
	return JSON.parse(result.stdout.trim().split('\n').pop());
}

/** Benchmarks 9 and 10, each case in its own process. */
function benchAppointments({ pollMinutes = 5, log = () => {} } = {}) {
	log('   9. sync of 1,000 calendar events, real clock (a minute or more)…');
	const syncReal = runCase(['--case', 'sync', '--clock', 'real']);
	log(
		`      ${syncReal.answered} answered + ${syncReal.rateLimited} × 429 in ${(syncReal.elapsedMs / 1000).toFixed(1)} s (${syncReal.ratioToFloor.toFixed(2)} × the floor), at most ${syncReal.busiestMinute} in any 60 s`,
	);
	log('   9. the same, simulated clock…');
	const syncSimulated = runCase(['--case', 'sync', '--clock', 'simulated']);
	log(
		`      ${syncSimulated.answered} answered + ${syncSimulated.rateLimited} × 429 in ${(syncSimulated.elapsedMs / 1000).toFixed(1)} simulated s`,
	);
	log(`  10. the trigger over a simulated week, a poll every ${pollMinutes} min…`);
	const trigger = runCase(['--case', 'trigger', '--trigger-poll-minutes', String(pollMinutes)]);
	log(
		`      ${trigger.polls} polls, requests per poll ${trigger.requestsPerPoll.min}–${trigger.requestsPerPoll.max} (median ${trigger.requestsPerPoll.median}), static data ${trigger.byDay[0].stateBytes} B after day 1, ${trigger.byDay[DAYS - 1].stateBytes} B after day ${DAYS}`,
	);
	return { sync: [syncReal, syncSimulated], trigger };
}

const thousands = (value) => value.toLocaleString('en');
const triple = ({ median, min, max }) => `${median} | ${min} | ${max}`;

function markdown({ sync, trigger }, meta) {
	const [real, simulated] = sync;
	const clockLabel = (figures) =>
		figures.clock === 'real' ? 'real clock (waits are waited)' : 'simulated clock (waits skipped)';
	const syncRow = (figures) =>
		`| 9 | Sync of ${thousands(figures.events)} Google Calendar events, ${clockLabel(figures)}: elapsed / floor (${(figures.floorMs / 1000).toFixed(0)} s) | ${figures.ratioToFloor.toFixed(2)} (${(figures.elapsedMs / 1000).toFixed(1)} s, of which ${(figures.waitedMs / 1000).toFixed(1)} s asked waits) | ${thousands(figures.answered)} answered, ${figures.rateLimited} × 429 in ${figures.bursts} bursts, ${figures.failures} lost | ${figures.busiestMinute} (${figures.busiestMinuteAnswered} answered) | ${thousands(figures.storedOnce)} of ${thousands(figures.events)} |`;
	const day = (number) => trigger.byDay[number - 1];
	const lines = [
		RESULTS_START,
		'',
		`Run ${meta.date} · \`${meta.command}\` · git ${meta.commit} · Node ${process.version} · load average at start ${meta.loadAverage} (shared machine)`,
		'',
		'| # | Figure | Ratio (time) | Sync requests at the fake | Most in any 60 s | Stored exactly once |',
		'|---|---|---|---|---|---|',
		syncRow(real),
		syncRow(simulated),
		'',
		`The client paces with its default RequestPacer (900 a minute per token, a tenth under Siro's 1,000); its 429 retries take turns too. Converting the ${thousands(real.events)} events with \`engagementFromCalendarEvent\` took ${thousands(real.conversionMs)} ms of the real run.`,
		'',
		`| # | Trigger, ${trigger.days} simulated days × ${trigger.appointmentsPerDay} appointments (${trigger.reps} reps × ${trigger.appointmentsPerDay / trigger.reps}), a poll every ${trigger.pollMinutes} min (${thousands(trigger.polls)} polls) | Median | Min | Max |`,
		'|---|---|---|---|---|',
		`| 10 | Requests per poll, the week | ${triple(trigger.requestsPerPoll)} |`,
		`| 10 | … engagement-user pages (${FAKE_PAGE_SIZE} rows a page at the fake) | ${triple(trigger.listingPerPoll)} |`,
		`| 10 | … engagement reads | ${triple(trigger.readsPerPoll)} |`,
		...trigger.byDay.map(
			(entry) =>
				`| 10 | Requests per poll, day ${entry.day} (${thousands(entry.day * trigger.appointmentsPerDay)} engagements listed by its end; ${thousands(entry.reads)} reads that day) | ${triple(entry.requests)} |`,
		),
		'',
		`| # | Static data after the day (JSON, bytes) | ${trigger.byDay.map((entry) => `Day ${entry.day}`).join(' | ')} |`,
		`|---|---|${trigger.byDay.map(() => '---').join('|')}|`,
		`| 10 | Size | ${trigger.byDay.map((entry) => thousands(entry.stateBytes)).join(' | ')} |`,
		`| 10 | Engagements remembered | ${trigger.byDay.map((entry) => thousands(entry.stateEngagements)).join(' | ')} |`,
		'',
		`Of the ${thousands(trigger.days * trigger.appointmentsPerDay)} appointments: ${thousands(trigger.fates.notRecorded)} never recorded, reported exactly once each: ${thousands(trigger.reportedOnce)}; reported twice: ${trigger.reportedMoreThanOnce}; recorded (${thousands(trigger.fates.recorded)}), recorded late within the grace (${thousands(trigger.fates.recordedLate)}), cancelled before the start (${trigger.fates.cancelledBefore}) or after the end within the grace (${trigger.fates.cancelledAfterEnd}) reported: ${trigger.wronglyReported}. Every poll's requests were its engagement-user pages (⌈rows / ${FAKE_PAGE_SIZE}⌉) plus its engagement reads, nothing else (checked). Reads in all: ${thousands(trigger.totalReads)} (${(trigger.totalReads / (trigger.days * trigger.appointmentsPerDay)).toFixed(2)} per appointment). Static data after day 1: ${thousands(day(1).stateBytes)} B; after day ${trigger.days}: ${thousands(day(trigger.days).stateBytes)} B.`,
		'',
		RESULTS_END,
	];
	return lines.join('\n');
}

const writeResults = resultsWriter(RESULTS_START, RESULTS_END, 'Appointments (issue 17)');

function pollMinutesOption(value) {
	const minutes = Number(value);
	if (!Number.isSafeInteger(minutes) || minutes < 1 || DAY_MS % (minutes * MINUTE_MS) !== 0)
		throw new Error(`--trigger-poll-minutes must divide a day into whole polls, not "${value}"`);
	return minutes;
}

module.exports = { benchAppointments, markdown, writeResults, pollMinutesOption };

if (require.main === module) {
	(async () => {
		const { values } = parseArgs({
			options: {
				case: { type: 'string' },
				clock: { type: 'string', default: 'real' },
				'trigger-poll-minutes': { type: 'string', default: '5' },
				write: { type: 'boolean', default: false },
			},
		});
		const pollMinutes = pollMinutesOption(values['trigger-poll-minutes']);
		if (values.case === 'sync') {
			if (!['real', 'simulated'].includes(values.clock))
				throw new Error(`--clock must be real or simulated, not "${values.clock}"`);
			process.stdout.write(`${JSON.stringify(await benchSync({ clockKind: values.clock }))}\n`);
			return;
		}
		if (values.case === 'trigger') {
			process.stdout.write(`${JSON.stringify(await benchTrigger({ pollMinutes }))}\n`);
			return;
		}
		if (values.case !== undefined)
			throw new Error(`--case must be sync or trigger, not "${values.case}"`);
		// bench.js is required here, not at the top: it requires this file in its own main().
		const { revision } = require('../bench');
		const os = require('node:os');
		const meta = {
			date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
			command: `node scripts/bench/appointments.js ${process.argv.slice(2).join(' ')}`.trim(),
			commit: revision(),
			loadAverage: os
				.loadavg()
				.map((load) => load.toFixed(1))
				.join(' '),
		};
		const results = benchAppointments({
			pollMinutes,
			log: (message) => process.stderr.write(`${message}\n`),
		});
		if (values.write) writeResults(markdown(results, meta));
		process.stdout.write(`${JSON.stringify(results)}\n`);
	})().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
