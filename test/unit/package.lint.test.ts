import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** `npm run lint`'s checks (scripts/lint.js; needs dist/ built, as `npm test` does first). */
function lint(): { output: string; exitCode: number } {
	try {
		// eslint-plugin-n8n-nodes-base switches to its own test-fixture mode under NODE_ENV=test (set by jest).
		const { NODE_ENV: _jestSetsTest, ...env } = process.env;
		const output = execFileSync(process.execPath, [path.join(root, 'scripts/lint.js')], {
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

/** Every `require(…)` and static `import … from …` of a built file. */
function importsOf(file: string): string[] {
	const source = readFileSync(path.join(root, file), 'utf8');
	return [
		...source.matchAll(/require\(["']([^"']+)["']\)/g),
		...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']/gm),
		...source.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
	]
		.map((match) => match[1])
		.sort();
}

describe('the published package', () => {
	const { output, exitCode } = lint();
	const summary = JSON.parse(output.trim().split('\n').pop() ?? '{}');

	it("is clean under n8n's community-node ESLint rules, prettier and n8n's scanner (tarball and sources)", () => {
		// The reports are part of the compared value, so a failure shows which rule broke where.
		expect({
			exitCode,
			eslint: summary.eslint?.findings,
			prettier: summary.prettier,
			scanner: { tarball: summary.scanner?.tarball, sources: summary.scanner?.sources },
			report: exitCode === 0 ? '' : output,
		}).toEqual({
			exitCode: 0,
			eslint: [],
			prettier: { passed: true, unformatted: [] },
			scanner: { tarball: { passed: true }, sources: { passed: true } },
			report: '',
		});
	});

	it('ships the built entries (CommonJS, ES module, declarations), the icons and codex, and nothing else', () => {
		// tsup puts declarations both entries share in a chunk named <entry>-<hash>.d.ts / .d.mts.
		const sharedDeclarations = /^dist\/[A-Za-z]+-[A-Za-z0-9_-]{8}\.d\.m?ts$/;
		expect(
			summary.scanner.tarballFiles.filter((file: string) => !sharedDeclarations.test(file)),
		).toEqual([
			'LICENSE',
			'README.md',
			'dist/credentials/SiroApi.credentials.js',
			'dist/credentials/SiroWebhookApi.credentials.js',
			'dist/index.d.mts',
			'dist/index.d.ts',
			'dist/index.js',
			'dist/index.mjs',
			'dist/nodes/Siro/Siro.node.js',
			'dist/nodes/Siro/Siro.node.json',
			'dist/nodes/Siro/siro.dark.svg',
			'dist/nodes/Siro/siro.svg',
			'dist/nodes/SiroTrigger/SiroTrigger.node.js',
			'dist/nodes/SiroTrigger/SiroTrigger.node.json',
			'dist/nodes/SiroTrigger/siro.dark.svg',
			'dist/nodes/SiroTrigger/siro.svg',
			'dist/schemas.d.mts',
			'dist/schemas.d.ts',
			'dist/schemas.js',
			'dist/schemas.mjs',
			'package.json',
		]);
	});

	it('has no runtime dependency, takes n8n-workflow from the host (optional), and exports the library', () => {
		const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
		expect(manifest.dependencies ?? {}).toEqual({});
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		// Without it npm installs n8n-workflow into a library user's project (and it may not build there).
		expect(manifest.peerDependenciesMeta).toEqual({ 'n8n-workflow': { optional: true } });
		const entry = (name: string) => ({
			import: { types: `./dist/${name}.d.mts`, default: `./dist/${name}.mjs` },
			require: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
		});
		expect(manifest.exports).toEqual({
			'.': entry('index'),
			'./schemas': entry('schemas'),
			'./package.json': './package.json',
		});
		expect({ main: manifest.main, types: manifest.types }).toEqual({
			main: 'dist/index.js',
			types: 'dist/index.d.ts',
		});
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

	it("loads at run time only what each entry may: n8n-workflow and zod from the host, Node's crypto, libphonenumber-js bundled", () => {
		// esbuild writes node:crypto as crypto for this target; both are Node's own module.
		const allowed: Record<string, string[]> = {
			'dist/nodes/Siro/Siro.node.js': ['n8n-workflow', 'zod', 'crypto'],
			'dist/credentials/SiroApi.credentials.js': ['n8n-workflow', 'zod'],
			'dist/nodes/SiroTrigger/SiroTrigger.node.js': ['n8n-workflow', 'zod', 'crypto'],
			'dist/credentials/SiroWebhookApi.credentials.js': ['n8n-workflow', 'zod'],
			// The library entry loads without n8n and zod; the schemas entry needs zod only.
			'dist/index.js': ['crypto'],
			'dist/index.mjs': ['crypto'],
			'dist/schemas.js': ['zod'],
			'dist/schemas.mjs': ['zod'],
		};
		for (const [file, packages] of Object.entries(allowed)) {
			const foreign = importsOf(file).filter((name) => !packages.includes(name));
			expect({ file, foreign }).toEqual({ file, foreign: [] });
			// zod's own classes would show up here had it been bundled.
			expect(readFileSync(path.join(root, file), 'utf8')).not.toMatch(/class ZodType|var ZodType/);
		}
		// Find User's numbering plans ship inside the files that match users, and only there.
		const bundlingLibphonenumber = Object.keys(allowed).filter((file) =>
			readFileSync(path.join(root, file), 'utf8').includes('node_modules/libphonenumber-js/'),
		);
		expect(bundlingLibphonenumber).toEqual([
			'dist/nodes/Siro/Siro.node.js',
			'dist/index.js',
			'dist/index.mjs',
		]);
	});
});
