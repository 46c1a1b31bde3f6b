/**
 * Evaluate's and Get Metric Values' items: with Simplify, one item per metric, ready for a sheet row or
 * a line of a message; without, Siro's answer as it came (fields beyond Siro's published schema too).
 */
import { deepCopy, type IDataObject } from 'n8n-workflow';

import type { ScorecardEvaluation, ScorecardMetricValues } from '../../client';
import { ownValue } from '../../core';
import { simplifyScorecardEvaluation } from '../../scorecards';
import { simplifyField } from '../../shared/listing';

export const simplifyEvaluation = simplifyField(
	"one item per metric: metric, score, unit, target, passed (whether the score is within the target), with the scorecard, what was evaluated (filterBy, filterByIds), the window, recordingsEvaluated and the coaching summary as one text (coachingSummary, a rep's only). Without recordings in the window scores are null, never 0",
);

export const simplifyMetricValues = simplifyField(
	'one item per metric: metric, value, unit, passRate, with what was evaluated, the window and recordingsEvaluated. Without recordings in the window values are null',
);

const NO_METRIC = { metric: null, score: null, unit: null, target: null, passed: null };

export function evaluationItems(evaluation: ScorecardEvaluation, simplify: boolean): IDataObject[] {
	if (!simplify) return [deepCopy(evaluation) as IDataObject];
	const { metrics, coachingSummary, ...about } = simplifyScorecardEvaluation(evaluation);
	const rows = metrics.length > 0 ? metrics : [NO_METRIC];
	return rows.map((metric) => ({ ...metric, ...about, coachingSummary }) as IDataObject);
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);
const number = (value: unknown) =>
	typeof value === 'number' && Number.isFinite(value) ? value : null;

export function metricValueItems(values: ScorecardMetricValues, simplify: boolean): IDataObject[] {
	if (!simplify) return [deepCopy(values) as IDataObject];
	const ids = ownValue(values, 'filterByIds');
	const about = {
		filterBy: text(ownValue(values, 'filterBy')),
		filterByIds: Array.isArray(ids) ? ids.filter((id) => typeof id === 'string') : [],
		startAt: text(ownValue(values, 'startAt')),
		endAt: text(ownValue(values, 'endAt')),
		recordingsEvaluated: number(ownValue(values, 'recordingsEvaluatedCount')),
	};
	const rows = values.metricValues.map((entry) => ({
		metric: text(ownValue(entry, 'name')) ?? text(ownValue(entry, 'id')),
		value: number(ownValue(entry, 'value')),
		unit: text(ownValue(entry, 'unitAbbreviated')) ?? text(ownValue(entry, 'unit')),
		passRate: number(ownValue(entry, 'passRate')),
	}));
	return (rows.length > 0 ? rows : [{ metric: null, value: null, unit: null, passRate: null }]).map(
		(row) => ({ ...row, ...about }),
	);
}
