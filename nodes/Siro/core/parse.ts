import { linkLengthWarning } from './build';
import { CHARACTERS_ENCODE_STRICT_ESCAPES } from './encoding';
import { RecordLinkError } from './errors';
import {
	ALREADY_ENCODED_URL,
	findCombinationErrors,
	normalizeConversationType,
	normalizeRedirectUrl,
	tryDecodeComponent,
	tryParseJson,
} from './normalize';
import {
	CRM_OBJECT_TYPES,
	LINK_LENGTH,
	PARAMETER_ORDER,
	RECORD_ACTIONS,
	RECORD_LINK_BASE,
	type RecordLinkParameter,
} from './rules';
import { crmObjectSchema, type RecordLinkParams } from './schemas';

/** What a link says, decoded as the iOS app reads it; on a valid link exactly the normalised build input. */
export interface ParsedRecordLinkParams {
	action?: string;
	title?: string;
	conversationType?: string;
	integrationConnectionId?: string;
	crmObjects?: unknown[];
	opportunityId?: string;
	redirectUrl?: string;
}

export interface ParseRecordLinkResult {
	params: ParsedRecordLinkParams;
	/** True when Siro will do exactly what the link's parameters say. */
	valid: boolean;
	/** Rules the link breaks: each one makes Siro ignore or misread part of it. */
	issues: string[];
	/** Things that work today but are fragile or deprecated. */
	warnings: string[];
}

const KNOWN_PARAMETER_BY_LOWER_CASE = new Map<string, RecordLinkParameter | 'jobId'>(
	[...PARAMETER_ORDER, 'jobId' as const].map((name) => [name.toLowerCase(), name]),
);

function checkRawValue(name: string, raw: string, issues: string[], warnings: string[]): void {
	if (raw.includes('+')) {
		issues.push(
			`${name} contains a raw "+": iOS reads it as a plus and Android as a space. Encode a space as %20 and a plus as %2B.`,
		);
	}
	if (/\s/.test(raw)) {
		issues.push(
			`${name} contains a raw space or line break, which ends the link in SMS and email apps. Encode it (%20).`,
		);
	}
	const unencoded = raw
		.replace(/[+\s]/g, '')
		.match(new RegExp(CHARACTERS_ENCODE_STRICT_ESCAPES.source, 'g'));
	if (unencoded) {
		warnings.push(
			`${name} has characters that are not percent-encoded (${[...new Set(unencoded)].join(' ')}); Siro asks for every value to be URL-encoded, and some apps cut links at such characters.`,
		);
	}
}

function checkCrmObjects(
	decoded: string,
	params: ParsedRecordLinkParams,
	issues: string[],
	warnings: string[],
): void {
	const { value, error } = tryParseJson(decoded);
	if (error !== undefined) {
		issues.push(
			`crmObjects is not valid JSON once decoded (${error}), so Siro drops it. Build it as a JSON list of {objectType, objectId}.`,
		);
		return;
	}
	if (!Array.isArray(value)) {
		issues.push('crmObjects is not a JSON list, so Siro drops it. Wrap the objects in [ ].');
		return;
	}
	params.crmObjects = value;
	const seen = new Set<string>();
	value.forEach((entry, index) => {
		const parsed = crmObjectSchema.strict().safeParse(entry);
		if (!parsed.success) {
			issues.push(
				`crmObjects[${index}] is not {"objectType", "objectId"} with objectType one of ${CRM_OBJECT_TYPES.join(', ')} (exact case) and a non-empty objectId text.`,
			);
			return;
		}
		const key = `${parsed.data.objectType}\u0000${parsed.data.objectId}`;
		if (seen.has(key)) warnings.push(`crmObjects[${index}] repeats an earlier object.`);
		seen.add(key);
	});
}

function checkParameter(
	name: RecordLinkParameter,
	decoded: string,
	params: ParsedRecordLinkParams,
	issues: string[],
	warnings: string[],
): void {
	// The build-side checks throw; here every finding is collected instead.
	const collect = (check: () => void) => {
		try {
			check();
		} catch (error) {
			issues.push(error instanceof RecordLinkError ? error.message : String(error));
		}
	};
	if (name === 'crmObjects') {
		checkCrmObjects(decoded, params, issues, warnings);
		return;
	}
	params[name] = decoded;
	if (name === 'action' && !(RECORD_ACTIONS as readonly string[]).includes(decoded)) {
		issues.push(
			`action "${decoded}" is not start, stop or restart (lower case), so Siro does nothing.`,
		);
	}
	if (decoded === '' && name !== 'action') warnings.push(`${name} is empty; leave it out instead.`);
	if (name === 'conversationType' && decoded !== '')
		collect(() => normalizeConversationType(decoded));
	if (name === 'redirectUrl' && decoded !== '') {
		if (ALREADY_ENCODED_URL.test(decoded)) {
			issues.push(
				'redirectUrl is encoded twice: once decoded it is still %-encoded, so the app cannot open it. Encode it once.',
			);
		} else {
			collect(() => normalizeRedirectUrl(decoded, warnings));
		}
	}
	if (name === 'opportunityId') {
		warnings.push(
			'opportunityId (or jobId) is deprecated by Siro: use integrationConnectionId with CRM objects instead.',
		);
	}
}

