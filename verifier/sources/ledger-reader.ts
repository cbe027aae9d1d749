// Reads every worker's ledger file (one run, or several segments' folders), streaming, into one LedgerEvidence.
import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { ledgerDirName } from "../../contracts/ledger.ts";
import { emptyLedger, type LedgerEvidence } from "../evidence.ts";
import { fileProblems, LedgerFileParser, type LedgerFileReport } from "./ledger-parser.ts";

const notLedgers = new Set(["samples.ndjson"]);

/**
 * Ledger files under each folder: its own *.ndjson, and those of its subfolders and their `ledger/` folders, so a
 * folder holding several segments' run directories (or their ledger folders) merges them all.
 */
export function listLedgerFiles(dirs: readonly string[]): string[] {
  const files = new Set<string>();
  const take = (dir: string) => {
    if (!isDir(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith(".ndjson") && !notLedgers.has(name) && !isDir(join(dir, name))) files.add(join(dir, name));
    }
  };
  for (const dir of dirs) {
    take(dir);
    if (!isDir(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const sub = join(dir, name);
      if (!isDir(sub)) continue;
      take(sub);
      if (name !== ledgerDirName) take(join(sub, ledgerDirName));
    }
  }
  return [...files];
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

export interface LedgerRead {
  evidence: LedgerEvidence;
  reports: LedgerFileReport[];
}

/** Streams every file into one evidence; a file that cannot be read makes the ledger incomplete, not the run fail. */
export async function readLedgers(files: readonly string[], ev: LedgerEvidence = emptyLedger()): Promise<LedgerRead> {
  const reports: LedgerFileReport[] = [];
  for (const file of files) {
    const parser = new LedgerFileParser(basename(file), ev);
    try {
      for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) parser.push(chunk as Buffer);
    } catch (error) {
      parser.report.readError = error instanceof Error ? error.message : String(error);
    }
    reports.push(parser.end());
  }
  ev.files += files.length;
  for (const report of reports) {
    const problems = fileProblems(report);
    if (problems.length > 0) {
      ev.complete = false;
      ev.problems.push(...problems);
    }
  }
  return { evidence: ev, reports };
}
