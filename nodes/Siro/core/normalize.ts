import type { ZodIssue } from 'zod';

import { findLoneSurrogate } from './encoding';
import { RecordLinkError } from './errors';
import {
	ACTIONS_ACCEPTING,
	CRM_OBJECT_TYPES,
	PARAMETER_ORDER,
	RECORD_ACTIONS,
	REFUSED_REDIRECT_SCHEMES,
	UUID_PATTERN,
	type CrmObjectType,
	type RecordAction,
	type RecordLinkParameter,
} from './rules';
import {
	recordLinkInputSchema,
	type CrmObject,
	type RecordLinkInput,
	type RecordLinkParams,
} from './schemas';
import { compileShapeCheck } from './shapeCheck';

export interface NormalizedRecordLink {
	params: RecordLinkParams;
	warnings: string[];
}

const INPUT_KEYS = [...PARAMETER_ORDER, 'jobId'];
/** zod's own parse costs more than building the whole link; it runs only to explain a refusal. */
const hasInputShape = compileShapeCheck(recordLinkInputSchema);
const CONTROL_CHARACTER_RUNS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
const CRM_TYPE_BY_LOWER_CASE = new Map<string, CrmObjectType>(
	CRM_OBJECT_TYPES.map((type) => [type.toLowerCase(), type]),
);
const CANONICAL_CRM_TYPES = new Set<string>(CRM_OBJECT_TYPES);
const CONFIGURATION_ID_SUFFIX = /-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/** A URL whose scheme's colon is itself encoded: it arrived URL-encoded (once, or more). */
export const ALREADY_ENCODED_URL = /^[a-z][a-z0-9+.-]*%3a/i;
const URL_SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** "crm.example.com:8080/x" parses as scheme "crm.example.com": it is a host and port missing https://. */
const HOST_AND_PORT = /^[a-z][a-z0-9+.-]*:\d/i;
const WEB_URL_START = /^https?:\/\/[^/?#\s]/i;
const REFUSED_SCHEME_NAMES = new Set<string>(
	REFUSED_REDIRECT_SCHEMES.map((scheme) => scheme.slice(0, -1)),
);
/** Up to this many CRM objects, duplicates are found by comparing pairs: cheaper than keys in a Set. */
const FEW_CRM_OBJECTS = 16;
/** For each action, the parameters it does not accept (from ACTIONS_ACCEPTING). */
const PARAMETERS_REFUSED_BY = new Map<string, RecordLinkParameter[]>(
	RECORD_ACTIONS.map((action) => [
		action,
		PARAMETER_ORDER.filter(
			(parameter) => parameter !== 'action' && !ACTIONS_ACCEPTING[parameter].includes(action),
		),
	]),
);

export function tryDecodeComponent(raw: string): string | undefined {
	try {
		return decodeURIComponent(raw);
	} catch {
		return undefined;
	}
}

export function tryParseJson(text: string): { value?: unknown; error?: string } {
	try {
		return { value: JSON.parse(text) };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string')
		return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
	if (typeof value === 'object') return 'an object';
	return `${typeof value} ${String(value)}`;
}

/** Numbers become text (n8n expressions hand IDs over as numbers); anything else was checked by the schema. */
/** `label` says where in the parameter the value sits (e.g. crmObjects[0].objectId); `field` stays the parameter. */
function asText(field: string, value: string | number, label = field): string {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) {
			throw new RecordLinkError(
				field,
				`${label} is ${value}, not a usable value.`,
				`Set ${label} to text.`,
			);
		}
		return String(value);
	}
	const surrogateAt = findLoneSurrogate(value);
	if (surrogateAt >= 0) {
		throw new RecordLinkError(
			field,
			`${label} has a broken Unicode character (an unpaired surrogate) at position ${surrogateAt + 1}.`,
			`Remove that character from ${label}; it cannot be written in a link.`,
		);
	}
	return value;
}

/** Identifiers are compared exactly by Siro: surrounding blanks are trimmed, but a line break inside is refused. */
function normalizeIdentifier(
	field: string,
	value: string | number | null | undefined,
	label = field,
): string | undefined {
	if (value === null || value === undefined) return undefined;
	const text = asText(field, value, label).trim();
	if (text === '') return undefined;
	if (CONTROL_CHARACTER.test(text)) {
		throw new RecordLinkError(
			field,
			`${label} contains a line break, tab or other control character.`,
			`Remove it: Siro compares ${label} exactly, so it would not match.`,
		);
	}
	return text;
}

