/**
 * What the sync operations (Engagement, Opportunity) share: the Deleted switch that cancels a record,
 * and reading a collection's values and JSON fields into Siro's sync body, so that the engagement
 * rules then check the body whatever mode it came from. The Input Data Mode switch also serves User
 * → Create and Build Record Link.
 */
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ownValue } from '../core';
import { ItemInputError } from './nodeErrors';

/** Shows a parameter only in the Define Below input data mode. */
export const DEFINED_BELOW = { show: { inputDataMode: ['defineBelow'] } };

/** The Additional Fields collection of the Define Below mode. */
export function additionalFieldsDefinedBelow(fields: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: DEFINED_BELOW,
		options: fields,
	};
}

/**
 * The Input Data Mode switch: the fields below (Define Below, the default) or each item's own fields
 * (From Input Fields), each mode described for the operation; `moreModes` follow those two.
 */
export function inputDataModeField(
	described: { defineBelow: string; fromInputFields: string },
	moreModes: INodePropertyOptions[] = [],
): INodeProperties {
	return {
		displayName: 'Input Data Mode',
		name: 'inputDataMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Define Below', value: 'defineBelow', description: described.defineBelow },
			{
				name: 'From Input Fields',
				value: 'fromInputFields',
				description: described.fromInputFields,
			},
			...moreModes,
		],
		default: 'defineBelow',
	};
}

export const TIME_PLACEHOLDER = 'e.g. 2026-03-09T09:00:00-07:00';

/** What Siro's schema has a CRM record (account, contact, lead) hold besides its ID and names. */
export const CRM_RECORD_CONTACT_DETAILS =
	'addresses [{ country, street, city, state, zip }], latitude, longitude, phoneNumbers, emailAddresses';

/** Deleted (cancel) and its time, for the Options collection of a sync operation. */
export function deletedOptions(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Deleted',
			name: 'deleted',
			type: 'boolean',
			default: false,
			description: `Whether the ${what} was cancelled or deleted in the source system: Siro then marks it deleted (deletedAt)`,
		},
		{
			displayName: 'Deleted At',
			name: 'deletedAt',
			type: 'string',
			default: '',
			placeholder: TIME_PLACEHOLDER,
			description:
				'When it was cancelled, ISO 8601 with Z or an offset. Empty: now. Used only with Deleted on.',
		},
	];
}

/** The deletedAt the Deleted option asks for (undefined: leave the body's own), in the body's terms. */
export function readDeleted(options: object, now: () => string): unknown {
	if (ownValue(options, 'deleted') !== true) return undefined;
	const at = ownValue(options, 'deletedAt');
	return at === undefined || at === null || at === '' ? now() : at;
}

/** A JSON field's value: an object as given (an expression's result), or JSON text parsed. */
export function readJsonObject(value: unknown, field: string): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	let parsed: { value: unknown } | undefined;
	try {
		parsed = { value: JSON.parse(value) as unknown };
	} catch {
		parsed = undefined;
	}
	if (parsed !== undefined) return parsed.value;
	throw new ItemInputError(
		field,
		`${field} is not valid JSON.`,
		`Write it as a JSON object, such as { "externalId": "acct-17", "name": "Jones Residence" }.`,
	);
}

/**
 * The body fields a collection sets, as own keys, empty texts left out (n8n keeps a field added
 * and then cleared as ""). `json` names the fields given as JSON.
 */
export function collectionFields(
	collection: object,
	names: readonly string[],
	json: readonly string[] = [],
): IDataObject {
	const body: IDataObject = {};
	for (const name of names) {
		const value = ownValue(collection, name);
		const read = json.includes(name) ? readJsonObject(value, name) : value;
		// A JSON field added and left at its default {} says nothing: it is not sent.
		if (read === undefined || read === '' || isEmptyObject(read)) continue;
		body[name] = read as IDataObject;
	}
	return body;
}

function isEmptyObject(value: unknown): boolean {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Array.isArray(value) &&
		Object.keys(value).length === 0
	);
}

/** The item's own fields (never inherited ones), copied: the body is checked and sent as it is then. */
export function ownFields(json: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const key of Object.keys(json)) body[key] = json[key];
	return body;
}
