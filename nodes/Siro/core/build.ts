import { encodeStrict } from './encoding';
import { RecordLinkError } from './errors';
import { normalizeRecordLinkInput } from './normalize';
import { LINK_LENGTH, PARAMETER_ORDER, RECORD_LINK_BASE, type RecordLinkParameter } from './rules';
import type { RecordLinkParams } from './schemas';

export interface BuildRecordLinkResult {
	url: string;
	warnings: string[];
}

function encodedValue(params: RecordLinkParams, parameter: RecordLinkParameter): string | undefined {
	const value = params[parameter];
	if (value === undefined) return undefined;
	// Keys written explicitly so their order (objectType, objectId) never depends on the caller's objects.
	const text =
		parameter === 'crmObjects'
			? JSON.stringify(
					(value as RecordLinkParams['crmObjects'])!.map(({ objectType, objectId }) => ({ objectType, objectId })),
				)
			: (value as string);
	return encodeStrict(text);
}

/** Writes already-normalised parameters in Siro's fixed order, each value encoded exactly once. */
export function composeRecordLink(params: RecordLinkParams): string {
	let query = '';
	for (const parameter of PARAMETER_ORDER) {
		const value = encodedValue(params, parameter);
		if (value !== undefined) query += `${query === '' ? '' : '&'}${parameter}=${value}`;
	}
	return `${RECORD_LINK_BASE}?${query}`;
}

/** The warning a link of this length deserves, if any; undefined when it is short enough. */
export function linkLengthWarning(length: number): string | undefined {
	if (length > LINK_LENGTH.stronglyWarnAbove) {
		return `The link is ${length} characters long: many email, calendar and chat apps cut or refuse links over ${LINK_LENGTH.stronglyWarnAbove} characters, so the rep may tap a broken link. Shorten the title or send fewer CRM objects.`;
	}
	if (length > LINK_LENGTH.warnAbove) {
		return `The link is ${length} characters long: an SMS over ${LINK_LENGTH.warnAbove} characters is split into several messages and some SMS apps stop linking it. Shorten the title or send fewer CRM objects.`;
	}
	return undefined;
}

function longestParameter(params: RecordLinkParams): RecordLinkParameter {
	let longest: RecordLinkParameter = 'action';
	let longestLength = 0;
	for (const parameter of PARAMETER_ORDER) {
		const length = encodedValue(params, parameter)?.length ?? 0;
		if (length > longestLength) [longest, longestLength] = [parameter, length];
	}
	return longest;
}

/** buildRecordLink, also returning the normalised parameters the link carries (the node outputs them). */
export function buildRecordLinkWithParams(input: unknown): BuildRecordLinkResult & { params: RecordLinkParams } {
	const { params, warnings } = normalizeRecordLinkInput(input);
	const url = composeRecordLink(params);
	if (url.length > LINK_LENGTH.refuseAbove) {
		const field = longestParameter(params);
		throw new RecordLinkError(
			field,
			`The link would be ${url.length} characters long, over the ${LINK_LENGTH.refuseAbove} that phones and browsers reliably open; ${field} is its longest part.`,
			`Shorten ${field}.`,
		);
	}
	const lengthWarning = linkLengthWarning(url.length);
	if (lengthWarning !== undefined) warnings.push(lengthWarning);
	return { url, warnings, params };
}

/**
 * Builds a Siro record deep link. Every value is normalised, checked against Siro's rules and encoded
 * strictly, so no input can add, drop or change another parameter. Throws RecordLinkError.
 */
export function buildRecordLink(input: unknown): BuildRecordLinkResult {
	const { url, warnings } = buildRecordLinkWithParams(input);
	return { url, warnings };
}
