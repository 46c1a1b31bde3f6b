'use strict';
/**
 * Where the harness installs what the repo's commands need but must not hold (n8n, other Node lines,
 * n8n's lint tools): `SIRO_N8N_HARNESS_DIR`, or ~/.cache/n8n-nodes-siro-harness. CI points it at an
 * empty folder of its own so that every run installs cold, as a new machine does.
 */
const os = require('node:os');
const path = require('node:path');

function harnessRoot() {
	return (
		process.env.SIRO_N8N_HARNESS_DIR || path.join(os.homedir(), '.cache', 'n8n-nodes-siro-harness')
	);
}

module.exports = { harnessRoot };
