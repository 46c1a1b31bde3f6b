/**
 * The record-link contract as zod schemas, for callers who validate with zod. The link core does not
 * use them (its normalizers are the validator, and the library must load without zod); a property
 * test holds both to the same verdicts.
 */
import { z } from 'zod';

import type { RecordLinkInput } from './build';
import { RECORD_ACTIONS } from './params/action';
import { UUID_REGEX_SOURCE } from './params/conversationType';
import { CRM_OBJECT_TYPES } from './params/crmObjects';
import type { RecordLinkParams } from './params/parameter';

/** IDs arrive from n8n expressions as numbers as often as text; a number must be a safe integer to be exact. */
const idLike = z.union([z.string(), z.number().int().safe()]).nullish();

/** A CRM object as given: the type in any case (normalisation writes Siro's), no other keys. */
const crmObjectInputSchema = z
	.object({ objectType: z.string(), objectId: z.union([z.string(), z.number().int().safe()]) })
	.strict();

/**
 * What a caller may pass in. Loose about case and formatting (normalisation fixes those), strict
 * about keys: a misspelt parameter would otherwise vanish from the link without a word.
 */
export const recordLinkInputSchema = z
	.object({
		action: z.string(),
		title: z.union([z.string(), z.number().finite()]).nullish(),
		conversationType: z.string().nullish(),
		redirectUrl: z.string().nullish(),
		integrationConnectionId: idLike,
		crmObjects: z
			.union([z.array(crmObjectInputSchema), crmObjectInputSchema, z.string()])
			.nullish(),
		opportunityId: idLike,
		jobId: idLike,
	})
	.strict() satisfies z.ZodType<unknown, z.ZodTypeDef, RecordLinkInput>;

const crmObjectSchema = z.object({
	objectType: z.enum(CRM_OBJECT_TYPES),
	objectId: z.string().min(1),
});

/** The normalised parameters a link carries: exactly what buildRecordLink writes and parseRecordLink reads back. */
export const recordLinkParamsSchema = z.object({
	action: z.enum(RECORD_ACTIONS),
	title: z.string().min(1).optional(),
	/** Normalised to lower case. */
	conversationType: z
		.string()
		.regex(new RegExp(`^${UUID_REGEX_SOURCE}$`))
		.refine((uuid) => uuid === uuid.toLowerCase(), 'a conversationType UUID in lower case')
		.optional(),
	integrationConnectionId: z.string().min(1).optional(),
	crmObjects: z.array(crmObjectSchema).min(1).optional(),
	opportunityId: z.string().min(1).optional(),
	redirectUrl: z.string().min(1).optional(),
}) satisfies z.ZodType<RecordLinkParams>;
