// runLoad: one process's part of a load run: shards on all cores, live stats, thresholds, stop handling, the summary.
import type { Output } from "../../common/output.ts";
import type { DefinedFlow } from "../../config/flow.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import { messageId } from "../../contracts/message-id.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { type ScenarioConfig, scenarioDurationMs } from "../../executors/index.ts";
import { latencySummary, type SecondListener } from "./aggregator.ts";
import { RenderOut } from "./body-template.ts";
import { usedChannels } from "./channel-mix.ts";
import { checkChannels } from "./channels/index.ts";
import { FlowError, PayloadError } from "./errors.ts";
import { loadFlow } from "./flow/load.ts";
import type { LedgerSink } from "./ledger-writer.ts";
import { checkShards, loadSummary } from "./load-result.ts";
import { type LoadShards, plannedArrivalsOf, settleShards, startShards } from "./load-shards.ts";
import { LoadStop } from "./load-stop.ts";
import { MessageHeaderError, reservedHeaderNames } from "./message-headers.ts";
import { loadPayload, payloadRenderer } from "./payload.ts";
import { ProgressDisplay, progressOf } from "./progress.ts";
import { epochNow } from "./scheduler.ts";
import type { Segment } from "./segments.ts";
import { abortingThreshold, parseThresholds, type Threshold } from "./thresholds.ts";

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
  /**
   * Epoch ms every segment of a distributed plan starts at (`--start-at`), so a spike split over hosts does not smear.
   * A shard set ready only after it does not start: a late segment would offer its share out of step.
   */
  startAt?: number;
  /**
   * Each second's row as it closes (the same rows load-summary.json's `perSecond` gets, in order, gap rows too), on
   * the main thread, for live watchers. Must return at once: it runs inside the merge of the shards' reports.
   */
  onSecond?: SecondListener;
}

/** A shard set ready this close to the shared start still makes it; later, it is late. */
const startLeadMs = 50;

/** What runLoad knows beyond the contract: the bench reads the whole-run send lag from here. */
export interface LoadDetails {
  summary: LoadSummary;
  /** Actual send (socket write, batch call) minus intended, whole run. */
  sendLag: ReturnType<typeof latencySummary>;
  /** Fired minus intended, whole run: the scheduler's share of the send lag. */
  fireLag: ReturnType<typeof latencySummary>;
  ledgerFiles: string[];
}

export { ledgerFileName } from "./load-shards.ts";

export async function runLoad(options: RunLoadOptions): Promise<LoadSummary> {
  return (await runLoadDetailed(options)).summary;
}

export async function runLoadDetailed(options: RunLoadOptions & { inlineSink?: LedgerSink }): Promise<LoadDetails> {
  const { scenario, output } = options;
  const segment = options.segment ?? null;
  const thresholds = await checkBeforeStart(options);
  const now = options.now ?? epochNow;
  const shards = startShards({ ...options, segment, workers: options.workers, now });
  const { aggregator } = shards;
  const plannedArrivals = plannedArrivalsOf(scenario, segment, shards.workers);
  const totalMs = scenarioDurationMs(scenario);
  using stop = new LoadStop(shards.hosts, options);
  const { results, failures } = settleShards(shards, stop);
  const progress = new ProgressDisplay(output);

  let startedAt = now();
  await Promise.all(shards.hosts.map((h) => h.ready));
  const late = options.startAt === undefined ? 0 : now() + startLeadMs - options.startAt;
  if (late > 0)
    stop.abort(
      `ready ${Math.ceil(late)} ms after --start-at ${new Date(options.startAt ?? 0).toISOString()}: not started, so the segments stay in step`,
      now(),
    );
  const starts = failures.length === 0 && options.signal?.aborted !== true && late <= 0;
  if (starts) startedAt = startAtTimeZero(options, shards, plannedArrivals, totalMs);
  // Nothing starts: every shard closes its (empty) ledger and ends.
  else stop.stopAll();
  using _ticker = starts ? startTicker({ progress, aggregator, thresholds, stop, now, startedAt, totalMs }) : undefined;
  const settled = await results;
  const endedAt = now();
  aggregator.finish();
  progress.update(progressOf(aggregator, endedAt - startedAt, totalMs, true), true);
  const summary = loadSummary({
    ...options,
    segment,
    workers: shards.workers,
    aggregator,
    thresholds,
    plannedArrivals,
    stop,
    startedAt,
    endedAt,
  });
  checkShards(failures, settled, summary.sent);
  return {
    summary,
    sendLag: latencySummary(aggregator.lag),
    fireLag: latencySummary(aggregator.fireLag),
    ledgerFiles: shards.ledgerFiles,
  };
}

