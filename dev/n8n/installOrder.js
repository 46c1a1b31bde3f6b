#!/usr/bin/env node
'use strict';
/**
 * The order check: a new machine may install the two n8n lines in either order (`npm start` installs
 * line 2 first, `npm test` run first installs line 1 first), and each must then work. For each order,
 * into its own empty harness folder, it installs both lines one after the other (dev/n8n/install.js,
 * which proves each opens its database) and then starts each n8n server until it is ready.
 *
 *   node dev/n8n/installOrder.js [--orders 2-1,1-2] [--keep]
 *
 * Both orders are 4 cold installs, 30 minutes on a busy 2-core machine. .ci/run runs --orders 1-2:
 * its own `npm start` then `npm test`, from an empty harness folder, is the other order. Prints one
 * line per order and, last, "N passed, N failed" (one per order). Exits 1 when an order fails.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { ensureN8n } = require('./install');
const { N8nInstance, killN8nOnExit } = require('./instance');

function readArgs() {
	const { values } = parseArgs({
		options: {
			orders: { type: 'string', default: '2-1,1-2' },
			keep: { type: 'boolean', default: false },
		},
	});
	const orders = values.orders.split(',').map((order) => order.split('-'));
	for (const order of orders) {
		if (order.length !== 2 || order.some((line) => line !== '1' && line !== '2')) {
			throw new Error(`--orders takes pairs of lines such as 2-1,1-2, not ${values.orders}`);
		}
	}
	return { orders, keep: values.keep };
}

const log = (msg) => console.log(`   ${msg}`);

/** Installs `order`'s lines into an empty harness folder, then starts each; throws what failed. */
async function checkOrder(order, keep) {
	const harness = fs.mkdtempSync(path.join(os.tmpdir(), `siro-harness-order-${order.join('-')}-`));
	process.env.SIRO_N8N_HARNESS_DIR = harness;
	try {
		for (const line of order) await ensureN8n(line, { log });
		for (const line of order) {
			const n8n = new N8nInstance({ line, log });
			try {
				await n8n.start();
			} finally {
				await n8n.cleanup();
			}
		}
	} finally {
		if (keep) console.log(`   kept ${harness}`);
		else fs.rmSync(harness, { recursive: true, force: true });
	}
}

async function main() {
	const { orders, keep } = readArgs();
	killN8nOnExit();
	let passed = 0;
	let failed = 0;
	for (const order of orders) {
		const name = `line ${order[0]} installed first, then line ${order[1]}`;
		const started = Date.now();
		console.log(`== ${name}`);
		try {
			await checkOrder(order, keep);
			passed++;
			console.log(`-- ok: ${name}: both started (${Math.round((Date.now() - started) / 1000)} s)`);
		} catch (error) {
			failed++;
			console.log(`-- FAILED: ${name}: ${error.message}`);
		}
	}
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
