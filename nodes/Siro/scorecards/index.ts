/**
 * Scorecards' pure rules, free of n8n and zod: the preset windows (Last 7 Days, Last Month) in a time
 * zone's calendar, and an evaluation simplified to one entry per metric and a coaching summary.
 */
export {
	scorecardWindow,
	SCORECARD_WINDOW_PRESETS,
	type ScorecardWindow,
	type ScorecardWindowOptions,
	type ScorecardWindowPreset,
} from './window';
export {
	simplifyScorecardEvaluation,
	type ScorecardMetricResult,
	type SimplifiedScorecardEvaluation,
} from './simplify';
