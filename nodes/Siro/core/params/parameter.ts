/** What every Siro record-link parameter's home (one file each in this folder) provides. */
import { issueText, type LinkIssue } from '../errors';
import type { RecordAction } from './action';
import type { CrmObject } from './crmObjects';

/** The normalised parameters a link carries: what buildRecordLink writes and parseRecordLink reads back. */
export interface RecordLinkParams {
	action: RecordAction;
	title?: string;
	conversationType?: string;
	integrationConnectionId?: string;
	crmObjects?: CrmObject[];
	opportunityId?: string;
	redirectUrl?: string;
}

export type RecordLinkParameter = keyof RecordLinkParams;

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

/** The caller's input object: read with ownValue, each field once, so nothing inherited shows through. */
export type InputObject = Readonly<Record<string, unknown>>;

/** Where a parameter's check reports what it finds in a link. */
export interface Findings {
	/** A rule the link breaks: Siro ignores or misreads part of it. */
	issue(text: string): void;
	/** Works today, but is fragile or deprecated. */
	warning(text: string): void;
}

export interface LinkParameter<Name extends RecordLinkParameter> {
	/** Its name in the link and in the input. */
	readonly name: Name;
	/** The actions Siro applies it to; on any other Siro ignores it, so build refuses it and parse flags it. */
	readonly actions: readonly RecordAction[];
	/** Deprecated names Siro reads as this parameter, in the input and in a link. */
	readonly aliases?: readonly string[];
	/** A parameter Siro needs next to this one, and what to say when it is missing. */
	readonly requires?: { parameter: RecordLinkParameter; issue: LinkIssue };
	/** The value the link will carry (undefined leaves it out), from the input's own fields. Throws RecordLinkError. */
	normalize(input: InputObject, warnings: string[]): RecordLinkParams[Name];
	/** The value as text, before percent-encoding; text values are written as they are. */
	write?(value: NonNullable<RecordLinkParams[Name]>): string;
	/** Reads a decoded value from a link, reporting every rule it breaks; returns what the app reads. */
	check(decoded: string, findings: Findings): ParsedRecordLinkParams[Name];
}

/** An empty value in a link: Siro reads it as left out, which is worth a warning only. */
export function isEmptyValue(name: string, decoded: string, findings: Findings): boolean {
	if (decoded !== '') return false;
	findings.warning(`${name} is empty; leave it out instead.`);
	return true;
}

/** Lists a broken rule, when there is one, as parse's issue. */
export function reportIssue(findings: Findings, issue: LinkIssue | undefined): void {
	if (issue) findings.issue(issueText(issue));
}
