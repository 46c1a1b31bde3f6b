/**
 * The Scorecard resource (SPEC "Scorecard"): Get Many, Evaluate and Get Metric Values run with
 * `new Siro().execute` against the fake Siro over real sockets: preset windows in the workflow's or a
 * given time zone, each Evaluate For, Simplify on and off, role refusals as errors naming the item and
 * what the role allows, input errors naming the field, pairing, the tool answer, and From List.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { DEMO } from '../../dev/fake-siro/server';
import { scorecardWindow } from '../../index';
import { searchScorecards } from '../../nodes/Siro/methods/listSearch';
import { useFakeSiro } from './support/fakeSiroFixture';
import { loadOptionsContext } from './support/loadOptionsContext';
import {
	nodeApiErrorFrom,
	nodeErrorFrom,
	operationParameters,
	runSiroNode,
} from './support/runSiroNode';
import { accessTokenCredentials, organizationTokenCredentials } from './support/siroCredentials';

const fake = useFakeSiro();

const SCORECARD = { __rl: true, mode: 'list', value: DEMO.scorecards.inHomeConsultation };
const METRICS = ['Talk ratio', 'Discovery questions', 'Next steps agreed', 'Conversation length'];

interface StoredRecording {
	id: string;
	userId: string;
	createdAt: string;
	isProcessingDone: boolean;
	deleted: boolean;
}
const recordings = () => fake.data.recordings as StoredRecording[];

function run(
	operation: string,
	parameters: IDataObject,
	options: {
		items?: IDataObject[];
		continueOnFail?: boolean;
		accessToken?: string;
		timezone?: string;
		node?: Partial<INode>;
	} = {},
) {
	return runSiroNode({
		credentials: organizationTokenCredentials(fake, {
			...(options.accessToken ? { accessToken: options.accessToken } : {}),
		}),
		parameters: { resource: 'scorecard', operation, options: {}, ...parameters },
		items: options.items,
		continueOnFail: options.continueOnFail,
		timezone: options.timezone,
		node: options.node,
	});
}

const evaluate = (parameters: IDataObject, options?: Parameters<typeof run>[2]) =>
	run(
		'evaluate',
		{ scorecard: SCORECARD, window: 'last7Days', timeZone: '', simplify: true, ...parameters },
		options,
	);

const rep = (id: string) => ({ evaluateFor: 'user', user: { __rl: true, mode: 'id', value: id } });

/** A rep with recordings in the last 7 days of New York, whose days are the workflow's here. */
function repWithRecordingsLastWeek(timeZone: string) {
	const window = scorecardWindow('last7Days', { timeZone });
	const inWindow = recordings().filter((recording) => {
		const at = Date.parse(recording.createdAt);
		return (
			recording.isProcessingDone &&
			!recording.deleted &&
			at >= Date.parse(window.startAt) &&
			at <= Date.parse(window.endAt)
		);
	});
	const userId = inWindow[0].userId;
	return {
		window,
		userId,
		count: inWindow.filter((recording) => recording.userId === userId).length,
	};
}