function schemaIssueToError(issue: ZodIssue, input: Record<string, unknown>): RecordLinkError {
	if (issue.code === 'unrecognized_keys') {
		const [unknownKey] = issue.keys;
		return new RecordLinkError(
			unknownKey,
			`"${unknownKey}" is not a record link parameter.`,
			`Use only ${INPUT_KEYS.join(', ')} (names are case-sensitive).`,
		);
	}
	const field = String(issue.path[0] ?? 'input');
	if (field === 'action' && (input.action === undefined || input.action === null)) {
		return new RecordLinkError(
			'action',
			'action is missing.',
			'Set action to start, stop or restart.',
		);
	}
	const expected: Record<string, string> = {
		action: 'start, stop or restart',
		conversationType: 'a conversationType UUID as text',
		redirectUrl: 'an absolute URL as text',
		crmObjects: 'a list of {objectType, objectId} or its JSON text',
	};
	return new RecordLinkError(
		field,
		`${field} is ${describe(input[field])}.`,
		`Set ${field} to ${expected[field] ?? 'text'}.`,
	);
}

export function normalizeAction(value: string): RecordAction {
	const action = value.trim().toLowerCase();
	if ((RECORD_ACTIONS as readonly string[]).includes(action)) return action as RecordAction;
	throw new RecordLinkError(
		'action',
		`action ${describe(value)} is not one Siro knows.`,
		'Set action to start, stop or restart.',
	);
}

/** Each run of control characters (CR, LF, TAB, line separators…) becomes one space; the result is trimmed. */
export function normalizeTitle(value: string | number | null | undefined): string | undefined {
	if (value === null || value === undefined) return undefined;
	const text = asText('title', value);
	// Testing first is cheaper than a replace that finds nothing, the usual case.
	const title = (
		CONTROL_CHARACTER.test(text) ? text.replace(CONTROL_CHARACTER_RUNS, ' ') : text
	).trim();
	return title === '' ? undefined : title;
}

/**
 * A UUID in lower case, its canonical form: Siro falls back to the rep's default type without a word
 * when the value does not match, so anything that is not a UUID is refused with the likely mix-up named.
 */
export function normalizeConversationType(value: string | null | undefined): string | undefined {
	if (value === null || value === undefined) return undefined;
	const text = asText('conversationType', value).trim();
	if (text === '') return undefined;
	if (UUID_PATTERN.test(text)) return text.toLowerCase();

	const configurationId = CONFIGURATION_ID_SUFFIX.exec(text);
	if (configurationId) {
		throw new RecordLinkError(
			'conversationType',
			`conversationType "${text}" is a conversation configuration's id, not its conversationType.`,
			`Use the configuration's conversationType field instead (here probably ${configurationId[1].toLowerCase()}).`,
		);
	}
	const wrappedUuid = /^(?:\{|urn:uuid:)([0-9a-f-]+)\}?$/i.exec(text);
	if (wrappedUuid && UUID_PATTERN.test(wrappedUuid[1])) {
		throw new RecordLinkError(
			'conversationType',
			`conversationType "${text}" wraps the UUID in braces or a urn:uuid: prefix, which Siro does not match.`,
			`Use the bare UUID: ${wrappedUuid[1].toLowerCase()}.`,
		);
	}
	const looksLikeName = /[^0-9a-f-]/i.test(text);
	throw new RecordLinkError(
		'conversationType',
		looksLikeName
			? `conversationType "${text}" looks like a display name, but Siro needs the conversationType UUID.`
			: `conversationType "${text}" is not a UUID (8-4-4-4-12 hexadecimal digits).`,
		'Pick the type From List or By Name, or copy the conversationType field (not id) from List Conversation Types; Siro silently ignores anything else.',
	);
}

function controlCharacterInRedirectUrl(): RecordLinkError {
	return new RecordLinkError(
		'redirectUrl',
		'redirectUrl contains a line break, tab or other control character.',
		'Remove it; browsers drop such characters silently, so the app would open a different URL.',
	);
}

function invalidWebAddress(url: string): RecordLinkError {
	return new RecordLinkError(
		'redirectUrl',
		`redirectUrl ${describe(url)} is not a valid web address.`,
		'Use a full URL such as https://yourapp.example.com/done.',
	);
}

