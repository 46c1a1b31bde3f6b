import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { buildRecordLinkWithParams, normalizeConversationType } from '../../core';
import { ConversationTypeCatalog } from '../../shared/conversationTypes';
import { ItemWarnings } from '../../shared/itemWarnings';
import { errorItemJson, toNodeError } from '../../shared/nodeErrors';
import { defaultOrganizationId, fetchConversationTypes } from '../../shared/transport';

export { buildRecordLinkDescription as description } from './build.description';

interface BuildOptions {
	conversationTypeCheck?: 'format' | 'mustExist';
	opportunityId?: string;
	organizationId?: string;
	output?: 'inputAndLink' | 'linkAndParts';
	linkField?: string;
}

interface ConversationTypeLocator {
	mode?: string;
	value?: unknown;
}

/** The conversation type as the user picked it: a UUID (From List, By ID) or a name to resolve. */
function readConversationType(
	context: IExecuteFunctions,
	itemIndex: number,
): { mode: string; value: string } {
	const locator = context.getNodeParameter('conversationType', itemIndex, '') as
		| ConversationTypeLocator
		| string;
	if (typeof locator !== 'object' || locator === null)
		return { mode: 'id', value: String(locator ?? '') };
	return {
		mode: locator.mode ?? 'id',
		value: locator.value === undefined || locator.value === null ? '' : String(locator.value),
	};
}

function readCrmObjects(context: IExecuteFunctions, itemIndex: number): unknown {
	const inputMode = context.getNodeParameter('crmObjectsInput', itemIndex, 'fields') as string;
	if (inputMode === 'json') return context.getNodeParameter('crmObjectsJson', itemIndex, '[]');
	const collection = context.getNodeParameter('crmObjects', itemIndex, {}) as {
		crmObject?: IDataObject[];
	};
	return collection.crmObject ?? [];
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const results: INodeExecutionData[] = [];
	const warnings = new ItemWarnings();
	const catalog = new ConversationTypeCatalog((organizationId) =>
		fetchConversationTypes(this, organizationId),
	);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const options = this.getNodeParameter('options', itemIndex, {}) as BuildOptions;
			const action = this.getNodeParameter('recordAction', itemIndex) as string;
			const picked = readConversationType(this, itemIndex);

			let conversationType: string | undefined = picked.value;
			const needsOrganization =
				picked.mode === 'name' || options.conversationTypeCheck === 'mustExist';
			if (picked.value.trim() !== '' && needsOrganization) {
				const organizationId =
					options.organizationId?.trim() || (await defaultOrganizationId(this));
				if (picked.mode === 'name') {
					conversationType = await catalog.resolveName(organizationId, picked.value);
				} else {
					conversationType = normalizeConversationType(picked.value);
					if (conversationType !== undefined)
						await catalog.assertExists(organizationId, conversationType);
				}
			}

			const {
				url,
				warnings: linkWarnings,
				params,
			} = buildRecordLinkWithParams({
				action,
				title: this.getNodeParameter('title', itemIndex, '') as string,
				conversationType,
				integrationConnectionId: this.getNodeParameter(
					'integrationConnectionId',
					itemIndex,
					'',
				) as string,
				crmObjects: readCrmObjects(this, itemIndex),
				opportunityId: options.opportunityId,
				redirectUrl: this.getNodeParameter('redirectUrl', itemIndex, '') as string,
			});
			warnings.add(itemIndex, linkWarnings);

			const linkField = options.linkField?.trim() || 'recordLink';
			const linkJson: IDataObject = { [linkField]: url, [`${linkField}Warnings`]: linkWarnings };
			const json =
				options.output === 'linkAndParts'
					? { ...linkJson, ...params }
					: { ...items[itemIndex].json, ...linkJson };
			results.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, itemIndex);
			results.push({ json: errorItemJson(error), pairedItem: { item: itemIndex } });
		}
	}

	warnings.reportAsHints(this);
	return results;
}
