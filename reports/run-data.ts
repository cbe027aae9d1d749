// Reads a run directory into memory for the report: every artifact optional except what is needed, problems listed.
import { createReadStream, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { LedgerRecord } from "../contracts/ledger.ts";
import type { LoadSummary } from "../contracts/load-summary.ts";
import type { ChaosWindow, PlanFile } from "../contracts/plan-file.ts";
import type { RunPaths } from "../contracts/run-dir.ts";
import type { Verdict } from "../contracts/verdict.ts";
import { readStoredScenario } from "../loadtests/executors/index.ts";
import { type ClientSecond, fromLoadSummary, LedgerSeriesBuilder } from "./client-series.ts";
import type { MetricsFile } from "./metrics-file.ts";
import { parseSamples, type QueueSample } from "./samples.ts";

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
  problems: string[];
}

export async function readRunData(paths: RunPaths): Promise<RunData> {
  const problems: string[] = [];
  const plan = withStoredScenario(readJson<PlanFile>(paths.plan, "plan.json", problems, true), problems);
  const load = readJson<LoadSummary>(paths.loadSummary, "load-summary.json", problems, true);
  const verdict = readJson<Verdict>(paths.verify, "verify.json", problems, true);
  const metrics = readJson<MetricsFile>(paths.metrics, "metrics.json", problems, false);
  const chaos = readJson<ChaosWindow[]>(paths.chaos, "chaos.json", problems, false) ?? [];
  let samples: QueueSample[] = [];
  if (existsSync(paths.samples)) {
    const parsed = parseSamples(readFileSync(paths.samples, "utf8"));
    samples = parsed.samples;
    if (parsed.badLines > 0) problems.push(`samples.ndjson: ${parsed.badLines} unreadable lines skipped`);
  }
  let client: ClientSecond[] = [];
  let clientSource: RunData["clientSource"] = "load-summary";
  if (load !== null) client = fromLoadSummary(load.perSecond);
  else if (existsSync(paths.ledgerDir)) {
    clientSource = "ledger";
    client = await seriesFromLedger(paths.ledgerDir);
    if (client.length > 0)
      problems.push("client series rebuilt from the ledger (no planned rate, latency from actual send)");
  }
  return { paths, plan, load, verdict, client, clientSource, samples, metrics, chaos, problems };
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

/** plan.json's scenario checked, an older run's string durations resolved to milliseconds; unreadable, no plan. */
function withStoredScenario(plan: PlanFile | null, problems: string[]): PlanFile | null {
  if (plan === null) return null;
  const scenario = readStoredScenario(plan.scenario);
  if (scenario.success) return { ...plan, scenario: scenario.data };
  const issue = scenario.error.issues[0];
  problems.push(`plan.json is unreadable: scenario.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
  return null;
}

function readJson<T>(file: string, name: string, problems: string[], expected: boolean): T | null {
  if (!existsSync(file)) {
    if (expected) problems.push(`${name} is missing`);
    return null;
  }
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (error) {
    problems.push(`${name} is unreadable: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

async function seriesFromLedger(dir: string): Promise<ClientSecond[]> {
  const builder = new LedgerSeriesBuilder();
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".ndjson"))) {
    const lines = createInterface({ input: createReadStream(join(dir, name)), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      if (line === "" || line.includes('"end":true')) continue;
      try {
        builder.add(JSON.parse(line) as LedgerRecord);
      } catch {
        // A torn last line after a crash: the verifier reports the incomplete ledger; the chart just misses it.
      }
    }
  }
  return builder.build();
}
