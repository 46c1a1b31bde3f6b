'use strict';
/**
 * Benchmark 11 (issue 19): Recording → Upload of a 50 MB WAV in real n8n (filesystem binary data
 * mode: n8n's Read/Write Files node reads the file from disk), against the same storage PUT made
 * directly with Node's fetch to the fake Siro's storage stand-in, side by side in turns:
 *
 * - Throughput: the Upload node's execution time (its signed-urls and upload calls, reading the file
 *   through n8n's helper, and the PUT through n8n's HTTP helper) against fetch's PUT of the same
 *   bytes from a fresh Node process (a fresh signed URL each time, the file read before the clock
 *   starts); ratio per repetition, median of the ratios.
 * - Memory: the `n8n execute` process's peak RSS (VmHWM) for the upload workflow, against the same
 *   workflow without the Upload node (Read Files alone: what n8n itself needs to hold the file). The
 *   difference, set against the file's size, says how many copies of the file the upload adds.
 *
 *   npm run build && node scripts/bench/upload.js [--lines 1,2] [--repetitions 5] [--write]
 *
 * `npm run bench` runs it too. Results go to BENCHMARKS.md between their own markers; the last line
 * of output is one JSON object.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { N8nInstance } = require('../../dev/n8n/instance');
const { startFakeSiro, DEMO } = require('../../dev/fake-siro/server');
const { wavFile } = require('../../test/support/audioFiles');
const { stats } = require('./core');
const { resultsWriter } = require('./resultsBlock');
const { execute, fakeSiroCredential, node, packDir, runOf } = require('./n8n');

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_START = '<!-- bench:upload:start (written by npm run bench) -->';
const RESULTS_END = '<!-- bench:upload:end -->';
const FILE_BYTES = 50 * 1024 * 1024;
const MIB = 1024 * 1024;
const CREDENTIAL = { id: 'benchSiroUpload0', name: 'Siro (bench, upload)' };

/** Manual → Read Files (the WAV) [→ Siro Recording Upload]. */
function uploadWorkflow(id, file, withUpload) {
	const nodes = [
		node('Manual', 'n8n-nodes-base.manualTrigger', {}, [0, 0]),
		node(
			'Read Files',
			'n8n-nodes-base.readWriteFile',
			{ operation: 'read', fileSelector: file, options: {} },
			[220, 0],
		),
	];
	const connections = { Manual: { main: [[{ node: 'Read Files', type: 'main', index: 0 }]] } };
	if (withUpload) {
		nodes.push(
			node(
				'Upload',
				'n8n-nodes-siro.siro',
				{
					resource: 'recording',
					operation: 'upload',
					binaryPropertyName: 'data',
					repBy: 'user',
					rep: { __rl: true, mode: 'id', value: DEMO.users.demo.id },
				},
				[440, 0],
				{ typeVersion: 1.1, credentials: { siroApi: CREDENTIAL } },
			),
		);
		connections['Read Files'] = { main: [[{ node: 'Upload', type: 'main', index: 0 }]] };
	}
	return {
		id,
		name: `Siro upload bench ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections,
		pinData: {},
	};
}

/**
 * What the child process runs: read the file, then time fetch's PUT of it with exactly the signed
 * headers. Its own process, as n8n is: the storage stand-in runs in this one, and a client sharing
 * its event loop would be slowed by it.
 */
const DIRECT_PUT = `
const fs = require('node:fs');
const { file, url, headers } = JSON.parse(process.env.SIRO_BENCH_PUT);
const body = fs.readFileSync(file);
const started = performance.now();
fetch(url, { method: 'PUT', headers, body }).then(async (response) => {
	await response.arrayBuffer();
	process.stdout.write(JSON.stringify({ status: response.status, ms: performance.now() - started }));
});
`;

/** The PUT as a caller without n8n makes it: a fresh signed URL, then fetch in a fresh Node process. */
async function directPut(fake, file, fileSize) {
	const signed = await fetch(`${fake.platformApiUrl}/v1/core/recordings/signed-urls`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-siro-auth-token': DEMO.userAccessToken },
		body: JSON.stringify({ fileType: 'wav', fileSize }),
	});
	const { uploadUrl, uploadHeaders } = (await signed.json()).data;
	const child = spawn(process.execPath, ['-e', DIRECT_PUT], {
		env: {
			...process.env,
			SIRO_BENCH_PUT: JSON.stringify({ file, url: uploadUrl, headers: uploadHeaders }),
		},
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	await new Promise((resolve) => child.on('exit', resolve));
	const { status, ms } = JSON.parse(output);
	if (status !== 200) throw new Error(`the direct PUT answered ${status}`);
	return ms;
}

async function benchUploadLine({ line, tarball, repetitions, workDir, log }) {
	const fake = await startFakeSiro();
	const folder = fs.mkdtempSync(path.join(workDir, `upload-files-${line}-`));
	const file = path.join(folder, 'long-visit.wav');
	const bytes = wavFile(FILE_BYTES);
	fs.writeFileSync(file, bytes);
	const n8n = new N8nInstance({
		line,
		log,
		extraEnv: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem', N8N_RESTRICT_FILE_ACCESS_TO: folder },
	});
	try {
		const install = await n8n.init();
		log(`n8n ${install.version}: installing the package, importing the workflows…`);
		await n8n.installCommunityPackage(tarball);
		await n8n.importCredentials([fakeSiroCredential(CREDENTIAL, fake.url)]);
		const uploadId = await n8n.importWorkflow(
			uploadWorkflow(`benchUpload${line}`.padEnd(16, '0'), file, true),
		);
		const readId = await n8n.importWorkflow(
			uploadWorkflow(`benchUpRead${line}`.padEnd(16, '0'), file, false),
		);

		const runs = [];
		for (let repetition = 0; repetition < repetitions; repetition++) {
			const readOnly = await execute(n8n, readId, workDir);
			runOf(readOnly.result, 'Read Files');
			const storedBefore = fake.storage.requests.length;
			const uploaded = await execute(n8n, uploadId, workDir);
			const uploadRun = runOf(uploaded.result, 'Upload');
			const [output] = uploadRun.data.main[0].map((item) => item.json);
			const put = fake.storage.requests[storedBefore];
			if (!output?.id || output.fileSize !== FILE_BYTES || put?.receivedBytes !== FILE_BYTES)
				throw new Error(`the upload did not complete: ${JSON.stringify(output).slice(0, 300)}`);
			const directMs = await directPut(fake, file, FILE_BYTES);
			const run = {
				nodeMs: uploadRun.executionTime,
				directMs,
				ratio: uploadRun.executionTime / directMs,
				peakRssMiB: uploaded.peakRssMiB,
				readOnlyPeakRssMiB: readOnly.peakRssMiB,
			};
			runs.push(run);
			log(
				`   ${repetition + 1}/${repetitions}: node ${run.nodeMs} ms, fetch ${directMs.toFixed(0)} ms (×${run.ratio.toFixed(2)}), peak RSS ${run.peakRssMiB?.toFixed(0)} MiB (Read Files alone ${run.readOnlyPeakRssMiB?.toFixed(0)} MiB)`,
			);
		}
		const extraMiB = runs.map((run) => run.peakRssMiB - run.readOnlyPeakRssMiB);
		return {
			line,
			version: install.version,
			nodeVersion: execFileSync(install.nodeBin, ['--version'], { encoding: 'utf8' }).trim(),
			runs,
			nodeMs: stats(runs.map((run) => run.nodeMs)),
			directMs: stats(runs.map((run) => run.directMs)),
			ratio: stats(runs.map((run) => run.ratio)),
			nodeMBps: stats(runs.map((run) => FILE_BYTES / MIB / (run.nodeMs / 1000))),
			directMBps: stats(runs.map((run) => FILE_BYTES / MIB / (run.directMs / 1000))),
			peakRssMiB: stats(runs.map((run) => run.peakRssMiB)),
			readOnlyPeakRssMiB: stats(runs.map((run) => run.readOnlyPeakRssMiB)),
			extraMiB: stats(extraMiB),
			fileCopies: stats(extraMiB.map((mib) => mib / (FILE_BYTES / MIB))),
		};
	} finally {
		await n8n.cleanup();
		await fake.close();
		fs.rmSync(folder, { recursive: true, force: true });
	}
}

async function benchUpload({ lines, tarball, repetitions = 5, workDir, log }) {
	const results = [];
	for (const line of lines) {
		log(`11. Recording upload, 50 MB, n8n line ${line}…`);
		results.push(await benchUploadLine({ line, tarball, repetitions, workDir, log }));
	}
	return results;
}

const f = (value, digits = 2) => value.toFixed(digits);
const triple = (s, digits = 2) =>
	`${f(s.median, digits)} | ${f(s.min, digits)} | ${f(s.max, digits)}`;

function markdown(results, meta) {
	const lines = [RESULTS_START, ''];
	const { cpu, memoryGiB, node: nodeVersion } = meta.machine;
	lines.push(
		`Measured ${meta.date} on ${cpu}, ${memoryGiB} GiB (bench process Node ${nodeVersion}), commit ${meta.commit}, \`${meta.command}\`.`,
	);
	lines.push('');
	lines.push('| # | Figure | Median | Min | Max |');
	lines.push('|---|---|---|---|---|');
	for (const line of results) {
		const where = `n8n ${line.version} (Node ${line.nodeVersion}), ${line.runs.length} repetitions`;
		lines.push(
			`| 11 | Upload node / fetch PUT from its own Node process, time for 50 MiB, ${where} | ${triple(line.ratio)} |`,
		);
		lines.push(
			`| 11 | Upload node, ms (signed URL, file read through n8n, PUT, upload call) | ${triple(line.nodeMs, 0)} |`,
		);
		lines.push(`| 11 | fetch PUT (its own Node process), ms | ${triple(line.directMs, 0)} |`);
		lines.push(`| 11 | Upload node, MiB/s | ${triple(line.nodeMBps, 1)} |`);
		lines.push(`| 11 | fetch PUT, MiB/s | ${triple(line.directMBps, 1)} |`);
		lines.push(
			`| 11 | Peak RSS of \`n8n execute\`, Read Files → Upload, MiB | ${triple(line.peakRssMiB, 0)} |`,
		);
		lines.push(
			`| 11 | Peak RSS of \`n8n execute\`, Read Files alone, MiB | ${triple(line.readOnlyPeakRssMiB, 0)} |`,
		);
		lines.push(
			`| 11 | Upload's extra peak, in copies of the 50 MiB file | ${triple(line.fileCopies)} |`,
		);
	}
	lines.push('');
	lines.push(RESULTS_END);
	return lines.join('\n');
}

