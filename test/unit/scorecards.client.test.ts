/**
 * The scorecard calls of createSiroClient against the fake Siro over real sockets: instances with
 * their filters, an evaluation for each filter (recordings, a rep, a team, the organization) scored
 * from the recordings in the window, window edges (a recording exactly at the start and at the end,
 * a window over a DST change), role refusals, empty evaluations, metric values, and requests that are
 * refused before anything is sent.
 */
import {
	createSiroClient,
	scorecardWindow,
	simplifyScorecardEvaluation,
	SiroApiError,
	type ScorecardEvaluationRequest,
	type SiroClientOptions,
} from '../../index';
import { createNodeHttpTransport } from '../../dev/fake-siro/nodeHttpTransport';
import { DEMO } from '../../dev/fake-siro/server';
import { rejection } from './support/fakeSiroClient';
import { useFakeSiro } from './support/fakeSiroFixture';

const fake = useFakeSiro();

function client(
	accessToken: string = DEMO.userAccessToken,
	overrides: Partial<SiroClientOptions> = {},
) {
	return createSiroClient({
		baseUrl: fake.platformApiUrl,
		accessToken,
		request: createNodeHttpTransport(),
		sleep: async () => undefined,
		random: () => 0.5,
		...overrides,
	});
}

async function apiRejection(promise: Promise<unknown>): Promise<SiroApiError> {
	const caught = await rejection(promise);
	expect(caught).toBeInstanceOf(SiroApiError);
	return caught as SiroApiError;
}

const DAY = 24 * 3600000;
const SCORECARD = DEMO.scorecards.inHomeConsultation;

interface StoredUser {
	id: string;
	memberTeamId: string | null;
	coachTeamIds: string[];
	disabled: boolean;
	firstName: string;
	organizationId: string;
}
interface StoredRecording {
	id: string;
	userId: string;
	organizationId: string;
	createdAt: string;
	isProcessingDone: boolean;
	deleted: boolean;
}
const users = () => fake.data.users as StoredUser[];
const recordings = () => fake.data.recordings as StoredRecording[];

/** The last 30 days up to now: every seeded recording that is processed. */
function wholeSeed(): Pick<ScorecardEvaluationRequest, 'startAt' | 'endAt'> {
	return { startAt: new Date(Date.now() - 30 * DAY), endAt: new Date() };
}

/** What the fake scores: processed, not deleted, made within the window (ends included). */
function scoredIn(
	window: { startAt: unknown; endAt: unknown },
	keep: (r: StoredRecording) => boolean,
) {
	const [start, end] = [window.startAt, window.endAt].map((value) =>
		new Date(value as string).getTime(),
	);
	return recordings().filter((recording) => {
		const at = Date.parse(recording.createdAt);
		return (
			recording.organizationId === DEMO.organizationId &&
			recording.isProcessingDone &&
			!recording.deleted &&
			at >= start &&
			at <= end &&
			keep(recording)
		);
	});
}

const teamOf = (userId: string) => users().find((user) => user.id === userId)?.memberTeamId;

let nextRecording = 0;
/** A processed recording of `userId` made at `createdAt`, added to the fake's store. */
function addRecording(userId: string, createdAt: string) {
	nextRecording += 1;
	const recording = {
		...recordings()[5],
		id: `scorecard-test-${nextRecording}`,
		userId,
		organizationId: DEMO.organizationId,
		createdAt,
		updatedAt: createdAt,
		isProcessingDone: true,
		deleted: false,
		evaluationScore: 80,
		durationInMilliseconds: 30 * 60000,
		result: 'WON',
	};
	fake.data.recordings.push(recording);
	return recording.id;
}

/** A rep of the demo organization without seeded recordings, in `teamId`, coaching no team. */
function quietRep(teamId: string, skip = 0): StoredUser {
	const seeded = new Set(recordings().map((recording) => recording.userId));
	return users().filter(
		(user) =>
			user.organizationId === DEMO.organizationId &&
			user.memberTeamId === teamId &&
			user.coachTeamIds.length === 0 &&
			!user.disabled &&
			!seeded.has(user.id),
	)[skip];
}

