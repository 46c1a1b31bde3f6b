'use strict';
/**
 * The three checks `npm run lint` makes, as functions (scripts/lint.js prints them; tests call them
 * in a child process, since eslint-plugin-n8n-nodes-base changes behaviour under jest's NODE_ENV=test):
 *
 * - lintSources: ESLint with the configuration n8n's `@n8n/node-cli` gives its community-node starter
 *   (`@n8n/node-cli/eslint`: js and typescript-eslint recommended, @n8n/eslint-plugin-community-nodes
 *   recommended, import-x, and eslint-plugin-n8n-nodes-base's community/credentials/nodes rules with
 *   node-cli's overrides), used as it is; inline eslint-disable comments are ignored, as n8n's scanner
 *   ignores them.
 * - checkFormatting: `prettier --check` of every JavaScript and TypeScript file, with the repo's
 *   .prettierrc.js (the starter's settings) and .prettierignore. Markdown, YAML and JSON are left as
 *   written (npm writes package.json its own way; the README's tables are hand-aligned).
 * - scanPackage: n8n's scanner (`analyzePackage` of @n8n/scan-community-package) on the packed tarball,
 *   unpacked, and on the sources (its SOURCE_FILE_PATTERNS).
 *
 * The n8n tools come from dev/lint/install.js (installed outside the package's install graph).
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const { ensureLintTools } = require('./install');

const ROOT = path.resolve(__dirname, '..', '..');

/** What ships or configures what ships: the code n8n loads, the library entries, the manifest. */
const SHIPPED_SOURCES = ['nodes', 'credentials', 'index.ts', 'package.json'];

/** What prettier checks: code, wherever it is (.prettierignore leaves out dist/ and installs). */
const FORMATTED_FILES = '**/*.{js,cjs,mjs,ts}';

/**
 * ESLint with @n8n/node-cli's starter configuration over `patterns` (relative to `cwd`).
 * @returns {Promise<{errorCount: number, warningCount: number, findings: {file: string, line: number,
 *   column: number, severity: 'error'|'warning', ruleId: string|null, message: string}[], report: string}>}
 */
async function lintSources({ cwd = ROOT, patterns = SHIPPED_SOURCES, log } = {}) {
	const tools = await ensureLintTools({ log });
	const { ESLint } = require(tools.resolve('eslint'));
	const { config } = require(tools.resolve('@n8n/node-cli/eslint'));
	const eslint = new ESLint({
		cwd: path.resolve(cwd),
		overrideConfigFile: true,
		overrideConfig: config,
		allowInlineConfig: false,
	});
	const existing = patterns.filter((pattern) => fs.existsSync(path.join(cwd, pattern)));
	const results = await eslint.lintFiles(existing);
	const findings = results.flatMap((result) =>
		result.messages.map((message) => ({
			file: path.relative(cwd, result.filePath),
			line: message.line,
			column: message.column,
			severity: message.severity === 2 ? 'error' : 'warning',
			ruleId: message.ruleId,
			message: message.message,
		})),
	);
	const formatter = await eslint.loadFormatter('stylish');
	return {
		errorCount: results.reduce((sum, result) => sum + result.errorCount, 0),
		warningCount: results.reduce((sum, result) => sum + result.warningCount, 0),
		findings,
		report: await formatter.format(results),
	};
}

/** `prettier --check` with the repo's settings; `unformatted` lists the files it would change. */
function checkFormatting({ cwd = ROOT } = {}) {
	const prettier = require.resolve('prettier/bin/prettier.cjs', { paths: [cwd] });
	const res = spawnSync(process.execPath, [prettier, '--check', FORMATTED_FILES], {
		cwd,
		encoding: 'utf8',
	});
	const unformatted = `${res.stdout}${res.stderr}`
		.split('\n')
		.filter((line) => line.startsWith('[warn] ') && !line.includes('Code style issues'))
		.map((line) => line.slice('[warn] '.length).trim());
	return { passed: res.status === 0, unformatted, report: `${res.stdout}${res.stderr}`.trim() };
}

/**
 * n8n's scanner on the packed tarball (built dist/ needed) and on the sources of `cwd`.
 * @returns {Promise<{tarball: {passed: boolean, report: string}, sources: {passed: boolean,
 *   report: string}, tarballFiles: string[]}>}
 */
async function scanPackage({ cwd = ROOT, log } = {}) {
	const tools = await ensureLintTools({ log });
	const scanner = await import(
		pathToFileURL(tools.resolve('@n8n/scan-community-package/scanner/scanner.mjs')).href
	);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-scan-'));
	try {
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
				cwd,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'ignore'],
			}),
		);
		execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', work]);
		const verdict = (result) => ({
			passed: result.passed,
			report: result.passed ? '' : [result.message, result.details].filter(Boolean).join('\n'),
		});
		return {
			tarball: verdict(await scanner.analyzePackage(path.join(work, 'package'))),
			sources: verdict(await scanner.analyzePackage(cwd, scanner.SOURCE_FILE_PATTERNS)),
			tarballFiles: packed.files.map((file) => file.path).sort(),
		};
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

module.exports = { lintSources, checkFormatting, scanPackage, SHIPPED_SOURCES };

// `node dev/lint/run.js <package folder>…`: lints each folder's nodes/, credentials/ and package.json
// and prints one JSON object, folder → findings (how the lint tests run it, outside jest's NODE_ENV).
if (require.main === module) {
	(async () => {
		const findingsByFolder = {};
		for (const folder of process.argv.slice(2)) {
			const { findings } = await lintSources({
				cwd: path.resolve(folder),
				patterns: ['nodes', 'credentials', 'package.json'],
			});
			findingsByFolder[folder] = findings;
		}
		console.log(JSON.stringify(findingsByFolder));
	})().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
