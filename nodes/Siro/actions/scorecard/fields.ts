/**
 * What Evaluate and Get Metric Values share: the window (a preset in a time zone's calendar, or
 * Start and End), what is evaluated (recordings, a rep, a team or the organization), the
 * organization, and the notice that scorecards act as a Siro user. Every reader names its field.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MAX_RECORDING_IDS, readId, SiroApiError, type ScorecardFilterBy } from '../../client';
import { ownValue, RecordLinkError } from '../../core';
import { readTime } from '../../core/time';
import { SiroInputError } from '../../engagements';
import { scorecardWindow, type ScorecardWindowPreset } from '../../scorecards';
import { readTimeZone } from '../../scorecards/window';
import { optionsCollection } from '../../shared/collections';
import { ItemInputError } from '../../shared/nodeErrors';
import type { SiroConnection } from '../../shared/siroApi';
import { readLocator, resolveUserId, userLocator } from '../../shared/users';

export const userAccessNotice: INodeProperties = {
	displayName:
		"Scorecards use Siro's platform API as a Siro user: the credential needs user access, and Siro shows that user what their role allows (a rep: themselves; a coach: their teams; an admin: everyone).",
	name: 'scorecardNotice',
	type: 'notice',
	default: '',
};

/** The Options collection of every scorecard operation: the organization. */
export const organizationOptions = optionsCollection([
	{
		displayName: 'Organization ID',
		name: 'organizationId',
		type: 'string',
		default: '',
		description:
			"Siro's organization ID. Leave empty for the credential's organization (or the organization API token's own).",
	},
]);

export const windowFields: INodeProperties[] = [
	{
		displayName: 'Window',
		name: 'window',
		type: 'options',
		options: [
			{
				name: 'Last 7 Days',
				value: 'last7Days',
				description: 'The 7 whole days before today in the time zone (today not included)',
			},
			{
				name: 'Last Month',
				value: 'lastMonth',
				description: 'The previous calendar month in the time zone',
			},
			{ name: 'Custom', value: 'custom', description: 'From Start to End' },
		],
		default: 'last7Days',
		description: 'Which recordings are scored: those made in this window',
	},
	{
		displayName: 'Start',
		name: 'startAt',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: { window: ['custom'] } },
		description: 'Start of the window (included). A time without a zone is read in the Time Zone.',
	},
	{
		displayName: 'End',
		name: 'endAt',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: { window: ['custom'] } },
		description: 'End of the window (included). A time without a zone is read in the Time Zone.',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'e.g. America/Chicago',
		description:
			"IANA time zone whose calendar days make Last 7 Days and Last Month (and that reads Start and End written without a zone). Leave empty for the workflow's time zone.",
	},
];

export const evaluateForFields: INodeProperties[] = [
	{
		displayName: 'Evaluate For',
		name: 'evaluateFor',
		type: 'options',
		options: [
			{
				name: 'Organization',
				value: 'organization',
				description: 'Every recording of the organization',
			},
			{ name: 'Recording', value: 'recording', description: 'One or more recordings' },
			{ name: 'Rep', value: 'user', description: 'A rep, with their coaching summaries' },
			{ name: 'Team', value: 'team', description: "A team's recordings" },
		],
		default: 'user',
	},
	{
		displayName: 'Recording IDs',
		name: 'recordingIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 0b7c…, 5e1a…',
		displayOptions: { show: { evaluateFor: ['recording'] } },
		description: "Siro's recording IDs, separated by commas",
	},
	{
		...userLocator({
			name: 'user',
			displayName: 'Rep',
			description: 'The Siro user whose recordings are scored',
			required: true,
		}),
		displayOptions: { show: { evaluateFor: ['user'] } },
	},
	{
		displayName: 'Team ID',
		name: 'teamId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 8d3f…',
		displayOptions: { show: { evaluateFor: ['team'] } },
		description: "Siro's team ID (a user's memberTeamId)",
	},
];

export interface ReadWindow {
	startAt: string;
	endAt: string;
}

/**
 * What a reader threw, reported on the node's field: the rules' errors (RecordLinkError,
 * SiroInputError) and the client's input checks; anything else as it was.
 */
function onFieldError(field: string, error: unknown, fix: string): unknown {
	if (error instanceof RecordLinkError || error instanceof SiroInputError) {
		return new ItemInputError(field, error.problem, error.fix);
	}
	if (error instanceof SiroApiError && error.kind === 'invalidInput') {
		return new ItemInputError(field, error.message, fix);
	}
	return error;
}

/** `read()`, its error reported on `field` (thrown outside the catch, as n8n's lint rules ask). */
export function onField<T>(field: string, read: () => T, fix = `Check ${field}.`): T {
	let outcome: { value: T } | { error: unknown };
	try {
		outcome = { value: read() };
	} catch (error) {
		outcome = { error };
	}
	if ('value' in outcome) return outcome.value;
	throw onFieldError(field, outcome.error, fix);
}

