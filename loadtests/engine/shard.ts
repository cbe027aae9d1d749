// One shard of a run (a worker thread, or the main thread inline): arrivals or VUs, channels, ledger, per-second stats.
import type { Channel, Outcome } from "../../contracts/ledger.ts";
import { MessageIds, scenarioPrefix } from "../../contracts/message-id.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { closedModelVus, ratePieces, type ScenarioConfig, scenarioDurationMs } from "../../executors/index.ts";
import { compileBodyTemplate, defaultBodyTemplate, type RenderBody, RenderOut } from "./body-template.ts";
import { channelCycle } from "./channel-mix.ts";
import type { SenderFactory } from "./channels/index.ts";
import type { FlowEvents, FlowFactory, FlowSender } from "./flow/index.ts";
import { InFlight } from "./in-flight.ts";
import type { LedgerCounts, LedgerSink } from "./ledger-writer.ts";
import { LedgerWriter } from "./ledger-writer.ts";
import { type ChannelSender, Message, type MessageEvents } from "./message.ts";
import { objectArray } from "./object-array.ts";
import { arrivalPlan } from "./rate-plan.ts";
import { type ArrivalSink, type RunningLoop, runArrivals, type SchedulerClock } from "./scheduler.ts";
import { type SecondData, SecondStats, type ShardReport } from "./second-stats.ts";
import { type Segment, type Stripe, shareOf, stripeOf, stripeSize } from "./segments.ts";

export interface ShardConfig {
  runId: string;
  scenarioName: string;
  scenario: ScenarioConfig;
  target: ResolvedTarget;
  segment: Segment | null;
  /** This shard's number among the process's workers, 0-based. */
  worker: number;
  workers: number;
  /** Name in the ledger's closing record and file name. */
  name: string;
  /** Epoch ms at which the plan's time 0 falls (the same for all workers of a process). */
  startAt: number;
  reportEveryMs?: number;
}

export interface ShardDeps {
  clock: SchedulerClock;
  sink: LedgerSink;
  report(report: ShardReport): void;
  /** Builds the transports (prepareSenders for the target's real channels; fakes in tests). */
  senders: SenderFactory;
  /** The scenario's payload function as a renderer; default: the target's body template. */
  render?: RenderBody;
  /** The scenario's flow (prepareFlow): each message runs it instead of a channel send. */
  flow?: FlowFactory;
}

export interface ShardResult {
  name: string;
  ledger: LedgerCounts;
  sent: number;
  dropped: number;
  interrupted: number;
}

export interface ShardControl {
  /** Stop arrivals; in-flight messages get up to gracefulStop to finish. */
  stop(): void;
  /** Stop waiting: everything still in flight is recorded unk now. */
  abandon(): void;
  done: Promise<ShardResult>;
}

/** A shard stopped before time 0: nothing was sent, and its ledger says so with a closing record. */
export async function closeUnstarted(name: string, sink: LedgerSink): Promise<ShardResult> {
  const ledger = await new LedgerWriter(sink, name, "").close();
  return { name, ledger, sent: 0, dropped: 0, interrupted: 0 };
}

/** The answer time the pre-opened connections are sized for (ratePieces give arrivals per ms). */
const answerMs = 25;

/**
 * The HTTP connections a shard may use (its share of maxInFlight, at most 256) and how many to open before time 0:
 * enough for its peak rate at 25 ms per answer, plus a few. That covers a cloud API's usual answer, and a target
 * that answers its first requests slowly; sized for quick answers, the rest would be opened on the clock, in the
 * first second's send lag (docs/engine-performance.md, "HTTP channel"). The sweeper keeps the set open by rotating
 * it through the sends.
 */
export function shardConnections(config: Pick<ShardConfig, "scenario" | "segment" | "worker" | "workers">): {
  max: number;
  preopen: number;
} {
  const stripe = stripeOf(config.segment, config.worker, config.workers);
  const max = Math.min(shareOf(config.scenario.maxInFlight, stripe), 256);
  const scenario = config.scenario;
  const vus = closedModelVus(scenario);
  const concurrent =
    vus !== undefined
      ? stripeSize(stripe, vus)
      : (Math.max(0, ...ratePieces(scenario).flatMap((p) => [p.from, p.to])) / stripe.stride) * answerMs + 4;
  return { max, preopen: Math.max(1, Math.min(max, Math.ceil(concurrent))) };
}

