import { capMessage, issueText } from './errors';
import { tryDecode } from './encoding';
import {
	LINK_LENGTH,
	RECORD_LINK_BASE,
	RECORD_LINK_ORIGIN,
	RECORD_LINK_PATH,
	linkLengthWarning,
} from './link';
import {
	PARAMETER_BY_NAME,
	PARAMETER_ORDER,
	combinationIssues,
	type AnyLinkParameter,
} from './params';
import { ACTION_CHOICES, isRecordAction } from './params/action';
import type {
	Findings,
	LinkParameter,
	ParsedRecordLinkParams,
	RecordLinkParameter,
} from './params/parameter';
import { quote } from './values';

export interface ParseRecordLinkResult {
	params: ParsedRecordLinkParams;
	/** True when Siro will do exactly what the link's parameters say. */
	valid: boolean;
	/** Rules the link breaks: each one makes Siro ignore or misread part of it. */
	issues: string[];
	/** Things that work today but are fragile or deprecated. */
	warnings: string[];
}

/** Past this many issues (or warnings), the rest are counted, not listed: a 1 MB link must not make megabytes of them. */
const LISTED_LIMIT = 20;

/** What parse finds, each message capped, the first LISTED_LIMIT of each kind listed and the rest counted. */
class BoundedFindings implements Findings {
	private readonly issues: string[] = [];
	private readonly warnings: string[] = [];
	private unlistedIssues = 0;
	private unlistedWarnings = 0;

	issue(text: string): void {
		if (this.issues.length < LISTED_LIMIT) this.issues.push(capMessage(text));
		else this.unlistedIssues++;
	}

	warning(text: string): void {
		if (this.warnings.length < LISTED_LIMIT) this.warnings.push(capMessage(text));
		else this.unlistedWarnings++;
	}

	lists(): { issues: string[]; warnings: string[] } {
		const more = (count: number, kind: string) =>
			count === 0 ? [] : [`…and ${count} more ${kind}${count === 1 ? '' : 's'}.`];
		return {
			issues: [...this.issues, ...more(this.unlistedIssues, 'issue')],
			warnings: [...this.warnings, ...more(this.unlistedWarnings, 'warning')],
		};
	}
}

/** Characters strict encoding escapes, other than + and blanks (issues of their own). */
const NOT_PERCENT_ENCODED = /[^A-Za-z0-9\-_.~%+\s]/gu;
/** A value's distinct unencoded characters are listed up to this many. */
const UNENCODED_LISTED = 10;

function checkRawValue(name: string, raw: string, findings: Findings): void {
	if (raw.includes('+')) {
		findings.issue(
			`${name} contains a raw "+": iOS reads it as a plus and Android as a space. Encode a space as %20 and a plus as %2B.`,
		);
	}
	if (/\s/.test(raw)) {
		findings.issue(
			`${name} contains a raw space or line break, which ends the link in SMS and email apps. Encode it (%20).`,
		);
	}
	const unencoded = new Set<string>();
	for (const [character] of raw.matchAll(NOT_PERCENT_ENCODED)) {
		unencoded.add(character);
		if (unencoded.size === UNENCODED_LISTED) break;
	}
	if (unencoded.size > 0) {
		findings.warning(
			`${name} has characters that are not percent-encoded (${[...unencoded].join(' ')}); Siro asks for every value to be URL-encoded, and some apps cut links at such characters.`,
		);
	}
}

/**
 * The app opens links to https://app.siro.ai/record exactly: scheme and host in any case, the path as
 * it is. Returns whether it opens this one.
 */
function checkBase(base: string, findings: Findings): boolean {
	const origin = base.slice(0, RECORD_LINK_ORIGIN.length);
	const path = base.slice(RECORD_LINK_ORIGIN.length);
	if (origin.toLowerCase() === RECORD_LINK_ORIGIN && path === RECORD_LINK_PATH) return true;
	findings.issue(
		`The link does not start with ${RECORD_LINK_BASE}?, so the Siro app does not open it${
			origin.toLowerCase() === RECORD_LINK_ORIGIN
				? ` (its path is ${quote(path)}, and the app opens exactly ${RECORD_LINK_PATH})`
				: ''
		}. Start it with ${RECORD_LINK_BASE}?.`,
	);
	return false;
}

const PARAMETER_BY_LOWER_CASE = new Map<string, string>(
	[...PARAMETER_BY_NAME.keys()].map((name) => [name.toLowerCase(), name]),
);

/** The parameter a (decoded) query name stands for, as the app would match it; reports names it would miss. */
function parameterNamed(
	name: string,
	rawName: string,
	findings: Findings,
): AnyLinkParameter | undefined {
	const parameter = PARAMETER_BY_NAME.get(name);
	if (parameter === undefined) {
		const spelling = PARAMETER_BY_LOWER_CASE.get(name.toLowerCase());
		findings.issue(
			spelling === undefined
				? `${quote(name)} is not a Siro record link parameter, so Siro ignores it.`
				: `${quote(name)} must be spelt ${spelling} (names are case-sensitive), or Siro ignores it.`,
		);
		return undefined;
	}
	if (name !== rawName) {
		findings.issue(
			`The parameter name ${quote(rawName)} is percent-encoded: Android's getQueryParameter does not decode names, so the app misses it there. Write it as ${name}.`,
		);
	}
	return parameter;
}

