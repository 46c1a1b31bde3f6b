/**
 * n8n-nodes-siro as a library: the same record-link rules the n8n node applies, usable from a
 * script, a Code step or another automation tool, plus the Siro API client and the n8n classes.
 */
import { sleep } from 'n8n-workflow';

import {
	createSiroClient as createClientWithSleep,
	type SiroClientOptions,
} from './nodes/Siro/client';

export {
	buildRecordLink,
	parseRecordLink,
	encodeStrict,
	RecordLinkError,
	CRM_OBJECT_TYPES,
	RECORD_ACTIONS,
	PARAMETER_ORDER,
	ACTIONS_ACCEPTING,
	LINK_LENGTH,
	RECORD_LINK_BASE,
	type BuildRecordLinkResult,
	type ParseRecordLinkResult,
	type ParsedRecordLinkParams,
	type RecordLinkInput,
	type RecordLinkParams,
	type CrmObject,
	type CrmObjectType,
	type RecordAction,
	type RecordLinkParameter,
} from './nodes/Siro/core';

export {
	SiroApiError,
	conversationConfigurationSchema,
	type ConversationConfiguration,
	type SiroHttpRequest,
	type SiroHttpResponse,
	type SiroRequestFunction,
} from './nodes/Siro/client';

// Imported with its extension: tsup takes any path ending in ".node" for a native addon.
export { Siro } from './nodes/Siro/Siro.node.ts';
export { SiroApi } from './credentials/SiroApi.credentials';

/** The Siro API client; `sleep` (used between retries) defaults to n8n-workflow's. */
export function createSiroClient(
	options: Omit<SiroClientOptions, 'sleep'> & Partial<Pick<SiroClientOptions, 'sleep'>>,
) {
	return createClientWithSleep({ sleep, ...options });
}
