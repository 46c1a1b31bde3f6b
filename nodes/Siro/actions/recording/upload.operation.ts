/**
 * Recording → Upload (platform API, user access): a recording made elsewhere (a voice memo, a dialer,
 * a VoIP call) from an n8n binary property becomes a Siro recording, with its rep, conversation type
 * and CRM objects. The file is read through n8n's binary helpers (so n8n's filesystem and S3 binary
 * modes work), its type is read from its bytes and name (never the item's mimeType), and it goes to
 * storage through n8n's plain HTTP helper, without the Siro credential.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { MAX_RECORDING_UPLOAD_BYTES, checkRecordingUploadOptions } from '../../recordingUpload';
import type { RecordingUploadOptions } from '../../recordingUpload';
import { ownValue, readTime } from '../../core';
import { checkAllThenSend } from '../../shared/checkedItems';
import {
	executionConversationTypes,
	type ConversationTypeCatalog,
} from '../../shared/conversationTypes';
import { readDefaultCountryParameter } from '../../shared/defaultCountry';
import { integrationConnectionLocator } from '../../shared/integrationConnections';
import { ItemInputError } from '../../shared/nodeErrors';
import {
	conversationTypeLocator,
	crmObjectsFields,
	readConversationTypeLocator,
	readCrmObjectsInput,
} from '../../shared/recordFields';
import { validE164, type CountryCode } from '../../shared/phoneNumbers';
import { siroConnection } from '../../shared/siroApi';
import { readLocator, resolveUserId, userLocator } from '../../shared/users';

const CAP_MB = MAX_RECORDING_UPLOAD_BYTES / 1048576;
const showForRepBy = (repBy: string) => ({ show: { repBy: [repBy] } });

export const description: INodeProperties[] = [
	{
		displayName: `Uploading uses Siro's platform API as a Siro user: the credential needs user access. The file (mp3, aac or wav, at most ${CAP_MB} MB) goes to Siro's storage without the Siro token.`,
		name: 'uploadNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the recording',
		description:
			"The recording's type is read from the file's content and name, not from its MIME type",
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		placeholder: 'e.g. Smith residence – roof inspection',
		description: 'Line breaks and tabs become spaces; leave empty to let Siro choose',
	},
	{
		displayName: 'Rep By',
		name: 'repBy',
		type: 'options',
		options: [
			{ name: 'User', value: 'user', description: 'Pick the rep From List, By ID or By Email' },
			{
				name: 'Email',
				value: 'email',
				description: "The rep's e-mail in Siro, matched by Siro",
			},
			{
				name: 'Phone Number',
				value: 'phone',
				description: "The rep's phone number in Siro, matched by Siro",
			},
		],
		default: 'user',
		description: 'Who recorded the conversation',
	},
	{
		...userLocator({
			name: 'rep',
			displayName: 'Rep',
			description: 'The Siro user who recorded the conversation',
			required: true,
		}),
		displayOptions: showForRepBy('user'),
	},
	{
		displayName: 'Rep Email',
		name: 'repEmail',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. avery.morgan@example.com',
		description: "The rep's e-mail address in Siro",
		displayOptions: showForRepBy('email'),
	},
	{
		displayName: 'Rep Phone Number',
		name: 'repPhone',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. +1 212 555 0100',
		description:
			"The rep's phone number in Siro, with its country code (or set Default Country in Additional Fields)",
		displayOptions: showForRepBy('phone'),
	},
	conversationTypeLocator(
		"Conversation type the recording is analyzed against. Leave empty for the rep's default.",
	),
	integrationConnectionLocator(
		'Your CRM integration in Siro, which the CRM objects belong to. Give it with CRM objects, or leave both empty.',
	),
	...crmObjectsFields({}),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Contact Name',
				name: 'contactName',
				type: 'string',
				default: '',
				description: 'The customer in the conversation',
			},
			{
				displayName: 'Contact Phone',
				name: 'contactPhone',
				type: 'string',
				default: '',
				placeholder: 'e.g. +1 415 555 0199',
				description: "The customer's phone number, with its country code (or set Default Country)",
			},
			{
				displayName: 'Default Country',
				name: 'defaultCountry',
				type: 'string',
				default: '',
				placeholder: 'e.g. US',
				description:
					'Country of phone numbers written without a country code: a two-letter ISO code such as US or DE, or a calling code such as 1 or 49. Empty: numbers must carry their country code.',
			},
			{
				displayName: 'Organization ID',
				name: 'organizationId',
				type: 'string',
				default: '',
				description:
					"The organization the recording belongs to, and whose conversation types By Name looks in. Empty: the credential's.",
			},
			{
				displayName: 'Recorded At',
				name: 'recordedAt',
				type: 'dateTime',
				default: '',
				description:
					"When the conversation was recorded (without a zone, the workflow's time zone); empty: when Siro receives it",
			},
		],
	},
];

/** The rules' field names → the parameters the user fills, so an error points at what is on screen. */
const UPLOAD_FIELD_NAMES: Readonly<Record<string, string>> = {
	file: 'binaryPropertyName',
	userId: 'rep',
	userEmail: 'repEmail',
	userPhone: 'repPhone',
	integrationConnectionId: 'integrationConnection',
	recordedAt: 'additionalFields.recordedAt',
	contactPhone: 'additionalFields.contactPhone',
	contactName: 'additionalFields.contactName',
	organizationId: 'additionalFields.organizationId',
};

interface CheckedUpload {
	binaryPropertyName: string;
	options: RecordingUploadOptions;
}