export function startShard(config: ShardConfig, deps: ShardDeps): ShardControl {
  return new Shard(config, deps);
}

/**
 * A class, not closures in a function: the warm-up (warm-up.ts) runs a shard of its own before time 0, and only
 * methods are the same functions in both (the hot-path rule, loadtests/engine/README.md).
 */
class Shard implements ShardControl, MessageEvents, FlowEvents, ArrivalSink {
  readonly done: Promise<ShardResult>;
  private readonly config: ShardConfig;
  private readonly deps: ShardDeps;
  private readonly clock: SchedulerClock;
  private readonly stripe: Stripe;
  private readonly prefix: string;
  private readonly ids: MessageIds;
  private readonly render: RenderBody;
  /** Where the renderer leaves a message's own header lines (one object for the shard's life). */
  private readonly rendered = new RenderOut();
  private readonly cycle: Channel[];
  private readonly ledger: LedgerWriter;
  private readonly maxInFlight: number;
  private readonly inFlight = new InFlight();
  private readonly endAt: number;
  private readonly graceMs: number;
  private readonly current: SecondStats;
  private readonly senders: {
    http: ChannelSender | undefined;
    events: ChannelSender | undefined;
    sqs: ChannelSender | undefined;
    /** Sends each message at once (one StartExecution each): nothing to flush after a burst. */
    sfn: ChannelSender | undefined;
    lambda: ChannelSender | undefined;
  };
  /** The scenario's flow, when it has one: messages run it instead of a channel send (the senders are then empty). */
  private readonly flow: FlowSender | undefined;
  /** Closed model (constant-vus): VU v sends message v, v + vus, v + 2*vus... one at a time until the duration ends. */
  private readonly vuCount: number;
  /**
   * Closed model: the least time between two sends of one VU, vus / maxRps seconds. A closed model has no planned
   * rate to refuse before the load, so the engine holds it under the target's maxRps itself: each VU waits out its
   * pace, and all of them together (over every worker and segment, each VU paced alone) send at most maxRps a second.
   */
  private readonly vuPaceMs: number;
  private readonly reporter: NodeJS.Timeout;
  private readonly closed = objectArray<SecondData>();
  private sent = 0;
  private dropped = 0;
  private interrupted = 0;
  private stopping = false;
  private abandoned = false;
  private vusLeft = 0;
  private loop: RunningLoop | undefined;
  private drained: () => void = () => {};
  private abandonWait: () => void = () => {};
  private arrivalsEnded: () => void = () => {};

