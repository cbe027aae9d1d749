// The pure core of a chain link (Jepsen's total-queue again, one hop down): of the IDs the upstream sink holds, each
// is delivered (in this sink once), duplicated (more), deadLettered (named by the stream's failure records) or lost;
// an ID here or in the failures that the upstream never held is unexpected. Loss is asserted only on full reads.
import type { SourceStatus, Valid } from "../../contracts/verdict.ts";
import { type LinkClass, type LinkResult, linkClasses } from "../../contracts/verdict-chain.ts";
import type { SinkEvidence } from "../evidence.ts";
import type { IdTable } from "../id-table.ts";
import { idAt } from "../traverse.ts";
import { walkTables } from "./walk.ts";

export interface FailureStatus {
  name: string;
  /** Failure records read (one per failed batch). */
  records: number;
  /** Of this run, IDs the batches resolved to. */
  ids: number;
  complete: boolean;
  /** Batches that could not be resolved to IDs (past the stream's retention, or unreadable), named. */
  unresolved: string[];
  error?: string;
}

export interface FailureEvidence {
  /** byte: how many failure records name the ID. */
  readonly ids: IdTable;
  statuses: FailureStatus[];
}

export interface LinkEvidence {
  sink: string;
  after: string;
  upstream: SinkEvidence;
  link: SinkEvidence;
  failures: FailureEvidence;
}

export interface LinkReconciliation {
  result: LinkResult;
  eachId(cls: LinkClass, visit: (id: string) => void): void;
}

/** Where a link's full ID list goes in the run directory. */
export function linkListFile(sink: string, cls: LinkClass): string {
  return `ids/chain-${sink.replace(/[^A-Za-z0-9_.-]/g, "_")}-${cls}.txt`;
}

/** One ID's class at the link: upstream, link and failure counts in; a LinkClass index out, -1 for none. */
export function classifyLink(upstream: number, link: number, failed: number): number {
  if (upstream > 0) {
    if (link === 1) return 0;
    if (link > 1) return 1;
    if (failed > 0) return 2;
    return 3;
  }
  return link > 0 || failed > 0 ? 4 : -1;
}

export function reconcileLink(ev: LinkEvidence, runPrefix: string, sampleCap = 20): LinkReconciliation {
  const counts = linkClasses.map(() => 0);
  const samples: string[][] = linkClasses.map(() => []);
  let expected = 0;
  const tables = [ev.upstream.ids, ev.link.ids, ev.failures.ids];
  walkTables(tables, runPrefix, (b, prefix, n) => {
    if ((b[0] as number) > 0) expected++;
    const cls = classifyLink(b[0] as number, b[1] as number, b[2] as number);
    if (cls < 0) return;
    counts[cls] = (counts[cls] as number) + 1;
    const sample = samples[cls] as string[];
    if (sample.length < sampleCap) sample.push(idAt(prefix, n));
  });
  const classes = Object.fromEntries(
    linkClasses.map((c, i) => [
      c,
      {
        count: counts[i] as number,
        sample: samples[i] as string[],
        ...((counts[i] as number) > 0 ? { file: linkListFile(ev.sink, c) } : {}),
      },
    ]),
  ) as LinkResult["classes"];
  const upstreamStatus = status(ev.upstream.statuses, ev.after);
  const sinkStatus = status(ev.link.statuses, ev.sink);
  const { valid, reasons } = judge(ev, classes, upstreamStatus, sinkStatus);
  const eachId = (cls: LinkClass, visit: (id: string) => void) => {
    const wanted = linkClasses.indexOf(cls);
    walkTables(tables, runPrefix, (b, prefix, n) => {
      if (classifyLink(b[0] as number, b[1] as number, b[2] as number) === wanted) visit(idAt(prefix, n));
    });
  };
  return {
    result: {
      sink: ev.sink,
      after: ev.after,
      valid,
      reasons,
      expected,
      classes,
      sources: {
        upstream: upstreamStatus,
        sink: sinkStatus,
        failures: ev.failures.statuses.map((s) => ({ ...s, unresolved: [...s.unresolved] })),
      },
    },
    eachId,
  };
}

function status(statuses: readonly SourceStatus[], name: string): LinkResult["sources"]["sink"] {
  if (statuses.length === 0) return { name, read: 0, complete: false, error: "not read" };
  const complete = statuses.every((s) => s.complete);
  const error = statuses.find((s) => s.error !== undefined)?.error;
  return {
    name,
    read: statuses.reduce((a, s) => a + s.read, 0),
    complete,
    ...(error === undefined ? {} : { error }),
  };
}

function judge(
  ev: LinkEvidence,
  classes: LinkResult["classes"],
  upstream: LinkResult["sources"]["upstream"],
  sink: LinkResult["sources"]["sink"],
): { valid: Valid; reasons: string[] } {
  const certain: string[] = [];
  const doubts: string[] = [];
  const where = `${ev.after} -> ${ev.sink}`;
  const failuresComplete = ev.failures.statuses.every((s) => s.complete && s.unresolved.length === 0);
  const lost = classes.lost.count;
  if (lost > 0) {
    const what = `${where}: ${lost} message(s) that reached ${ev.after} never reached ${ev.sink}`;
    if (sink.complete && failuresComplete) certain.push(`${what}: lost at ${ev.sink}`);
    else doubts.push(`${what}, but not every source of the link was read in full, so they may not be lost`);
  }
  const unexpected = classes.unexpected.count;
  if (unexpected > 0) {
    const what = `${where}: ${unexpected} message(s) in ${ev.sink} or its failure records that ${ev.after} does not hold`;
    if (upstream.complete) certain.push(`${what}: unexpected`);
    else doubts.push(`${what}, but ${ev.after} was not read in full`);
  }
  if (!upstream.complete) doubts.push(`${where}: sink ${ev.after} was not read in full${why(upstream.error)}`);
  if (!sink.complete) doubts.push(`${where}: sink ${ev.sink} was not read in full${why(sink.error)}`);
  for (const f of ev.failures.statuses) {
    if (!f.complete) doubts.push(`${where}: failure destination ${f.name} was not read in full${why(f.error)}`);
    for (const batch of f.unresolved) doubts.push(`${where}: failure destination ${f.name}: ${batch}`);
  }
  if (certain.length > 0) return { valid: false, reasons: [...certain, ...doubts] };
  if (doubts.length > 0) return { valid: "unknown", reasons: doubts };
  return { valid: true, reasons: [] };
}

function why(error: string | undefined): string {
  return error === undefined ? "" : `: ${error}`;
}

/** The verdict over the chain: false when any link loses (or shows unexpected), unknown when any cannot tell. */
export function chainValidity(links: readonly LinkResult[]): { valid: Valid; reasons: string[] } {
  const reasons = links.flatMap((l) => l.reasons);
  if (links.some((l) => l.valid === false)) return { valid: false, reasons };
  if (links.some((l) => l.valid === "unknown")) return { valid: "unknown", reasons };
  return { valid: true, reasons: [] };
}
