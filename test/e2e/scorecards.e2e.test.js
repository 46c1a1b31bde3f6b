'use strict';
/**
 * End to end in real n8n, 1.123.81 on Node 20 and 2.41.1 on Node 24: the weekly scorecards example
 * (examples/weekly-scorecards-to-team-leads.json) run headless as it ships, with a Manual Trigger of
 * the same name standing in for the Schedule Trigger and a Set node capturing each e-mail. The packed
 * package is installed as a community package and the fake Siro stands in for Siro. The messages are
 * checked against what the library itself gets from the fake for the same window: one message per
 * team lead, each rep of the lead's teams with their metrics (or in the "no recording" line).
 * Needs `npm run build` first.
 */
const { ensureN8n } = require('../../dev/n8n/install');
const { N8nInstance, outputOf } = require('../../dev/n8n/instance');
const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');
const { createNodeHttpTransport } = require('../../dev/fake-siro/nodeHttpTransport');
const wf = require('./support/workflows');
const { usePackedPackage, expectSuccess, ROOT } = require('./support/packedPackage');

const { createSiroClient, scorecardWindow, simplifyScorecardEvaluation } = require(
	`${ROOT}/dist/index.js`,
);

jest.setTimeout(20 * 60 * 1000);

const FILE = 'weekly-scorecards-to-team-leads.json';
const SENDER = 'E-mail the Team Lead';
/** n8n's time zone when GENERIC_TIMEZONE is not set, as in the harness. */
const N8N_DEFAULT_TIME_ZONE = 'America/New_York';

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const packed = usePackedPackage();

/** The example with a Manual Trigger of the same name in place of its Schedule Trigger, e-mails captured. */
function runnableExample(line) {
	const example = wf.readExample(FILE);
	const schedule = example.nodes.filter((node) => node.type === 'n8n-nodes-base.scheduleTrigger');
	expect(schedule).toHaveLength(1);
	const manual = {
		...example,
		nodes: example.nodes.map((node) =>
			node === schedule[0]
				? { ...node, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} }
				: node,
		),
	};
	return wf.exampleVariant(manual, { id: wf.workflowId('WeeklyScorecards', line) });
}

const nameOf = (user) =>
	[user.firstName, user.lastName].filter(Boolean).join(' ') || user.email || user.id;

/** A metric's line as a team lead reads it. */
function metricLine(metric) {
	const score =
		metric.score === null ? 'no score' : `${metric.score}${metric.unit ? ` ${metric.unit}` : ''}`;
	const target = metric.target ? ` (target ${metric.target})` : '';
	const mark = metric.passed === true ? ' ✓' : metric.passed === false ? ' ✗ below target' : '';
	return `  ${metric.metric}: ${score}${target}${mark}`;
}

