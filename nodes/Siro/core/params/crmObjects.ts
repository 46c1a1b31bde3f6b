import { encodeStrict } from '../encoding';
import { RecordLinkError } from '../errors';
import { readJson, type SilentChange } from '../json';
import { LINK_LENGTH } from '../link';
import { describe, hasOwn, isFieldObject, quote, ownValue } from '../values';
import { identifierIssue, normalizeIdentifier } from './identifier';
import type { LinkParameter } from './parameter';

/** The seed's prose list omits Contact, but its TypeScript type includes it, and so do we. */
export const CRM_OBJECT_TYPES = [
	'Lead',
	'Account',
	'Contact',
	'Opportunity',
	'Engagement',
	'Event',
	'ServiceAppointment',
] as const;
export type CrmObjectType = (typeof CRM_OBJECT_TYPES)[number];

export interface CrmObject {
	objectType: CrmObjectType;
	objectId: string;
}

const TYPE_CHOICES = CRM_OBJECT_TYPES.join(', ');
const TYPE_BY_LOWER_CASE = new Map<string, CrmObjectType>(
	CRM_OBJECT_TYPES.map((type) => [type.toLowerCase(), type]),
);

/** Siro's spelling of a type given in any case and with blanks around it (usually already Siro's). */
function canonicalType(given: string): CrmObjectType | undefined {
	if ((CRM_OBJECT_TYPES as readonly string[]).includes(given)) return given as CrmObjectType;
	return TYPE_BY_LOWER_CASE.get(given.trim().toLowerCase());
}
const OBJECT_EXAMPLE = '{"objectType": "Lead", "objectId": "lead123"}';
const LIST_EXAMPLE = `[${OBJECT_EXAMPLE}]`;

/** The words for what JSON.parse would have changed without a word. */
function silentChangeProblem(change: SilentChange): { problem: string; fix: string } {
	if ('repeatedKey' in change)
		return {
			problem: `repeats the key ${quote(change.repeatedKey)} in one object, and JSON keeps only the last one.`,
			fix: 'Give each key once.',
		};
	return {
		problem: `has the number ${quote(change.inexactNumber)}, which JavaScript cannot keep as written (it reads ${Number(change.inexactNumber)}).`,
		fix: `Give IDs as text, in quotes: "objectId": ${quote(change.inexactNumber)}.`,
	};
}

/** A CRM object's own objectType and objectId, each read once; any other key is refused. */
function normalizeCrmObject(entry: unknown, index: number): CrmObject {
	const where = `crmObjects[${index}]`;
	if (!isFieldObject(entry)) {
		throw new RecordLinkError(
			'crmObjects',
			`${where} is ${describe(entry)}, not an object.`,
			`Give each CRM object as ${OBJECT_EXAMPLE}.`,
		);
	}
	let objectType: unknown;
	let objectId: unknown;
	for (const key of Object.keys(entry)) {
		if (key === 'objectType') objectType = entry[key];
		else if (key === 'objectId') objectId = entry[key];
		else
			throw new RecordLinkError(
				'crmObjects',
				`${where} has the key ${quote(key)}, which Siro does not read.`,
				`Give each CRM object only objectType and objectId, as in ${OBJECT_EXAMPLE}.`,
			);
	}
	const type = typeof objectType === 'string' ? canonicalType(objectType) : undefined;
	if (type === undefined) {
		throw new RecordLinkError(
			'crmObjects',
			objectType === undefined
				? `${where} has no objectType.`
				: `${where}.objectType ${describe(objectType)} is not a Siro CRM object type.`,
			`Use one of ${TYPE_CHOICES}.`,
		);
	}
	const id = normalizeIdentifier('crmObjects', objectId, `${where}.objectId`);
	if (id === undefined) {
		throw new RecordLinkError(
			'crmObjects',
			`${where}.objectId is ${describe(objectId)}.`,
			`Give the ${type}'s ID in your CRM as text, e.g. {"objectType": "${type}", "objectId": "006A000001"}.`,
		);
	}
	return { objectType: type, objectId: id };
}

