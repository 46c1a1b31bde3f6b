/**
 * zod schemas for Siro's conversation-configurations response (platformApi OpenAPI excerpt).
 * Built once at module load. Only what this package relies on is required (id, conversationType,
 * displayName); documented fields are type-checked when present (null tolerated, as Siro's
 * Firestore-backed data may carry it); every object passes unknown fields through unchanged, so a
 * new Siro field never breaks a workflow and "Simplify: off" shows everything Siro sent.
 */
import { z } from 'zod';

const stringList = z.array(z.string()).nullish();
// Nested items (debrief questions, expressions…) are only checked to be lists: this package never
// reads them, and validating each one doubled the parse time of a 10,000-configuration answer.
const opaqueList = z.array(z.unknown()).nullish();

export const conversationConfigurationSchema = z
	.object({
		id: z.string().min(1),
		conversationType: z.string().min(1),
		displayName: z.string(),
		orgId: z.string().nullish(),
		teamId: z.string().nullish(),
		userId: z.string().nullish(),
		displayBookmarksInDebrief: z.boolean().nullish(),
		expressions: opaqueList,
		overrideAllParentExpressions: z.boolean().nullish(),
		debriefQuestions: opaqueList,
		titleQuestionId: z.string().nullish(),
		resultQuestionId: z.string().nullish(),
		tagConfigurations: opaqueList,
		belongsToConfigGroups: stringList,
		chatBotKnowledgeBaseIds: stringList,
		bookmarkGroupIds: stringList,
		halftimeModeEnabled: z.boolean().nullish(),
		summaryPrompts: opaqueList,
	})
	.passthrough();

export const conversationConfigurationsResponseSchema = z
	.object({
		data: z.array(conversationConfigurationSchema),
	})
	.passthrough();

