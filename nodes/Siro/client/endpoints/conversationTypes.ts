/**
 * Conversation configurations (platform API, user token): the organization's conversation types,
 * listed once for the organization and again for each team that inherits one.
 */
import type { ApiCall, SiroApiCaller } from '../caller';
import type { ClientErrorExplainer } from '../explain';
import { asObject, listEnvelope, optionalFields, requiredString, type JsonRecord } from '../shape';
import { readId } from './ids';

const CONVERSATION_CONFIGURATIONS_PATH = '/v1/core/conversation-configurations';

/** A conversation configuration as Siro sends it; the fields this package reads are typed. */
export interface ConversationConfiguration extends JsonRecord {
	id: string;
	/** The UUID a record link's conversationType carries (not `id`). */
	conversationType: string;
	displayName: string;
	orgId?: string | null;
	teamId?: string | null;
}

/** Documented fields, type-checked when present; anything else passes through as Siro sent it. */
const DOCUMENTED_FIELDS = {
	orgId: 'string',
	teamId: 'string',
	userId: 'string',
	displayBookmarksInDebrief: 'boolean',
	expressions: 'array',
	overrideAllParentExpressions: 'boolean',
	debriefQuestions: 'array',
	titleQuestionId: 'string',
	resultQuestionId: 'string',
	tagConfigurations: 'array',
	belongsToConfigGroups: 'array',
	chatBotKnowledgeBaseIds: 'array',
	bookmarkGroupIds: 'array',
	halftimeModeEnabled: 'boolean',
	summaryPrompts: 'array',
} as const;

export function readConversationConfigurations(body: unknown): ConversationConfiguration[] {
	const { data } = listEnvelope(body);
	return data.map((entry, index) => {
		const path = `data[${index}]`;
		const record = asObject(entry, path);
		requiredString(record, 'id', path, true);
		requiredString(record, 'conversationType', path, true);
		requiredString(record, 'displayName', path);
		optionalFields(record, path, DOCUMENTED_FIELDS);
		return record as ConversationConfiguration;
	});
}

function explainFor(organizationId: string, baseUrl: string): ClientErrorExplainer {
	return (status) => {
		if (status === 403) {
			return {
				message: `The token's user is not a member or admin of organization "${organizationId}" (403 Forbidden).`,
				description: `Check the Organization ID, or use the token of a user who belongs to organization "${organizationId}" or administers it.`,
			};
		}
		if (status === 404) {
			return {
				description: `Check the Organization ID and the Base URL ("${baseUrl}"): conversation types are read from ${baseUrl}${CONVERSATION_CONFIGURATIONS_PATH}.`,
			};
		}
		return undefined;
	};
}

export async function listConversationTypes(
	caller: SiroApiCaller,
	baseUrl: string,
	organizationId: unknown,
): Promise<ConversationConfiguration[]> {
	const organization = readId(organizationId, 'Organization ID');
	const call: ApiCall = {
		api: 'platform',
		method: 'GET',
		path: CONVERSATION_CONFIGURATIONS_PATH,
		query: { organizationId: organization },
		purpose: `listing the conversation types of organization "${organization}"`,
		explainClientError: explainFor(organization, baseUrl),
	};
	return await caller.callAndRead(call, readConversationConfigurations);
}