const writeResults = resultsWriter(
	RESULTS_START,
	RESULTS_END,
	'Recording upload, 50 MB (issue 19)',
);

module.exports = { benchUpload, markdown, writeResults };

if (require.main === module) {
	(async () => {
		const { values } = parseArgs({
			options: {
				lines: { type: 'string', default: '1,2' },
				repetitions: { type: 'string', default: '5' },
				write: { type: 'boolean', default: false },
			},
		});
		const repetitions = Number(values.repetitions);
		if (!Number.isSafeInteger(repetitions) || repetitions < 1)
			throw new Error(
				`--repetitions must be a whole number of at least 1, not "${values.repetitions}"`,
			);
		const log = (message) => process.stderr.write(`${message}\n`);
		const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siro-bench-upload-'));
		try {
			const { tarball } = packDir(ROOT, workDir);
			const results = await benchUpload({
				lines: values.lines.split(',').filter(Boolean),
				tarball,
				repetitions,
				workDir,
				log,
			});
			const { revision } = require('../bench');
			const meta = {
				date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
				machine: {
					cpu: `${os.cpus().length} × ${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}`,
					memoryGiB: Math.round(os.totalmem() / 2 ** 30),
					node: process.version,
				},
				commit: revision(),
				command: `node scripts/bench/upload.js ${process.argv.slice(2).join(' ')}`.trim(),
			};
			if (values.write) writeResults(markdown(results, meta));
			process.stdout.write(
				`${JSON.stringify(results.map(({ runs, ...figures }) => ({ ...figures, runs: runs.length })))}\n`,
			);
		} finally {
			fs.rmSync(workDir, { recursive: true, force: true });
		}
	})().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
