'use strict';
/**
 * Benchmark 8 (issue 16): what bundling libphonenumber-js (Find User's numbering plans, 'max'
 * metadata) into dist costs.
 *
 * - Size: the bytes of each dist file that bundles it, and its share of them: the bytes of the
 *   modules the unminified bundle heads `// node_modules/libphonenumber-js/…` (esbuild writes each
 *   module's path above its code), so the figure is of the shipped file itself. Also the node file
 *   built without it, and the packed tarball (with the "before" revision's when one is given).
 * - Cold require of dist/nodes/Siro/Siro.node.js and of the library entry dist/index.js (no
 *   n8n-workflow there, so the library's own cost shows) against the same sources built with
 *   libphonenumber-js replaced by an empty stub ("without": the rest of the build is the same), and
 *   against a "before" revision's files when one is given: fresh processes, in turns
 *   (coldLoad.js), wall and CPU time, each file required from the same kind of place (sideBySide);
 *   each ratio is the median of the per-round ratios.
 *
 *   npm run build && node scripts/bench/bundle.js [--compare-rev <git rev>] [--repetitions 15] [--write]
 *
 * `npm run bench` runs it too. With --write the results go to BENCHMARKS.md between their own
 * markers; the last line of output is one JSON object.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { build } = require('tsup');

const { commonOptions } = require('../build');
const { sampleInTurns } = require('./coldLoad');
const { stats } = require('./core');
const { packDir } = require('./n8n');
const { resultsWriter } = require('./resultsBlock');

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_START = '<!-- bench:bundle:start (written by npm run bench) -->';
const RESULTS_END = '<!-- bench:bundle:end -->';
const NODE_FILE = 'dist/nodes/Siro/Siro.node.js';
const LIBRARY_FILE = 'dist/index.js';
const BUNDLING_FILES = [NODE_FILE, LIBRARY_FILE, 'dist/index.mjs'];
/** The files required cold: the node (which loads n8n-workflow) and the library entry (which does not). */
const REQUIRED = { node: NODE_FILE, library: LIBRARY_FILE };
const LIBRARY_MODULE = /^\/\/ node_modules\/libphonenumber-js\//;
/** esbuild's header above each module of an unminified bundle: its path, alone on a line. */
const MODULE_HEADER = /^\/\/ \S+\.(?:[cm]?js|ts|json)$/;

/** The file's bytes and those of the libphonenumber-js modules in it. */
function measureFile(file) {
	const lines = fs.readFileSync(file, 'utf8').split('\n');
	let library = 0;
	let inLibrary = false;
	for (const line of lines) {
		if (MODULE_HEADER.test(line)) inLibrary = LIBRARY_MODULE.test(line);
		if (inLibrary) library += Buffer.byteLength(line) + 1;
	}
	return { bytes: fs.statSync(file).size, libraryBytes: library };
}

/** The module tsup resolves libphonenumber-js to in the "without" build: nothing a require runs. */
const stubLibphonenumber = {
	name: 'stub-libphonenumber-js',
	setup(esbuild) {
		esbuild.onResolve({ filter: /^libphonenumber-js(\/|$)/ }, (args) => ({
			path: args.path,
			namespace: 'stub',
		}));
		esbuild.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
			contents:
				'export default {}; export function parsePhoneNumberFromString() {} export function isSupportedCountry() { return false; }',
			loader: 'js',
		}));
	},
};

/**
 * Where the node files are required from: copies side by side in the repo's node_modules/.cache, so
 * n8n-workflow resolves for each by the same walk up to node_modules. (Required from a temp folder
 * through a node_modules symlink, a file costs measurably more: Node resolves the link for every
 * module n8n-workflow loads.)
 */
const SIDE_BY_SIDE = path.join(ROOT, 'node_modules', '.cache', 'siro-bench-bundle');

/** Copies each file (self-contained: one bundle each) to SIDE_BY_SIDE/<name>/<its name>. */
function sideBySide(files) {
	fs.rmSync(SIDE_BY_SIDE, { recursive: true, force: true });
	return Object.fromEntries(
		Object.entries(files).map(([name, file]) => {
			const copy = path.join(SIDE_BY_SIDE, name.replace(/\W/g, '-'), path.basename(file));
			fs.mkdirSync(path.dirname(copy), { recursive: true });
			fs.copyFileSync(file, copy);
			return [name, copy];
		}),
	);
}

/** The node and the library entry built from the current sources with libphonenumber-js stubbed out, in `dir`. */
async function buildWithout(dir) {
	await build({
		...commonOptions(path.join(dir, 'dist')),
		format: ['cjs'],
		entry: {
			'nodes/Siro/Siro.node': path.join(ROOT, 'nodes/Siro/Siro.node.ts'),
			index: path.join(ROOT, 'index.ts'),
		},
		dts: false,
		esbuildPlugins: [stubLibphonenumber],
	});
	return dir;
}

/**
 * @param {{ before?: string, repetitions: number, workDir: string, log: (m: string) => void }} options
 *   `before`: a folder with a "before" revision built (bench.js's buildRevision), if any.
 */