describe('Scorecard → Evaluate', () => {
	it("scores a rep over the last 7 days of the workflow's time zone: one item per metric, the coaching summary on each", async () => {
		const { window, userId, count } = repWithRecordingsLastWeek('America/New_York');
		const { output } = await evaluate(rep(userId));
		expect(fake.requests.at(-1)?.query).toEqual({
			startAt: window.startAt,
			endAt: window.endAt,
			filterBy: 'USER',
			filterByIds: userId,
		});
		expect(output.map((item) => item.json.metric)).toEqual(METRICS);
		expect(output.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		const [first] = output;
		expect(Object.keys(first.json).sort()).toEqual(
			[
				'metric',
				'score',
				'unit',
				'target',
				'passed',
				'scorecard',
				'filterBy',
				'filterByIds',
				'startAt',
				'endAt',
				'recordingsEvaluated',
				'coachingSummary',
			].sort(),
		);
		expect(first.json).toMatchObject({
			metric: 'Talk ratio',
			unit: '%',
			target: '40–60',
			scorecard: 'In-Home Consultation Scorecard',
			filterBy: 'USER',
			filterByIds: [userId],
			recordingsEvaluated: count,
		});
		expect(typeof first.json.score).toBe('number');
		expect(first.json.passed).toBe(
			(first.json.score as number) >= 40 && (first.json.score as number) <= 60,
		);
		expect(first.json.coachingSummary).toMatch(/^(Strength|Improvement): /);
		expect(new Set(output.map((item) => item.json.coachingSummary)).size).toBe(1);
	});

	it("Simplify off: Siro's evaluation as it came, fields beyond its published schema kept", async () => {
		const { userId } = repWithRecordingsLastWeek('America/New_York');
		const { output } = await evaluate({ ...rep(userId), simplify: false });
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			id: DEMO.scorecards.inHomeConsultation,
			scoringModel: 'fake-2026.12',
			filterBy: 'USER',
			recordingsWonCount: expect.any(Number),
		});
		expect(output[0].json.evaluatedNodes).toHaveLength(6);
	});

	it('Last Month in the Time Zone given, not the workflow’s', async () => {
		await evaluate({ ...rep(DEMO.users.demo.id), window: 'lastMonth', timeZone: 'Asia/Tokyo' });
		const expected = scorecardWindow('lastMonth', { timeZone: 'Asia/Tokyo' });
		expect(fake.requests.at(-1)?.query).toMatchObject({
			startAt: expected.startAt,
			endAt: expected.endAt,
		});
		expect(expected.startAt.endsWith('T15:00:00.000Z')).toBe(true);
	});

	it('a custom window reads a time without a zone in the Time Zone, and refuses an End before its Start naming the field', async () => {
		await evaluate({
			...rep(DEMO.users.demo.id),
			window: 'custom',
			startAt: '2026-11-01T00:00:00',
			endAt: '2026-11-08T00:00:00Z',
			timeZone: 'Europe/Berlin',
		});
		expect(fake.requests.at(-1)?.query).toMatchObject({
			startAt: '2026-10-31T23:00:00.000Z',
			endAt: '2026-11-08T00:00:00.000Z',
		});
		const error = await nodeErrorFrom(
			evaluate(
				{
					...rep(DEMO.users.demo.id),
					window: 'custom',
					startAt: '2026-11-08T00:00:00Z',
					endAt: '2026-11-01T00:00:00Z',
				},
				{ items: [{}, {}] },
			),
		);
		expect(error.message).toBe(
			'End (2026-11-01T00:00:00.000Z) is not after Start (2026-11-08T00:00:00.000Z). [item 0]',
		);
		expect(error.description).toBe('Set End later than Start.');
	});

	it('an unknown Time Zone is an error naming the field and the item; with Continue On Fail the item carries it', async () => {
		const { output } = await evaluate(
			{ ...rep(DEMO.users.demo.id), timeZone: 'Mars/Olympus' },
			{ continueOnFail: true },
		);
		expect(output).toEqual([
			{
				json: {
					error: 'Time Zone "Mars/Olympus" is not an IANA time zone this host knows.',
					fix: 'Set it to a zone such as America/Chicago or Europe/Berlin.',
					field: 'timeZone',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(fake.requests).toHaveLength(0);
	});

	it('refuses an unknown Time Zone with a custom window too, and more than 100 Recording IDs, before any request', async () => {
		const badZone = await nodeErrorFrom(
			evaluate({
				...rep(DEMO.users.demo.id),
				window: 'custom',
				startAt: '2026-11-01T00:00:00Z',
				endAt: '2026-11-08T00:00:00Z',
				timeZone: 'Europe/Atlantis',
			}),
		);
		expect(badZone.message).toBe(
			'Time Zone "Europe/Atlantis" is not an IANA time zone this host knows. [item 0]',
		);
		const tooMany = await nodeErrorFrom(
			evaluate({
				evaluateFor: 'recording',
				recordingIds: Array.from({ length: 101 }, (_, index) => `rec${index}`).join(','),
			}),
		);
		expect(tooMany.message).toBe('Recording IDs has 101 IDs. [item 0]');
		expect(fake.requests).toHaveLength(0);
	});

	it('evaluates a team, the organization (the credential’s) and recordings given as a comma-separated list', async () => {
		await evaluate({ evaluateFor: 'team', teamId: DEMO.teamId });
		expect(fake.requests.at(-1)?.query).toMatchObject({
			filterBy: 'TEAM',
			filterByIds: DEMO.teamId,
		});
		const { output } = await evaluate({ evaluateFor: 'organization' });
		expect(fake.requests.at(-1)?.query).toMatchObject({
			filterBy: 'ORGANIZATION',
			filterByIds: DEMO.organizationId,
		});
		expect(output[0].json.filterBy).toBe('ORGANIZATION');
		const [a, b] = recordings().filter((recording) => recording.isProcessingDone);
		await evaluate({
			evaluateFor: 'recording',
			recordingIds: ` ${a.id} , ${b.id},`,
			window: 'lastMonth',
		});
		expect(fake.requests.at(-1)?.query).toMatchObject({
			filterBy: 'RECORDING',
			filterByIds: [a.id, b.id],
		});
	});

	it('a rep By Email is looked up in the organization first', async () => {
		await evaluate({
			evaluateFor: 'user',
			user: { __rl: true, mode: 'email', value: DEMO.users.demo.email.toLowerCase() },
		});
		expect(fake.requests.at(-1)?.query).toMatchObject({ filterByIds: DEMO.users.demo.id });
	});

	it('no recording in the window: every metric without a score, nothing made up (the rep stays in the output)', async () => {
		const { output } = await evaluate({
			...rep(DEMO.users.demo.id),
			window: 'custom',
			startAt: '2020-01-01T00:00:00Z',
			endAt: '2020-01-08T00:00:00Z',
		});
		expect(output).toHaveLength(4);
		expect(output.every((item) => item.json.score === null && item.json.passed === null)).toBe(
			true,
		);
		expect(output[0].json).toMatchObject({ recordingsEvaluated: 0, coachingSummary: '' });
	});

	it("a rep's token evaluating another rep: the error names the item and what the role allows; other items go on with Continue On Fail", async () => {
		const other = DEMO.users.demo.id;
		const error = await nodeApiErrorFrom(
			evaluate(rep(other), { accessToken: DEMO.scorecardRep.accessToken }),
		);
		expect(error.httpCode).toBe('403');
		expect(error.message).toMatch(
			new RegExp(
				`^Siro refused to evaluate rep "${other}" for the token's user \\(403 Forbidden\\): a Siro user who is not an admin may evaluate only themselves and the reps of a team they coach\\..*\\[item 0\\]$`,
			),
		);
		expect(error.description).toContain("Evaluate what the user's role allows");

		const { output } = await runSiroNode({
			credentials: organizationTokenCredentials(fake, {
				accessToken: DEMO.scorecardRep.accessToken,
			}),
			parameters: operationParameters('scorecard', 'evaluate', {
				scorecard: SCORECARD,
				window: 'last7Days',
				timeZone: '',
				simplify: true,
				evaluateFor: 'user',
				user: (itemIndex: number) => ({
					__rl: true,
					mode: 'id',
					value: itemIndex === 0 ? other : DEMO.scorecardRep.userId,
				}),
				options: {},
			}),
			items: [{}, {}],
			continueOnFail: true,
		});
		expect(output[0]).toMatchObject({
			json: { httpCode: 403, error: expect.stringContaining('may evaluate only themselves') },
			pairedItem: { item: 0 },
		});
		expect(output.slice(1).map((item) => item.json.metric)).toEqual(METRICS);
		expect(output.slice(1).every((item) => JSON.stringify(item.pairedItem) === '{"item":1}')).toBe(
			true,
		);
	});

	it('as an AI tool, a refusal becomes the answer the model reads', async () => {
		const { output } = await evaluate(rep(DEMO.users.demo.id), {
			accessToken: DEMO.scorecardRep.accessToken,
			node: { type: 'n8n-nodes-siro.siroTool', typeVersion: 1.1 },
		});
		expect(output).toHaveLength(1);
		expect(output[0].json.httpCode).toBe(403);
		expect(output[0].json.error).toContain('may evaluate only themselves');
		expect(output[0].json.error).toContain("Evaluate what the user's role allows");
	});
});

describe('Scorecard → Get Many and Get Metric Values', () => {
	it("lists the credential's organization's scorecards, filtered, within the Limit", async () => {
		const { output } = await run('getAll', {
			returnAll: true,
			filters: { isActive: true },
		});
		expect(output.map((item) => item.json.name)).toEqual([
			'In-Home Consultation Scorecard',
			'Follow-up Visit Scorecard',
		]);
		expect(fake.requests.at(-1)?.query).toEqual({
			organizationId: DEMO.organizationId,
			isActive: 'true',
		});
		const limited = await run('getAll', { returnAll: false, limit: 1, filters: {} });
		expect(limited.output).toHaveLength(1);
		const error = await nodeErrorFrom(run('getAll', { returnAll: false, limit: 0, filters: {} }));
		expect(error.message).toContain('Limit is 0');
	});

	it('gives one item per metric value with Simplify, Siro’s answer without', async () => {
		const parameters = {
			conversationTypeId: DEMO.conversationTypes.inHomeConsultation.conversationType,
			window: 'lastMonth',
			timeZone: 'UTC',
			evaluateFor: 'organization',
		};
		const { output } = await run('getMetricValues', { ...parameters, simplify: true });
		expect(output.map((item) => item.json.metric)).toEqual(METRICS);
		expect(Object.keys(output[0].json).sort()).toEqual(
			[
				'metric',
				'value',
				'unit',
				'passRate',
				'filterBy',
				'filterByIds',
				'startAt',
				'endAt',
				'recordingsEvaluated',
			].sort(),
		);
		const raw = await run('getMetricValues', { ...parameters, simplify: false });
		expect(raw.output[0].json.metricValues).toHaveLength(4);
		expect(fake.requests.at(-1)?.query).toMatchObject({
			requestedOrganizationId: DEMO.organizationId,
			conversationTypeId: parameters.conversationTypeId,
		});
	});

	it('From List: active scorecards first, inactive ones marked, filtered by what is typed', async () => {
		const { results } = await searchScorecards.call(
			loadOptionsContext(accessTokenCredentials(fake)),
		);
		expect(results).toEqual([
			{ name: 'Follow-up Visit Scorecard', value: DEMO.scorecards.followUpVisit },
			{ name: 'In-Home Consultation Scorecard', value: DEMO.scorecards.inHomeConsultation },
			{ name: 'In-Home Consultation Scorecard (2025) · inactive', value: DEMO.scorecards.retired },
		]);
		const filtered = await searchScorecards.call(
			loadOptionsContext(accessTokenCredentials(fake)),
			'follow',
		);
		expect(filtered.results).toHaveLength(1);
	});
});
