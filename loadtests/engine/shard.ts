// One shard of a run (a worker thread, or the main thread inline): arrivals or VUs, channels, ledger, per-second stats.
import type { ScenarioConfig } from "../../config/schema-scenario.ts";
import type { Channel, Outcome } from "../../contracts/ledger.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { compileBodyTemplate, defaultBodyTemplate, type RenderBody } from "./body-template.ts";
import { channelCycle } from "./channel-mix.ts";
import type { SenderFactory, Senders } from "./channels/index.ts";
import type { LedgerCounts, LedgerSink } from "./ledger-writer.ts";
import { LedgerWriter } from "./ledger-writer.ts";
import { Message } from "./message.ts";
import { arrivalPlan, gracefulStopMs, ratePieces, scenarioDurationMs } from "./rate-plan.ts";
import { runArrivals, type SchedulerClock } from "./scheduler.ts";
import { type SecondData, SecondStats, type ShardReport } from "./second-stats.ts";
import { type Segment, shareOf, stripeOf, stripeSize } from "./segments.ts";

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
 * that answers its first requests slowly: nginx took 10-30 ms over its first 200 ms at 20.8k msg/s here. Sized for
 * 5 ms per answer, the rest were opened on the clock and the first second's send-lag p99 was 72 ms against 5 ms
 * (median of 5 runs each, interleaved). The sweeper keeps the set open by rotating it through the sends.
 */
export function shardConnections(config: Pick<ShardConfig, "scenario" | "segment" | "worker" | "workers">): {
  max: number;
  preopen: number;
} {
  const stripe = stripeOf(config.segment, config.worker, config.workers);
  const max = Math.min(shareOf(config.scenario.maxInFlight, stripe), 256);
  const scenario = config.scenario;
  const concurrent =
    scenario.executor === "constant-vus"
      ? stripeSize(stripe, scenario.vus)
      : (Math.max(0, ...ratePieces(scenario).flatMap((p) => [p.from, p.to])) / stripe.stride) * answerMs + 4;
  return { max, preopen: Math.max(1, Math.min(max, Math.ceil(concurrent))) };
}

