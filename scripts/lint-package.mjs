#!/usr/bin/env node
/**
 * Lints what n8n's scanner lints: the packed tarball (unpacked, default patterns) and the sources of
 * nodes/ and credentials/ (SOURCE_FILE_PATTERNS), with inline eslint-disable comments ignored.
 * Expects dist/ to be built. Prints the findings and, last, one JSON line:
 * { tarball: { passed }, sources: { passed }, tarballFiles: [...] }. Exits 1 when either fails.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-lint-'));
try {
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	)[0];
	execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', work]);
	const unpacked = path.join(work, 'package');

	const tarball = await analyzePackage(unpacked);
	const sources = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	for (const [name, result] of [
		['tarball', tarball],
		['sources', sources],
	]) {
		console.log(`${name}: ${result.passed ? 'clean' : result.message}`);
		if (result.details) console.log(result.details);
	}
	console.log(
		JSON.stringify({
			tarball: { passed: tarball.passed },
			sources: { passed: sources.passed },
			tarballFiles: packed.files.map((file) => file.path).sort(),
		}),
	);
	process.exitCode = tarball.passed && sources.passed ? 0 : 1;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