describe.each(['1', '2'])('Scorecards in real n8n line %s', (line) => {
	let n8n;
	let fake;
	let example;

	beforeAll(async () => {
		const started = Date.now();
		await ensureN8n(line);
		fake = await startFakeSiro();
		n8n = new N8nInstance({ line });
		await n8n.installCommunityPackage(packed.tarball);
		await n8n.importCredentials([wf.siroCredentialWithOrganizationToken(fake.url)]);
		example = runnableExample(line);
		await n8n.withJsonFile([example.workflow], (file) =>
			n8n.cliOk(['import:workflow', `--input=${file}`]),
		);
		console.log(`line ${line}: set up in ${seconds(started)}`);
	});

	afterAll(async () => {
		await n8n?.cleanup();
		await fake?.close();
	});

	test("the weekly scorecards example: one e-mail per team lead with each rep's metrics and coaching for last week", async () => {
		expect(example.replaced).toEqual({ triggers: [], senders: [SENDER] });
		fake.resetLog();
		const started = Date.now();
		const run = await n8n.execute(example.workflow.id);
		console.log(`line ${line}: example ran in ${seconds(started)}`);
		expectSuccess(run);
		for (const text of [run.stdout, run.stderr]) {
			expect(text).not.toContain(DEMO.userAccessToken);
			expect(text).not.toContain(DEMO.organizationApiToken);
		}

		// Every enabled rep (Siro's own accounts left out) was evaluated once, over last week in n8n's zone.
		const reps = fake.data.users.filter(
			(user) =>
				user.organizationId === DEMO.organizationId &&
				!user.disabled &&
				!/@siro\.ai$/i.test(user.email ?? ''),
		);
		const evaluations = fake.requests.filter((entry) => entry.route === 'evaluatedScorecard');
		expect(evaluations.every((entry) => entry.status === 200)).toBe(true);
		expect(evaluations.map((entry) => entry.query.filterByIds).sort()).toEqual(
			reps.map((rep) => rep.id).sort(),
		);
		const window = scorecardWindow('last7Days', {
			timeZone: N8N_DEFAULT_TIME_ZONE,
			now: evaluations[0].time,
		});
		for (const entry of evaluations) {
			expect(entry.query).toMatchObject({
				startAt: window.startAt,
				endAt: window.endAt,
				filterBy: 'USER',
			});
			expect(entry.path).toContain(DEMO.scorecards.inHomeConsultation);
		}

		// What Siro (the fake) gives each rep for that window, asked through the library.
		const client = createSiroClient({
			baseUrl: fake.platformApiUrl,
			accessToken: DEMO.userAccessToken,
			request: createNodeHttpTransport(),
			sleep: async () => undefined,
		});
		const expected = new Map();
		for (const rep of reps) {
			const evaluation = await client.evaluateScorecard(DEMO.scorecards.inHomeConsultation, {
				startAt: window.startAt,
				endAt: window.endAt,
				filterBy: 'USER',
				filterByIds: rep.id,
			});
			expected.set(rep.id, simplifyScorecardEvaluation(evaluation));
		}

		const leads = reps.filter((lead) => lead.coachTeamIds.length > 0 && lead.email);
		const teamOf = (lead) =>
			reps.filter((rep) => rep.id !== lead.id && lead.coachTeamIds.includes(rep.memberTeamId));
		const messages = outputOf(run.result, SENDER);
		expect(messages.map((message) => message.toEmail).sort()).toEqual(
			leads
				.filter((lead) => teamOf(lead).length > 0)
				.map((lead) => lead.email)
				.sort(),
		);

		let scoredReps = 0;
		let coachingShown = 0;
		for (const message of messages) {
			const lead = leads.find((candidate) => candidate.email === message.toEmail);
			expect(message.text.startsWith(`Hi ${lead.firstName},`)).toBe(true);
			expect(message.fromEmail).toBe('coaching@example.com');
			const team = teamOf(lead);
			const scored = team.filter((rep) => expected.get(rep.id).recordingsEvaluated > 0);
			const quiet = team.filter((rep) => expected.get(rep.id).recordingsEvaluated === 0);
			expect(message.subject).toMatch(
				new RegExp(`^Weekly scorecards, .+: ${scored.length} of ${team.length} reps scored$`),
			);
			for (const rep of scored) {
				const simplified = expected.get(rep.id);
				const count = simplified.recordingsEvaluated;
				const section = [
					`${nameOf(rep)} (${count} recording${count === 1 ? '' : 's'})`,
					...simplified.metrics.map(metricLine),
				].join('\n');
				expect(message.text).toContain(section);
				if (simplified.coachingSummary) {
					expect(message.text).toContain(simplified.coachingSummary.split('\n')[0]);
					coachingShown += 1;
				}
				scoredReps += 1;
			}
			const quietLine = message.text
				.split('\n')
				.find((text) => text.startsWith('No recording scored: '));
			if (quiet.length === 0) expect(quietLine).toBeUndefined();
			else for (const rep of quiet) expect(quietLine).toContain(nameOf(rep));
		}
		// The seeded week has recordings: the checks above looked at real scores and coaching.
		expect(scoredReps).toBeGreaterThan(0);
		expect(coachingShown).toBeGreaterThan(0);
	});
});