describe('listScorecardInstances', () => {
	it("lists the organization's instances with Siro's fields, unknown ones kept; filters by conversation type and active", async () => {
		const all = await client().listScorecardInstances({ organizationId: DEMO.organizationId });
		expect(all.map((instance) => instance.id).sort()).toEqual(
			[
				DEMO.scorecards.inHomeConsultation,
				DEMO.scorecards.followUpVisit,
				DEMO.scorecards.retired,
			].sort(),
		);
		const inHome = all.find((instance) => instance.id === SCORECARD);
		expect(inHome).toMatchObject({
			name: 'In-Home Consultation Scorecard',
			isActive: true,
			conversationType: DEMO.conversationTypes.inHomeConsultation.conversationType,
			scorecardConfigVersion: 4,
		});
		expect(inHome?.metricRubrics).toHaveLength(4);

		const active = await client().listScorecardInstances({
			organizationId: DEMO.organizationId,
			conversationTypeId: DEMO.conversationTypes.inHomeConsultation.conversationType,
			isActive: true,
		});
		expect(active.map((instance) => instance.id)).toEqual([SCORECARD]);
		expect(fake.requests.at(-1)?.query).toEqual({
			organizationId: DEMO.organizationId,
			conversationTypeId: DEMO.conversationTypes.inHomeConsultation.conversationType,
			isActive: 'true',
		});
		const one = await client().listScorecardInstances(
			{ organizationId: DEMO.organizationId },
			{ limit: 1 },
		);
		expect(one).toHaveLength(1);
	});

	it('shows a rep active instances only, and names the organization on a 403', async () => {
		const seenByRep = await client(DEMO.scorecardRep.accessToken).listScorecardInstances({
			organizationId: DEMO.organizationId,
		});
		expect(seenByRep.every((instance) => instance.isActive)).toBe(true);
		expect(seenByRep).toHaveLength(2);
		const error = await apiRejection(
			client().listScorecardInstances({ organizationId: DEMO.otherOrganizationId }),
		);
		expect(error.httpCode).toBe(403);
		expect(error.message).toContain(`organization "${DEMO.otherOrganizationId}"`);
	});
});

