/**
 * The link core: every Siro deep-link rule, with no n8n and no zod import, shared by the node, the
 * library and the tests. The zod schemas (./schemas) document the same contract for callers that
 * want them; they are not imported here, so the library loads without zod.
 */
export { buildRecordLink, type BuildRecordLinkResult, type RecordLinkInput } from './build';
export { encodeStrict } from './encoding';
export { RecordLinkError } from './errors';
export { LINK_LENGTH, RECORD_LINK_BASE } from './link';
export { parseRecordLink, type ParseRecordLinkResult } from './parse';
export { ACTIONS_ACCEPTING, PARAMETER_ORDER } from './params';
export { RECORD_ACTIONS, type RecordAction } from './params/action';
export { UUID_REGEX_SOURCE, normalizeConversationType } from './params/conversationType';
export { CRM_OBJECT_TYPES, type CrmObject, type CrmObjectType } from './params/crmObjects';
export type {
	ParsedRecordLinkParams,
	RecordLinkParameter,
	RecordLinkParams,
} from './params/parameter';
export { ownValue } from './values';
export {
	linkDeliveryStatus,
	type DeliveryStatus,
	type LinkDelivery,
	type LinkDeliveryOptions,
} from './delivery';
export { readTime, type ReadTimeOptions } from './time';