/**
 * Reads a Siro record link and reports every rule it breaks, for ops teams debugging links that
 * reps say "did nothing". Never throws.
 */
export function parseRecordLink(link: unknown): ParseRecordLinkResult {
	const params: ParsedRecordLinkParams = {};
	const issues: string[] = [];
	const warnings: string[] = [];
	const result = () => ({ params, valid: issues.length === 0, issues, warnings });

	if (typeof link !== 'string' || link.trim() === '') {
		issues.push(
			'No link was given. Pass the full link, starting with https://app.siro.ai/record?.',
		);
		return result();
	}
	let url = link.trim();
	const hashAt = url.indexOf('#');
	if (hashAt >= 0) {
		issues.push(
			'The link contains a raw "#": everything after it is dropped before Siro sees it. Encode # as %23.',
		);
		url = url.slice(0, hashAt);
	}
	const queryAt = url.indexOf('?');
	const base = queryAt >= 0 ? url.slice(0, queryAt) : url;
	const query = queryAt >= 0 ? url.slice(queryAt + 1) : '';
	if (
		base.toLowerCase() !== RECORD_LINK_BASE &&
		!base.toLowerCase().startsWith(`${RECORD_LINK_BASE}/`)
	) {
		issues.push(
			`The link does not start with ${RECORD_LINK_BASE}?, so the Siro app does not open it.`,
		);
	}

	const order: RecordLinkParameter[] = [];
	for (const pair of query.split('&')) {
		if (pair === '') continue;
		const equalsAt = pair.indexOf('=');
		const rawName = equalsAt >= 0 ? pair.slice(0, equalsAt) : pair;
		const rawValue = equalsAt >= 0 ? pair.slice(equalsAt + 1) : '';
		const name = tryDecodeComponent(rawName) ?? rawName;
		const known = KNOWN_PARAMETER_BY_LOWER_CASE.get(name.toLowerCase());
		if (known === undefined || known !== name) {
			issues.push(
				known === undefined
					? `"${name}" is not a Siro record link parameter, so Siro ignores it.`
					: `"${name}" must be spelt ${known} (names are case-sensitive), or Siro ignores it.`,
			);
			continue;
		}
		const parameter: RecordLinkParameter = known === 'jobId' ? 'opportunityId' : known;
		if (order.includes(parameter)) {
			issues.push(
				`${name} appears more than once (jobId counts as opportunityId); which one Siro uses is undefined. Keep one.`,
			);
			continue;
		}
		order.push(parameter);
		checkRawValue(name, rawValue, issues, warnings);
		const decoded = tryDecodeComponent(rawValue);
		if (decoded === undefined) {
			issues.push(`${name} has a broken % escape, so it cannot be decoded. Re-encode the value.`);
			continue;
		}
		checkParameter(parameter, decoded, params, issues, warnings);
	}

	if (params.action === undefined) {
		issues.push('The link has no action, so Siro does nothing. Add action=start, stop or restart.');
	} else if ((RECORD_ACTIONS as readonly string[]).includes(params.action)) {
		const checkable = {
			...params,
			crmObjects: params.crmObjects?.length ? params.crmObjects : undefined,
		};
		for (const error of findCombinationErrors(checkable as RecordLinkParams))
			issues.push(error.message);
	}
	const expectedOrder = PARAMETER_ORDER.filter((parameter) => order.includes(parameter));
	if (expectedOrder.some((parameter, index) => order[index] !== parameter)) {
		warnings.push(
			`Parameters are not in the usual order (${expectedOrder.join(', ')}); Siro does not mind.`,
		);
	}
	if (link.trim().length > LINK_LENGTH.refuseAbove) {
		issues.push(
			`The link is ${link.trim().length} characters long, over the ${LINK_LENGTH.refuseAbove} that phones and browsers reliably open.`,
		);
	} else {
		const lengthWarning = linkLengthWarning(link.trim().length);
		if (lengthWarning !== undefined) warnings.push(lengthWarning);
	}
	return result();
}
