/**
 * Ends every jest run with the plain line CI reads: "N passed, N failed" (jest's own counts),
 * plus ", N skipped" when tests were skipped.
 */
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed`;
		process.stdout.write(`\n${skipped > 0 ? `${line}, ${skipped} skipped` : line}\n`);
	}
}

module.exports = SummaryReporter;
