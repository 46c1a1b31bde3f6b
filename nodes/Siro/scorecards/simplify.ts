/**
 * An evaluated scorecard made readable for a sheet, a chat message or an e-mail: one entry per metric
 * with its value, its target and whether the value is on target, and the rep's coaching summaries
 * (Siro's spotlight summaries) as one text. Pure: the node's Simplify and the library share it.
 */
import { ownValue } from '../core';

export interface ScorecardMetricResult {
	/** The metric's name as the scorecard shows it. */
	metric: string;
	/** The metric's value over the window; null when no recording was evaluated. */
	score: number | null;
	/** Its unit as Siro abbreviates it (`%`, `min`), or null. */
	unit: string | null;
	/** The rubric's target as text: `40–60`, `≥ 5`, `≤ 30`; null when the rubric has none. */
	target: string | null;
	/**
	 * Whether the score is within the target (bounds included). null when there is no score or no
	 * target. Siro's targetTolerance is not applied: Siro does not document its unit.
	 */
	passed: boolean | null;
}

export interface SimplifiedScorecardEvaluation {
	/** The scorecard's name. */
	scorecard: string | null;
	/** What was evaluated, as Siro echoes it: RECORDING, USER, TEAM or ORGANIZATION, and the IDs. */
	filterBy: string | null;
	filterByIds: string[];
	startAt: string | null;
	endAt: string | null;
	/** How many recordings the scores come from (0: nothing to score in the window). */
	recordingsEvaluated: number | null;
	metrics: ScorecardMetricResult[];
	/** Every coaching summary (a rep's evaluation has them), one paragraph each; '' when none. */
	coachingSummary: string;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const text = (value: unknown): string | null =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
const finite = (value: unknown): number | null =>
	typeof value === 'number' && Number.isFinite(value) ? value : null;

/** A node of the evaluated scorecard is a metric when it names one (sections do not). */
function isMetricNode(node: Json): boolean {
	const metadata = ownValue(node, 'metadata');
	return (
		ownValue(node, 'nodeType') === 'METRIC' ||
		(isRecord(metadata) && text(ownValue(metadata, 'metricId')) !== null)
	);
}

function rubricFor(node: Json, rubrics: Json[]): Json | undefined {
	const metadata = ownValue(node, 'metadata');
	const metricId = isRecord(metadata) ? text(ownValue(metadata, 'metricId')) : null;
	const nodeId = text(ownValue(node, 'id'));
	return (
		rubrics.find((rubric) => nodeId !== null && ownValue(rubric, 'scorecardNodeId') === nodeId) ??
		rubrics.find(
			(rubric) => metricId !== null && ownValue(rubric, 'scorecardMetricId') === metricId,
		)
	);
}

function targetText(min: number | null, max: number | null): string | null {
	if (min !== null && max !== null) return min === max ? `${min}` : `${min}–${max}`;
	if (min !== null) return `≥ ${min}`;
	if (max !== null) return `≤ ${max}`;
	return null;
}

function metricResult(node: Json, rubrics: Json[]): ScorecardMetricResult {
	const rubric = rubricFor(node, rubrics);
	const min = rubric ? finite(ownValue(rubric, 'minTarget')) : null;
	const max = rubric ? finite(ownValue(rubric, 'maxTarget')) : null;
	const score = finite(ownValue(node, 'metricValue'));
	const hasTarget = min !== null || max !== null;
	return {
		metric: text(ownValue(node, 'name')) ?? text(ownValue(node, 'id')) ?? 'Unnamed metric',
		score,
		unit: text(ownValue(node, 'unitAbbreviated')) ?? text(ownValue(node, 'unit')),
		target: targetText(min, max),
		passed:
			score === null || !hasTarget
				? null
				: (min === null || score >= min) && (max === null || score <= max),
	};
}

/** "Strength: Clear next steps\nBooked the install…" per summary, blank lines between. */
function coachingSummaryOf(summaries: Json[]): string {
	return summaries
		.map((summary) => {
			const type = text(ownValue(summary, 'spotlightType'));
			const title = text(ownValue(summary, 'title'));
			const body = text(ownValue(summary, 'summary'));
			const kind = type ? `${type[0].toUpperCase()}${type.slice(1)}` : null;
			const heading = [kind, title].filter(Boolean).join(': ');
			return [heading, body].filter(Boolean).join('\n');
		})
		.filter((paragraph) => paragraph !== '')
		.join('\n\n');
}

/**
 * The evaluation Siro returned (Get evaluated scorecard instance's `data`) as metrics and a coaching
 * summary. Metrics keep the scorecard's order (indexNumber, then as listed). Anything unreadable is
 * left out rather than guessed: a missing value is a null score, never a zero.
 */
export function simplifyScorecardEvaluation(evaluation: unknown): SimplifiedScorecardEvaluation {
	const data = isRecord(evaluation) ? evaluation : {};
	const rubrics = records(ownValue(data, 'metricRubrics'));
	const nodes = records(ownValue(data, 'evaluatedNodes'))
		.map((node, position) => ({ node, position }))
		.filter(({ node }) => isMetricNode(node))
		.sort(
			(a, b) =>
				(finite(ownValue(a.node, 'indexNumber')) ?? a.position) -
					(finite(ownValue(b.node, 'indexNumber')) ?? b.position) || a.position - b.position,
		);
	const ids = ownValue(data, 'filterByIds');
	return {
		scorecard: text(ownValue(data, 'name')),
		filterBy: text(ownValue(data, 'filterBy')),
		filterByIds: Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [],
		startAt: text(ownValue(data, 'startAt')),
		endAt: text(ownValue(data, 'endAt')),
		recordingsEvaluated: finite(ownValue(data, 'recordingsEvaluatedCount')),
		metrics: nodes.map(({ node }) => metricResult(node, rubrics)),
		coachingSummary: coachingSummaryOf(records(ownValue(data, 'spotlightSummaries'))),
	};
}