/** Everything that can be wrong with the config fails here, before a worker starts or a message is sent. */
async function checkBeforeStart(options: RunLoadOptions): Promise<ReturnType<typeof parseThresholds>> {
  const { scenario, target } = options;
  const thresholds = parseThresholds(scenario);
  // A flow makes its own calls on whatever the target configures; the channel weights are the declarative path's.
  if (scenario.flow === undefined) checkChannels(target, usedChannels(scenario.channels));
  else {
    // Refused rather than sent unauthenticated: the flow's client builds each call's request itself and does not sign it.
    if (target.http?.auth !== undefined)
      throw new FlowError(
        scenario.flow,
        `target "${target.name}" authenticates its requests (http.auth ${target.http.auth.type}), which a flow's calls do not do yet: fetch the token in the flow and pass it in the call's headers, or use a payload instead of a flow`,
      );
    checkFlowSteps(options, await loadFlow(scenario.flow), thresholds);
  }
  if (scenario.payload !== undefined) await checkPayload(options, scenario.payload);
  return thresholds;
}

/**
 * Loads the payload module and builds message 0 here, so a broken module, or headers no request can carry, fail
 * before any worker starts (later messages that go wrong are refused one by one, with the reason in the ledger).
 */
async function checkPayload(options: RunLoadOptions, module: string): Promise<void> {
  const { scenario, target } = options;
  const reserved = reservedHeaderNames(target.http?.headers);
  const render = payloadRenderer(await loadPayload(module), options.runId, options.scenarioName, reserved);
  const out = new RenderOut();
  try {
    render(messageId(options.runId, options.scenarioName, 0), Date.now(), out);
  } catch (error) {
    if (error instanceof MessageHeaderError) throw new PayloadError(module, `message 0: ${error.message}`, error);
    throw error;
  }
  const batching = (["events", "sqs", "lambda"] as const).filter((ch) => (scenario.channels[ch] ?? 0) > 0);
  if (out.headers !== "" && batching.length > 0)
    throw new PayloadError(
      module,
      `returns HTTP headers, but the scenario also sends on ${batching.join(" and ")}, which carry none: give those channels weight 0, or return a body only`,
    );
}

/**
 * Thresholds filtered by step must name steps the flow has: refused (exit 4) when the flow declares its steps
 * (defineFlow's `steps`), else said once here (a step no call used passes, as an empty metric in k6).
 */
function checkFlowSteps(options: RunLoadOptions, flow: DefinedFlow, thresholds: readonly Threshold[]): void {
  const module = options.scenario.flow ?? "";
  const named = [...new Set(thresholds.flatMap((t) => (t.step === undefined ? [] : [t.step])))];
  if (named.length === 0) return;
  if (flow.steps === undefined) {
    options.output.err(
      `[load] thresholds name the step(s) ${named.join(", ")}; the flow declares no steps (defineFlow(fn, { steps })), so a misspelt one would pass with no calls`,
    );
    return;
  }
  const unknown = named.filter((step) => !flow.steps?.includes(step));
  if (unknown.length > 0)
    throw new FlowError(
      module,
      `thresholds name the step(s) ${unknown.join(", ")}, which the flow does not declare (it declares ${flow.steps.join(", ") || "none"})`,
    );
}

/** Starts every shard at one time 0 a short lead ahead, so each is waiting on its timer when it arrives. */
function startAtTimeZero(
  options: RunLoadOptions,
  shards: LoadShards,
  plannedArrivals: number,
  totalMs: number,
): number {
  const { scenario, output } = options;
  const segment = options.segment ?? null;
  const now = options.now ?? epochNow;
  const startedAt = options.startAt ?? now() + startLeadMs;
  for (const h of shards.hosts) h.start(startedAt);
  options.onStart?.(startedAt);
  output.err(
    `[load] ${options.scenarioName}: ${scenario.executor}, ${plannedArrivals > 0 ? `${plannedArrivals} arrivals planned` : "closed model"} over ${Math.round(totalMs / 1000)}s on ${shards.workers} ${shards.inline ? "inline shard" : "worker thread(s)"}${segment === null ? "" : `, segment ${segment.index}/${segment.count}`}`,
  );
  return startedAt;
}

interface TickerInput {
  progress: ProgressDisplay;
  aggregator: LoadShards["aggregator"];
  thresholds: ReturnType<typeof parseThresholds>;
  stop: LoadStop;
  now: () => number;
  startedAt: number;
  totalMs: number;
}

/** Once a tick: the progress line, and the abortOnFail thresholds checked against the live stats; dispose to end it. */
function startTicker(input: TickerInput): Disposable {
  const { progress, aggregator, thresholds, stop, now } = input;
  const timer = setInterval(() => {
    const elapsed = now() - input.startedAt;
    // Before a --start-at instant there is nothing to show or judge yet.
    if (elapsed < 0) return;
    progress.update(progressOf(aggregator, elapsed, input.totalMs));
    if (stop.aborted !== null || stop.stopped) return;
    const failing = abortingThreshold(thresholds, aggregator.view(elapsed));
    if (failing !== null) {
      const reason = `threshold ${failing.metric} ${failing.expression} failed (value ${failing.value}); abortOnFail`;
      stop.abort(reason, Math.round(now()));
    }
  }, progress.intervalMs);
  return { [Symbol.dispose]: () => clearInterval(timer) };
}
