/**
 * Ends every run with one plain line, `N passed, N failed, N skipped`, that any CI log reader can
 * pick up regardless of Jest's own formatting.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`;
    process.stdout.write(`\n${line}\n`);
  }
}

module.exports = SummaryReporter;
