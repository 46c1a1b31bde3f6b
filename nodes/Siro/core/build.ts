import { encodeStrict } from './encoding';
import { RecordLinkError } from './errors';
import { LINK_LENGTH, RECORD_LINK_BASE, linkLengthWarning } from './link';
import { PARAMETERS, PARAMETER_BY_NAME, combinationIssues } from './params';
import type {
	InputObject,
	LinkParameter,
	RecordLinkParameter,
	RecordLinkParams,
} from './params/parameter';
import { describe, hasOwn, isFieldObject, quote } from './values';

/** A CRM object as a caller may give it: the type in any case, the ID as text or a safe integer. */
interface CrmObjectInput {
	objectType: string;
	objectId: string | number;
}

/** What buildRecordLink accepts: the contract recordLinkInputSchema also states. Any other key is refused. */
export interface RecordLinkInput {
	action: string;
	title?: string | number | null;
	conversationType?: string | null;
	integrationConnectionId?: string | number | null;
	/** A list, one object, or the JSON text of either. */
	crmObjects?: CrmObjectInput[] | CrmObjectInput | string | null;
	opportunityId?: string | number | null;
	/** Siro's deprecated alias of opportunityId. */
	jobId?: string | number | null;
	redirectUrl?: string | null;
}

export interface BuildRecordLinkResult {
	url: string;
	/** Works, but worth knowing: a long link, a deprecated parameter, a custom redirect scheme… */
	warnings: string[];
	/** The normalised parameters the link carries, exactly what parseRecordLink reads back. */
	params: RecordLinkParams;
}

const INPUT_NAMES = [...PARAMETER_BY_NAME.keys()].join(', ');

/** The input, once its own keys are all parameters: a key that is no parameter is refused, not dropped. */
function checkInput(input: unknown): InputObject {
	if (!isFieldObject(input)) {
		throw new RecordLinkError(
			'input',
			`The record link input is ${describe(input)}.`,
			'Pass an object such as { action: "start", title: "Smith – roof inspection" }.',
		);
	}
	for (const key of Object.keys(input)) {
		if (!PARAMETER_BY_NAME.has(key)) {
			throw new RecordLinkError(
				key,
				`${quote(key)} is not a record link parameter.`,
				`Use only ${INPUT_NAMES} (names are case-sensitive).`,
			);
		}
	}
	return input;
}

/** A parameter's value as the link writes it, before encoding (text as it is, CRM objects as JSON). */
function asText<Name extends RecordLinkParameter>(
	parameter: LinkParameter<Name>,
	value: NonNullable<RecordLinkParams[Name]>,
): string {
	return parameter.write ? parameter.write(value) : String(value);
}

/** Normalises one parameter into `params`; returns its text for the link, or undefined when the link leaves it out. */
function addParameter<Name extends RecordLinkParameter>(
	params: RecordLinkParams,
	parameter: LinkParameter<Name>,
	input: InputObject,
	warnings: string[],
): string | undefined {
	const value = parameter.normalize(input, warnings);
	if (value === undefined) return undefined;
	params[parameter.name] = value;
	return asText(parameter, value);
}

/** The parameter whose encoded value is longest: the one to shorten when the link is too long. */
function longestParameter(params: RecordLinkParams): RecordLinkParameter {
	let longest: RecordLinkParameter = 'action';
	let longestLength = 0;
	for (const parameter of PARAMETERS) {
		const value = hasOwn(params, parameter.name) ? params[parameter.name] : undefined;
		const length = value === undefined ? 0 : encodeStrict(asText(parameter, value)).length;
		if (length > longestLength) [longest, longestLength] = [parameter.name, length];
	}
	return longest;
}

/**
 * Builds a Siro record deep link. Every value is normalised, checked against Siro's rules and encoded
 * strictly, so no input can add, drop or change another parameter. Throws RecordLinkError naming the
 * first offending field.
 */
export function buildRecordLink(input: unknown): BuildRecordLinkResult {
	const fields = checkInput(input);
	const warnings: string[] = [];
	const params = {} as RecordLinkParams;
	// Each present parameter as name=value, in the fixed order, its value encoded exactly once.
	let url = RECORD_LINK_BASE;
	let separator = '?';
	for (const parameter of PARAMETERS) {
		const text = addParameter(params, parameter, fields, warnings);
		if (text === undefined) continue;
		url += `${separator}${parameter.name}=${encodeStrict(text)}`;
		separator = '&';
	}
	// Own keys only: a parameter the link leaves out is never found on a polluted Object.prototype.
	const [broken] = combinationIssues(params.action, (name) => hasOwn(params, name));
	if (broken) throw RecordLinkError.of(broken);
	if (url.length > LINK_LENGTH.refuseAbove) {
		const longest = longestParameter(params);
		throw new RecordLinkError(
			longest,
			`The link would be ${url.length} characters long, over the ${LINK_LENGTH.refuseAbove} that phones and browsers reliably open; ${longest} is its longest part.`,
			`Shorten ${longest}.`,
		);
	}
	const lengthWarning = linkLengthWarning(url.length);
	if (lengthWarning !== undefined) warnings.push(lengthWarning);
	return { url, warnings, params };
}
