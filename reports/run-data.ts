// Reads a run directory into memory for the report: every artifact optional except what is needed, problems listed.
import { createReadStream, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { CompareFile } from "../contracts/compare.ts";
import { decodeLedgerLine } from "../contracts/ledger/line.ts";
import type { LoadSummary } from "../contracts/load-summary.ts";
import type { OutputsFile } from "../contracts/outputs.ts";
import type { ChaosWindow, PlanFile } from "../contracts/plan-file.ts";
import { RunDir, type RunPaths, runArtifacts } from "../contracts/run-dir.ts";
import type { Verdict } from "../contracts/verdict.ts";
import { type ClientSecond, fromLoadSummary, LedgerSeriesBuilder } from "./client-series.ts";
import { mergeLoadSummaries } from "./merge-load-summaries.ts";
import type { MetricsFile } from "./metrics-file.ts";
import type { QueueSample } from "./samples.ts";

export interface RunData {
  paths: RunPaths;
  plan: PlanFile | null;
  load: LoadSummary | null;
  verdict: Verdict | null;
  client: ClientSecond[];
  clientSource: "load-summary" | "ledger";
  samples: QueueSample[];
  metrics: MetricsFile | null;
  chaos: ChaosWindow[];
  /** compare.json, written before the report when the run was compared with a baseline (--compare). */
  compare: CompareFile | null;
  /** outputs.json: what the metrics outputs (OTLP, Prometheus) got out; absent when the run had none. */
  outputs?: OutputsFile | null;
  problems: string[];
}

/**
 * Every artifact through the RunDir: a missing one is listed in problems (a stage that did not run), a broken one
 * throws its ArtifactError naming the file and the field (damage is not something to report around).
 */
/**
 * A run split into segments has one load-summary.sIofN.json per segment and no load-summary.json: the report reads
 * them as one (counts exact, percentiles the highest segment's), and says so.
 */
function fromSegments(run: RunDir, problems: string[]): LoadSummary | null {
  const segments = run.readSegmentSummaries();
  if (segments.length === 0) {
    problems.push(`${runArtifacts.loadSummary.file} is missing`);
    return null;
  }
  problems.push(
    `load-summary.json merged from ${segments.length} segment summaries: counts are exact, latency percentiles are the highest segment's (an upper bound)`,
  );
  return mergeLoadSummaries(segments);
}

export async function readRunData(paths: RunPaths): Promise<RunData> {
  const run = new RunDir(paths);
  const problems: string[] = [];
  const expected = <K extends "plan" | "loadSummary" | "verify">(name: K) => {
    const value = run.readIfPresent(name);
    if (value === null) problems.push(`${runArtifacts[name].file} is missing`);
    return value;
  };
  const plan = expected("plan");
  const load = run.readIfPresent("loadSummary") ?? fromSegments(run, problems);
  const verdict = expected("verify");
  const metrics = run.readIfPresent("metrics");
  const chaos = run.readChaos();
  const compare = run.readIfPresent("compare");
  const outputs = run.readIfPresent("outputs");
  const parsed = run.readSamples();
  const samples: QueueSample[] = parsed.samples;
  if (parsed.badLines > 0) problems.push(`samples.ndjson: ${parsed.badLines} unreadable lines skipped`);
  let client: ClientSecond[] = [];
  let clientSource: RunData["clientSource"] = "load-summary";
  if (load !== null) client = fromLoadSummary(load.perSecond);
  else if (existsSync(paths.ledgerDir)) {
    clientSource = "ledger";
    client = await seriesFromLedger(paths.ledgerDir);
    if (client.length > 0)
      problems.push("client series rebuilt from the ledger (no planned rate, latency from actual send)");
  }
  return { paths, plan, load, verdict, client, clientSource, samples, metrics, chaos, compare, outputs, problems };
}

/**
 * The load window, epoch ms: from load-summary.json, else the client series, else the samples, else the plan's time,
 * so a run cut short before its summary still gets a sane time axis.
 */
export function loadWindow(data: Pick<RunData, "load" | "client" | "samples" | "plan">): {
  start: number;
  end: number;
} {
  if (data.load !== null) return { start: data.load.startedAt, end: data.load.endedAt };
  const first = data.client[0];
  const last = data.client.at(-1);
  if (first !== undefined && last !== undefined) return { start: first.t * 1000, end: (last.t + 1) * 1000 };
  const sample = data.samples[0];
  if (sample !== undefined) return { start: sample.t, end: data.samples.at(-1)?.t ?? sample.t };
  const planned = data.plan === null ? Number.NaN : Date.parse(data.plan.createdAt);
  const at = Number.isNaN(planned) ? 0 : planned;
  return { start: at, end: at };
}

async function seriesFromLedger(dir: string): Promise<ClientSecond[]> {
  const builder = new LedgerSeriesBuilder();
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".ndjson"))) {
    const lines = createInterface({ input: createReadStream(join(dir, name)), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      if (line === "") continue;
      // A torn last line after a crash decodes to null: the verifier reports the incomplete ledger; the chart misses it.
      const decoded = decodeLedgerLine(line);
      if (decoded?.kind === "record") builder.add(decoded.record);
    }
  }
  return builder.build();
}
