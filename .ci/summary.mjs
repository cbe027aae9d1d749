// Prints vitest's JSON results as the plain closing line CI reads: "N passed, N failed[, N skipped]".
import { readFileSync } from "node:fs";

const file = process.argv[2];
let results;
try {
  results = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.log(`no test results at ${file}: ${error.message}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const failedSuites = results.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
const passed = results.numPassedTests;
const failed = results.numFailedTests + failedSuites;
const skipped = results.numPendingTests + results.numTodoTests;
if (passed + failed === 0) console.log("no test ran");
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
