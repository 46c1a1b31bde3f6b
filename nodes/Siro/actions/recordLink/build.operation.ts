import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	PARAMETER_ORDER,
	RecordLinkError,
	buildRecordLink,
	normalizeConversationType,
	ownValue,
	type RecordLinkInput,
} from '../../core';
import {
	executionConversationTypes,
	type ConversationTypeCatalog,
} from '../../shared/conversationTypes';
import { readConversationTypeLocator, readCrmObjectsInput } from '../../shared/recordFields';
import { ItemWarnings } from '../../shared/itemWarnings';
import { perItem } from '../../shared/perItem';
import { siroConnection } from '../../shared/siroApi';

export { buildRecordLinkDescription as description } from './build.description';

const DEFAULT_LINK_FIELD = 'recordLink';
/** Names a link field may not take: the parts "Only Link and Its Parts" outputs, and JavaScript's object internals. */
const RESERVED_FIELD_NAMES = new Set<string>([
	...PARAMETER_ORDER,
	'__proto__',
	'constructor',
	'prototype',
]);

/** A text option as the user set it; options are read as own keys only, never inherited ones. */
function textOption(options: object, name: string): string | undefined {
	const value = ownValue(options, name);
	return typeof value === 'string' ? value : undefined;
}

/**
 * The integration connection as the node's version has it: version 1 a text field
 * (integrationConnectionId), 1.1 a resource locator (integrationConnection) whose value is the ID.
 * The value goes to the link core as given, so its rules for IDs (numbers included) apply to both.
 */
function readIntegrationConnectionId(context: IExecuteFunctions, itemIndex: number): unknown {
	if (context.getNode().typeVersion < 1.1) {
		return context.getNodeParameter('integrationConnectionId', itemIndex, '');
	}
	const locator = context.getNodeParameter('integrationConnection', itemIndex, '') as unknown;
	return typeof locator === 'object' && locator !== null ? ownValue(locator, 'value') : locator;
}

/** The output field for the link (its warnings go to the same name plus "Warnings"). */
function readLinkField(options: object): string {
	const given = ownValue(options, 'linkField');
	if (given !== undefined && typeof given !== 'string') {
		throw new RecordLinkError(
			'linkField',
			'Put Link in Field is not text.',
			`Set it to a field name such as ${DEFAULT_LINK_FIELD}.`,
		);
	}
	const name = given?.trim() || DEFAULT_LINK_FIELD;
	const clash = [name, `${name}Warnings`].find((field) => RESERVED_FIELD_NAMES.has(field));
	if (clash !== undefined) {
		throw new RecordLinkError(
			'linkField',
			`Put Link in Field "${name}" would write to ${clash}, which is ${
				(PARAMETER_ORDER as readonly string[]).includes(clash)
					? "one of the link's parts"
					: 'reserved by JavaScript objects'
			}.`,
			`Choose another field name, such as ${DEFAULT_LINK_FIELD}.`,
		);
	}
	return name;
}

/**
 * The link's parameters from the item's own fields (From Input Fields): exactly the parameters' names,
 * nothing inherited, nothing else (not even the deprecated alias jobId, which an item may carry with
 * another meaning). The link core then applies every rule, as for parameters defined below.
 */
function inputFromItem(json: IDataObject): Record<string, unknown> {
	const input: Record<string, unknown> = {};
	for (const name of PARAMETER_ORDER) {
		const value = ownValue(json, name);
		if (value !== undefined) input[name] = value;
	}
	return input;
}

/** The link's parameters from the node's fields, with the conversation type resolved as picked. */
async function inputDefinedBelow(
	context: IExecuteFunctions,
	itemIndex: number,
	options: object,
	catalog: ConversationTypeCatalog,
): Promise<RecordLinkInput> {
	const picked = readConversationTypeLocator(context, itemIndex);
	let conversationType: string | undefined = picked.value;
	if (picked.mode === 'name' && picked.value.trim() !== '') {
		const organizationId = await (
			await siroConnection(context)
		).organizationId(textOption(options, 'organizationId'));
		conversationType = await catalog.resolveName(organizationId, picked.value);
	}
	return {
		action: context.getNodeParameter('recordAction', itemIndex) as string,
		title: context.getNodeParameter('title', itemIndex, '') as string,
		conversationType,
		integrationConnectionId: readIntegrationConnectionId(context, itemIndex) as string,
		crmObjects: readCrmObjectsInput(context, itemIndex) as RecordLinkInput['crmObjects'],
		opportunityId: ownValue(options, 'opportunityId') as string | undefined,
		redirectUrl: context.getNodeParameter('redirectUrl', itemIndex, '') as string,
	};
}

/**
 * The Options collection for an item. Without an expression in it, it is the same for every item and
 * is read once: From Input Fields then makes no per-item parameter read at all.
 */
function optionsReader(context: IExecuteFunctions): (itemIndex: number) => object {
	const raw = ownValue(context.getNode().parameters, 'options');
	if (!containsExpression(raw)) {
		const options = context.getNodeParameter('options', 0, {}) as object;
		return () => options;
	}
	return (itemIndex) => context.getNodeParameter('options', itemIndex, {}) as object;
}

/** Whether a raw parameter value holds an n8n expression (a text starting with "="), anywhere in it. */
function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (typeof value !== 'object' || value === null) return false;
	return Object.values(value).some(containsExpression);
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const warnings = new ItemWarnings();
	const catalog = executionConversationTypes(this);
	const fromInputFields =
		this.getNodeParameter('inputDataMode', 0, 'defineBelow') === 'fromInputFields';
	const optionsFor = optionsReader(this);

	const results = await perItem(this, items, async (itemIndex) => {
		const options = optionsFor(itemIndex);
		const linkField = readLinkField(options);
		const input = fromInputFields
			? inputFromItem(items[itemIndex].json)
			: await inputDefinedBelow(this, itemIndex, options, catalog);

		// Must Exist: the UUID must be one of the organization's types (By Name found one already).
		const conversationType = ownValue(input, 'conversationType');
		if (textOption(options, 'conversationTypeCheck') === 'mustExist') {
			const uuid = normalizeConversationType(conversationType);
			if (uuid !== undefined) {
				const organizationId = await (
					await siroConnection(this)
				).organizationId(textOption(options, 'organizationId'));
				await catalog.assertExists(organizationId, uuid);
			}
		}

		const { url, warnings: linkWarnings, params } = buildRecordLink(input);
		warnings.add(itemIndex, linkWarnings);

		const linkJson: IDataObject = { [linkField]: url, [`${linkField}Warnings`]: linkWarnings };
		const json =
			textOption(options, 'output') === 'linkAndParts'
				? { ...linkJson, ...params }
				: { ...items[itemIndex].json, ...linkJson };
		return [json];
	});
	warnings.reportAsHints(this);
	return results;
}
