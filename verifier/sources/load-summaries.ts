// Finds the load summaries of a run (its own, and the segments' beside merged ledgers), for the ledger's expectation.
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ledgerDirName } from "../../contracts/ledger.ts";
import { loadSummaryArtifact, segmentSummaryPattern } from "../../contracts/load-summary.ts";
import { readArtifactFile } from "../../contracts/run-dir.ts";
import type { SummaryFile } from "../ledger-expectation.ts";

export interface FoundSummaries {
  summaries: SummaryFile[];
  /** Summaries that exist but cannot be read (named with their problem). */
  problems: string[];
}

/**
 * The run's summaries in runDir, and in the folders ledgers are merged from (each, its subfolders, and the run folder
 * around a `ledger/` folder); another run's summary there is not this run's. The first found per segment counts.
 */
export function findLoadSummaries(runDir: string, runId: string, ledgerDirs: readonly string[] = []): FoundSummaries {
  const dirs = new Set<string>([runDir]);
  for (const dir of ledgerDirs) {
    if (!isDir(dir)) continue;
    if (basename(dir) === ledgerDirName) dirs.add(dirname(dir));
    dirs.add(dir);
    for (const name of readdirSync(dir).sort()) if (isDir(join(dir, name))) dirs.add(join(dir, name));
  }
  const found: FoundSummaries = { summaries: [], problems: [] };
  const seen = new Set<string>();
  for (const dir of dirs) {
    if (!isDir(dir)) continue;
    const names = readdirSync(dir)
      .filter((name) => name === loadSummaryArtifact.file || segmentSummaryPattern.test(name))
      .sort();
    for (const name of names) {
      let summary: SummaryFile["summary"];
      try {
        summary = readArtifactFile(loadSummaryArtifact, join(dir, name));
      } catch (error) {
        // An ArtifactError's message names the file already.
        const message = error instanceof Error ? error.message.replaceAll("\n", "; ") : String(error);
        found.problems.push(message.includes(name) ? message : `${name}: ${message}`);
        continue;
      }
      if (summary.runId !== runId) continue;
      const key = summary.segment === null ? "run" : `${summary.segment.index}/${summary.segment.count}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.summaries.push({ file: name, summary });
    }
  }
  return found;
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
