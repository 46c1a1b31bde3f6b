/**
 * The collections operations keep their optional parameters in: a Get Many's Filters and an
 * operation's Options. Each option is added in the editor as needed; none is set by default.
 */
import type { INodeProperties } from 'n8n-workflow';

/** A Get Many's Filters collection (read as the `filters` parameter). */
export function filtersCollection(filters: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: filters,
	};
}

/** An operation's Options collection (read as the `options` parameter). */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
