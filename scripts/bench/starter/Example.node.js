'use strict';
/**
 * The yardstick for the cold-load benchmark: n8n-nodes-starter's example node (nodes/Example/
 * Example.node.ts) as its TypeScript build emits it, with the same external requires as the Siro
 * node (n8n-workflow, and zod, which the Siro node also loads), and nothing else.
 */
Object.defineProperty(exports, '__esModule', { value: true });
exports.Example = void 0;
const n8n_workflow_1 = require('n8n-workflow');
require('zod');

class Example {
	constructor() {
		this.description = {
			displayName: 'Example',
			name: 'example',
			icon: { light: 'file:example.svg', dark: 'file:example.dark.svg' },
			group: ['input'],
			version: 1,
			description: 'Basic Example Node',
			defaults: { name: 'Example' },
			inputs: [n8n_workflow_1.NodeConnectionTypes.Main],
			outputs: [n8n_workflow_1.NodeConnectionTypes.Main],
			usableAsTool: true,
			properties: [
				{
					displayName: 'My String',
					name: 'myString',
					type: 'string',
					default: '',
					placeholder: 'Placeholder value',
					description: 'The description text',
				},
			],
		};
	}

	async execute() {
		const items = this.getInputData();
		let item;
		let myString;
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				myString = this.getNodeParameter('myString', itemIndex, '');
				item = items[itemIndex];
				item.json.myString = myString;
			} catch (error) {
				if (this.continueOnFail()) {
					items.push({ json: this.getInputData(itemIndex)[0].json, error, pairedItem: itemIndex });
				} else {
					if (error.context) {
						error.context.itemIndex = itemIndex;
						throw error;
					}
					throw new n8n_workflow_1.NodeOperationError(this.getNode(), error, { itemIndex });
				}
			}
		}
		return [items];
	}
}
exports.Example = Example;
