import type { IExecuteFunctions } from 'n8n-workflow';

import type { ConversationConfiguration } from '../client';
import { RecordLinkError } from '../core';
import { siroConnection } from './siroApi';

/** The fields of a Siro conversation configuration that picking a conversation type needs. */
export interface ConversationTypeEntry {
	conversationType: string;
	displayName?: string;
	id?: string;
}

/**
 * An organization's conversation types, fetched at most once per execution however many items ask:
 * Siro allows 1,000 requests a minute per token, and a 10,000-item run must not spend them here.
 */
export class ConversationTypeCatalog<Entry extends ConversationTypeEntry = ConversationTypeEntry> {
	private readonly byOrganization = new Map<string, Promise<Entry[]>>();

	constructor(
		private readonly fetchConversationTypes: (organizationId: string) => Promise<Entry[]>,
	) {}

	list(organizationId: string): Promise<Entry[]> {
		let pending = this.byOrganization.get(organizationId);
		if (!pending) {
			pending = this.fetchConversationTypes(organizationId);
			this.byOrganization.set(organizationId, pending);
		}
		return pending;
	}

	/** Display name → UUID, case-insensitively; unknown and ambiguous names are errors that list what exists. */
	async resolveName(organizationId: string, name: string): Promise<string> {
		const wanted = name.trim().toLowerCase();
		const entries = await this.list(organizationId);
		const uuids = new Set(
			entries
				.filter((entry) => entry.displayName?.trim().toLowerCase() === wanted)
				.map((entry) => entry.conversationType.toLowerCase()),
		);
		if (uuids.size === 1) return [...uuids][0];
		if (uuids.size > 1) {
			throw new RecordLinkError(
				'conversationType',
				`Organization ${organizationId} has ${uuids.size} conversation types named "${name.trim()}" (${[...uuids].join(', ')}).`,
				'Pick the one you mean By ID or From List, or rename one of them in Siro.',
			);
		}
		throw new RecordLinkError(
			'conversationType',
			`Organization ${organizationId} has no conversation type named "${name.trim()}".`,
			`Use one of: ${describeNames(entries)}.`,
		);
	}

	async assertExists(organizationId: string, conversationType: string): Promise<void> {
		const entries = await this.list(organizationId);
		if (entries.some((entry) => entry.conversationType.toLowerCase() === conversationType)) return;
		throw new RecordLinkError(
			'conversationType',
			`Conversation type ${conversationType} is not one of organization ${organizationId}'s, so Siro would silently use the rep's default.`,
			`Use one of: ${describeNames(entries)}.`,
		);
	}
}

function describeNames(entries: ConversationTypeEntry[]): string {
	if (entries.length === 0) return '(the organization has no conversation types)';
	const names = [
		...new Set(
			entries.map((entry) => `${entry.displayName ?? '(no name)'} (${entry.conversationType})`),
		),
	];
	return names.length > 20
		? `${names.slice(0, 20).join(', ')} and ${names.length - 20} more`
		: names.join(', ');
}

/** The execution's catalog, listing through the node's Siro connection (made on the first call). */
export function executionConversationTypes(
	context: IExecuteFunctions,
): ConversationTypeCatalog<ConversationConfiguration> {
	return new ConversationTypeCatalog(async (organizationId) =>
		(await siroConnection(context)).client.listConversationTypes(organizationId),
	);
}
