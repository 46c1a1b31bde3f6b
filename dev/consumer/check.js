'use strict';
/**
 * The library as a user gets it: the packed tarball installed into an empty project, on each
 * supported Node line, with nothing else.
 *
 * Per Node line (20, 22, 24; dev/node/install.js brings the ones this machine lacks):
 *   1. `npm install <tarball>` in an empty project, no flags: exit 0, and neither n8n-workflow nor zod
 *      installed (n8n-workflow is an optional peer; zod is only for the `schemas` entry);
 *   2. the library page's TypeScript snippets (docs/library.md, which the README links as "Use it as a
 *      library": every ```ts block that imports from this package and from nothing else) and a probe
 *      of this file's own, each compiled with
 *      `tsc --strict` (no skipLibCheck; only the package and TypeScript present) twice: as CommonJS
 *      (.cts → require) and as an ES module (.mts → import);
 *   3. each compiled file run: exit 0; the CommonJS and ES module runs print the same; the probe
 *      prints the exact link of the worked example (docs/record-link.md) and the parse of it;
 *   4. `n8n-nodes-siro/schemas` resolves and asks for zod (not installed).
 *
 *   const { checkConsumer } = require('./check');
 *   const report = await checkConsumer({ majors: [20, 22, 24] });   // throws on the first failure
 *
 * CLI (CI calls it): `node dev/consumer/check.js [--node 20,22,24] [--tarball file.tgz]`
 * (packs the repo when no tarball is given; needs dist/ built).
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { ensureNode } = require('../node/install');

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = 'n8n-nodes-siro';
/** The page of the library's documentation (README → "Use it as a library"). */
const LIBRARY_PAGE = 'docs/library.md';
const STEP_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * The worked example of docs/record-link.md (section "Build record link"), as a library call, and the
 * exact link it must give.
 */
const WORKED_EXAMPLE = {
	input: {
		action: 'start',
		title: 'Jones (2nd visit) + gutters',
		conversationType: '3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10',
		integrationConnectionId: 'conn-salesforce-1',
		crmObjects: [{ objectType: 'lead', objectId: '00QB2' }],
	},
	url:
		'https://app.siro.ai/record?action=start&title=Jones%20%282nd%20visit%29%20%2B%20gutters' +
		'&conversationType=3f8c2a61-5b7e-4d92-9c1a-7e6b2d4f8a10&integrationConnectionId=conn-salesforce-1' +
		'&crmObjects=%5B%7B%22objectType%22%3A%22Lead%22%2C%22objectId%22%3A%2200QB2%22%7D%5D',
};

/** Typed as a user would write it: a wrong export name or type fails the compile. */
const PROBE_SOURCE = `import { buildRecordLink, parseRecordLink, RecordLinkError, type RecordLinkInput } from '${PACKAGE_NAME}';

const input: RecordLinkInput = ${JSON.stringify(WORKED_EXAMPLE.input)};
const { url, warnings } = buildRecordLink(input);
const parsed = parseRecordLink(url);
let refused = '';
try {
	buildRecordLink({ action: 'stop', title: 'x' });
} catch (error) {
	if (error instanceof RecordLinkError) refused = error.field;
}
console.log(JSON.stringify({ url, warnings, valid: parsed.valid, crmObjects: parsed.params.crmObjects, refused }));
`;

function run(cmd, args, { cwd, env, timeoutMs = STEP_TIMEOUT_MS }) {
	return new Promise((resolve) => {
		const started = Date.now();
		execFile(
			cmd,
			args,
			{ cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) =>
				resolve({
					exitCode: error ? (error.code ?? error.signal ?? 1) : 0,
					stdout,
					stderr,
					seconds: (Date.now() - started) / 1000,
				}),
		);
	});
}

function fail(step, result) {
	throw new Error(
		`${step} failed (exit ${result.exitCode})\n${result.stdout}${result.stderr}`.trimEnd(),
	);
}

/**
 * The ```ts blocks of the library page (all of it) that import from this package and nothing else;
 * the others are listed with why they are not compiled.
 */
function librarySnippets(page) {
	const snippets = [];
	const skipped = [];
	for (const match of page.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
		const code = match[1];
		const modules = [...code.matchAll(/^import\b[^;]*?from\s*'([^']+)'/gm)].map((m) => m[1]);
		const foreign = modules.filter(
			(name) => name !== PACKAGE_NAME && !name.startsWith(`${PACKAGE_NAME}/`),
		);
		const firstLine = code.split('\n').find((line) => line.trim()) ?? '';
		if (modules.length === 0)
			skipped.push({ firstLine, why: `imports nothing from ${PACKAGE_NAME}` });
		else if (foreign.length > 0) skipped.push({ firstLine, why: `needs ${foreign.join(', ')}` });
		else snippets.push(code);
	}
	return { snippets, skipped };
}

/** Packs the repo (dist/ must be built) into `dir`; returns the tarball path. */
async function packRepo(dir) {
	const res = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT });
	if (res.exitCode !== 0) fail('npm pack', res);
	const [{ filename }] = JSON.parse(res.stdout.slice(res.stdout.indexOf('[')));
	return path.join(dir, path.basename(filename));
}

