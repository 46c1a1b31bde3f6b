/**
 * What n8n's verification of community nodes checks beyond its lint and scanner (which npm run lint
 * and package.lint.test.ts run): usableAsTool on action nodes only, a light and a dark icon that
 * differ, and codex categories from n8n's own list.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { SiroApi } from '../../credentials/SiroApi.credentials';
import { SiroWebhookApi } from '../../credentials/SiroWebhookApi.credentials';
import { Siro } from '../../nodes/Siro/Siro.node';
import { SiroTrigger } from '../../nodes/SiroTrigger/SiroTrigger.node';

const root = path.resolve(__dirname, '../..');

/**
 * The categories n8n's own nodes use in their codex files (n8n-nodes-base 2.41.1, every
 * *.node.json): a category outside it puts the node in no section of the nodes panel.
 */
const N8N_CODEX_CATEGORIES = [
	'AI',
	'Analytics',
	'Communication',
	'Core Nodes',
	'Data & Storage',
	'Developer Tools',
	'Development',
	'Finance & Accounting',
	'HITL',
	'Marketing',
	'Miscellaneous',
	'Productivity',
	'Sales',
	'Utility',
];

const nodes = [
	{ name: 'Siro', folder: 'nodes/Siro', description: new Siro().description, action: true },
	{
		name: 'Siro Trigger',
		folder: 'nodes/SiroTrigger',
		description: new SiroTrigger().description,
		action: false,
	},
];

function iconFile(folder: string, icon: string): Buffer {
	return readFileSync(path.join(root, folder, icon.replace(/^file:/, '')));
}

describe('what n8n verification asks of the nodes', () => {
	it.each(nodes)('$name: usableAsTool only on an action node', ({ description, action }) => {
		expect(description.usableAsTool === true).toBe(action);
	});

	it.each(nodes)('$name: a light and a dark icon that differ', ({ folder, description }) => {
		const icon = description.icon as { light: string; dark: string };
		expect(iconFile(folder, icon.light).equals(iconFile(folder, icon.dark))).toBe(false);
	});

	it.each(
		[new SiroApi(), new SiroWebhookApi()].map((credential) => ({
			name: credential.displayName,
			icon: credential.icon as { light: string; dark: string },
		})),
	)('$name credential: a light and a dark icon that differ', ({ icon }) => {
		expect(iconFile('credentials', icon.light).equals(iconFile('credentials', icon.dark))).toBe(
			false,
		);
	});

	it.each(nodes)("$name: codex categories from n8n's list", ({ folder, description }) => {
		const codex = JSON.parse(
			readFileSync(
				path.join(
					root,
					folder,
					`${description.name.replace(/^./, (c) => c.toUpperCase())}.node.json`,
				),
				'utf8',
			),
		);
		expect(codex.categories.length).toBeGreaterThan(0);
		for (const category of codex.categories) expect(N8N_CODEX_CATEGORIES).toContain(category);
	});
});
