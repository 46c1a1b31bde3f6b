/**
 * Siro's engagement and opportunity sync bodies (`PUT /v1/integrations/sync/engagements`,
 * `PUT /v1/integrations/sync/opportunities`), checked against every rule before a request: IDs exact,
 * instants with an offset, end after start, addresses complete, coordinates in range, reps by e-mail.
 * A field Siro's schema does not have is left out with a warning, never sent.
 */
import { describe } from '../core/values';
import { SiroInputError } from './errors';
import {
	own,
	readBoolean,
	readChoice,
	readEmail,
	readId,
	readInstant,
	readList,
	readNumber,
	readObject,
	readString,
	requiredId,
	type Fields,
} from './fields';

export const ACTIVITY_TYPES = [
	'MEETING',
	'CALL',
	'APPOINTMENT',
	'EMAIL',
	'TEXT',
	'EVENT',
	'SIRO_EVENT',
	'SIRO_BOT_RECORDING',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
/** The activity types Siro's appointment flows (showing it to the rep, matching the recording) read. */
export const APPOINTMENT_ACTIVITY_TYPES: readonly ActivityType[] = [
	'APPOINTMENT',
	'MEETING',
	'EVENT',
];

export const DIRECTIONS = ['INBOUND', 'OUTBOUND'] as const;
export const DISPOSITIONS = ['OPEN', 'WON', 'LOST'] as const;

export interface SiroAddress {
	country: string;
	street: string;
	city: string;
	state: string;
	zip: string;
}

/** What accounts, contacts and leads share. */
interface CrmRecordFields {
	externalId: string;
	latitude?: number;
	longitude?: number;
	addresses?: SiroAddress[];
	phoneNumbers?: string[];
	emailAddresses?: string[];
	lastActivityAt?: string;
	deletedAt?: string | null;
	owner?: { externalId: string } | null;
	mergedToExternalId?: string;
	mergedFromExternalIds?: string[];
}

export interface SiroAccount extends CrmRecordFields {
	name?: string;
}

export interface SiroContact extends CrmRecordFields {
	name?: string;
	account?: SiroAccount | null;
}

export interface SiroLead extends CrmRecordFields {
	firstName?: string;
	lastName?: string;
}

export interface EngagementOpportunity {
	externalId: string;
	name?: string;
	amount?: number;
	closedAt?: string;
	remoteCreatedAt?: string;
	lastActivityAt?: string;
	disposition?: (typeof DISPOSITIONS)[number];
	copyEngagementRelationships?: boolean;
}

/** A rep on the engagement: Siro maps users by e-mail; `externalId` (required by Siro) defaults to it. */
export interface EngagementUser {
	externalId: string;
	email: string;
	name?: string;
	shareOfSale?: number;
	deletedAt?: string | null;
}

export interface EngagementType {
	externalId?: string;
	name: string;
	activityType: ActivityType;
}

/** The body of `PUT /v1/integrations/sync/engagements`, as the rules leave it. */
export interface EngagementSyncBody {
	externalId: string;
	direction?: (typeof DIRECTIONS)[number] | null;
	content?: string | null;
	subject?: string | null;
	/** ISO 8601 in UTC. */
	startTime?: string | null;
	/** Local date and time without a zone, displayed by Siro as written. */
	startTimeLocalized?: string | null;
	endTime?: string | null;
	remoteCreatedAt?: string | null;
	remoteUpdatedAt?: string | null;
	/** Set: the engagement is cancelled (deleted in the source system); null: it is not. */
	deletedAt?: string | null;
	engagementTypeId?: string | null;
	engagementType?: EngagementType | null;
	account?: SiroAccount | null;
	engagementUsers?: EngagementUser[];
	opportunity?: EngagementOpportunity | null;
	lead?: SiroLead | null;
	contact?: SiroContact | null;
}

/** The body of `PUT /v1/integrations/sync/opportunities` (Siro's schema for it is partial). */
export interface OpportunitySyncBody {
	externalId: string;
	name?: string;
	amount?: number;
	closedAt?: string;
	remoteCreatedAt?: string;
	lastActivityAt?: string;
	deletedAt?: string;
	disposition?: (typeof DISPOSITIONS)[number];
	accountId?: string;
	account?: SiroAccount;
	contact?: SiroContact;
}

export interface CheckedBody<Body> {
	body: Body;
	/** Fields left out (not in Siro's schema) and choices Siro accepts but may ignore. */
	warnings: string[];
}

/** Sets `key` only when the value is there: Siro's nullable fields take null as "clear it". */
function put(target: Fields, key: string, value: unknown, nullable: boolean, given: unknown) {
	if (value !== undefined) target[key] = value;
	else if (nullable && given === null) target[key] = null;
}

function readAddress(value: unknown, field: string): SiroAddress {
	const fields = readObject(value, field);
	const address: Fields = {};
	for (const part of ['country', 'street', 'city', 'state', 'zip']) {
		const text = readString(own(fields, part), `${field}.${part}`);
		if (text === undefined) {
			throw new SiroInputError(
				`${field}.${part}`,
				`${field} has no ${part}: Siro needs country, street, city, state and zip for an address.`,
				`Add the ${part}, or leave the whole address out.`,
			);
		}
		address[part] = text;
	}
	return address as unknown as SiroAddress;
}

function readCoordinate(value: unknown, field: string, limit: number): number | undefined {
	const number = readNumber(value, field);
	if (number !== undefined && Math.abs(number) > limit) {
		throw new SiroInputError(
			field,
			`${field} is ${number}, outside −${limit}..${limit}.`,
			'Check the coordinates: latitude and longitude may be swapped.',
		);
	}
	return number;
}

function readStrings(
	value: unknown,
	field: string,
	read: (entry: unknown, entryField: string) => string | undefined,
): string[] | undefined {
	const list = readList(value);
	if (list === undefined) return undefined;
	return list
		.map((entry, index) => read(entry, `${field}[${index}]`))
		.filter((entry): entry is string => entry !== undefined);
}

/** Account, contact and lead: by External ID, with what the schema allows about the customer. */
function readCrmRecord(value: unknown, field: string, names: readonly string[]): Fields {
	const fields = readObject(value, field);
	const record: Fields = {
		externalId: requiredId(own(fields, 'externalId'), `${field}.externalId`, 'its ID in the CRM'),
	};
	for (const name of names)
		put(record, name, readString(own(fields, name), `${field}.${name}`), false, undefined);
	const latitude = readCoordinate(own(fields, 'latitude'), `${field}.latitude`, 90);
	const longitude = readCoordinate(own(fields, 'longitude'), `${field}.longitude`, 180);
	if ((latitude === undefined) !== (longitude === undefined)) {
		const missing = latitude === undefined ? 'latitude' : 'longitude';
		throw new SiroInputError(
			`${field}.${missing}`,
			`${field} has a ${missing === 'latitude' ? 'longitude' : 'latitude'} but no ${missing}.`,
			'Give both, or neither.',
		);
	}
	put(record, 'latitude', latitude, false, undefined);
	put(record, 'longitude', longitude, false, undefined);
	const addresses = readList(own(fields, 'addresses'));
	if (addresses !== undefined)
		record.addresses = addresses.map((address, index) =>
			readAddress(address, `${field}.addresses[${index}]`),
		);
	put(
		record,
		'phoneNumbers',
		readStrings(own(fields, 'phoneNumbers'), `${field}.phoneNumbers`, readString),
		false,
		undefined,
	);
	put(
		record,
		'emailAddresses',
		readStrings(own(fields, 'emailAddresses'), `${field}.emailAddresses`, readEmail),
		false,
		undefined,
	);
	put(
		record,
		'lastActivityAt',
		readInstant(own(fields, 'lastActivityAt'), `${field}.lastActivityAt`),
		false,
		undefined,
	);
	put(
		record,
		'deletedAt',
		readInstant(own(fields, 'deletedAt'), `${field}.deletedAt`),
		true,
		own(fields, 'deletedAt'),
	);
	const owner = own(fields, 'owner');
	if (owner !== undefined && owner !== null) {
		const ownerFields = readObject(owner, `${field}.owner`);
		record.owner = {
			externalId: requiredId(
				own(ownerFields, 'externalId'),
				`${field}.owner.externalId`,
				"the owner's ID in the CRM",
			),
		};
	}
	put(
		record,
		'mergedToExternalId',
		readId(own(fields, 'mergedToExternalId'), `${field}.mergedToExternalId`),
		false,
		undefined,
	);
	put(
		record,
		'mergedFromExternalIds',
		readStrings(own(fields, 'mergedFromExternalIds'), `${field}.mergedFromExternalIds`, readId),
		false,
		undefined,
	);
	return record;
}

const readAccount = (value: unknown, field: string) =>
	readCrmRecord(value, field, ['name']) as unknown as SiroAccount;

function readContact(value: unknown, field: string): SiroContact {
	const contact = readCrmRecord(value, field, ['name']);
	const account = own(readObject(value, field), 'account');
	if (account !== undefined && account !== null)
		contact.account = readAccount(account, `${field}.account`);
	return contact as unknown as SiroContact;
}

const OPPORTUNITY_TIMES = ['closedAt', 'remoteCreatedAt', 'lastActivityAt'];

/**
 * An opportunity's own fields (name, amount, `times`, disposition), read from `fields` into
 * `opportunity` by the same rules for the opportunity sync and an engagement's opportunity; `prefix`
 * leads the field names errors give.
 */
function putOpportunityFields(
	opportunity: Fields,
	fields: Fields,
	prefix: string,
	times: readonly string[],
): void {
	put(opportunity, 'name', readString(own(fields, 'name'), `${prefix}name`), false, undefined);
	put(
		opportunity,
		'amount',
		readNumber(own(fields, 'amount'), `${prefix}amount`),
		false,
		undefined,
	);
	for (const time of times)
		put(opportunity, time, readInstant(own(fields, time), `${prefix}${time}`), false, undefined);
	put(
		opportunity,
		'disposition',
		readChoice(own(fields, 'disposition'), `${prefix}disposition`, DISPOSITIONS),
		false,
		undefined,
	);
}

function readOpportunity(value: unknown, field: string): EngagementOpportunity {
	const fields = readObject(value, field);
	const opportunity: Fields = {
		externalId: requiredId(own(fields, 'externalId'), `${field}.externalId`, 'its ID in the CRM'),
	};
	putOpportunityFields(opportunity, fields, `${field}.`, OPPORTUNITY_TIMES);
	put(
		opportunity,
		'copyEngagementRelationships',
		readBoolean(own(fields, 'copyEngagementRelationships'), `${field}.copyEngagementRelationships`),
		false,
		undefined,
	);
	return opportunity as unknown as EngagementOpportunity;
}

/** Reps by e-mail, each once (e-mails compared case-insensitively, as Siro maps them). */
function readEngagementUsers(value: unknown, field: string): EngagementUser[] | undefined {
	const list = readList(value);
	if (list === undefined) return undefined;
	const seen = new Set<string>();
	const users: EngagementUser[] = [];
	list.forEach((entry, index) => {
		const at = `${field}[${index}]`;
		// A bare address is a rep too: the From Google Calendar / Outlook modes and sheets list e-mails.
		const fields = typeof entry === 'string' ? { email: entry } : readObject(entry, at);
		const email = readEmail(own(fields, 'email'), `${at}.email`);
		if (email === undefined) {
			throw new SiroInputError(
				`${at}.email`,
				`${at} has no e-mail: Siro matches reps to its users by e-mail.`,
				'Give the rep’s e-mail address in Siro.',
			);
		}
		if (seen.has(email.toLowerCase())) return;
		seen.add(email.toLowerCase());
		const user: Fields = {
			externalId: readId(own(fields, 'externalId'), `${at}.externalId`) ?? email,
			email,
		};
		put(user, 'name', readString(own(fields, 'name'), `${at}.name`), false, undefined);
		const share = readNumber(own(fields, 'shareOfSale'), `${at}.shareOfSale`);
		if (share !== undefined && (share < 0 || share > 1)) {
			throw new SiroInputError(
				`${at}.shareOfSale`,
				`${at}.shareOfSale is ${share}; it is a fraction of the sale.`,
				'Use 0 to 1: 0.5 for half, 1 for all of it.',
			);
		}
		put(user, 'shareOfSale', share, false, undefined);
		put(
			user,
			'deletedAt',
			readInstant(own(fields, 'deletedAt'), `${at}.deletedAt`),
			true,
			own(fields, 'deletedAt'),
		);
		users.push(user as unknown as EngagementUser);
	});
	return users;
}

/** A local date and time without a zone (YYYY-MM-DDTHH:mm[:ss[.fff]]). */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;

function readLocalDateTime(value: unknown, field: string): string | undefined {
	const text = readString(value, field);
	if (text !== undefined && !LOCAL_DATE_TIME.test(text)) {
		throw new SiroInputError(
			field,
			`${field} ${describe(text)} is not a local date and time.`,
			'Write it without a zone, as the rep’s clock shows it: 2026-03-08T09:00:00.',
		);
	}
	return text;
}

function unknownFieldWarnings(fields: Fields, known: readonly string[], what: string): string[] {
	return Object.keys(fields)
		.filter((key) => !known.includes(key))
		.map((key) => `${describe(key)} is not a field of Siro's ${what}: it was left out.`);
}

function checkEndAfterStart(startTime: unknown, endTime: unknown): void {
	if (
		typeof startTime === 'string' &&
		typeof endTime === 'string' &&
		Date.parse(endTime) <= Date.parse(startTime)
	) {
		throw new SiroInputError(
			'endTime',
			`endTime (${endTime}) is not after startTime (${startTime}).`,
			'Check the two times and their time zones.',
		);
	}
}

const ENGAGEMENT_FIELDS = [
	'externalId',
	'direction',
	'content',
	'subject',
	'startTime',
	'startTimeLocalized',
	'endTime',
	'remoteCreatedAt',
	'remoteUpdatedAt',
	'deletedAt',
	'engagementTypeId',
	'engagementType',
	'account',
	'engagementUsers',
	'opportunity',
	'lead',
	'contact',
] as const;

/**
 * Siro's engagement sync body from `input`, every rule checked. Throws SiroInputError naming the
 * first field that breaks one; nothing is sent for such an input.
 */
export function checkEngagementSyncBody(input: unknown): CheckedBody<EngagementSyncBody> {
	const fields = readObject(input, 'engagement');
	const warnings = unknownFieldWarnings(fields, ENGAGEMENT_FIELDS, 'engagement');
	const body: Fields = {
		externalId: requiredId(
			own(fields, 'externalId'),
			'externalId',
			'the ID of the appointment in the system it comes from',
		),
	};
	const nullable = (key: string, value: unknown) => put(body, key, value, true, own(fields, key));
	nullable('direction', readChoice(own(fields, 'direction'), 'direction', DIRECTIONS));
	nullable('content', readString(own(fields, 'content'), 'content'));
	nullable('subject', readString(own(fields, 'subject'), 'subject'));
	for (const time of ['startTime', 'endTime', 'remoteCreatedAt', 'remoteUpdatedAt', 'deletedAt'])
		nullable(time, readInstant(own(fields, time), time));
	nullable(
		'startTimeLocalized',
		readLocalDateTime(own(fields, 'startTimeLocalized'), 'startTimeLocalized'),
	);
	checkEndAfterStart(body.startTime, body.endTime);
	nullable('engagementTypeId', readId(own(fields, 'engagementTypeId'), 'engagementTypeId'));
	const type = own(fields, 'engagementType');
	if (type !== undefined && type !== null) {
		const typeFields = readObject(type, 'engagementType');
		const name = readString(own(typeFields, 'name'), 'engagementType.name');
		if (name === undefined) {
			throw new SiroInputError(
				'engagementType.name',
				'engagementType has no name.',
				'Name the type of appointment, such as In-Home Consultation.',
			);
		}
		const activityType =
			readChoice(own(typeFields, 'activityType'), 'engagementType.activityType', ACTIVITY_TYPES) ??
			'APPOINTMENT';
		if (!APPOINTMENT_ACTIVITY_TYPES.includes(activityType)) {
			warnings.push(
				`engagementType.activityType ${activityType}: Siro's appointment flows (showing it to the rep, matching the recording) read only ${APPOINTMENT_ACTIVITY_TYPES.join(', ')}.`,
			);
		}
		const engagementType: Fields = { name, activityType };
		put(
			engagementType,
			'externalId',
			readId(own(typeFields, 'externalId'), 'engagementType.externalId'),
			false,
			undefined,
		);
		body.engagementType = engagementType;
	} else nullable('engagementType', undefined);
	for (const [key, read] of [
		['account', readAccount],
		['contact', readContact],
		[
			'lead',
			(value: unknown, field: string) => readCrmRecord(value, field, ['firstName', 'lastName']),
		],
		['opportunity', readOpportunity],
	] as const) {
		const value = own(fields, key);
		nullable(key, value === undefined || value === null ? undefined : read(value, key));
	}
	put(
		body,
		'engagementUsers',
		readEngagementUsers(own(fields, 'engagementUsers'), 'engagementUsers'),
		false,
		undefined,
	);
	return { body: body as unknown as EngagementSyncBody, warnings };
}

const OPPORTUNITY_FIELDS = [
	'externalId',
	'name',
	'amount',
	'closedAt',
	'remoteCreatedAt',
	'lastActivityAt',
	'deletedAt',
	'disposition',
	'accountId',
	'account',
	'contact',
] as const;

/** Siro's opportunity sync body from `input`, with the same ID, time and address rules. */
export function checkOpportunitySyncBody(input: unknown): CheckedBody<OpportunitySyncBody> {
	const fields = readObject(input, 'opportunity');
	const warnings = unknownFieldWarnings(fields, OPPORTUNITY_FIELDS, 'opportunity');
	const body: Fields = {
		externalId: requiredId(
			own(fields, 'externalId'),
			'externalId',
			'the ID of the opportunity in the CRM',
		),
	};
	putOpportunityFields(body, fields, '', [...OPPORTUNITY_TIMES, 'deletedAt']);
	put(body, 'accountId', readId(own(fields, 'accountId'), 'accountId'), false, undefined);
	const account = own(fields, 'account');
	if (account !== undefined && account !== null) body.account = readAccount(account, 'account');
	const contact = own(fields, 'contact');
	if (contact !== undefined && contact !== null) body.contact = readContact(contact, 'contact');
	return { body: body as unknown as OpportunitySyncBody, warnings };
}