/** Steps 1–4 above on one Node line, in a fresh empty project. */
async function checkOnNode(major, { tarball, snippets, log }) {
	const node = await ensureNode(major, { log });
	const env = { ...node.env };
	delete env.NODE_ENV; // jest's; a user's shell has none
	const project = fs.mkdtempSync(path.join(os.tmpdir(), `siro-consumer-node${major}-`));
	const timings = {};
	try {
		fs.writeFileSync(
			path.join(project, 'package.json'),
			`${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2)}\n`,
		);
		const install = await run('npm', ['install', tarball], { cwd: project, env });
		timings.install = install.seconds;
		if (install.exitCode !== 0) fail(`Node ${node.version}: npm install ${tarball}`, install);
		const installed = fs
			.readdirSync(path.join(project, 'node_modules'))
			.filter((name) => !name.startsWith('.'));
		if (installed.join() !== PACKAGE_NAME) {
			throw new Error(
				`Node ${node.version}: npm install of the tarball installed ${installed.join(', ')}; expected ${PACKAGE_NAME} alone (no n8n-workflow, no zod)`,
			);
		}

		const sources = [
			...snippets.map((code, i) => [`library-${i + 1}`, code]),
			['probe', PROBE_SOURCE],
		];
		const files = [];
		for (const [name, code] of sources) {
			for (const extension of ['cts', 'mts']) {
				fs.writeFileSync(path.join(project, `${name}.${extension}`), code);
				files.push(`${name}.${extension}`);
			}
		}
		// The repo's own TypeScript (the pinned version), run on this Node line: the project itself
		// holds only the package, so its declarations must stand on their own.
		const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
		const compile = await run(
			node.nodeBin,
			[
				tsc,
				'--strict',
				'--module',
				'nodenext',
				'--moduleResolution',
				'nodenext',
				'--target',
				'es2022',
				'--outDir',
				'out',
				...files,
			],
			{ cwd: project, env },
		);
		timings.compile = compile.seconds;
		if (compile.exitCode !== 0) fail(`Node ${node.version}: tsc --strict`, compile);

		const outputs = {};
		for (const [name] of sources) {
			for (const [extension, kind] of [
				['cjs', 'require'],
				['mjs', 'import'],
			]) {
				const res = await run(node.nodeBin, [path.join('out', `${name}.${extension}`)], {
					cwd: project,
					env,
				});
				if (res.exitCode !== 0) fail(`Node ${node.version}: ${name} as ${kind}`, res);
				outputs[`${name} (${kind})`] = res.stdout;
			}
			if (outputs[`${name} (require)`] !== outputs[`${name} (import)`]) {
				throw new Error(
					`Node ${node.version}: ${name} prints differently as require and import:\n${outputs[`${name} (require)`]}\n${outputs[`${name} (import)`]}`,
				);
			}
		}
		const probe = JSON.parse(outputs['probe (require)']);
		const expected = {
			url: WORKED_EXAMPLE.url,
			warnings: [],
			valid: true,
			crmObjects: [{ objectType: 'Lead', objectId: '00QB2' }],
			refused: 'title',
		};
		if (JSON.stringify(probe) !== JSON.stringify(expected)) {
			throw new Error(
				`Node ${node.version}: the probe printed ${JSON.stringify(probe)}, expected ${JSON.stringify(expected)}`,
			);
		}

		const schemas = await run(
			node.nodeBin,
			[
				'-e',
				`try { require('${PACKAGE_NAME}/schemas'); console.log('loaded'); } catch (e) { console.log(e.code, e.message.split('\\n')[0]); }`,
			],
			{ cwd: project, env },
		);
		if (!/^MODULE_NOT_FOUND Cannot find module 'zod'/.test(schemas.stdout)) {
			throw new Error(
				`Node ${node.version}: require('${PACKAGE_NAME}/schemas') without zod should ask for zod; it printed ${schemas.stdout}${schemas.stderr}`,
			);
		}
		return { node: node.version, timings, outputs };
	} finally {
		fs.rmSync(project, { recursive: true, force: true });
	}
}

/**
 * @param {{majors?: number[], tarball?: string, log?: (msg: string) => void}} [options]
 * @returns {Promise<{tarball: string, snippets: number, skipped: {firstLine: string, why: string}[],
 *   lines: {node: string, timings: object, outputs: Record<string, string>}[]}>}
 */
async function checkConsumer({ majors = [20, 22, 24], tarball, log = () => {} } = {}) {
	const { snippets, skipped } = librarySnippets(
		fs.readFileSync(path.join(ROOT, LIBRARY_PAGE), 'utf8'),
	);
	if (snippets.length === 0) {
		throw new Error(`${LIBRARY_PAGE} has no snippet to compile`);
	}
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-consumer-pack-'));
	try {
		const packed = tarball ? path.resolve(tarball) : await packRepo(packDir);
		const lines = [];
		for (const major of majors) {
			log(`Node ${major}: installing the tarball into an empty project, compiling, running…`);
			const line = await checkOnNode(major, { tarball: packed, snippets, log });
			log(
				`  Node ${line.node}: ok (npm install ${line.timings.install.toFixed(1)} s, tsc ${line.timings.compile.toFixed(1)} s)`,
			);
			lines.push(line);
		}
		return { tarball: packed, snippets: snippets.length, skipped, lines };
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
}

module.exports = { checkConsumer, librarySnippets, LIBRARY_PAGE, WORKED_EXAMPLE };

if (require.main === module) {
	const { values } = parseArgs({
		options: { node: { type: 'string', default: '20,22,24' }, tarball: { type: 'string' } },
	});
	const started = Date.now();
	checkConsumer({
		majors: values.node.split(',').map(Number),
		tarball: values.tarball,
		log: (msg) => console.log(msg),
	}).then(
		(report) => {
			for (const { firstLine, why } of report.skipped) {
				console.log(`${LIBRARY_PAGE} snippet not compiled alone (${why}): ${firstLine}`);
			}
			console.log(
				`consumer check passed: ${report.snippets} ${LIBRARY_PAGE} snippet(s) + probe on Node ${report.lines.map((l) => l.node).join(', ')} (${Math.round((Date.now() - started) / 1000)} s)`,
			);
		},
		(error) => {
			console.error(`consumer check FAILED: ${error.message}`);
			process.exit(1);
		},
	);
}
