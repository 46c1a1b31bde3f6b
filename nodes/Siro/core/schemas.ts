import { z } from 'zod';

import { CRM_OBJECT_TYPES, RECORD_ACTIONS, UUID_PATTERN } from './rules';

/** Text arrives from n8n expressions as numbers as often as strings; both are accepted. */
const textLike = z.union([z.string(), z.number()]).nullish();

/**
 * What a caller may pass in. Loose about case and formatting (normalisation fixes those), strict
 * about keys: a misspelt parameter would otherwise vanish from the link without a word.
 */
export const recordLinkInputSchema = z
	.object({
		action: z.string(),
		title: textLike,
		conversationType: z.string().nullish(),
		redirectUrl: z.string().nullish(),
		integrationConnectionId: textLike,
		crmObjects: z.union([z.array(z.unknown()), z.string(), z.record(z.unknown())]).nullish(),
		opportunityId: textLike,
		jobId: textLike,
	})
	.strict();

export const crmObjectSchema = z.object({
	objectType: z.enum(CRM_OBJECT_TYPES),
	objectId: z.string().min(1),
});

/** The normalised parameters a link carries: exactly what buildRecordLink writes and parseRecordLink reads back. */
export const recordLinkParamsSchema = z.object({
	action: z.enum(RECORD_ACTIONS),
	title: z.string().min(1).optional(),
	conversationType: z.string().regex(UUID_PATTERN).optional(),
	integrationConnectionId: z.string().min(1).optional(),
	crmObjects: z.array(crmObjectSchema).min(1).optional(),
	opportunityId: z.string().min(1).optional(),
	redirectUrl: z.string().min(1).optional(),
});

export type RecordLinkInput = z.input<typeof recordLinkInputSchema>;
export type RecordLinkParams = z.infer<typeof recordLinkParamsSchema>;
export type CrmObject = z.infer<typeof crmObjectSchema>;
