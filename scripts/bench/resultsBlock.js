'use strict';
/**
 * Each benchmark writes its results into BENCHMARKS.md between its own markers, leaving the rest of
 * the file as it is; a file without them yet gets the block at its end under its heading.
 */
const fs = require('node:fs');
const path = require('node:path');

const BENCHMARKS_FILE = path.resolve(__dirname, '..', '..', 'BENCHMARKS.md');

/** A writer of one benchmark's block: it replaces what lies between the markers (both included). */
function resultsWriter(startMarker, endMarker, heading) {
	return (block) => {
		const current = fs.readFileSync(BENCHMARKS_FILE, 'utf8');
		const start = current.indexOf(startMarker);
		const end = current.indexOf(endMarker);
		fs.writeFileSync(
			BENCHMARKS_FILE,
			start === -1 || end === -1
				? `${current.trimEnd()}\n\n## ${heading}\n\n${block}\n`
				: `${current.slice(0, start)}${block}${current.slice(end + endMarker.length)}`,
		);
	};
}

module.exports = { resultsWriter };
