#!/usr/bin/env node
'use strict';
/**
 * `npm run lint` (after `npm run build`): n8n's community-node ESLint rules as @n8n/node-cli configures
 * them for its starter, over nodes/, credentials/, the library entries and package.json; prettier;
 * and n8n's scanner on the packed tarball and the sources. See dev/lint/run.js for each check.
 *
 * Prints each check's findings and, last, one JSON line (what test/unit/package.lint.test.ts reads):
 * { eslint: { errorCount, warningCount, findings }, prettier: { passed, unformatted },
 *   scanner: { tarball: { passed }, sources: { passed }, tarballFiles } }.
 * Exits 1 when any check fails (an ESLint warning fails too: the starter's rules mean them).
 */
const { lintSources, checkFormatting, scanPackage } = require('../dev/lint/run');

const log = (message) => process.stderr.write(`${message}\n`);

async function main() {
	const eslint = await lintSources({ log });
	console.log(
		eslint.findings.length === 0
			? 'eslint (n8n community-node rules): clean'
			: `eslint (n8n community-node rules):${eslint.report}`,
	);

	const prettier = checkFormatting();
	console.log(
		prettier.passed
			? 'prettier: clean'
			: `prettier: not formatted (npx prettier --write <file>):\n  ${prettier.unformatted.join('\n  ')}`,
	);

	const scanner = await scanPackage({ log });
	for (const [name, result] of Object.entries({
		tarball: scanner.tarball,
		sources: scanner.sources,
	})) {
		console.log(`n8n scanner, ${name}: ${result.passed ? 'clean' : result.report}`);
	}

	console.log(
		JSON.stringify({
			eslint: {
				errorCount: eslint.errorCount,
				warningCount: eslint.warningCount,
				findings: eslint.findings,
			},
			prettier: { passed: prettier.passed, unformatted: prettier.unformatted },
			scanner: {
				tarball: { passed: scanner.tarball.passed },
				sources: { passed: scanner.sources.passed },
				tarballFiles: scanner.tarballFiles,
			},
		}),
	);
	const passed =
		eslint.findings.length === 0 &&
		prettier.passed &&
		scanner.tarball.passed &&
		scanner.sources.passed;
	process.exitCode = passed ? 0 : 1;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
