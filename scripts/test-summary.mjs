// Prints the one line CI reads, "N passed, N failed", from vitest's JSON report.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let failed = report.numFailedTests;
// A test file that fails to load has no failed test of its own; count the file.
if (failed === 0 && !report.success) failed = Math.max(1, report.numFailedTestSuites);
console.log(`${report.numPassedTests} passed, ${failed} failed`);