  constructor(config: ShardConfig, deps: ShardDeps) {
    const { scenario } = config;
    this.config = config;
    this.deps = deps;
    this.clock = deps.clock;
    this.stripe = stripeOf(config.segment, config.worker, config.workers);
    this.prefix = scenarioPrefix(config.runId, config.scenarioName);
    this.ids = new MessageIds(this.prefix);
    this.render = deps.render ?? compileBodyTemplate(config.target.http?.bodyTemplate ?? defaultBodyTemplate);
    this.cycle = channelCycle(scenario.channels);
    this.ledger = new LedgerWriter(deps.sink, config.name, this.prefix);
    this.maxInFlight = shareOf(scenario.maxInFlight, this.stripe);
    this.endAt = config.startAt + scenarioDurationMs(scenario);
    this.graceMs = scenario.gracefulStopMs;
    this.current = new SecondStats(Math.floor(this.clock.now() / 1000));
    const vus = closedModelVus(scenario);
    // 0 for an open model: settle() adds it on the hot path, so it stays a number.
    this.vuCount = vus ?? 0;
    this.vuPaceMs = vus === undefined ? 0 : (vus * 1000) / config.target.maxRps;
    // Always this one shape, whatever the factory built: the warm-up's and the run's sends then look alike to V8.
    const senders = deps.senders({ connections: shardConnections(config).max, now: this.clock.now, events: this });
    this.senders = {
      http: senders.http,
      events: senders.events,
      sqs: senders.sqs,
      sfn: senders.sfn,
      lambda: senders.lambda,
    };
    this.flow = deps.flow?.({ connections: shardConnections(config).max, now: this.clock.now, events: this });

    const arrivalsDone = new Promise<void>((resolve) => {
      this.arrivalsEnded = resolve;
    });
    if (vus !== undefined) {
      const mine = stripeSize(this.stripe, this.vuCount);
      this.vusLeft = mine;
      if (mine === 0) this.arrivalsEnded();
      this.clock.wake(config.startAt - this.clock.now(), startVus, this);
    } else {
      this.loop = runArrivals({
        plan: arrivalPlan(scenario),
        stripe: this.stripe,
        startAt: config.startAt,
        clock: this.clock,
        sink: this,
      });
      this.loop.done.then(this.arrivalsEnded);
    }
    this.reporter = setInterval(report, config.reportEveryMs ?? 500, this);
    this.done = this.finish(arrivalsDone);
  }

  stop(): void {
    this.stopping = true;
    this.stopArrivals();
  }

  abandon(): void {
    this.abandoned = true;
    this.stopping = true;
    this.stopArrivals();
    this.abandonWait();
  }

  settle(m: Message, status: number, o: Outcome, err: string | undefined): void {
    if (m.done) return;
    m.done = true;
    this.inFlight.delete(m);
    const t = this.clock.now();
    const dur = t - m.sent;
    const s = this.second(t);
    const c = s.channel(m.ch);
    if (o === "acc") {
      s.acc++;
      c.acc++;
    } else if (o === "rej") {
      s.rej++;
      c.rej++;
    } else {
      s.unk++;
      c.unk++;
    }
    s.countStatus(status, err);
    s.duration.recordMs(dur);
    s.intended.recordMs(t - m.intended);
    // The channel stamped m.sent when the message really left (socket write, batch call), so this is the send lag
    // the target saw; it can be far above the fire lag when every connection was busy.
    s.lag.recordMs(m.sent - m.intended);
    this.ledger.record(m.n, m.sent, dur, m.ch, status, o, err);
    if (m.vu >= 0 && !this.stopping) {
      const wait = m.intended + this.vuPaceMs - t;
      if (wait <= 0) setImmediate(iterate, this, m.vu, m.n + this.vuCount);
      else setTimeout(iterate, wait, this, m.vu, m.n + this.vuCount);
    }
    // Through the microtask queue: drained is a new function in every shard, and called here the optimised settle
    // would be thrown away at the end of the warm-up (warm-up.ts).
    if (this.inFlight.size === 0 && this.stopping) queueMicrotask(this.drained);
    this.loop?.poke();
  }

  written(at: number, count: number): void {
    this.second(at).written += count;
  }

  /** One call of a flow: its duration and outcome in its step's sub-metrics. */
  step(name: string, durationMs: number, outcome: Outcome, at: number): void {
    this.second(at).step(name, durationMs, outcome);
  }

  // Open model: arrivals at planned times; past maxInFlight (or a backlogged ledger) an arrival is dropped and
  // counted, never delayed and never a message (no ID, no ledger record).
  fire(k: number, intended: number, at: number): void {
    const s = this.second(at);
    s.planned++;
    if (this.inFlight.size >= this.maxInFlight || this.ledger.backlogged) {
      this.dropped++;
      s.dropped++;
      return;
    }
    this.send(k, intended, at, -1);
  }

  afterBurst(): void {
    const senders = this.senders;
    senders.http?.flush();
    senders.events?.flush();
    senders.sqs?.flush();
  }

