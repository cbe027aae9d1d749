// What the ledger should hold, from plan.json and the load summaries (workers x segments, messages sent), and the gaps
// between that and the files read: a missing file or a short count makes the ledger incomplete, so the verdict unknown.
import { ledgerFileName } from "../contracts/ledger/record.ts";
import type { LoadSummary } from "../contracts/load-summary.ts";

type Segment = { index: number; count: number };

/** One load process's share: the whole run, or one segment. */
export interface ExpectedPart {
  segment: Segment | null;
  /** The summary file it is known from; undefined when none was found (only its files' existence can be checked). */
  summaryFile?: string;
  /** Messages the summary says were sent. */
  sent?: number;
  /** Ledger files it wrote (one per worker); undefined in summaries written before it was recorded. */
  workers?: number;
}

export interface LedgerExpectation {
  parts: ExpectedPart[];
  /** Summaries that could not be read: what was sent is then not known in full. */
  problems: string[];
}

export interface SummaryFile {
  /** File name, as reasons show it (`load-summary.json`, `load-summary.s2of8.json`). */
  file: string;
  summary: LoadSummary;
}

/**
 * The parts a load left. Segment summaries (`load-summary.sIofN.json`, a merged distributed run) name N, so every
 * segment 1..N is expected; else the run's `load-summary.json`; else (no summary: a load cut short, or only the ledgers
 * uploaded) the plan's segment count, with no count known.
 */
export function expectLedger(
  planSegment: Segment | null,
  summaries: readonly SummaryFile[],
  problems: readonly string[] = [],
): LedgerExpectation {
  const bySegment = new Map<string, ExpectedPart>();
  const key = (segment: Segment | null) => (segment === null ? "run" : `${segment.index}/${segment.count}`);
  for (const { file, summary } of summaries) {
    bySegment.set(key(summary.segment), {
      segment: summary.segment,
      summaryFile: file,
      sent: summary.sent,
      ...(summary.workers === undefined ? {} : { workers: summary.workers }),
    });
  }
  const count =
    summaries.map((s) => s.summary.segment?.count).find((n) => n !== undefined) ??
    (summaries.length === 0 ? planSegment?.count : undefined);
  if (count !== undefined) {
    for (let index = 1; index <= count; index++) {
      const segment = { index, count };
      if (!bySegment.has(key(segment))) bySegment.set(key(segment), { segment });
    }
  }
  const parts = [...bySegment.values()].sort((a, b) => (a.segment?.index ?? 0) - (b.segment?.index ?? 0));
  return { parts, problems: [...problems] };
}

/** The part a ledger file belongs to: `w3.ndjson` the whole run's, `s2of8-w3.ndjson` segment 2/8's. */
function filePattern(segment: Segment | null): RegExp {
  const head = segment === null ? "" : `s${segment.index}of${segment.count}-`;
  return new RegExp(`^${head}w\\d+\\.ndjson$`);
}

/** Every way the files read fall short of the expectation, one line each (empty when none). */
export function ledgerGaps(
  expected: LedgerExpectation,
  read: ReadonlyArray<{ name: string; records: number }>,
): string[] {
  const gaps = expected.problems.map((p) => `${p}: what was sent cannot be checked`);
  const names = new Set(read.map((f) => f.name));
  for (const part of expected.parts) {
    const pattern = filePattern(part.segment);
    const mine = read.filter((f) => pattern.test(f.name));
    const records = mine.reduce((sum, f) => sum + f.records, 0);
    const label = part.segment === null ? "the run" : `segment ${part.segment.index}/${part.segment.count}`;
    const sentText =
      part.sent === undefined ? "" : `; ${part.sent} message(s) sent, ${records} record(s) in the ledger`;
    if (part.workers !== undefined) {
      const missing = Array.from(
        { length: part.workers },
        (_, w) => `${ledgerFileName(part.segment, w)}.ndjson`,
      ).filter((name) => !names.has(name));
      if (missing.length > 0) {
        gaps.push(
          `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing (${part.summaryFile}: ` +
            `${part.workers} worker(s), one file each${sentText})`,
        );
        continue;
      }
    }
    if (part.sent !== undefined && records < part.sent) {
      gaps.push(
        `${label} has ${records} record(s) in ${mine.length} file(s) but ${part.summaryFile} says ${part.sent} ` +
          "message(s) were sent",
      );
      continue;
    }
    if (part.summaryFile === undefined && part.segment !== null && mine.length === 0) {
      gaps.push(`${label} left no ledger file and no load summary: it may not have run, or its files are missing`);
    }
  }
  return gaps;
}
