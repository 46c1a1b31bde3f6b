'use strict';
/**
 * n8n's own lint tools for this package — @n8n/node-cli (its ESLint configuration for community
 * nodes) and @n8n/scan-community-package (the scanner n8n runs before verifying a package) — installed
 * on demand outside the package's install graph, as dev/n8n/install.js does for n8n.
 *
 * Why not devDependencies: both pull eslint-plugin-n8n-nodes-base, whose preinstall runs
 * `npx only-allow pnpm`; where npx may not download (npm's `yes=false`) that makes `npm install` of the
 * whole repo exit 1. Installed here with --ignore-scripts, the tools work as published.
 *
 *   const { ensureLintTools } = require('./install');
 *   const tools = await ensureLintTools();   // → { dir, resolve(specifier) }
 *
 * The pinned package.json + package-lock.json next to this file are copied to
 * `${SIRO_N8N_HARNESS_DIR:-~/.cache/n8n-nodes-siro-harness}/lint-<hash of both>` and installed with
 * `npm ci`; the folder is reused while that hash matches, and older lint-* folders are removed.
 *
 * CLI: `node dev/lint/install.js` installs them and prints where.
 */
const { execFile } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { withLock } = require('../lock');
const { harnessRoot } = require('../harnessRoot');

const NPM_ARGS = ['ci', '--ignore-scripts', '--no-audit', '--no-fund'];
const INSTALL_TIMEOUT_MS = 15 * 60 * 1000;
const MARKER = '.siro-lint-installed';

/** Identifies an install by what it was made from: the pinned files and the npm command. */
function inputsHash() {
	const hash = crypto.createHash('sha256');
	hash.update(JSON.stringify(NPM_ARGS));
	for (const file of ['package.json', 'package-lock.json']) {
		hash.update(fs.readFileSync(path.join(__dirname, file)));
	}
	return hash.digest('hex');
}

function toolsFor(dir) {
	return {
		dir,
		/** Absolute path of a module inside the tools folder, e.g. 'eslint' or '@n8n/node-cli/eslint'. */
		resolve: (specifier) => require.resolve(specifier, { paths: [dir] }),
	};
}

function npmCi(dir, log) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		execFile(
			'npm',
			NPM_ARGS,
			{ cwd: dir, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) => {
				fs.writeFileSync(path.join(dir, 'install.log'), `${stdout}${stderr}`);
				if (error) {
					reject(new Error(`npm ${NPM_ARGS.join(' ')} in ${dir} failed: ${stderr || error}`));
					return;
				}
				log(`  lint tools installed in ${Math.round((Date.now() - started) / 1000)} s`);
				resolve();
			},
		);
	});
}

/**
 * Makes sure the pinned lint tools are installed (about a minute the first time) and says where.
 * @param {{log?: (msg: string) => void}} [options]
 * @returns {Promise<{dir: string, resolve: (specifier: string) => string}>}
 */
async function ensureLintTools({ log = (msg) => process.stderr.write(`${msg}\n`) } = {}) {
	const hash = inputsHash();
	const dir = path.join(harnessRoot(), `lint-${hash.slice(0, 12)}`);
	const isInstalled = () =>
		fs.existsSync(path.join(dir, MARKER)) &&
		fs.readFileSync(path.join(dir, MARKER), 'utf8').trim() === hash;
	if (isInstalled()) return toolsFor(dir);
	return withLock(dir, log, async () => {
		if (isInstalled()) return toolsFor(dir); // another process finished it while we waited
		log(`Installing n8n's lint tools (@n8n/node-cli, @n8n/scan-community-package) into ${dir}…`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		for (const file of ['package.json', 'package-lock.json']) {
			fs.copyFileSync(path.join(__dirname, file), path.join(dir, file));
		}
		await npmCi(dir, log);
		fs.writeFileSync(path.join(dir, MARKER), `${hash}\n`);
		// Installs made from earlier pins are of no further use.
		for (const name of fs.readdirSync(harnessRoot())) {
			const other = path.join(harnessRoot(), name);
			if (/^lint-[0-9a-f]{12}$/.test(name) && other !== dir && !fs.existsSync(`${other}.lock`)) {
				fs.rmSync(other, { recursive: true, force: true });
			}
		}
		return toolsFor(dir);
	});
}

module.exports = { ensureLintTools };

if (require.main === module) {
	ensureLintTools().then(
		(tools) => console.log(`lint tools: ${tools.dir}`),
		(error) => {
			console.error(error.message);
			process.exit(1);
		},
	);
}