describe('evaluateScorecard: each filter, scored from the recordings in the window', () => {
	it("a rep: their recordings only, with coaching summaries; Siro's unknown fields kept", async () => {
		const repId = recordings()[3].userId;
		const window = wholeSeed();
		const evaluation = await client().evaluateScorecard(SCORECARD, {
			...window,
			filterBy: 'USER',
			filterByIds: repId,
		});
		const expected = scoredIn(window, (recording) => recording.userId === repId);
		expect(expected.length).toBeGreaterThan(0);
		expect(evaluation.recordingsEvaluatedCount).toBe(expected.length);
		expect(evaluation).toMatchObject({
			filterBy: 'USER',
			filterByIds: [repId],
			scoringModel: 'fake-2026.12',
		});
		expect(evaluation.spotlightSummaries?.length).toBeGreaterThan(0);
		const request = fake.requests.at(-1);
		expect(request?.path).toBe(
			`/api-internalApi/v1/core/scorecards/evaluated-instances/${SCORECARD}`,
		);
		expect(request?.query).toEqual({
			startAt: new Date(window.startAt).toISOString(),
			endAt: new Date(window.endAt).toISOString(),
			filterBy: 'USER',
			filterByIds: repId,
		});
		expect(request?.headers['x-siro-auth-token']).toBe(DEMO.userAccessToken);
		const simplified = simplifyScorecardEvaluation(evaluation);
		expect(simplified.metrics.map((metric) => metric.metric)).toEqual([
			'Talk ratio',
			'Discovery questions',
			'Next steps agreed',
			'Conversation length',
		]);
		expect(simplified.metrics.every((metric) => typeof metric.score === 'number')).toBe(true);
		expect(simplified.coachingSummary).not.toBe('');
	});

	it("a team: its members' recordings; the organization: every recording; no coaching summaries", async () => {
		const window = wholeSeed();
		const team = await client().evaluateScorecard(SCORECARD, {
			...window,
			filterBy: 'TEAM',
			filterByIds: [DEMO.teamId],
		});
		const teamCount = scoredIn(
			window,
			(recording) => teamOf(recording.userId) === DEMO.teamId,
		).length;
		expect(teamCount).toBeGreaterThan(0);
		expect(team.recordingsEvaluatedCount).toBe(teamCount);
		expect(team.spotlightSummaries).toBeUndefined();

		const organization = await client().evaluateScorecard(SCORECARD, {
			...window,
			filterBy: 'ORGANIZATION',
			filterByIds: DEMO.organizationId,
		});
		expect(organization.recordingsEvaluatedCount).toBe(scoredIn(window, () => true).length);
		expect(organization.recordingsEvaluatedCount).toBeGreaterThan(teamCount);
	});

	it('recordings: several IDs, sent as repeated parameters', async () => {
		const window = wholeSeed();
		const [first, second] = scoredIn(window, () => true);
		const evaluation = await client().evaluateScorecard(SCORECARD, {
			...window,
			filterBy: 'RECORDING',
			filterByIds: [first.id, second.id],
		});
		expect(evaluation.recordingsEvaluatedCount).toBe(2);
		expect(fake.requests.at(-1)?.url).toContain(
			`filterBy=RECORDING&filterByIds=${first.id}&filterByIds=${second.id}`,
		);
	});

	it('an empty window is an evaluation of 0 recordings: no metric value, no coaching summary, nothing made up', async () => {
		const rep = quietRep(DEMO.teamId);
		const evaluation = await client().evaluateScorecard(SCORECARD, {
			...wholeSeed(),
			filterBy: 'USER',
			filterByIds: rep.id,
		});
		expect(evaluation.recordingsEvaluatedCount).toBe(0);
		expect(evaluation.spotlightSummaries).toEqual([]);
		const simplified = simplifyScorecardEvaluation(evaluation);
		expect(simplified.metrics).toHaveLength(4);
		expect(
			simplified.metrics.every((metric) => metric.score === null && metric.passed === null),
		).toBe(true);
		expect(simplified.coachingSummary).toBe('');
	});
});

describe('evaluateScorecard: window edges', () => {
	it('a recording exactly at the start and one exactly at the end count; one a millisecond outside does not', async () => {
		const rep = quietRep(DEMO.teamId, 1);
		const window = scorecardWindow('last7Days', {
			timeZone: 'Europe/Berlin',
			now: '2026-06-15T09:00:00Z',
		});
		const justBefore = new Date(Date.parse(window.startAt) - 1).toISOString();
		const justAfter = new Date(Date.parse(window.endAt) + 1).toISOString();
		for (const at of [window.startAt, window.endAt, justBefore, justAfter])
			addRecording(rep.id, at);
		const evaluation = await client().evaluateScorecard(SCORECARD, {
			...window,
			filterBy: 'USER',
			filterByIds: rep.id,
		});
		expect(evaluation.recordingsEvaluatedCount).toBe(2);
		// The next window starts where this one ended: the recording just after it is that window's.
		const next = scorecardWindow('last7Days', {
			timeZone: 'Europe/Berlin',
			now: '2026-06-22T09:00:00Z',
		});
		expect(next.startAt).toBe(justAfter);
		const following = await client().evaluateScorecard(SCORECARD, {
			...next,
			filterBy: 'USER',
			filterByIds: rep.id,
		});
		expect(following.recordingsEvaluatedCount).toBe(1);
	});

	it('a week over the end of DST in New York keeps Sunday 23:30 EST, which a fixed EDT offset would lose', async () => {
		const rep = quietRep(DEMO.teamId, 2);
		const window = scorecardWindow('last7Days', {
			timeZone: 'America/New_York',
			now: '2026-11-02T15:00:00Z',
		});
		addRecording(rep.id, '2026-11-02T04:30:00.000Z'); // Sunday Nov 1, 23:30 EST
		addRecording(rep.id, '2026-10-26T04:00:00.000Z'); // Monday Oct 26, 00:00 EDT
		addRecording(rep.id, '2026-10-26T03:59:00.000Z'); // Sunday Oct 25, 23:59 EDT: the week before
		const evaluation = await client().evaluateScorecard(SCORECARD, {
			...window,
			filterBy: 'USER',
			filterByIds: rep.id,
		});
		expect(evaluation.recordingsEvaluatedCount).toBe(2);
		// The same instants seen from Tokyo make another week: only the Monday recording is in it.
		const tokyo = scorecardWindow('last7Days', {
			timeZone: 'Asia/Tokyo',
			now: '2026-11-02T15:00:00Z',
		});
		const fromTokyo = await client().evaluateScorecard(SCORECARD, {
			...tokyo,
			filterBy: 'USER',
			filterByIds: rep.id,
		});
		expect(tokyo.startAt).toBe('2026-10-26T15:00:00.000Z');
		expect(fromTokyo.recordingsEvaluatedCount).toBe(1);
	});
});

