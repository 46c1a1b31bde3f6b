/**
 * Siro's record-link parameters, in the fixed order links are written. Each one's file says which
 * actions accept it, how an input value becomes the link's value, and how parse checks it; the
 * node's UI, build's errors and parse's issues all read these.
 */
import type { LinkIssue } from '../errors';
import { listWithOr } from '../values';
import { RECORD_ACTIONS, action, type RecordAction } from './action';
import { conversationType } from './conversationType';
import { crmObjects } from './crmObjects';
import { integrationConnectionId } from './integrationConnectionId';
import { opportunityId } from './opportunityId';
import type { LinkParameter, RecordLinkParameter } from './parameter';
import { redirectUrl } from './redirectUrl';
import { title } from './title';

export type AnyLinkParameter = {
	[Name in RecordLinkParameter]: LinkParameter<Name>;
}[RecordLinkParameter];

/** Fixed write order: a link built twice from the same input is byte-for-byte the same. */
export const PARAMETERS: readonly AnyLinkParameter[] = [
	action,
	title,
	conversationType,
	integrationConnectionId,
	crmObjects,
	opportunityId,
	redirectUrl,
];

export const PARAMETER_ORDER: readonly RecordLinkParameter[] = PARAMETERS.map(
	(parameter) => parameter.name,
);

/** For each optional parameter, the actions Siro applies it to. */
export const ACTIONS_ACCEPTING = Object.fromEntries(
	PARAMETERS.filter((parameter) => parameter !== action).map((parameter) => [
		parameter.name,
		parameter.actions,
	]),
) as Record<Exclude<RecordLinkParameter, 'action'>, readonly RecordAction[]>;

/** Every name a parameter goes by, aliases included (jobId → opportunityId). */
export const PARAMETER_BY_NAME = new Map<string, AnyLinkParameter>(
	PARAMETERS.flatMap((parameter) =>
		[parameter.name, ...(parameter.aliases ?? [])].map((name) => [name, parameter] as const),
	),
);

/** For each action, the parameters Siro ignores on it. */
const IGNORED_BY = new Map(
	RECORD_ACTIONS.map((linkAction) => [
		linkAction,
		PARAMETERS.filter((parameter) => !parameter.actions.includes(linkAction)),
	]),
);
const NEEDING_ANOTHER = PARAMETERS.filter((parameter) => parameter.requires !== undefined);

/**
 * Rules that tie parameters together: each is valid only for some actions (Siro ignores it on the
 * others, so it is refused rather than silently dropped), and some need another one next to them.
 */
export function combinationIssues(
	linkAction: RecordAction,
	isPresent: (name: RecordLinkParameter) => boolean,
): LinkIssue[] {
	const issues: LinkIssue[] = [];
	for (const parameter of IGNORED_BY.get(linkAction)!) {
		if (isPresent(parameter.name)) {
			issues.push({
				field: parameter.name,
				problem: `${parameter.name} is not valid for a ${linkAction} link: Siro ignores it there.`,
				fix: `Remove ${parameter.name}, or use action ${listWithOr(parameter.actions)}.`,
			});
		}
	}
	for (const { name, requires } of NEEDING_ANOTHER) {
		if (isPresent(name) && !isPresent(requires!.parameter)) issues.push(requires!.issue);
	}
	return issues;
}
