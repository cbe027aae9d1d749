// Warnings about sources that yielded nothing (or less) of this run while holding items that carry its IDs: a DLQ
// idPath or a sink idAttribute/idPath/idRegex that misses them turns delivered or dead-lettered messages into "lost".
import type { VerdictWarning } from "../contracts/verdict.ts";
import type { SourceDiagnosis } from "./evidence.ts";

/**
 * One warning per source that looks misconfigured: a DLQ with bodies that mention the run's IDs where its idPath found
 * none; a sink with none of the run's items while it holds items and `nowhere` messages were found in no source.
 */
export function sourceWarnings(diagnoses: readonly SourceDiagnosis[], nowhere: number): VerdictWarning[] {
  const warnings: VerdictWarning[] = [];
  for (const d of diagnoses) {
    const where =
      d.paths.length > 0
        ? `; the run's IDs are at ${d.paths.join(", ")}`
        : d.mentions > 0
          ? "; the run's IDs appear in them, but not as a value of their own (e.g. inside an embedded string)"
          : "";
    if (d.kind === "dlq" && d.mentions > 0) {
      warnings.push({
        source: d.source,
        message:
          `${d.mentions} of ${d.read} message(s) mention this run's IDs but its ${d.lookup} found none of them ` +
          `(${d.ofRun} of this run's found): check the DLQ's idPath${where}`,
        paths: d.paths,
        sample: d.sample,
      });
    } else if (d.kind === "sink" && d.ofRun === 0 && d.read > 0 && nowhere > 0) {
      const mention =
        d.mentions > 0
          ? `${d.mentions} of the ${d.read} item(s) looked at mention this run's IDs`
          : `none of the ${d.read} item(s) looked at mentions this run's IDs`;
      warnings.push({
        source: d.source,
        message:
          `no item of this run found (${d.lookup}) though the table holds items and ${nowhere} message(s) were ` +
          `found nowhere; ${mention}: check the sink's idAttribute, idPath, idRegex and runPartition${where}`,
        paths: d.paths,
        sample: d.sample,
      });
    }
  }
  return warnings;
}