/** The parameter's check on its decoded value; what the app reads goes into `found`. Returns whether it read one. */
function checkInto<Name extends RecordLinkParameter>(
	found: ParsedRecordLinkParams,
	parameter: LinkParameter<Name>,
	decoded: string,
	findings: Findings,
): boolean {
	const value = parameter.check(decoded, findings);
	if (value === undefined) return false;
	found[parameter.name] = value;
	return true;
}

export interface RecordLinkReading {
	parsed: ParseRecordLinkResult;
	/**
	 * Why the app may not read the link as `parsed.params` says, when it may not: it does not open the
	 * link at all, or it reads a parameter one way or another (given twice, a name Android misses) or
	 * not at all (a broken escape, CRM objects it cannot read). Undefined when the reading is certain.
	 * Delivery counts a phone's event for a link only on a certain reading of both.
	 */
	doubt?: string;
}

/** parseRecordLink, and whether the app reads the link one way only: for the core's comparison of links. */
export function readRecordLink(link: unknown): RecordLinkReading {
	const findings = new BoundedFindings();
	// No prototype: asking for a parameter the link lacks never finds an inherited value.
	const found: ParsedRecordLinkParams = Object.create(null);
	let doubt: string | undefined;
	const doubtful = (why: string) => {
		doubt ??= why;
	};
	const result = (): RecordLinkReading => {
		const { issues, warnings } = findings.lists();
		const parsed = { params: { ...found }, valid: issues.length === 0, issues, warnings };
		return doubt === undefined ? { parsed } : { parsed, doubt };
	};

	if (typeof link !== 'string' || link.trim() === '') {
		findings.issue(`No link was given. Pass the full link, starting with ${RECORD_LINK_BASE}?.`);
		doubtful('no link was given');
		return result();
	}
	const trimmed = link.trim();
	let url = trimmed;
	const hashAt = url.indexOf('#');
	if (hashAt >= 0) {
		findings.issue(
			'The link contains a raw "#": everything after it is dropped before Siro sees it. Encode # as %23.',
		);
		url = url.slice(0, hashAt);
	}
	const queryAt = url.indexOf('?');
	if (!checkBase(queryAt >= 0 ? url.slice(0, queryAt) : url, findings))
		doubtful(`the Siro app does not open it (it is not a ${RECORD_LINK_BASE} link)`);
	const query = queryAt >= 0 ? url.slice(queryAt + 1) : '';

	const order: RecordLinkParameter[] = [];
	for (const pair of query.split('&')) {
		if (pair === '') continue;
		const equalsAt = pair.indexOf('=');
		const rawName = equalsAt >= 0 ? pair.slice(0, equalsAt) : pair;
		const rawValue = equalsAt >= 0 ? pair.slice(equalsAt + 1) : '';
		const name = tryDecode(rawName) ?? rawName;
		const parameter = parameterNamed(name, rawName, findings);
		if (parameter === undefined) continue;
		if (name !== rawName) doubtful(`the parameter name ${quote(rawName)} is read on iOS only`);
		if (order.includes(parameter.name)) {
			findings.issue(
				`${name} appears more than once (jobId counts as opportunityId); which one Siro uses is undefined. Keep one.`,
			);
			doubtful(`${parameter.name} appears more than once`);
			continue;
		}
		order.push(parameter.name);
		checkRawValue(name, rawValue, findings);
		const decoded = tryDecode(rawValue);
		if (decoded === undefined) {
			findings.issue(
				`${name} has a broken % escape, so it cannot be decoded. Re-encode the value.`,
			);
			doubtful(`${name} has a broken % escape`);
			continue;
		}
		if (!checkInto(found, parameter, decoded, findings))
			doubtful(`the app cannot read its ${parameter.name}`);
	}

	if (found.action === undefined) {
		findings.issue(`The link has no action, so Siro does nothing. Add action=${ACTION_CHOICES}.`);
	} else if (isRecordAction(found.action)) {
		// An empty CRM list carries nothing; any other value given, even empty, counts as present.
		const isPresent = (name: RecordLinkParameter) =>
			name === 'crmObjects' ? (found.crmObjects?.length ?? 0) > 0 : found[name] !== undefined;
		for (const issue of combinationIssues(found.action, isPresent))
			findings.issue(issueText(issue));
	}
	const expectedOrder = PARAMETER_ORDER.filter((parameter) => order.includes(parameter));
	if (expectedOrder.some((parameter, index) => order[index] !== parameter)) {
		findings.warning(
			`Parameters are not in the usual order (${expectedOrder.join(', ')}); Siro does not mind.`,
		);
	}
	if (trimmed.length > LINK_LENGTH.refuseAbove) {
		findings.issue(
			`The link is ${trimmed.length} characters long, over the ${LINK_LENGTH.refuseAbove} that phones and browsers reliably open.`,
		);
	} else {
		const lengthWarning = linkLengthWarning(trimmed.length);
		if (lengthWarning !== undefined) findings.warning(lengthWarning);
	}
	return result();
}

/**
 * Reads a Siro record link and reports every rule it breaks, for ops teams debugging links that
 * reps say "did nothing". Never throws.
 */
export function parseRecordLink(link: unknown): ParseRecordLinkResult {
	return readRecordLink(link).parsed;
}
