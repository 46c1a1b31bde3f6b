'use strict';
/**
 * What every end-to-end test starts from: the package as n8n users get it (`npm pack` of the built
 * tree, once per test file, in a temporary folder removed afterwards), and how a run is judged.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { errorOf } = require('../../../dev/n8n/instance');

const ROOT = path.join(__dirname, '..', '..', '..');

/** The built files the package ships: the library entry and everything package.json's n8n section loads. */
function builtEntries() {
	const { main, n8n } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	return [main, ...n8n.nodes, ...n8n.credentials];
}

/**
 * Packs the package before the file's tests (`npm run build` must have run) and removes the tarball
 * after them. Returns an object whose `tarball` is set once packed.
 */
function usePackedPackage() {
	const packed = { tarball: undefined };
	let workDir;
	beforeAll(() => {
		const missing = builtEntries().filter((file) => !fs.existsSync(path.join(ROOT, file)));
		if (missing.length > 0) {
			throw new Error(`${missing.join(', ')} missing: run \`npm run build\` first`);
		}
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-e2e-'));
		const out = execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], {
			cwd: ROOT,
			timeout: 120000,
			encoding: 'utf8',
		});
		packed.tarball = path.join(workDir, JSON.parse(out.slice(out.indexOf('[')))[0].filename);
	});
	afterAll(() => {
		if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
	});
	return packed;
}

/**
 * The run succeeded: n8n's execution says so (n8n 2.40.7 on Node 24 may die of SIGSEGV on its way
 * out after printing it: dev/README.md).
 */
function expectSuccess(run) {
	const error = errorOf(run.result);
	if (error || (run.exitCode !== 0 && !run.crashedOnExit)) {
		throw new Error(
			`execution failed (exit ${run.exitCode}): ${error?.message ?? 'no execution JSON'}\n${(run.stdout + run.stderr).slice(-3000)}`,
		);
	}
	expect(run.result.status).toBe('success');
}

module.exports = { usePackedPackage, expectSuccess, ROOT };
