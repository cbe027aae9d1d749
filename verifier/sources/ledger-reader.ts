// Reads every worker's ledger file (one run, or several segments' folders), streaming, into one LedgerEvidence.
import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import { runnableUrl } from "../../common/module-url.ts";
import { ledgerDirName } from "../../contracts/ledger.ts";
import { emptyLedger, type LedgerEvidence } from "../evidence.ts";
import { fileProblems, LedgerFileParser, type LedgerFileReport } from "./ledger-parser.ts";
import { countRepeated, mergeLedgerTable } from "./ledger-transfer.ts";
import type { TableTransfer } from "./table-transfer.ts";
import { threadResult } from "./thread-result.ts";

const notLedgers = new Set(["samples.ndjson"]);
/** Below this many bytes a thread costs more (start-up, merge) than it saves. */
const threadMinBytes = 64 << 20;

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

function sizesOf(files: readonly string[]): number[] {
  return files.map((f) => (existsSync(f) ? statSync(f).size : 0));
}

/** True when files of these sizes are big enough that parsing them (and reading as many sink items) is worth threads. */
function bigEnough(sizes: readonly number[]): boolean {
  return sizes.reduce((a, b) => a + b, 0) >= threadMinBytes;
}

/** bigEnough for the files as they are on disk. */
export function worthThreads(files: readonly string[]): boolean {
  return bigEnough(sizesOf(files));
}

export interface LedgerRead {
  evidence: LedgerEvidence;
  reports: LedgerFileReport[];
  /** Threads that parsed (1: this one). */
  threads: number;
}

export interface ReadLedgersOptions {
  /** Threads to parse with; default: one per core when the files are big enough to be worth it. */
  threads?: number;
}

/** Streams every file into one evidence; a file that cannot be read makes the ledger incomplete, not the run fail. */
export async function readLedgers(files: readonly string[], options: ReadLedgersOptions = {}): Promise<LedgerRead> {
  const ev = emptyLedger();
  const sizes = sizesOf(files);
  const threads = Math.min(
    files.length,
    options.threads ?? (bigEnough(sizes) ? Math.max(1, availableParallelism()) : 1),
  );
  let reports: LedgerFileReport[];
  let used = 1;
  if (threads <= 1) {
    reports = await parseLedgerFiles(files, ev);
  } else {
    // Biggest files first onto the least loaded thread, so the threads finish together.
    const groups = Array.from({ length: threads }, () => ({ files: [] as string[], bytes: 0 }));
    for (const i of files.map((_, k) => k).sort((a, b) => (sizes[b] ?? 0) - (sizes[a] ?? 0))) {
      const g = groups.reduce((a, b) => (b.bytes < a.bytes ? b : a));
      g.files.push(files[i] as string);
      g.bytes += sizes[i] ?? 0;
    }
    let results: Array<{ reports: LedgerFileReport[]; table: TableTransfer }> | undefined;
    try {
      results = await Promise.all(groups.map((g) => parseInWorker(g.files)));
    } catch {
      results = undefined; // threads unavailable (a sandbox, a loader): the same work on this thread
    }
    if (results === undefined) {
      reports = await parseLedgerFiles(files, ev);
    } else {
      used = threads;
      for (const r of results) mergeLedgerTable(ev, r.table);
      ev.repeated = countRepeated(ev.ids);
      const byFile = new Map(results.flatMap((r) => r.reports).map((r) => [r.file, r]));
      reports = files.map((f) => byFile.get(f) as LedgerFileReport);
    }
  }
  ev.files += files.length;
  for (const report of reports) {
    ev.fileRecords.push({ name: basename(report.file), records: report.records });
    const problems = fileProblems({ ...report, file: basename(report.file) });
    if (problems.length > 0) {
      ev.complete = false;
      ev.problems.push(...problems);
    }
  }
  return { evidence: ev, reports, threads: used };
}

/** Parses files one after the other on this thread; each report names its file by full path. */
export async function parseLedgerFiles(files: readonly string[], ev: LedgerEvidence): Promise<LedgerFileReport[]> {
  const reports: LedgerFileReport[] = [];
  for (const file of files) {
    const parser = new LedgerFileParser(file, ev);
    try {
      for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) parser.push(chunk as Buffer);
    } catch (error) {
      parser.report.readError = error instanceof Error ? error.message : String(error);
    }
    reports.push(parser.end());
  }
  return reports;
}

function parseInWorker(files: string[]): Promise<{ reports: LedgerFileReport[]; table: TableTransfer }> {
  return threadResult(runnableUrl(new URL("./ledger-worker.ts", import.meta.url)), { files });
}