function readBinaryPropertyName(context: IExecuteFunctions, itemIndex: number): string {
	const name = context.getNodeParameter('binaryPropertyName', itemIndex, 'data');
	if (typeof name !== 'string' || name.trim() === '') {
		throw new ItemInputError(
			'binaryPropertyName',
			'Input Binary Field is empty.',
			'Enter the name of the binary field holding the recording, e.g. data.',
		);
	}
	return name.trim();
}

/** Default Country's region, or undefined (numbers must then carry their country code). */
function readRegion(value: unknown): CountryCode | undefined {
	return value === undefined
		? undefined
		: readDefaultCountryParameter(value, 'additionalFields.defaultCountry');
}

/**
 * A phone number in E.164, read with numbering-plan data (as Find User reads them), so that Siro
 * compares the same number whatever its format; empty → left out; anything else is refused.
 */
function readPhone(
	value: unknown,
	field: string,
	label: string,
	region: CountryCode | undefined,
): string | undefined {
	const text = typeof value === 'string' ? value.trim() : value;
	if (text === undefined || text === null || text === '') return undefined;
	const e164 = validE164(text, region);
	if (e164 !== undefined) return e164;
	throw new ItemInputError(
		field,
		`${label} ${JSON.stringify(text)?.slice(0, 60)} is not one valid phone number${region === undefined ? ' written with its country code' : ` (read in ${region})`}.`,
		'Write it with its country code (+1 212 555 0100), or set Default Country in Additional Fields; no extension or text around it.',
	);
}

/** The rep as the user picked it, as the one of userId / userEmail / userPhone it gives. */
async function readRep(
	context: IExecuteFunctions,
	itemIndex: number,
	region: CountryCode | undefined,
): Promise<Pick<RecordingUploadOptions, 'userId' | 'userEmail' | 'userPhone'>> {
	const repBy = context.getNodeParameter('repBy', itemIndex, 'user') as string;
	if (repBy === 'email')
		return { userEmail: context.getNodeParameter('repEmail', itemIndex, '') as string };
	if (repBy === 'phone') {
		const phone = context.getNodeParameter('repPhone', itemIndex, '');
		return { userPhone: readPhone(phone, 'repPhone', 'Rep Phone Number', region) };
	}
	const picked = readLocator(context, 'rep', itemIndex);
	if (picked.value.trim() === '') return {};
	return { userId: await resolveUserId(context, picked, 'rep') };
}

/** Recorded At as an instant: n8n's date picker gives a time without a zone, read in the workflow's. */
function readRecordedAt(context: IExecuteFunctions, value: unknown): number | undefined {
	if (value === undefined || value === null) return undefined;
	return readTime(value, 'Recorded At', { localTimeZone: context.getTimezone() });
}

async function readUpload(
	context: IExecuteFunctions,
	itemIndex: number,
	catalog: ConversationTypeCatalog,
): Promise<CheckedUpload> {
	const binaryPropertyName = readBinaryPropertyName(context, itemIndex);
	const additional = context.getNodeParameter('additionalFields', itemIndex, {}) as object;
	const additionalField = (name: string) => {
		const value = ownValue(additional, name);
		return value === '' ? undefined : value;
	};
	const picked = readConversationTypeLocator(context, itemIndex);
	let conversationType: string | undefined = picked.value;
	if (picked.mode === 'name' && picked.value.trim() !== '') {
		const connection = await siroConnection(context);
		const organizationId = await connection.organizationId(additionalField('organizationId'));
		conversationType = await catalog.resolveName(organizationId, picked.value);
	}
	const connection = readLocator(context, 'integrationConnection', itemIndex).value;
	const region = readRegion(additionalField('defaultCountry'));
	const options: RecordingUploadOptions = {
		title: context.getNodeParameter('title', itemIndex, '') as string,
		...(await readRep(context, itemIndex, region)),
		conversationType,
		integrationConnectionId: connection,
		crmObjects: readCrmObjectsInput(context, itemIndex),
		contactName: additionalField('contactName') as string | undefined,
		contactPhone: readPhone(
			additionalField('contactPhone'),
			'additionalFields.contactPhone',
			'Contact Phone',
			region,
		),
		organizationId: additionalField('organizationId') as string | undefined,
		recordedAt: readRecordedAt(context, additionalField('recordedAt')),
	};
	// Siro's rules, before any request for any item (the file is checked when it is read).
	checkRecordingUploadOptions(options);
	// The binary field must be there; n8n's own error names the field and the item.
	context.helpers.assertBinaryData(itemIndex, binaryPropertyName);
	return { binaryPropertyName, options };
}

/** POST signed-urls, PUT to storage, POST upload for each item; the file read once, when its turn comes. */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const catalog = executionConversationTypes(this);
	return await checkAllThenSend(
		this,
		items,
		async (itemIndex) => await readUpload(this, itemIndex, catalog),
		async ({ binaryPropertyName, options }, itemIndex) => {
			const binary = this.helpers.assertBinaryData(itemIndex, binaryPropertyName);
			const fileName = binary.fileName;
			const bytes = await this.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName);
			const { client } = await siroConnection(this);
			const uploaded = await client.uploadRecording(bytes, {
				...options,
				...(fileName === undefined ? {} : { fileName }),
			});
			const output: IDataObject = { ...uploaded };
			if (fileName !== undefined) output.fileName = fileName;
			return [output];
		},
		UPLOAD_FIELD_NAMES,
	);
}