async function benchBundle({ before, repetitions, workDir, log }) {
	const sizes = Object.fromEntries(
		BUNDLING_FILES.map((file) => [file, measureFile(path.join(ROOT, file))]),
	);
	const without = await buildWithout(fs.mkdtempSync(path.join(workDir, 'without-')));
	const builds = { with: ROOT, without, ...(before ? { before } : {}) };
	const files = {};
	for (const [entry, file] of Object.entries(REQUIRED)) {
		for (const [variant, dir] of Object.entries(builds))
			files[`${entry} ${variant}`] = path.join(dir, file);
	}
	log(`   cold require, ${Object.keys(files).join(' / ')}, ${repetitions} rounds…`);
	let samples;
	try {
		samples = sampleInTurns(sideBySide(files), repetitions);
	} finally {
		fs.rmSync(SIDE_BY_SIDE, { recursive: true, force: true });
	}
	/** Per file, the stats of one measure; per entry, "with" over each other variant, round by round. */
	const figures = (measure) => {
		const values = (name) => samples[name].map((sample) => sample[measure]);
		const ratios = {};
		for (const entry of Object.keys(REQUIRED)) {
			for (const variant of Object.keys(builds).filter((name) => name !== 'with')) {
				const other = values(`${entry} ${variant}`);
				ratios[`${entry}: with / ${variant}`] = stats(
					values(`${entry} with`).map((value, round) => value / other[round]),
				);
			}
		}
		return {
			ms: Object.fromEntries(Object.keys(files).map((name) => [name, stats(values(name))])),
			ratios,
		};
	};
	return {
		files: sizes,
		withoutBytes: fs.statSync(path.join(without, NODE_FILE)).size,
		beforeBytes: before ? fs.statSync(path.join(before, NODE_FILE)).size : undefined,
		tarballBytes: packDir(ROOT, workDir).size,
		beforeTarballBytes: before ? packDir(before, workDir).size : undefined,
		repetitions,
		wall: figures('requireMs'),
		cpu: figures('requireCpuMs'),
	};
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const triple = (s, digits = 2) =>
	`${s.median.toFixed(digits)} | ${s.min.toFixed(digits)} | ${s.max.toFixed(digits)}`;

function markdown(result, meta) {
	const lines = [
		RESULTS_START,
		'',
		`Run ${meta.date} · \`${meta.command}\` · git ${meta.commit}${meta.compareRev ? ` · "before" = ${meta.compareRev}` : ''} · Node ${process.version}`,
		'',
		'| File | Bytes | libphonenumber-js in it | Share |',
		'|---|---|---|---|',
	];
	for (const [file, { bytes, libraryBytes }] of Object.entries(result.files)) {
		lines.push(
			`| ${file} | ${kB(bytes)} | ${kB(libraryBytes)} | ${((libraryBytes / bytes) * 100).toFixed(0)} % |`,
		);
	}
	lines.push(`| ${NODE_FILE} built without it (stub) | ${kB(result.withoutBytes)} | – | |`);
	if (result.beforeBytes !== undefined) {
		lines.push(`| ${NODE_FILE} before | ${kB(result.beforeBytes)} | – | |`);
	}
	const beforeTarball =
		result.beforeTarballBytes === undefined ? '' : ` (before: ${kB(result.beforeTarballBytes)})`;
	lines.push(`| tarball (npm pack) | ${kB(result.tarballBytes)}${beforeTarball} | | |`);
	lines.push('');
	lines.push(
		`Cold \`require\` in a fresh process, ${result.repetitions} rounds in turns, of the node (${NODE_FILE}, which loads n8n-workflow) and of the library entry (${LIBRARY_FILE}, which does not): wall time, and the process's CPU time over the \`require\` (what a busy machine inflates least):`,
	);
	lines.push('');
	lines.push('| File / ratio | Wall median ms | Min | Max | CPU median ms | Min | Max |');
	lines.push('|---|---|---|---|---|---|---|');
	for (const name of Object.keys(result.wall.ms)) {
		lines.push(
			`| ${name} | ${triple(result.wall.ms[name], 0)} | ${triple(result.cpu.ms[name], 0)} |`,
		);
	}
	for (const name of Object.keys(result.wall.ratios)) {
		lines.push(
			`| ${name} (per round) | ${triple(result.wall.ratios[name])} | ${triple(result.cpu.ratios[name])} |`,
		);
	}
	lines.push('');
	lines.push(RESULTS_END);
	return lines.join('\n');
}

const writeResults = resultsWriter(
	RESULTS_START,
	RESULTS_END,
	'libphonenumber-js in the bundle (issue 16)',
);

module.exports = { benchBundle, markdown, writeResults };

if (require.main === module) {
	(async () => {
		const { values } = parseArgs({
			options: {
				'compare-rev': { type: 'string' },
				repetitions: { type: 'string', default: '15' },
				write: { type: 'boolean', default: false },
			},
		});
		const repetitions = Number(values.repetitions);
		if (!Number.isSafeInteger(repetitions) || repetitions < 1) {
			throw new Error(`--repetitions must be a whole number of at least 1`);
		}
		// bench.js is required here, not at the top: it requires this file in its own main().
		const { buildRevision, revision } = require('../bench');
		const log = (message) => process.stderr.write(`${message}\n`);
		const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-bench-bundle-'));
		try {
			const compareRev = values['compare-rev'];
			const before = compareRev ? buildRevision(compareRev, workDir) : undefined;
			const result = await benchBundle({ before, repetitions, workDir, log });
			const meta = {
				date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
				command: `node scripts/bench/bundle.js ${process.argv.slice(2).join(' ')}`.trim(),
				commit: revision(),
				compareRev,
			};
			if (values.write) writeResults(markdown(result, meta));
			process.stdout.write(`${JSON.stringify(result)}\n`);
		} finally {
			fs.rmSync(workDir, { recursive: true, force: true });
		}
	})().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