export function normalizeRedirectUrl(
	value: string | null | undefined,
	warnings: string[],
): string | undefined {
	if (value === null || value === undefined) return undefined;
	let url = asText('redirectUrl', value).trim();
	if (url === '') return undefined;

	// The usual case, answered without the scheme regexes: "http(s)://" is neither URL-encoded, nor a
	// refused scheme, nor a host and port.
	if (url.startsWith('https://') || url.startsWith('http://')) {
		if (CONTROL_CHARACTER.test(url)) throw controlCharacterInRedirectUrl();
		if (!WEB_URL_START.test(url) || !URL.canParse(url)) throw invalidWebAddress(url);
		return url;
	}
	if (ALREADY_ENCODED_URL.test(url)) {
		const decoded = tryDecodeComponent(url);
		if (decoded === undefined) {
			throw new RecordLinkError(
				'redirectUrl',
				'redirectUrl looks URL-encoded but has a broken % escape.',
				'Paste the plain URL (https://…); the node encodes it for you.',
			);
		}
		url = decoded;
		warnings.push(
			'redirectUrl arrived URL-encoded; it was decoded once so that it is not encoded twice.',
		);
	}
	if (CONTROL_CHARACTER.test(url)) throw controlCharacterInRedirectUrl();

	const scheme = URL_SCHEME.exec(url)?.[1].toLowerCase();
	if (scheme !== undefined && REFUSED_SCHEME_NAMES.has(scheme)) {
		throw new RecordLinkError(
			'redirectUrl',
			`redirectUrl uses the ${scheme}: scheme, which can run code or read files on the rep's phone.`,
			'Use an https:// link (a Universal Link or App Link) back to your app.',
		);
	}
	if (scheme === undefined || HOST_AND_PORT.test(url)) {
		throw new RecordLinkError(
			'redirectUrl',
			`redirectUrl ${describe(url)} is not an absolute URL.`,
			'Use a full URL with its scheme, such as https://yourapp.example.com/done.',
		);
	}
	if (scheme === 'http' || scheme === 'https') {
		if (!WEB_URL_START.test(url) || !URL.canParse(url)) throw invalidWebAddress(url);
	} else {
		warnings.push(
			`redirectUrl uses the custom scheme ${scheme}://: the Siro app opens it only once the Siro team has whitelisted your app (this can take weeks). Prefer an https Universal Link (iOS) or App Link (Android).`,
		);
	}
	return url;
}

function normalizeCrmObject(entry: unknown, index: number): CrmObject {
	const where = `crmObjects[${index}]`;
	if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
		throw new RecordLinkError(
			'crmObjects',
			`${where} is ${describe(entry)}, not an object.`,
			'Give each CRM object as {"objectType": "Lead", "objectId": "lead123"}.',
		);
	}
	const { objectType, objectId } = entry as Record<string, unknown>;
	const canonicalType =
		typeof objectType !== 'string'
			? undefined
			: CANONICAL_CRM_TYPES.has(objectType)
				? (objectType as CrmObjectType)
				: CRM_TYPE_BY_LOWER_CASE.get(objectType.trim().toLowerCase());
	if (canonicalType === undefined) {
		throw new RecordLinkError(
			'crmObjects',
			objectType === undefined
				? `${where} has no objectType.`
				: `${where}.objectType ${describe(objectType)} is not a Siro CRM object type.`,
			`Use one of ${CRM_OBJECT_TYPES.join(', ')}.`,
		);
	}
	const id =
		typeof objectId === 'string' || typeof objectId === 'number'
			? normalizeIdentifier('crmObjects', objectId, `${where}.objectId`)
			: undefined;
	if (id === undefined) {
		throw new RecordLinkError(
			'crmObjects',
			`${where}.objectId is ${objectId === undefined ? 'missing' : describe(objectId)}.`,
			`Give the ${canonicalType}'s ID in your CRM as text, e.g. {"objectType": "${canonicalType}", "objectId": "006A000001"}.`,
		);
	}
	return { objectType: canonicalType, objectId: id };
}

function includesCrmObject(objects: CrmObject[], crmObject: CrmObject): boolean {
	for (let index = 0; index < objects.length; index++) {
		if (
			objects[index].objectId === crmObject.objectId &&
			objects[index].objectType === crmObject.objectType
		)
			return true;
	}
	return false;
}

function crmObjectKey(crmObject: CrmObject): string {
	return `${crmObject.objectType}\u0000${crmObject.objectId}`;
}

/** Accepts a list, one object, or their JSON text (what an n8n expression usually yields). */
export function normalizeCrmObjects(value: unknown): CrmObject[] | undefined {
	if (value === null || value === undefined) return undefined;
	let entries: unknown = value;
	if (typeof entries === 'string') {
		const text = entries.trim();
		if (text === '') return undefined;
		const parsed = tryParseJson(text);
		if (parsed.error !== undefined) {
			throw new RecordLinkError(
				'crmObjects',
				`crmObjects is not valid JSON (${parsed.error}).`,
				'Give a JSON list such as [{"objectType": "Lead", "objectId": "lead123"}].',
			);
		}
		entries = parsed.value;
	}
	if (entries === null) return undefined;
	const list = Array.isArray(entries) ? entries : [entries];
	if (list.length === 0) return undefined;

	const seen = list.length > FEW_CRM_OBJECTS ? new Set<string>() : undefined;
	const objects: CrmObject[] = [];
	for (let index = 0; index < list.length; index++) {
		if (!(index in list)) continue; // a hole in a sparse array, skipped as forEach would
		const crmObject = normalizeCrmObject(list[index], index);
		if (
			seen === undefined ? includesCrmObject(objects, crmObject) : seen.has(crmObjectKey(crmObject))
		)
			continue;
		seen?.add(crmObjectKey(crmObject));
		objects.push(crmObject);
	}
	return objects;
}

