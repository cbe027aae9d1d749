// runLoad: one process's part of a load run: shards on all cores, live stats, thresholds, stop handling, the summary.
import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Output } from "../../common/output.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { closedModelVus, type ScenarioConfig, scenarioDurationMs } from "../executors/index.ts";
import { Aggregator, latencySummary } from "./aggregator.ts";
import { usedChannels } from "./channel-mix.ts";
import { checkChannels } from "./channels/index.ts";
import { EngineFailure } from "./errors.ts";
import type { LedgerSink } from "./ledger-writer.ts";
import { loadPayload, payloadRenderer } from "./payload.ts";
import { ProgressDisplay, progressOf } from "./progress.ts";
import { arrivalPlan } from "./rate-plan.ts";
import { epochNow, realClock, type SchedulerClock } from "./scheduler.ts";
import { type Segment, stripeOf, stripeSize } from "./segments.ts";
import { inlineShard, type ShardHost, threadShard } from "./shard-host.ts";
import { abortingThreshold, evaluate, parseThresholds } from "./thresholds.ts";

export interface RunLoadOptions {
  runId: string;
  scenarioName: string;
  scenario: ScenarioConfig;
  target: ResolvedTarget;
  ledgerDir: string;
  /** Worker threads; default one per core. 0 runs a single shard inline on the main thread (uses `now`). */
  workers?: number;
  segment?: Segment | null;
  output: Output;
  signal?: AbortSignal;
  /** Epoch ms; default the performance clock. Worker threads always use their own performance clock. */
  now?: () => number;
  /** Stop on the process's SIGINT (first: graceful, second: abandon in-flight). Default true. */
  handleSigint?: boolean;
  /** Called once with time 0 (epoch ms of the first planned arrival), e.g. to start a chaos schedule on it. */
  onStart?: (startedAt: number) => void;
}

/** What runLoad knows beyond the contract: the bench reads the whole-run send lag from here. */
export interface LoadDetails {
  summary: LoadSummary;
  /** Actual send (socket write, batch call) minus intended, whole run. */
  sendLag: ReturnType<typeof latencySummary>;
  /** Fired minus intended, whole run: the scheduler's share of the send lag. */
  fireLag: ReturnType<typeof latencySummary>;
  ledgerFiles: string[];
}

export function ledgerFileName(segment: Segment | null, worker: number): string {
  return segment === null ? `w${worker}` : `s${segment.index}of${segment.count}-w${worker}`;
}

export async function runLoad(options: RunLoadOptions): Promise<LoadSummary> {
  return (await runLoadDetailed(options)).summary;
}

