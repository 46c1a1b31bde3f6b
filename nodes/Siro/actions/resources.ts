import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeTypeDescription,
} from 'n8n-workflow';

import type { SiroOperation, SiroResource } from './types';

/**
 * What the node description derives from its resources: the Resource and Operation menus, every
 * operation's fields (shown only for it), the subtitle, and when the Siro credential is shown.
 * Adding an operation touches only its resource folder.
 */
export function describeResources(
	resources: readonly SiroResource[],
): Pick<INodeTypeDescription, 'subtitle' | 'properties'> & { operationsUsingSiro: string[] } {
	// Defaults named by a variable: n8n's node-param-default-missing rule reads `default: a.b` as absent.
	const firstResource = resources[0].value;
	const resourceMenu: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources.map(({ name, value }) => ({ name, value })),
		default: firstResource,
	};
	const properties: INodeProperties[] = [resourceMenu];
	for (const resource of resources) {
		const firstOperation = resource.operations[0].value;
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: resource.operations.map(({ name, value, action, description }) => ({
				name,
				value,
				action,
				description,
			})),
			default: firstOperation,
		});
	}
	for (const resource of resources) {
		for (const operation of resource.operations) {
			properties.push(
				...updateDisplayOptions(
					{ show: { resource: [resource.value], operation: [operation.value] } },
					operation.properties,
				),
			);
		}
	}

	const actions: Record<string, string> = {};
	for (const resource of resources) {
		for (const operation of resource.operations) {
			actions[`${resource.value}.${operation.value}`] = operation.action;
		}
	}
	return {
		subtitle: `={{ ${JSON.stringify(actions)}[$parameter["resource"] + "." + $parameter["operation"]] }}`,
		properties,
		operationsUsingSiro: operationsUsingSiro(resources),
	};
}

/**
 * Operation values for which the credential is shown. n8n's displayOptions cannot say "this
 * resource and that operation", so operation values must not be shared between an operation that
 * talks to Siro and one that does not.
 */
function operationsUsingSiro(resources: readonly SiroResource[]): string[] {
	const all = resources.flatMap((resource) => resource.operations);
	const using = new Set(
		all.filter((operation) => operation.tokens.length > 0).map(({ value }) => value),
	);
	const clash = all.find(
		(operation) => operation.tokens.length === 0 && using.has(operation.value),
	);
	if (clash) {
		throw new Error(
			`Operation value "${clash.value}" is used both with and without Siro credentials: rename one.`,
		);
	}
	return [...using];
}

/** Finds the operation the node is set to and runs it on all items. */
export async function runOperation(
	this: IExecuteFunctions,
	resources: readonly SiroResource[],
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resourceValue = this.getNodeParameter('resource', 0) as string;
	const operationValue = this.getNodeParameter('operation', 0) as string;
	const operation: SiroOperation | undefined = resources
		.find((resource) => resource.value === resourceValue)
		?.operations.find((candidate) => candidate.value === operationValue);
	if (operation === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationValue}" on "${resourceValue}" is not supported`,
			{
				description:
					'Pick an operation from the list; this workflow may come from a newer version of the node.',
			},
		);
	}
	return [await operation.execute.call(this, items)];
}
