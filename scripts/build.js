#!/usr/bin/env node
/**
 * Builds dist/: one CommonJS file per entry (library, nodes, credentials) with tsup, nothing
 * third-party bundled (n8n-workflow and zod come from the n8n host), then copies the icons and the
 * codex file next to each node (the credentials point at the Siro node's icons), since tsup does not.
 */
const fs = require('node:fs');
const path = require('node:path');
const { build } = require('tsup');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

const copies = [
	['nodes/Siro/siro.svg', 'nodes/Siro/siro.svg'],
	['nodes/Siro/siro.dark.svg', 'nodes/Siro/siro.dark.svg'],
	['nodes/Siro/Siro.node.json', 'nodes/Siro/Siro.node.json'],
	['nodes/SiroTrigger/siro.svg', 'nodes/SiroTrigger/siro.svg'],
	['nodes/SiroTrigger/siro.dark.svg', 'nodes/SiroTrigger/siro.dark.svg'],
	['nodes/SiroTrigger/SiroTrigger.node.json', 'nodes/SiroTrigger/SiroTrigger.node.json'],
];

async function main() {
	fs.rmSync(dist, { recursive: true, force: true });
	const common = {
		format: ['cjs'],
		target: 'es2019',
		platform: 'node',
		outDir: dist,
		external: ['n8n-workflow', 'zod'],
		splitting: false,
		sourcemap: false,
		silent: true,
		tsconfig: path.join(root, 'tsconfig.json'),
	};
	await build({
		...common,
		entry: {
			'nodes/Siro/Siro.node': path.join(root, 'nodes/Siro/Siro.node.ts'),
			'credentials/SiroApi.credentials': path.join(root, 'credentials/SiroApi.credentials.ts'),
			'nodes/SiroTrigger/SiroTrigger.node': path.join(
				root,
				'nodes/SiroTrigger/SiroTrigger.node.ts',
			),
			'credentials/SiroWebhookApi.credentials': path.join(
				root,
				'credentials/SiroWebhookApi.credentials.ts',
			),
		},
		dts: false,
	});
	await build({ ...common, entry: { index: path.join(root, 'index.ts') }, dts: true });
	for (const [from, to] of copies) {
		fs.mkdirSync(path.dirname(path.join(dist, to)), { recursive: true });
		fs.copyFileSync(path.join(root, from), path.join(dist, to));
	}
	console.log(`built ${path.relative(process.cwd(), dist) || 'dist'}/`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