/**
 * The most CRM objects one link can carry: even the shortest, {"objectType":"Lead","objectId":"1"},
 * takes 65 characters once encoded with its comma, and a link is refused past LINK_LENGTH.refuseAbove.
 * Counting them also keeps the duplicate search (each object against those kept) short.
 */
const MOST_CRM_OBJECTS = Math.floor(
	LINK_LENGTH.refuseAbove / encodeStrict('{"objectType":"Lead","objectId":"1"},').length,
);

/**
 * The longest CRM list read at all: far above the most objects a link carries, so a list repeating
 * its objects (exact duplicates are dropped) still fits, and quick to walk. Its length is what counts,
 * holes included: a sparse list of length 50,000,000 is refused at once, not walked index by index.
 */
const MOST_CRM_LIST_ENTRIES = 100_000;

function tooLongCrmList(length: number): RecordLinkError {
	return new RecordLinkError(
		'crmObjects',
		`crmObjects is a list of ${length} entries, more than the ${MOST_CRM_LIST_ENTRIES} read (a link carries at most ${MOST_CRM_OBJECTS} objects).`,
		`Shorten crmObjects to the records this recording is about.`,
	);
}

function tooManyCrmObjects(): RecordLinkError {
	return new RecordLinkError(
		'crmObjects',
		`crmObjects has more than ${MOST_CRM_OBJECTS} different objects, more than a link of ${LINK_LENGTH.refuseAbove} characters (what phones and browsers reliably open) can carry.`,
		`Shorten crmObjects to the records this recording is about.`,
	);
}

function isSameCrmObject(one: CrmObject, other: CrmObject): boolean {
	return one.objectType === other.objectType && one.objectId === other.objectId;
}

/** The list the input gives: a list, one object, or the JSON text of either. */
function entriesOf(value: unknown): unknown[] | undefined {
	let entries = value;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return undefined;
		const reading = readJson(text);
		if ('invalid' in reading) {
			throw new RecordLinkError(
				'crmObjects',
				`crmObjects is not valid JSON (${reading.invalid}).`,
				`Give a JSON list such as ${LIST_EXAMPLE}.`,
			);
		}
		if (reading.silentChange) {
			const { problem, fix } = silentChangeProblem(reading.silentChange);
			throw new RecordLinkError('crmObjects', `crmObjects ${problem}`, fix);
		}
		entries = reading.value;
	}
	if (entries === null || entries === undefined) return undefined;
	if (Array.isArray(entries)) return entries;
	if (isFieldObject(entries) || typeof value === 'string') return [entries];
	throw new RecordLinkError(
		'crmObjects',
		`crmObjects is ${describe(entries)}.`,
		`Set crmObjects to a list of {objectType, objectId} or its JSON text, e.g. ${LIST_EXAMPLE}.`,
	);
}