function normalizeOpportunityId(
	opportunityId: string | number | null | undefined,
	jobId: string | number | null | undefined,
	warnings: string[],
): string | undefined {
	const fromOpportunityId = normalizeIdentifier('opportunityId', opportunityId);
	const fromJobId = normalizeIdentifier('jobId', jobId);
	if (
		fromOpportunityId !== undefined &&
		fromJobId !== undefined &&
		fromOpportunityId !== fromJobId
	) {
		throw new RecordLinkError(
			'jobId',
			`jobId "${fromJobId}" and opportunityId "${fromOpportunityId}" differ, and Siro reads both as the opportunity ID.`,
			'Give only one of them (opportunityId; jobId is its deprecated alias).',
		);
	}
	const chosen = fromOpportunityId ?? fromJobId;
	if (chosen !== undefined) {
		warnings.push(
			'opportunityId (and its alias jobId) is deprecated by Siro: new integrations should send integrationConnectionId with CRM objects (e.g. an Opportunity) instead.',
		);
	}
	return chosen;
}

/** Rules that tie parameters together: which actions accept which parameter, and CRM objects needing a connection. */
export function findCombinationErrors(params: RecordLinkParams): RecordLinkError[] {
	const errors: RecordLinkError[] = [];
	for (const parameter of PARAMETER_ORDER) {
		if (parameter === 'action' || params[parameter] === undefined) continue;
		const accepting = ACTIONS_ACCEPTING[parameter];
		if (!accepting.includes(params.action)) {
			errors.push(
				new RecordLinkError(
					parameter,
					`${parameter} is not valid for a ${params.action} link: Siro ignores it there.`,
					`Remove ${parameter}, or use action ${accepting.join(' or ')}.`,
				),
			);
		}
	}
	if (params.crmObjects !== undefined && params.integrationConnectionId === undefined) {
		errors.push(
			new RecordLinkError(
				'integrationConnectionId',
				'integrationConnectionId is missing, and Siro drops CRM objects without it.',
				"Set integrationConnectionId (an organization admin creates it on the Siro web app's Integrations page), or remove the CRM objects.",
			),
		);
	}
	return errors;
}

/**
 * Checks and normalises a library or node input into the exact parameters a link will carry.
 * Throws RecordLinkError naming the first offending field.
 */
export function normalizeRecordLinkInput(input: unknown): NormalizedRecordLink {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		throw new RecordLinkError(
			'input',
			`The record link input is ${describe(input)}.`,
			'Pass an object such as { action: "start", title: "Smith – roof inspection" }.',
		);
	}
	if (!hasInputShape(input)) {
		const parsed = recordLinkInputSchema.safeParse(input);
		if (!parsed.success)
			throw schemaIssueToError(parsed.error.issues[0], input as Record<string, unknown>);
	}
	const raw = input as RecordLinkInput;
	const warnings: string[] = [];

	const params: RecordLinkParams = { action: normalizeAction(raw.action) };
	const title = normalizeTitle(raw.title);
	const conversationType = normalizeConversationType(raw.conversationType);
	const integrationConnectionId = normalizeIdentifier(
		'integrationConnectionId',
		raw.integrationConnectionId,
	);
	const crmObjects = normalizeCrmObjects(raw.crmObjects);
	const opportunityId = normalizeOpportunityId(raw.opportunityId, raw.jobId, warnings);
	const redirectUrl = normalizeRedirectUrl(raw.redirectUrl, warnings);
	if (title !== undefined) params.title = title;
	if (conversationType !== undefined) params.conversationType = conversationType;
	if (integrationConnectionId !== undefined)
		params.integrationConnectionId = integrationConnectionId;
	if (crmObjects !== undefined) params.crmObjects = crmObjects;
	if (opportunityId !== undefined) params.opportunityId = opportunityId;
	if (redirectUrl !== undefined) params.redirectUrl = redirectUrl;

	// findCombinationErrors only when it can find something: most links break no combination rule.
	let mayBreakCombination =
		params.crmObjects !== undefined && params.integrationConnectionId === undefined;
	for (const parameter of PARAMETERS_REFUSED_BY.get(params.action)!) {
		if (params[parameter] !== undefined) mayBreakCombination = true;
	}
	if (mayBreakCombination) {
		const [firstCombinationError] = findCombinationErrors(params);
		if (firstCombinationError) throw firstCombinationError;
	}
	return { params, warnings };
}
