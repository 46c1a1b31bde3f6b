/**
 * What `POST /v1/core/recordings/upload` says about a recording besides its file: title, the rep,
 * conversation type, CRM objects, the customer, when it was recorded. Siro's rules, applied before
 * any request: at least one of userId / userEmail / userPhone; integrationConnectionId and
 * crmObjects together or not at all (CRM objects read with Build Record Link's rules); no property
 * Siro does not list (it rejects them). Phone numbers go as given (trimmed, no control or invisible
 * character) for Siro to match: the client does not read numbering plans, which would make every
 * entry that loads it (the credential, the trigger) carry them; the node writes them in E.164 first.
 */
import { normalizeConversationType } from '../core/params/conversationType';
import { crmObjects as crmObjectsParameter, type CrmObject } from '../core/params/crmObjects';
import { integrationConnectionId as connectionParameter } from '../core/params/integrationConnectionId';
import { title as titleParameter } from '../core/params/title';
import { describe } from '../core/values';
import { asInputError, SiroInputError } from '../engagements/errors';
import { own, readEmail, readId, readInstant, readObject, readString } from '../engagements/fields';

/** What uploadRecording takes besides the file. */
export interface RecordingUploadOptions {
	/** The file's name, checked against its content (call.mp3 must hold MP3). */
	fileName?: string;
	title?: string;
	/** The rep who recorded it: at least one of userId, userEmail, userPhone. */
	userId?: string;
	userEmail?: string;
	/** As Siro has it for the rep; best in E.164 (+14155550102). */
	userPhone?: string;
	organizationId?: string;
	/** The conversationType UUID of a conversation configuration (the rep's default when left out). */
	conversationType?: string;
	/** With crmObjects, or neither. */
	integrationConnectionId?: string;
	/** A list of {objectType, objectId}, or its JSON text, as Build Record Link reads it. */
	crmObjects?: unknown;
	contactName?: string;
	contactPhone?: string;
	/** When the conversation was recorded: ISO 8601 with a zone, a Date, or milliseconds. */
	recordedAt?: string | number | Date;
}

/** The upload call's body, except fileUrl and fileType (which the upload itself gives). */
export interface RecordingUploadFields {
	title?: string;
	userId?: string;
	userEmail?: string;
	userPhone?: string;
	organizationId?: string;
	conversationType?: string;
	integrationConnectionId?: string;
	crmObjects?: CrmObject[];
	contactName?: string;
	contactPhone?: string;
	dateCreated?: string;
}

const KNOWN_OPTIONS = new Set<string>([
	'fileName',
	'title',
	'userId',
	'userEmail',
	'userPhone',
	'organizationId',
	'conversationType',
	'integrationConnectionId',
	'crmObjects',
	'contactName',
	'contactPhone',
	'recordedAt',
]);

/** The upload's fields from `options` (own keys only), or a SiroInputError naming the field. */
export function checkRecordingUploadOptions(options: unknown): RecordingUploadFields {
	const given = readObject(options ?? {}, 'options');
	const unknownKey = Object.keys(given).find((key) => !KNOWN_OPTIONS.has(key));
	if (unknownKey !== undefined) {
		throw new SiroInputError(
			unknownKey.slice(0, 100),
			`The option ${describe(unknownKey)} is not one uploadRecording knows, and Siro rejects properties it does not list.`,
			`Use only ${[...KNOWN_OPTIONS].join(', ')}.`,
		);
	}
	const fields: RecordingUploadFields = {
		title: asInputError(() => titleParameter.normalize({ title: own(given, 'title') }, [])),
		userId: readId(own(given, 'userId'), 'userId'),
		userEmail: readEmail(own(given, 'userEmail'), 'userEmail'),
		userPhone: readId(own(given, 'userPhone'), 'userPhone'),
		organizationId: readId(own(given, 'organizationId'), 'organizationId'),
		conversationType: asInputError(() => normalizeConversationType(own(given, 'conversationType'))),
		integrationConnectionId: asInputError(() =>
			connectionParameter.normalize(
				{ integrationConnectionId: own(given, 'integrationConnectionId') },
				[],
			),
		),
		crmObjects: asInputError(() =>
			crmObjectsParameter.normalize({ crmObjects: own(given, 'crmObjects') }, []),
		),
		contactName: readString(own(given, 'contactName'), 'contactName'),
		contactPhone: readId(own(given, 'contactPhone'), 'contactPhone'),
		dateCreated: readInstant(own(given, 'recordedAt'), 'recordedAt'),
	};
	if (!fields.userId && !fields.userEmail && !fields.userPhone) {
		throw new SiroInputError(
			'userId',
			'No rep is given: Siro needs to know whose recording it is.',
			"Give the rep's userId, userEmail or userPhone.",
		);
	}
	if (fields.crmObjects !== undefined && fields.integrationConnectionId === undefined) {
		throw new SiroInputError(
			'integrationConnectionId',
			'CRM objects are given without integrationConnectionId, and Siro refuses one without the other.',
			'Set the integration connection the CRM objects belong to, or remove the CRM objects.',
		);
	}
	if (fields.integrationConnectionId !== undefined && fields.crmObjects === undefined) {
		throw new SiroInputError(
			'crmObjects',
			'integrationConnectionId is given without CRM objects, and Siro refuses one without the other.',
			'Add the CRM objects this recording is about, or leave the integration connection empty.',
		);
	}
	return Object.fromEntries(
		Object.entries(fields).filter(([, value]) => value !== undefined),
	) as RecordingUploadFields;
}
