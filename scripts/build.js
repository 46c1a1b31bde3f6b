#!/usr/bin/env node
/**
 * Builds dist/ with tsup, bundling one third-party library, libphonenumber-js (Find User's phone
 * numbering plans; n8n's verification forbids runtime dependencies, so it ships inside the files that
 * use it: the Siro node and the library entry), and nothing else:
 * - what n8n loads by the paths in package.json's `n8n` section: the nodes and the credentials, one
 *   CommonJS file each (n8n-workflow and zod come from the n8n host), with the icons and the codex
 *   files copied next to the nodes (tsup does not copy them; the credentials point at the Siro icons);
 * - the library entries of package.json's `exports`, each as CommonJS (.js), ES module (.mjs) and
 *   their declarations (.d.ts, .d.mts): `index` (no n8n, no zod) and `schemas` (needs zod).
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

/** The tsup options every entry shares (scripts/bench/bundle.js builds a variant of the node with them). */
function commonOptions(outDir) {
	return {
		target: 'es2019',
		platform: 'node',
		outDir,
		external: ['n8n-workflow', 'zod'],
		// Said outright rather than left to tsup's default (which bundles devDependencies): moving it
		// to dependencies must not silently make it a runtime require n8n Cloud refuses.
		noExternal: [/^libphonenumber-js(\/|$)/],
		splitting: false,
		sourcemap: false,
		silent: true,
		tsconfig: path.join(root, 'tsconfig.json'),
	};
}

async function main() {
	fs.rmSync(dist, { recursive: true, force: true });
	const common = commonOptions(dist);
	await build({
		...common,
		format: ['cjs'],
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
	await build({
		...common,
		format: ['cjs', 'esm'],
		entry: {
			index: path.join(root, 'index.ts'),
			schemas: path.join(root, 'nodes/Siro/schemas.ts'),
		},
		dts: true,
	});
	for (const [from, to] of copies) {
		fs.mkdirSync(path.dirname(path.join(dist, to)), { recursive: true });
		fs.copyFileSync(path.join(root, from), path.join(dist, to));
	}
	console.log(`built ${path.relative(process.cwd(), dist) || 'dist'}/`);
}

module.exports = { commonOptions };

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
