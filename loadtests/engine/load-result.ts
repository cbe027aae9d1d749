// The summary of a finished load, from the aggregator; and the check that the ledgers hold every message sent.

import type { LoadSummary } from "../../contracts/load-summary.ts";
import { closedModelVus, type ScenarioConfig } from "../../executors/index.ts";
import { type Aggregator, latencySummary } from "./aggregator.ts";
import { EngineFailure } from "./errors.ts";
import type { LoadStop } from "./load-stop.ts";
import type { Segment } from "./segments.ts";
import type { ShardResult } from "./shard.ts";
import { evaluate, type parseThresholds } from "./thresholds.ts";

export interface LoadResultInput {
  runId: string;
  scenarioName: string;
  scenario: ScenarioConfig;
  segment: Segment | null;
  /** Shards of this process (each wrote one ledger file). */
  workers: number;
  aggregator: Aggregator;
  thresholds: ReturnType<typeof parseThresholds>;
  plannedArrivals: number;
  stop: LoadStop;
  startedAt: number;
  endedAt: number;
}

export function loadSummary(input: LoadResultInput): LoadSummary {
  const { aggregator, scenario, startedAt, endedAt } = input;
  const elapsedMs = Math.max(1, endedAt - startedAt);
  const view = aggregator.view(elapsedMs);
  return {
    schemaVersion: 1,
    runId: input.runId,
    scenario: input.scenarioName,
    segment: input.segment,
    workers: input.workers,
    startedAt: Math.round(startedAt),
    endedAt: Math.round(endedAt),
    plannedArrivals: closedModelVus(scenario) !== undefined ? aggregator.planned : input.plannedArrivals,
    sent: aggregator.sent,
    dropped: aggregator.dropped,
    acc: aggregator.acc,
    rej: aggregator.rej,
    unk: aggregator.unk,
    byChannel: aggregator.byChannel,
    status: aggregator.status,
    latency: { intended: latencySummary(aggregator.intended), actual: latencySummary(aggregator.duration) },
    ...stepsOf(aggregator),
    thresholds: input.thresholds.map((t) => evaluate(t, view)),
    aborted: input.stop.aborted,
    interrupted: input.stop.interrupted,
    perSecond: aggregator.perSecond,
  };
}

/** The flow's steps, when there were calls; nothing for a declarative scenario (its summary is as before). */
function stepsOf(aggregator: Aggregator): Pick<LoadSummary, "steps"> {
  const names = Object.keys(aggregator.steps).sort();
  if (names.length === 0) return {};
  const steps: NonNullable<LoadSummary["steps"]> = {};
  for (const name of names) {
    const s = aggregator.steps[name] as Aggregator["steps"][string];
    steps[name] = { calls: s.calls, acc: s.acc, rej: s.rej, unk: s.unk, duration: latencySummary(s.duration) };
  }
  return { steps };
}

/** The first shard failure, as an EngineFailure; then the ledger's own counts must agree with the stats. */
export function checkShards(failures: readonly unknown[], settled: ReadonlyArray<ShardResult | null>, sent: number) {
  if (failures.length > 0)
    throw failures[0] instanceof EngineFailure ? failures[0] : new EngineFailure(String(failures[0]), failures[0]);
  // A mismatch is an engine bug, never papered over.
  const ledgered = settled.reduce((sum, r) => sum + (r?.ledger.count ?? 0), 0);
  if (ledgered !== sent) throw new EngineFailure(`ledger holds ${ledgered} records but ${sent} messages were sent`);
}
