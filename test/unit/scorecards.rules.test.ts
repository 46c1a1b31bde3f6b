/**
 * The scorecard rules, pure: scorecardWindow's presets as calendar days in IANA time zones (daylight
 * saving changes inside the window, a midnight that does not exist, year boundaries) and
 * simplifyScorecardEvaluation (one entry per metric, targets, passed, the coaching summary).
 */
import { scorecardWindow, simplifyScorecardEvaluation, SiroInputError } from '../../index';

const HOUR = 3600000;
const hours = ({ startAt, endAt }: { startAt: string; endAt: string }) =>
	(Date.parse(endAt) + 1 - Date.parse(startAt)) / HOUR;

describe('scorecardWindow', () => {
	it('Last 7 Days on a Monday is Monday to Sunday of the week before, whole days in the zone, today left out', () => {
		// Monday 2026-12-07, 08:00 in Chicago (14:00 UTC); Chicago is UTC−6 in December.
		const window = scorecardWindow('last7Days', {
			timeZone: 'America/Chicago',
			now: '2026-12-07T14:00:00Z',
		});
		expect(window).toEqual({
			startAt: '2026-11-30T06:00:00.000Z',
			endAt: '2026-12-07T05:59:59.999Z',
			firstDay: '2026-11-30',
			lastDay: '2026-12-06',
			timeZone: 'America/Chicago',
		});
		expect(hours(window)).toBe(7 * 24);
	});

	it("takes today from the zone's calendar, not UTC's: late Sunday evening in Los Angeles is already Monday in UTC", () => {
		const window = scorecardWindow('last7Days', {
			timeZone: 'America/Los_Angeles',
			now: '2026-12-07T05:00:00Z', // Sunday 21:00 in Los Angeles
		});
		expect([window.firstDay, window.lastDay]).toEqual(['2026-11-29', '2026-12-05']);
		expect(window.startAt).toBe('2026-11-29T08:00:00.000Z');
	});

	it('a window over the end of daylight saving time is 169 hours, its ends on each side at local midnight', () => {
		// New York leaves EDT (UTC−4) for EST (UTC−5) on Sunday 2026-11-01.
		const window = scorecardWindow('last7Days', {
			timeZone: 'America/New_York',
			now: '2026-11-02T15:00:00Z',
		});
		expect(window.startAt).toBe('2026-10-26T04:00:00.000Z');
		expect(window.endAt).toBe('2026-11-02T04:59:59.999Z');
		expect(hours(window)).toBe(169);
	});

	it('a window over the start of daylight saving time is 167 hours (Europe/Berlin, March 2026)', () => {
		const window = scorecardWindow('last7Days', {
			timeZone: 'Europe/Berlin',
			now: '2026-03-30T10:00:00+02:00',
		});
		expect(window.startAt).toBe('2026-03-22T23:00:00.000Z');
		expect(window.endAt).toBe('2026-03-29T21:59:59.999Z');
		expect(hours(window)).toBe(167);
	});

	it('Last Month is the previous calendar month in the zone, January giving December of the year before', () => {
		const window = scorecardWindow('lastMonth', {
			timeZone: 'Europe/Berlin',
			now: new Date('2027-01-01T00:30:00+01:00'),
		});
		expect(window).toMatchObject({
			startAt: '2026-11-30T23:00:00.000Z',
			endAt: '2026-12-31T22:59:59.999Z',
			firstDay: '2026-12-01',
			lastDay: '2026-12-31',
		});
		// Half past midnight on the 1st in Berlin is still December 31 in UTC: the zone decides.
		const utc = scorecardWindow('lastMonth', { timeZone: 'UTC', now: '2026-12-31T23:30:00Z' });
		expect([utc.firstDay, utc.lastDay]).toEqual(['2026-11-01', '2026-11-30']);
	});

	it('Last Month over a DST change (March in New York) is 743 hours; February of a leap year has 29 days', () => {
		const march = scorecardWindow('lastMonth', {
			timeZone: 'America/New_York',
			now: '2026-04-15T12:00:00Z',
		});
		expect(hours(march)).toBe(31 * 24 - 1);
		const february = scorecardWindow('lastMonth', { timeZone: 'Asia/Tokyo', now: 1709251200000 });
		expect([february.firstDay, february.lastDay]).toEqual(['2024-02-01', '2024-02-29']);
		expect(february.startAt).toBe('2024-01-31T15:00:00.000Z');
	});

	it('a day whose midnight does not exist starts when it begins (Santiago moves 00:00 to 01:00)', () => {
		// Chile starts DST on Sunday 2026-09-06: 00:00 becomes 01:00 (UTC−4 → UTC−3).
		const window = scorecardWindow('last7Days', {
			timeZone: 'America/Santiago',
			now: '2026-09-13T15:00:00Z',
		});
		expect(window.firstDay).toBe('2026-09-06');
		expect(window.startAt).toBe('2026-09-06T04:00:00.000Z');
		expect(hours(window)).toBe(7 * 24 - 1);
	});

	it("uses Intl's spelling of the zone, and refuses a zone this host does not know, naming timeZone", () => {
		expect(scorecardWindow('last7Days', { timeZone: 'america/chicago', now: 0 }).timeZone).toBe(
			'America/Chicago',
		);
		for (const timeZone of ['Mars/Olympus', '', 'UTC+2', undefined]) {
			let caught: unknown;
			try {
				scorecardWindow('last7Days', { timeZone: timeZone as string, now: 0 });
			} catch (error) {
				caught = error;
			}
			expect(caught).toBeInstanceOf(SiroInputError);
			expect((caught as SiroInputError).field).toBe('timeZone');
		}
		expect(() => scorecardWindow('lastWeek' as 'last7Days', { timeZone: 'UTC', now: 0 })).toThrow(
			/not a preset/,
		);
		expect(() => scorecardWindow('last7Days', { timeZone: 'UTC', now: 'yesterday' })).toThrow(
			SiroInputError,
		);
	});
});