export async function runLoadDetailed(options: RunLoadOptions & { inlineSink?: LedgerSink }): Promise<LoadDetails> {
  const { scenario, target, output } = options;
  const segment = options.segment ?? null;
  // Everything that can be wrong with the config fails here, before a worker starts or a message is sent.
  const thresholds = parseThresholds(scenario);
  checkChannels(target, usedChannels(scenario.channels));
  if (scenario.payload !== undefined) {
    // Load it and build one body here, so a broken payload module fails before any worker starts.
    const render = payloadRenderer(await loadPayload(scenario.payload), options.runId, options.scenarioName);
    render(`${options.runId}-${options.scenarioName}-0`, Date.now());
  }
  const now = options.now ?? epochNow;
  const inline = options.workers === 0;
  const workers = inline ? 1 : Math.max(1, options.workers ?? availableParallelism());
  mkdirSync(options.ledgerDir, { recursive: true });

  const aggregator = new Aggregator(workers);
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
    const clock: SchedulerClock = realClock(now);
    hosts.push(
      inline ? inlineShard(config, options.inlineSink ?? file, clock, onReport) : threadShard(config, file, onReport),
    );
  }

  const closedModel = closedModelVus(scenario) !== undefined;
  const plannedArrivals = closedModel
    ? 0
    : (() => {
        const total = arrivalPlan(scenario).total;
        let sum = 0;
        for (let w = 0; w < workers; w++) sum += stripeSize(stripeOf(segment, w, workers), total);
        return sum;
      })();
  const totalMs = scenarioDurationMs(scenario);

  let interrupted = false;
  let aborted: LoadSummary["aborted"] = null;
  let stopped = false;
  const stopAll = () => {
    if (stopped) return;
    stopped = true;
    for (const h of hosts) h.stop();
  };
  const onAbortSignal = () => {
    interrupted = true;
    stopAll();
  };
  let sigints = 0;
  const onSigint = () => {
    sigints++;
    interrupted = true;
    if (sigints === 1) {
      output.err("[load] interrupted: no new arrivals; waiting for in-flight messages (Ctrl-C again to stop now)");
      stopAll();
    } else for (const h of hosts) h.abandon();
  };
  options.signal?.addEventListener("abort", onAbortSignal, { once: true });
  // An already-aborted signal never fires "abort": the run is interrupted before it starts.
  if (options.signal?.aborted === true) interrupted = true;
  if (options.handleSigint !== false) process.on("SIGINT", onSigint);

  const failures: unknown[] = [];
  const results = hosts.map((h, i) =>
    h.done.then(
      (r) => {
        aggregator.retire(i);
        return r;
      },
      (error: unknown) => {
        failures.push(error);
        aggregator.retire(i);
        stopAll();
        return null;
      },
    ),
  );

  let startedAt = now();
  const progress = new ProgressDisplay(output);
  let ticker: NodeJS.Timeout | undefined;
  try {
    await Promise.all(hosts.map((h) => h.ready));
    if (failures.length === 0 && options.signal?.aborted !== true) {
      // A short lead so every shard is waiting on its timer when time 0 arrives.
      startedAt = now() + 50;
      for (const h of hosts) h.start(startedAt);
      options.onStart?.(startedAt);
      output.err(
        `[load] ${options.scenarioName}: ${scenario.executor}, ${plannedArrivals > 0 ? `${plannedArrivals} arrivals planned` : "closed model"} over ${Math.round(totalMs / 1000)}s on ${workers} ${inline ? "inline shard" : "worker thread(s)"}${segment === null ? "" : `, segment ${segment.index}/${segment.count}`}`,
      );
      ticker = setInterval(() => {
        const elapsed = now() - startedAt;
        progress.update(progressOf(aggregator, elapsed, totalMs));
        if (aborted !== null || stopped) return;
        const failing = abortingThreshold(thresholds, aggregator.view(elapsed));
        if (failing !== null) {
          aborted = {
            reason: `threshold ${failing.metric} ${failing.expression} failed (value ${failing.value}); abortOnFail`,
            at: Math.round(now()),
          };
          output.err(`[load] aborting: ${aborted.reason}`);
          stopAll();
        }
      }, progress.intervalMs);
    } else {
      // Nothing starts: every shard closes its (empty) ledger and ends.
      stopped = true;
      for (const h of hosts) h.stop();
    }
    const settled = await Promise.all(results);
    const endedAt = now();
    aggregator.finish();
    progress.update(progressOf(aggregator, endedAt - startedAt, totalMs, true), true);
    if (failures.length > 0)
      throw failures[0] instanceof EngineFailure ? failures[0] : new EngineFailure(String(failures[0]), failures[0]);
    const elapsedMs = Math.max(1, endedAt - startedAt);
    const view = aggregator.view(elapsedMs);
    const summary: LoadSummary = {
      schemaVersion: 1,
      runId: options.runId,
      scenario: options.scenarioName,
      segment,
      startedAt: Math.round(startedAt),
      endedAt: Math.round(endedAt),
      plannedArrivals: closedModel ? aggregator.planned : plannedArrivals,
      sent: aggregator.sent,
      dropped: aggregator.dropped,
      acc: aggregator.acc,
      rej: aggregator.rej,
      unk: aggregator.unk,
      byChannel: aggregator.byChannel,
      status: aggregator.status,
      latency: { intended: latencySummary(aggregator.intended), actual: latencySummary(aggregator.duration) },
      thresholds: thresholds.map((t) => evaluate(t, view)),
      aborted,
      interrupted,
      perSecond: aggregator.perSecond,
    };
    // The ledger's own counts must agree with the stats: a mismatch is an engine bug, never papered over.
    const ledgered = settled.reduce((sum, r) => sum + (r?.ledger.count ?? 0), 0);
    if (ledgered !== summary.sent)
      throw new EngineFailure(`ledger holds ${ledgered} records but ${summary.sent} messages were sent`);
    return {
      summary,
      sendLag: latencySummary(aggregator.lag),
      fireLag: latencySummary(aggregator.fireLag),
      ledgerFiles,
    };
  } finally {
    if (ticker !== undefined) clearInterval(ticker);
    options.signal?.removeEventListener("abort", onAbortSignal);
    process.off("SIGINT", onSigint);
  }
}
