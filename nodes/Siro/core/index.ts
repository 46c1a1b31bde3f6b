/** The link core: every Siro deep-link rule, with no n8n import, shared by the node, the library and the tests. */
export {
	buildRecordLink,
	buildRecordLinkWithParams,
	composeRecordLink,
	type BuildRecordLinkResult,
} from './build';
export { encodeStrict } from './encoding';
export { RecordLinkError } from './errors';
export {
	normalizeConversationType,
	normalizeCrmObjects,
	normalizeRecordLinkInput,
} from './normalize';
export { parseRecordLink, type ParsedRecordLinkParams, type ParseRecordLinkResult } from './parse';
export {
	ACTIONS_ACCEPTING,
	CRM_OBJECT_TYPES,
	LINK_LENGTH,
	PARAMETER_ORDER,
	RECORD_ACTIONS,
	RECORD_LINK_BASE,
	UUID_REGEX_SOURCE,
	type CrmObjectType,
	type RecordAction,
	type RecordLinkParameter,
} from './rules';
export {
	crmObjectSchema,
	recordLinkInputSchema,
	recordLinkParamsSchema,
	type CrmObject,
	type RecordLinkInput,
	type RecordLinkParams,
} from './schemas';