describe("evaluateScorecard: Siro's role rules", () => {
	const repClient = () => client(DEMO.scorecardRep.accessToken);
	const coachClient = () => client(DEMO.scorecardCoach.accessToken);
	const otherTeam = () => (DEMO.scorecardRep.teamId === DEMO.teamId ? 'demoTeamEast' : DEMO.teamId);

	it('a rep may evaluate themselves and their own team', async () => {
		const self = await repClient().evaluateScorecard(SCORECARD, {
			...wholeSeed(),
			filterBy: 'USER',
			filterByIds: DEMO.scorecardRep.userId,
		});
		expect(self.filterByIds).toEqual([DEMO.scorecardRep.userId]);
		const team = await repClient().evaluateScorecard(SCORECARD, {
			...wholeSeed(),
			filterBy: 'TEAM',
			filterByIds: DEMO.scorecardRep.teamId,
		});
		expect(team.filterBy).toBe('TEAM');
	});

	it('a rep evaluating another rep, another team or the organization gets a 403 that says what the role allows', async () => {
		const otherRep = quietRep(otherTeam());
		const asUser = await apiRejection(
			repClient().evaluateScorecard(SCORECARD, {
				...wholeSeed(),
				filterBy: 'USER',
				filterByIds: otherRep.id,
			}),
		);
		expect(asUser).toMatchObject({ httpCode: 403, kind: 'forbidden' });
		expect(asUser.message).toBe(
			`Siro refused to evaluate rep "${otherRep.id}" for the token's user (403 Forbidden): a Siro user who is not an admin may evaluate only themselves and the reps of a team they coach. Siro said: "Forbidden: you may only evaluate yourself or reps of teams you coach".`,
		);
		expect(asUser.description).toContain("Evaluate what the user's role allows");

		const asTeam = await apiRejection(
			repClient().evaluateScorecard(SCORECARD, {
				...wholeSeed(),
				filterBy: 'TEAM',
				filterByIds: otherTeam(),
			}),
		);
		expect(asTeam.httpCode).toBe(403);
		expect(asTeam.message).toContain('may evaluate only a team they are a member or coach of');

		const asOrganization = await apiRejection(
			repClient().evaluateScorecard(SCORECARD, {
				...wholeSeed(),
				filterBy: 'ORGANIZATION',
				filterByIds: DEMO.organizationId,
			}),
		);
		expect(asOrganization.httpCode).toBe(403);
		expect(asOrganization.message).toContain(`organization "${DEMO.organizationId}"`);
	});

	it("a coach may evaluate the reps of the team they coach, not another team's reps or recordings", async () => {
		const coached = quietRep(DEMO.scorecardCoach.teamId);
		const ok = await coachClient().evaluateScorecard(SCORECARD, {
			...wholeSeed(),
			filterBy: 'USER',
			filterByIds: coached.id,
		});
		expect(ok.recordingsEvaluatedCount).toBe(0);
		const elsewhere = scoredIn(
			wholeSeed(),
			(recording) => teamOf(recording.userId) !== DEMO.scorecardCoach.teamId,
		)[0];
		const refused = await apiRejection(
			coachClient().evaluateScorecard(SCORECARD, {
				...wholeSeed(),
				filterBy: 'RECORDING',
				filterByIds: [elsewhere.id],
			}),
		);
		expect(refused.httpCode).toBe(403);
		expect(refused.message).toContain(`recording "${elsewhere.id}"`);
	});

	it('an unknown scorecard is a 404 that says it takes a scorecard ID, not a recording ID', async () => {
		const error = await apiRejection(
			client().evaluateScorecard(DEMO.recordings.processedLinked, {
				...wholeSeed(),
				filterBy: 'ORGANIZATION',
				filterByIds: DEMO.organizationId,
			}),
		);
		expect(error.httpCode).toBe(404);
		expect(error.description).toContain('not a recording ID');
	});
});