/** Reads a CRM object in a link as the app does: exactly these two keys, Siro's spelling of the type, an ID as text. */
function crmObjectIssue(entry: unknown, where: string): string | undefined {
	if (!isFieldObject(entry))
		return `${where} is ${describe(entry)}, not {"objectType", "objectId"}.`;
	const extraKey = Object.keys(entry).find((key) => key !== 'objectType' && key !== 'objectId');
	if (extraKey !== undefined)
		return `${where} has the key ${quote(extraKey)}, which Siro does not read.`;
	const { objectType, objectId } = entry;
	if (!(CRM_OBJECT_TYPES as readonly unknown[]).includes(objectType))
		return `${where}.objectType is ${describe(objectType)}, not one of ${TYPE_CHOICES} (exact case).`;
	if (typeof objectId !== 'string' || objectId === '')
		return `${where}.objectId is ${describe(objectId)}, not a non-empty text.`;
	const issue = identifierIssue('crmObjects', objectId, `${where}.objectId`);
	return issue && `${issue.problem} ${issue.fix}`;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

/**
 * Where a CRM list from a link nests deeper than Siro's shape, a list of flat objects (each value
 * text): `crmObjects[0].objectId` when an entry holds a list or an object, undefined when nothing
 * does. Looking two levels down is enough to find it, and never walks what lies deeper: parse's
 * caller (delivery's comparison of links, n8n's output) would recurse over any depth it returned,
 * and a link under 8,000 characters can nest 4,000 levels.
 */
function nestedTooDeepAt(list: unknown[]): string | undefined {
	for (let index = 0; index < list.length; index++) {
		const entry: unknown = list[index];
		if (typeof entry !== 'object' || entry === null) continue;
		for (const key of Object.keys(entry)) {
			const value = ownValue(entry, key);
			if (typeof value !== 'object' || value === null) continue;
			const step = Array.isArray(entry)
				? `[${key}]`
				: PLAIN_KEY.test(key)
					? `.${key}`
					: `[${quote(key)}]`;
			return `crmObjects[${index}]${step}`;
		}
	}
	return undefined;
}

export const crmObjects: LinkParameter<'crmObjects'> = {
	name: 'crmObjects',
	actions: ['start', 'restart'],
	requires: {
		parameter: 'integrationConnectionId',
		issue: {
			field: 'integrationConnectionId',
			problem: 'integrationConnectionId is missing, and Siro drops CRM objects without it.',
			fix: "Set integrationConnectionId (an organization admin creates it on the Siro web app's Integrations page), or remove the CRM objects.",
		},
	},

	/** Types matched case-insensitively and written in Siro's case; IDs as identifiers; exact duplicates dropped; empty → left out. */
	normalize(input) {
		const entries = entriesOf(ownValue(input, 'crmObjects'));
		if (entries === undefined) return undefined;
		if (entries.length > MOST_CRM_LIST_ENTRIES) throw tooLongCrmList(entries.length);
		const kept: CrmObject[] = [];
		for (let index = 0; index < entries.length; index++) {
			if (!hasOwn(entries, index)) continue; // a hole in a sparse list, skipped as forEach would
			const crmObject = normalizeCrmObject(entries[index], index);
			if (kept.some((other) => isSameCrmObject(other, crmObject))) continue;
			if (kept.length === MOST_CRM_OBJECTS) throw tooManyCrmObjects();
			kept.push(crmObject);
		}
		return kept.length === 0 ? undefined : kept;
	},

	/** Written as Siro's page shows it: [{"objectType": …, "objectId": …}], keys in that order, no spaces. */
	write: (objects) => JSON.stringify(objects),

	check(decoded, findings) {
		const reading = readJson(decoded);
		if ('invalid' in reading) {
			findings.issue(
				`crmObjects is not valid JSON once decoded (${reading.invalid}), so Siro drops it. Build it as a JSON list of {objectType, objectId}.`,
			);
			return undefined;
		}
		if (reading.silentChange) {
			const { problem, fix } = silentChangeProblem(reading.silentChange);
			findings.issue(`crmObjects ${problem} ${fix}`);
		}
		const { value } = reading;
		if (!Array.isArray(value)) {
			findings.issue('crmObjects is not a JSON list, so Siro drops it. Wrap the objects in [ ].');
			return undefined;
		}
		const nestedAt = nestedTooDeepAt(value);
		if (nestedAt !== undefined) {
			findings.issue(
				`${nestedAt} holds a list or an object, deeper than Siro's CRM objects (a list of {objectType, objectId}, each a text), so Siro drops crmObjects. Give each CRM object as ${OBJECT_EXAMPLE}.`,
			);
			return undefined;
		}
		const seen = new Set<string>();
		value.forEach((entry, index) => {
			const issue = crmObjectIssue(entry, `crmObjects[${index}]`);
			if (issue !== undefined) {
				findings.issue(issue);
				return;
			}
			const key = `${entry.objectType}\u0000${entry.objectId}`;
			if (seen.has(key)) findings.warning(`crmObjects[${index}] repeats an earlier object.`);
			seen.add(key);
		});
		return value;
	},
};
