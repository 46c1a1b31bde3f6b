import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** What n8n's community-package scanner says about the packed tarball and the sources (needs dist/ built). */
function lintPackage(): { output: string; exitCode: number } {
	try {
		// eslint-plugin-n8n-nodes-base switches to its own test-fixture mode under NODE_ENV=test (set by jest).
		const { NODE_ENV: _jestSetsTest, ...env } = process.env;
		const output = execFileSync(process.execPath, [path.join(root, 'scripts/lint-package.mjs')], {
			cwd: root,
			env,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		return { output, exitCode: 0 };
	} catch (error) {
		const failed = error as { stdout?: string; stderr?: string; status?: number };
		return { output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`, exitCode: failed.status ?? 1 };
	}
}

describe('the published package', () => {
	const { output, exitCode } = lintPackage();
	const summary = JSON.parse(output.trim().split('\n').pop() ?? '{}');

	it("passes n8n's scanner rules on the unpacked tarball and on the sources, inline disables ignored", () => {
		// The scanner's own report is part of the compared value, so a failure shows which rule broke.
		expect({
			exitCode,
			summary: { tarball: summary.tarball, sources: summary.sources },
			report: exitCode === 0 ? '' : output,
		}).toEqual({
			exitCode: 0,
			summary: { tarball: { passed: true }, sources: { passed: true } },
			report: '',
		});
	});

	it('ships the built entries, their icons and codex, and nothing else', () => {
		expect(summary.tarballFiles).toEqual([
			'LICENSE',
			'README.md',
			'dist/credentials/SiroApi.credentials.js',
			'dist/credentials/SiroWebhookApi.credentials.js',
			'dist/index.d.ts',
			'dist/index.js',
			'dist/nodes/Siro/Siro.node.js',
			'dist/nodes/Siro/Siro.node.json',
			'dist/nodes/Siro/siro.dark.svg',
			'dist/nodes/Siro/siro.svg',
			'dist/nodes/SiroTrigger/SiroTrigger.node.js',
			'dist/nodes/SiroTrigger/SiroTrigger.node.json',
			'dist/nodes/SiroTrigger/siro.dark.svg',
			'dist/nodes/SiroTrigger/siro.svg',
			'package.json',
		]);
	});

	it('has no runtime dependency and takes n8n-workflow from the host', () => {
		const manifest = require(path.join(root, 'package.json'));
		expect(manifest.dependencies ?? {}).toEqual({});
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(manifest.n8n).toEqual({
			n8nNodesApiVersion: 1,
			strict: true,
			credentials: [
				'dist/credentials/SiroApi.credentials.js',
				'dist/credentials/SiroWebhookApi.credentials.js',
			],
			nodes: ['dist/nodes/Siro/Siro.node.js', 'dist/nodes/SiroTrigger/SiroTrigger.node.js'],
		});
	});

	it("requires only n8n-workflow and zod (both from the n8n host) and Node's crypto at run time, bundling nothing else", () => {
		for (const entry of [
			'dist/index.js',
			'dist/nodes/Siro/Siro.node.js',
			'dist/credentials/SiroApi.credentials.js',
			'dist/nodes/SiroTrigger/SiroTrigger.node.js',
			'dist/credentials/SiroWebhookApi.credentials.js',
		]) {
			const source = readFileSync(path.join(root, entry), 'utf8');
			const required = [...source.matchAll(/require\(["']([^"']+)["']\)/g)].map(
				(match) => match[1],
			);
			// esbuild writes node:crypto as crypto for this target; both are Node's own module.
			const allowed = ['n8n-workflow', 'zod', 'crypto', 'node:crypto'];
			const foreign = required.filter((name) => !allowed.includes(name));
			expect({ entry, foreign }).toEqual({ entry, foreign: [] });
			// zod's own classes would show up here had it been bundled.
			expect(source).not.toMatch(/class ZodType|var ZodType/);
		}
	});
});
