// The shards of one load: one per worker thread (or one inline), each with its ledger file, feeding one aggregator.

import { availableParallelism } from "node:os";
import { join } from "node:path";
import { makeDirs } from "../../common/make-dirs.ts";
import { ledgerFileName } from "../../contracts/ledger/record.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { closedModelVus, type ScenarioConfig } from "../../executors/index.ts";
import { Aggregator, type SecondListener } from "./aggregator.ts";
import type { LedgerSink } from "./ledger-writer.ts";
import type { LoadStop } from "./load-stop.ts";
import { arrivalPlan } from "./rate-plan.ts";
import { realClock, type SchedulerClock } from "./scheduler.ts";
import { type Segment, stripeOf, stripeSize } from "./segments.ts";
import type { ShardResult } from "./shard.ts";
import { inlineShard, type ShardHost, threadShard } from "./shard-host.ts";

export interface LoadShardsOptions {
  runId: string;
  scenarioName: string;
  scenario: ScenarioConfig;
  target: ResolvedTarget;
  ledgerDir: string;
  segment: Segment | null;
  /** Worker threads; 0 runs a single shard inline on the main thread (uses `now`). */
  workers: number | undefined;
  now: () => number;
  inlineSink?: LedgerSink | undefined;
  onSecond?: SecondListener | undefined;
}

export interface LoadShards {
  hosts: ShardHost[];
  ledgerFiles: string[];
  aggregator: Aggregator;
  workers: number;
  inline: boolean;
}

export { ledgerFileName };

export function startShards(options: LoadShardsOptions): LoadShards {
  const { scenario, target, segment } = options;
  const inline = options.workers === 0;
  const workers = inline ? 1 : Math.max(1, options.workers ?? availableParallelism());
  makeDirs(options.ledgerDir);
  const aggregator = new Aggregator(workers, options.onSecond);
  const hosts: ShardHost[] = [];
  const ledgerFiles: string[] = [];
  for (let w = 0; w < workers; w++) {
    const name = ledgerFileName(segment, w);
    const file = join(options.ledgerDir, `${name}.ndjson`);
    ledgerFiles.push(file);
    const config = {
      runId: options.runId,
      scenarioName: options.scenarioName,
      scenario,
      target,
      segment,
      worker: w,
      workers,
      name,
    };
    const onReport = (report: Parameters<Aggregator["add"]>[1]) => aggregator.add(w, report);
    const clock: SchedulerClock = realClock(options.now);
    hosts.push(
      inline ? inlineShard(config, options.inlineSink ?? file, clock, onReport) : threadShard(config, file, onReport),
    );
  }
  return { hosts, ledgerFiles, aggregator, workers, inline };
}

/** Arrivals this process's shards will plan (their stripes of the segment); 0 for a closed model. */
export function plannedArrivalsOf(scenario: ScenarioConfig, segment: Segment | null, workers: number): number {
  return closedModelVus(scenario) !== undefined
    ? 0
    : (() => {
        const total = arrivalPlan(scenario).total;
        let sum = 0;
        for (let w = 0; w < workers; w++) sum += stripeSize(stripeOf(segment, w, workers), total);
        return sum;
      })();
}

/** Each shard's result (null when it failed); a failure is kept and stops the others. */
export function settleShards(
  shards: LoadShards,
  stop: LoadStop,
): { results: Promise<Array<ShardResult | null>>; failures: unknown[] } {
  const failures: unknown[] = [];
  const results = shards.hosts.map((h, i) =>
    h.done.then(
      (r) => {
        shards.aggregator.retire(i);
        return r;
      },
      (error: unknown) => {
        failures.push(error);
        shards.aggregator.retire(i);
        stop.stopAll();
        return null;
      },
    ),
  );
  return { results: Promise.all(results), failures };
}
