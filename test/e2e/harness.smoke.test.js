'use strict';
/**
 * Proves the real-n8n harness works on both lines, with a throwaway community package (not our
 * product): install n8n, load the package as a community package, run a workflow headlessly, then
 * serve it and find the node type through the REST API. The first run installs n8n (minutes).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureN8n } = require('../../dev/n8n/install');
const { N8nInstance, killN8nOnExit, outputOf, errorOf } = require('../../dev/n8n/instance');

// A failed or interrupted run must not leave n8n processes behind.
killN8nOnExit();

// Set here too: a `testTimeout` inside a jest project entry is not applied (it is a global option).
jest.setTimeout(15 * 60 * 1000);

const PROBE_TYPE = 'n8n-nodes-harness-probe.harnessProbe';

const PROBE_NODE_JS = `'use strict';
class HarnessProbe {
  constructor() {
    this.description = {
      displayName: 'Harness Probe',
      name: 'harnessProbe',
      group: ['transform'],
      version: 1,
      description: 'Self-test of the n8n-nodes-siro test harness',
      defaults: { name: 'Harness Probe' },
      inputs: ['main'],
      outputs: ['main'],
      properties: [{ displayName: 'Line', name: 'line', type: 'string', default: '' }],
    };
  }
  async execute() {
    return [
      this.getInputData().map((_, i) => ({
        json: { probe: true, line: this.getNodeParameter('line', i), node: process.version },
        pairedItem: { item: i },
      })),
    ];
  }
}
module.exports = { HarnessProbe };
`;

/** Writes the probe package to a temp folder and packs it; returns the tarball path. */
function packProbe(workDir) {
	const pkgDir = path.join(workDir, 'probe');
	fs.mkdirSync(path.join(pkgDir, 'dist'), { recursive: true });
	fs.writeFileSync(path.join(pkgDir, 'dist', 'HarnessProbe.node.js'), PROBE_NODE_JS);
	const pkg = {
		name: 'n8n-nodes-harness-probe',
		version: '0.0.1',
		license: 'MIT',
		keywords: ['n8n-community-node-package'],
		files: ['dist'],
		n8n: { n8nNodesApiVersion: 1, nodes: ['dist/HarnessProbe.node.js'] },
	};
	fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify(pkg, null, 2));
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], {
		cwd: pkgDir,
		timeout: 60000,
		encoding: 'utf8',
	});
	return path.join(workDir, JSON.parse(out)[0].filename);
}

function probeWorkflow(line) {
	return {
		id: `harnessProbeL${line}`.padEnd(16, '0'),
		name: `Harness probe (line ${line})`,
		nodes: [
			{
				id: 'a0000000-0000-4000-8000-000000000001',
				name: 'Manual',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'a0000000-0000-4000-8000-000000000002',
				name: 'Probe',
				type: PROBE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters: { line },
			},
		],
		connections: { Manual: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
	};
}

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

let workDir;
let tarball;

beforeAll(() => {
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-probe-'));
	tarball = packProbe(workDir);
});

afterAll(() => {
	fs.rmSync(workDir, { recursive: true, force: true });
});

// One line after the other: each install and n8n process is heavy for a 2-core machine.
describe.each([
	['1', /^v20\./],
	['2', /^v24\./],
])('real n8n line %s', (line, nodeVersion) => {
	let n8n;

	beforeAll(async () => {
		const started = Date.now();
		const install = await ensureN8n(line);
		console.log(`line ${line}: ensureN8n → n8n ${install.version} in ${seconds(started)}`);
		n8n = new N8nInstance({ line });
	});

	afterAll(async () => {
		await n8n?.cleanup();
	});

	test('runs a workflow with a community package headlessly', async () => {
		await n8n.installCommunityPackage(tarball);
		const id = await n8n.importWorkflow(probeWorkflow(line));
		const started = Date.now();
		const run = await n8n.execute(id);
		console.log(`line ${line}: execute in ${seconds(started)}`);

		expect(errorOf(run.result)).toBeUndefined();
		// 2.x on Node 24 may segfault while shutting down, after printing the finished execution.
		if (!run.crashedOnExit) expect(run.exitCode).toBe(0);
		expect(run.result.status).toBe('success');
		expect(outputOf(run.result, 'Probe')).toEqual([
			{ probe: true, line, node: expect.stringMatching(nodeVersion) },
		]);
	});

	test('serves the community node type to a logged-in user', async () => {
		const started = Date.now();
		await n8n.start();
		console.log(`line ${line}: start (ready) in ${seconds(started)}`);
		const api = await n8n.login();
		const { data: nodeTypes } = await api.get('/types/nodes.json');
		expect(nodeTypes.map((t) => t.name)).toContain(PROBE_TYPE);
		await n8n.stop();
	});
});