describe('simplifyScorecardEvaluation', () => {
	const evaluation = {
		id: 'sc1',
		name: 'In-Home Consultation Scorecard',
		recordingsEvaluatedCount: 3,
		filterBy: 'USER',
		filterByIds: ['rep1'],
		startAt: '2026-11-30T06:00:00.000Z',
		endAt: '2026-12-07T05:59:59.999Z',
		evaluatedNodes: [
			{ id: 'close', name: 'Close', nodeType: 'SECTION', indexNumber: 1, metadata: {} },
			{
				id: 'n2',
				name: 'Conversation length',
				indexNumber: 1,
				metricValue: 75,
				unit: 'minutes',
				unitAbbreviated: 'min',
				metadata: { metricId: 'm-length' },
			},
			{
				id: 'n1',
				name: 'Talk ratio',
				nodeType: 'METRIC',
				indexNumber: 0,
				metricValue: 48.5,
				unitAbbreviated: '%',
				metadata: { metricId: 'm-talk' },
			},
			{
				id: 'n3',
				name: 'Discovery questions',
				indexNumber: 2,
				metricValue: null,
				metadata: { metricId: 'm-questions' },
			},
			{
				id: 'n4',
				name: 'Objections handled',
				indexNumber: 3,
				metricValue: 4,
				metadata: { metricId: 'm-objections' },
			},
		],
		metricRubrics: [
			{ scorecardNodeId: 'n1', minTarget: 40, maxTarget: 60 },
			// Found by metric ID when the node ID does not match.
			{ scorecardMetricId: 'm-length', minTarget: 20, maxTarget: 60 },
			{ scorecardNodeId: 'n3', minTarget: 5 },
		],
		spotlightSummaries: [
			{ spotlightType: 'strength', title: 'Talk ratio on target', summary: 'Listens well.' },
			{ spotlightType: 'improvement', title: 'Shorter visits', summary: 'Visits run long.' },
			{ spotlightType: 'note' },
		],
		somethingNew: { kept: 'elsewhere' },
	};

	it('gives one entry per metric in the scorecard order, with target text and passed (bounds included)', () => {
		const simplified = simplifyScorecardEvaluation(evaluation);
		expect(simplified.metrics).toEqual([
			{ metric: 'Talk ratio', score: 48.5, unit: '%', target: '40–60', passed: true },
			{ metric: 'Conversation length', score: 75, unit: 'min', target: '20–60', passed: false },
			{ metric: 'Discovery questions', score: null, unit: null, target: '≥ 5', passed: null },
			{ metric: 'Objections handled', score: 4, unit: null, target: null, passed: null },
		]);
		expect(simplified).toMatchObject({
			scorecard: 'In-Home Consultation Scorecard',
			filterBy: 'USER',
			filterByIds: ['rep1'],
			recordingsEvaluated: 3,
			startAt: evaluation.startAt,
			endAt: evaluation.endAt,
		});
		const atBound = simplifyScorecardEvaluation({
			evaluatedNodes: [{ id: 'x', name: 'X', nodeType: 'METRIC', metricValue: 60 }],
			metricRubrics: [{ scorecardNodeId: 'x', maxTarget: 60 }],
		});
		expect(atBound.metrics[0]).toMatchObject({ target: '≤ 60', passed: true });
	});

	it('joins the coaching summaries into one text, one paragraph each', () => {
		expect(simplifyScorecardEvaluation(evaluation).coachingSummary).toBe(
			'Strength: Talk ratio on target\nListens well.\n\nImprovement: Shorter visits\nVisits run long.\n\nNote',
		);
	});

	it('never invents a score: an empty or malformed evaluation has no metrics and empty texts', () => {
		for (const input of [
			undefined,
			null,
			'x',
			[],
			{ evaluatedNodes: 'x', spotlightSummaries: {} },
		]) {
			expect(simplifyScorecardEvaluation(input)).toEqual({
				scorecard: null,
				filterBy: null,
				filterByIds: [],
				startAt: null,
				endAt: null,
				recordingsEvaluated: null,
				metrics: [],
				coachingSummary: '',
			});
		}
		// Inherited keys are not read.
		const inherited = Object.create({
			name: 'From the prototype',
			evaluatedNodes: evaluation.evaluatedNodes,
		});
		expect(simplifyScorecardEvaluation(inherited).metrics).toEqual([]);
	});
});
