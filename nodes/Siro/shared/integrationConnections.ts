import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** The Integration Connection locator (parameter integrationConnection): From List or By ID. */
export function integrationConnectionLocator(
	description: string,
	displayOptions?: IDisplayOptions,
): INodeProperties {
	return {
		displayName: 'Integration Connection',
		name: 'integrationConnection',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description,
		...(displayOptions === undefined ? {} : { displayOptions }),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select an integration connection...',
				typeOptions: { searchListMethod: 'searchIntegrationConnections', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. conn-salesforce-1',
				hint: "The integration connection's ID in Siro",
			},
		],
	};
}