  iterate(vu: number, n: number): void {
    if (this.stopping) return;
    const at = this.clock.now();
    if (at >= this.endAt) {
      this.vusLeft--;
      if (this.vusLeft === 0) this.arrivalsEnded();
      return;
    }
    const s = this.second(at);
    s.planned++;
    this.send(n, at, at, vu);
    this.afterBurst();
  }

  startVus(): void {
    const { offset, stride } = this.stripe;
    const mine = this.vusLeft;
    for (let i = 0; i < mine; i++) this.iterate(offset + i * stride, offset + i * stride);
  }

  report(): void {
    const current = this.second(this.clock.now());
    // Emptied in place, not replaced: one array, one map, for the whole run (object-array.ts).
    const batch = this.closed.splice(0);
    this.deps.report({ closed: batch, through: current.t, inFlight: this.inFlight.size });
    this.ledger.flush();
  }

  private second(at: number): SecondStats {
    const t = Math.floor(at / 1000);
    const current = this.current;
    // Only forward: an event stamped a hair before the current second still belongs to it.
    if (t > current.t) {
      this.closed.push(current.data());
      current.reset(t);
    }
    return current;
  }

  private send(k: number, intended: number, at: number, vu: number): void {
    const ch = this.cycle[k % this.cycle.length] as Channel;
    const m = new Message(k, this.ids.id(k), ch, intended, at, vu);
    this.sent++;
    const s = this.second(at);
    s.sent++;
    s.channel(ch).sent++;
    s.fireLag.recordMs(at - intended);
    this.inFlight.add(m);
    if (this.flow !== undefined) {
      this.flow.start(m, Math.floor(at));
      return;
    }
    const out = this.rendered;
    out.headers = "";
    let body: string;
    try {
      body = this.render(m.id, Math.floor(at), out);
    } catch (error) {
      // A payload that fails for one message (it threw, or returned a header no request may carry): nothing was
      // sent, so the target cannot have the message: refused, with the reason in the ledger, and the run goes on.
      this.settle(m, 0, "rej", `payload: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (out.headers !== "" && ch !== "http") {
      this.settle(m, 0, "rej", `payload headers: the ${ch} channel carries no HTTP headers`);
      return;
    }
    (this.senders[ch] as ChannelSender).send(m, body, out.headers);
  }

  private stopArrivals(): void {
    if (this.loop !== undefined) this.loop.stop();
    else this.arrivalsEnded();
  }

  private async finish(arrivalsDone: Promise<void>): Promise<ShardResult> {
    await arrivalsDone;
    this.stopping = true;
    this.afterBurst();
    if (this.inFlight.size > 0 && !this.abandoned) {
      // gracefulStop counts from the planned end (k6) or from an early stop, whichever came first.
      const graceUntil = Math.min(this.clock.now(), this.endAt) + this.graceMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, graceUntil - this.clock.now()));
        this.drained = () => {
          clearTimeout(timer);
          resolve();
        };
        this.abandonWait = this.drained;
      });
    }
    // Whatever is still out was never answered: its fate is unknown, never accepted.
    for (const m of this.inFlight.list()) {
      this.interrupted++;
      this.settle(m, 0, "unk", "interrupted");
    }
    clearInterval(this.reporter);
    const { http, events, sqs, sfn, lambda } = this.senders;
    await Promise.all([
      http?.close(),
      events?.close(),
      sqs?.close(),
      sfn?.close(),
      lambda?.close(),
      this.flow?.close(),
    ]);
    const s = this.second(this.clock.now());
    this.closed.push(s.data());
    this.deps.report({ closed: this.closed.splice(0), through: s.t + 1, inFlight: 0 });
    const counts = await this.ledger.close();
    return {
      name: this.config.name,
      ledger: counts,
      sent: this.sent,
      dropped: this.dropped,
      interrupted: this.interrupted,
    };
  }
}

// Timer and immediate callbacks take the shard as an argument, so they too are the same functions in every shard
// (the hot-path rule).
function iterate(shard: Shard, vu: number, n: number): void {
  shard.iterate(vu, n);
}

function startVus(shard: Shard): void {
  shard.startVus();
}

function report(shard: Shard): void {
  shard.report();
}