/** The item's window: a preset computed in the time zone's calendar, or Start and End. */
export function readWindow(context: IExecuteFunctions, itemIndex: number): ReadWindow {
	const window = context.getNodeParameter('window', itemIndex, 'last7Days') as string;
	const given = context.getNodeParameter('timeZone', itemIndex, '') as unknown;
	const timeZone = onField('timeZone', () =>
		readTimeZone(typeof given === 'string' && given.trim() !== '' ? given : context.getTimezone()),
	);
	if (window !== 'custom') {
		const { startAt, endAt } = onField('timeZone', () =>
			scorecardWindow(window as ScorecardWindowPreset, { timeZone }),
		);
		return { startAt, endAt };
	}
	const read = (name: string, label: string) => {
		const value = context.getNodeParameter(name, itemIndex, '') as unknown;
		if (value === '' || value === null || value === undefined) {
			throw new ItemInputError(
				name,
				`${label} is empty.`,
				`Set ${label}, or pick a preset Window.`,
			);
		}
		return onField(name, () => readTime(value, label, { localTimeZone: timeZone }));
	};
	const startMs = read('startAt', 'Start');
	const endMs = read('endAt', 'End');
	if (startMs >= endMs) {
		throw new ItemInputError(
			'endAt',
			`End (${new Date(endMs).toISOString()}) is not after Start (${new Date(startMs).toISOString()}).`,
			'Set End later than Start.',
		);
	}
	return { startAt: new Date(startMs).toISOString(), endAt: new Date(endMs).toISOString() };
}

const FILTER_BY: Record<string, ScorecardFilterBy> = {
	recording: 'RECORDING',
	user: 'USER',
	team: 'TEAM',
	organization: 'ORGANIZATION',
};

/** An ID read for a field, its error reported on that field. */
function idOn(field: string, value: unknown, label: string): string {
	return onField(field, () => readId(value, label), `Set ${label} to Siro's ID.`);
}

/** What the item evaluates, as Siro's filterBy and filterByIds. */
export async function readSubject(
	context: IExecuteFunctions,
	itemIndex: number,
	siro: SiroConnection,
): Promise<{ filterBy: ScorecardFilterBy; filterByIds: string[] }> {
	const evaluateFor = context.getNodeParameter('evaluateFor', itemIndex, 'user') as string;
	const filterBy = FILTER_BY[evaluateFor];
	if (filterBy === undefined) {
		throw new ItemInputError(
			'evaluateFor',
			`Evaluate For "${String(evaluateFor).slice(0, 40)}" is not one of Recording, Rep, Team, Organization.`,
			'Pick what to evaluate.',
		);
	}
	if (filterBy === 'RECORDING') {
		const given = context.getNodeParameter('recordingIds', itemIndex, '') as unknown;
		const ids = (Array.isArray(given) ? given : String(given ?? '').split(','))
			.map((id) => (typeof id === 'string' ? id.trim() : id))
			.filter((id) => id !== '');
		if (ids.length === 0) {
			throw new ItemInputError(
				'recordingIds',
				'Recording IDs is empty.',
				'Give one or more recording IDs, separated by commas.',
			);
		}
		if (ids.length > MAX_RECORDING_IDS) {
			throw new ItemInputError(
				'recordingIds',
				`Recording IDs has ${ids.length} IDs.`,
				`Give at most ${MAX_RECORDING_IDS}, or evaluate the rep or team instead.`,
			);
		}
		return { filterBy, filterByIds: ids.map((id) => idOn('recordingIds', id, 'Recording ID')) };
	}
	if (filterBy === 'USER') {
		const picked = readLocator(context, 'user', itemIndex);
		return { filterBy, filterByIds: [await resolveUserId(context, picked, 'Rep')] };
	}
	if (filterBy === 'TEAM') {
		const teamId = context.getNodeParameter('teamId', itemIndex, '') as unknown;
		return { filterBy, filterByIds: [idOn('teamId', teamId, 'Team ID')] };
	}
	return { filterBy, filterByIds: [await organizationOf(context, itemIndex, siro)] };
}

/** The Organization ID option, else the credential's organization. */
export async function organizationOf(
	context: IExecuteFunctions,
	itemIndex: number,
	siro: SiroConnection,
): Promise<string> {
	const options = context.getNodeParameter('options', itemIndex, {}) as object;
	const given = ownValue(options, 'organizationId');
	let outcome: { value: string } | { error: unknown };
	try {
		outcome = { value: await siro.organizationId(given) };
	} catch (error) {
		outcome = { error };
	}
	if ('value' in outcome) return outcome.value;
	throw onFieldError(
		'organizationId',
		outcome.error,
		"Set Organization ID to Siro's organization ID.",
	);
}
