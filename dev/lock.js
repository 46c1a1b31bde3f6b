'use strict';
/**
 * A lock folder so that parallel processes (jest workers, a test beside `npm start`) do not install
 * the same tool into the same folder at once: the first one installs, the others wait and then reuse
 * its result.
 */
const fs = require('node:fs');
const path = require('node:path');

/** Another process holding the lock longer than this is assumed dead. */
const LOCK_WAIT_TIMEOUT = 40 * 60 * 1000;

function lockOwnerAlive(lock) {
	let pid;
	try {
		pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
	} catch {
		return true; // just created, pid not written yet
	}
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

/** Runs `fn` while holding `<dir>.lock`; waits for another holder that is still alive. */
async function withLock(dir, log, fn) {
	const lock = `${dir}.lock`;
	const started = Date.now();
	let announced = false;
	fs.mkdirSync(path.dirname(lock), { recursive: true });
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
			if (!lockOwnerAlive(lock) || Date.now() - started > LOCK_WAIT_TIMEOUT) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!announced) log(`Waiting for another process that is installing into ${dir}…`);
			announced = true;
			await new Promise((r) => setTimeout(r, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

module.exports = { withLock };
