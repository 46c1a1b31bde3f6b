/**
 * The package's contracts as zod schemas (`n8n-nodes-siro/schemas`), for callers who validate with
 * zod; it needs zod installed. The library itself checks the same contracts without zod, and
 * property tests hold both to the same verdicts.
 */
export { recordLinkInputSchema, recordLinkParamsSchema } from './core/schemas';
export {
	conversationConfigurationSchema,
	conversationConfigurationsResponseSchema,
} from './client/schemas';