describe('evaluateScorecard: requests refused before anything is sent', () => {
	const refusals: Array<[string, Partial<ScorecardEvaluationRequest>, RegExp]> = [
		['a time without a zone', { startAt: '2026-11-01T00:00:00' }, /startAt .* has no time zone/],
		['a start after the end', { startAt: '2026-11-09T00:00:00Z' }, /not before endAt/],
		['two reps', { filterBy: 'USER', filterByIds: ['a', 'b'] }, /has 2 IDs/],
		['no recording', { filterBy: 'RECORDING', filterByIds: [] }, /has 0 IDs/],
		['an unknown filter', { filterBy: 'REGION' as 'USER' }, /filterBy is "REGION"/],
		[
			'a number past precision as an ID',
			{ filterByIds: 12345678901234567890 as unknown as string },
			/cannot be an exact ID/,
		],
	];
	it.each(refusals)('%s', async (_name, change, message) => {
		const error = await apiRejection(
			client().evaluateScorecard(SCORECARD, {
				startAt: '2026-11-01T00:00:00Z',
				endAt: '2026-11-08T00:00:00Z',
				filterBy: 'USER',
				filterByIds: 'rep',
				...change,
			}),
		);
		expect(error.kind).toBe('invalidInput');
		expect(error.message).toMatch(message);
		expect(fake.requests).toHaveLength(0);
	});
});

describe('getScorecardMetricValues', () => {
	it("returns each metric's value and pass rate over the window, Siro's unknown fields kept; 403 for a rep on the organization", async () => {
		const window = wholeSeed();
		const values = await client().getScorecardMetricValues({
			organizationId: DEMO.organizationId,
			conversationTypeId: DEMO.conversationTypes.inHomeConsultation.conversationType,
			...window,
			filterBy: 'TEAM',
			filterByIds: DEMO.teamId,
		});
		expect(values.recordingsEvaluatedCount).toBe(
			scoredIn(window, (recording) => teamOf(recording.userId) === DEMO.teamId).length,
		);
		expect(values.metricValues.map((entry) => entry.name)).toEqual([
			'Talk ratio',
			'Discovery questions',
			'Next steps agreed',
			'Conversation length',
		]);
		expect(values.metricValues[0]).toMatchObject({ benchmark: { organizationMedian: null } });
		expect(fake.requests.at(-1)?.query).toMatchObject({
			requestedOrganizationId: DEMO.organizationId,
			filterBy: 'TEAM',
		});

		const refused = await apiRejection(
			client(DEMO.scorecardRep.accessToken).getScorecardMetricValues({
				organizationId: DEMO.organizationId,
				conversationTypeId: DEMO.conversationTypes.inHomeConsultation.conversationType,
				...window,
				filterBy: 'ORGANIZATION',
				filterByIds: DEMO.organizationId,
			}),
		);
		expect(refused.httpCode).toBe(403);
	});
});