export function startShard(config: ShardConfig, deps: ShardDeps): ShardControl {
  const { scenario } = config;
  const clock = deps.clock;
  const now = clock.now;
  const stripe = stripeOf(config.segment, config.worker, config.workers);
  const prefix = `${config.runId}-${config.scenarioName}-`;
  const render = deps.render ?? compileBodyTemplate(config.target.http?.bodyTemplate ?? defaultBodyTemplate);
  const cycle = channelCycle(scenario.channels);
  const cycleLength = cycle.length;
  const ledger = new LedgerWriter(deps.sink, config.name, prefix);
  const maxInFlight = shareOf(scenario.maxInFlight, stripe);
  const inFlight = new Set<Message>();
  const endAt = config.startAt + scenarioDurationMs(scenario);
  const graceMs = gracefulStopMs(scenario);

  const current = new SecondStats(Math.floor(now() / 1000));
  let closed: SecondData[] = [];
  let sent = 0;
  let dropped = 0;
  let interrupted = 0;
  let stopping = false;
  let abandoned = false;
  let drained: () => void = () => {};
  let abandonWait: () => void = () => {};

  function second(at: number): SecondStats {
    const t = Math.floor(at / 1000);
    // Only forward: an event stamped a hair before the current second still belongs to it.
    if (t > current.t) {
      closed.push(current.data());
      current.reset(t);
    }
    return current;
  }

  function settle(m: Message, status: number, o: Outcome, err: string | undefined): void {
    if (m.done) return;
    m.done = true;
    inFlight.delete(m);
    const t = now();
    const dur = t - m.sent;
    const s = second(t);
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
    // Without a status, the error code names the bucket; free-form messages are lumped so the map stays small.
    const key = status !== 0 ? String(status) : err !== undefined && err.length <= 40 ? err : "error";
    s.status[key] = (s.status[key] ?? 0) + 1;
    s.duration.recordMs(dur);
    s.intended.recordMs(t - m.intended);
    // The channel stamped m.sent when the message really left (socket write, batch call), so this is the send lag
    // the target saw; it can be far above the fire lag when every connection was busy.
    s.lag.recordMs(m.sent - m.intended);
    ledger.record(m.n, m.sent, dur, m.ch, status, o, err);
    if (m.vu >= 0 && !stopping) setImmediate(iterate, m.vu, m.n + vuCount);
    if (inFlight.size === 0 && stopping) drained();
    poke();
  }

  function written(at: number, count: number): void {
    second(at).written += count;
  }

  const senders = deps.senders({ connections: shardConnections(config).max, now, settle, written });

  function send(k: number, intended: number, at: number, vu: number): void {
    const ch = cycle[k % cycleLength] as Channel;
    const m = new Message(k, prefix + k, ch, intended, at, vu);
    sent++;
    const s = second(at);
    s.sent++;
    s.channel(ch).sent++;
    s.fireLag.recordMs(at - intended);
    inFlight.add(m);
    (senders[ch] as NonNullable<Senders[Channel]>).send(m, render(m.id, Math.floor(at)));
  }

  // Open model: arrivals at planned times; past maxInFlight (or a backlogged ledger) an arrival is dropped and
  // counted, never delayed and never a message (no ID, no ledger record).
  function fire(k: number, intended: number, at: number): void {
    const s = second(at);
    s.planned++;
    if (inFlight.size >= maxInFlight || ledger.backlogged) {
      dropped++;
      s.dropped++;
      return;
    }
    send(k, intended, at, -1);
  }

  function flushAll(): void {
    senders.http?.flush();
    senders.events?.flush();
    senders.sqs?.flush();
  }

  // Closed model (constant-vus): VU v sends message v, v + vus, v + 2*vus... one at a time until the duration ends.
  const vuCount = scenario.executor === "constant-vus" ? scenario.vus : 0;
  function iterate(vu: number, n: number): void {
    if (stopping) return;
    const at = now();
    if (at >= endAt) {
      vuDone();
      return;
    }
    const s = second(at);
    s.planned++;
    send(n, at, at, vu);
    flushAll();
  }
  let vusLeft = 0;
  function vuDone(): void {
    vusLeft--;
    if (vusLeft === 0) arrivalsEnded();
  }

  let arrivalsEnded: () => void = () => {};
  const arrivalsDone = new Promise<void>((resolve) => {
    arrivalsEnded = resolve;
  });
  let stopArrivals: () => void = () => {};
  let poke: () => void = () => {};
  if (scenario.executor === "constant-vus") {
    const mine = stripeSize(stripe, vuCount);
    vusLeft = mine;
    if (mine === 0) arrivalsEnded();
    clock.wake(config.startAt - now(), () => {
      for (let i = 0; i < mine; i++) iterate(stripe.offset + i * stripe.stride, stripe.offset + i * stripe.stride);
    });
    stopArrivals = arrivalsEnded;
  } else {
    const loop = runArrivals({
      plan: arrivalPlan(scenario),
      stripe,
      startAt: config.startAt,
      clock,
      fire,
      afterBurst: flushAll,
    });
    loop.done.then(arrivalsEnded);
    stopArrivals = loop.stop;
    poke = loop.poke;
  }

  const reportEvery = config.reportEveryMs ?? 500;
  function report(): void {
    second(now());
    const batch = closed;
    closed = [];
    deps.report({ closed: batch, through: current.t, inFlight: inFlight.size });
    ledger.flush();
  }
  const reporter = setInterval(report, reportEvery);

  async function finish(): Promise<ShardResult> {
    await arrivalsDone;
    stopping = true;
    flushAll();
    if (inFlight.size > 0 && !abandoned) {
      // gracefulStop counts from the planned end (k6) or from an early stop, whichever came first.
      const graceUntil = Math.min(now(), endAt) + graceMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, graceUntil - now()));
        drained = () => {
          clearTimeout(timer);
          resolve();
        };
        abandonWait = drained;
      });
    }
    // Whatever is still out was never answered: its fate is unknown, never accepted.
    for (const m of [...inFlight]) {
      interrupted++;
      settle(m, 0, "unk", "interrupted");
    }
    clearInterval(reporter);
    await Promise.all(Object.values(senders).map((s) => s.close()));
    const s = second(now());
    deps.report({ closed: [...closed, s.data()], through: s.t + 1, inFlight: 0 });
    closed = [];
    const counts = await ledger.close();
    return { name: config.name, ledger: counts, sent, dropped, interrupted };
  }
  return {
    stop() {
      stopping = true;
      stopArrivals();
    },
    abandon() {
      abandoned = true;
      stopping = true;
      stopArrivals();
      abandonWait();
    },
    done: finish(),
  };
}
