import { encodeStrict, encodeStrictJsonString } from './encoding';
import { RecordLinkError } from './errors';
import { normalizeRecordLinkInput } from './normalize';
import { LINK_LENGTH, PARAMETER_ORDER, RECORD_LINK_BASE, type RecordLinkParameter } from './rules';
import type { CrmObject, RecordLinkParams } from './schemas';

export interface BuildRecordLinkResult {
	url: string;
	warnings: string[];
}

/**
 * encodeStrict of `JSON.stringify([{objectType, objectId}, …])`, written already encoded piece by
 * piece (encoding works character by character, so the pieces add up to the same text): stringifying
 * copies of every object and encoding the whole JSON cost more than the rest of the link. The keys
 * are written explicitly, so their order never depends on the caller's objects.
 */
function encodedCrmObjects(crmObjects: CrmObject[]): string {
	let encoded = '%5B';
	for (let index = 0; index < crmObjects.length; index++) {
		const { objectType, objectId } = crmObjects[index];
		encoded += `${index === 0 ? '' : '%2C'}%7B%22objectType%22%3A${encodeStrictJsonString(objectType)}%2C%22objectId%22%3A${encodeStrictJsonString(objectId)}%7D`;
	}
	return `${encoded}%5D`;
}

function encodedValue(
	params: RecordLinkParams,
	parameter: RecordLinkParameter,
): string | undefined {
	const value = params[parameter];
	if (value === undefined) return undefined;
	return parameter === 'crmObjects'
		? encodedCrmObjects(value as CrmObject[])
		: encodeStrict(value as string);
}

/** "?name=" and "&name=" for each parameter, in PARAMETER_ORDER. */
const FIRST_PREFIXES = PARAMETER_ORDER.map((parameter) => `?${parameter}=`);
const NEXT_PREFIXES = PARAMETER_ORDER.map((parameter) => `&${parameter}=`);

/** Writes already-normalised parameters in Siro's fixed order, each value encoded exactly once. */
export function composeRecordLink(params: RecordLinkParams): string {
	let link = RECORD_LINK_BASE;
	for (let index = 0; index < PARAMETER_ORDER.length; index++) {
		const value = encodedValue(params, PARAMETER_ORDER[index]);
		if (value !== undefined)
			link += (link === RECORD_LINK_BASE ? FIRST_PREFIXES : NEXT_PREFIXES)[index] + value;
	}
	return link === RECORD_LINK_BASE ? `${RECORD_LINK_BASE}?` : link;
}

/**
 * Warnings by link length: a long link is the usual case with a title and CRM objects, and the same
 * lengths recur, so each text is built once. Only lengths a built link can have are kept (bounded).
 */
const lengthWarnings = new Map<number, string>();

/** The warning a link of this length deserves, if any; undefined when it is short enough. */
export function linkLengthWarning(length: number): string | undefined {
	if (!(length > LINK_LENGTH.warnAbove)) return undefined;
	const cached = lengthWarnings.get(length);
	if (cached !== undefined) return cached;
	const warning =
		length > LINK_LENGTH.stronglyWarnAbove
			? `The link is ${length} characters long: many email, calendar and chat apps cut or refuse links over ${LINK_LENGTH.stronglyWarnAbove} characters, so the rep may tap a broken link. Shorten the title or send fewer CRM objects.`
			: `The link is ${length} characters long: an SMS over ${LINK_LENGTH.warnAbove} characters is split into several messages and some SMS apps stop linking it. Shorten the title or send fewer CRM objects.`;
	if (Number.isInteger(length) && length <= LINK_LENGTH.refuseAbove)
		lengthWarnings.set(length, warning);
	return warning;
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

/** The link for normalised parameters, refused when too long; its length warning goes to `warnings`. */
function finishLink(params: RecordLinkParams, warnings: string[]): string {
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
	return url;
}

/** buildRecordLink, also returning the normalised parameters the link carries (the node outputs them). */
export function buildRecordLinkWithParams(
	input: unknown,
): BuildRecordLinkResult & { params: RecordLinkParams } {
	const { params, warnings } = normalizeRecordLinkInput(input);
	return { url: finishLink(params, warnings), warnings, params };
}

/**
 * Builds a Siro record deep link. Every value is normalised, checked against Siro's rules and encoded
 * strictly, so no input can add, drop or change another parameter. Throws RecordLinkError.
 */
export function buildRecordLink(input: unknown): BuildRecordLinkResult {
	const { params, warnings } = normalizeRecordLinkInput(input);
	return { url: finishLink(params, warnings), warnings };
}
