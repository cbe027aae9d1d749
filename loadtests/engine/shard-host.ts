// Where a shard runs: a worker thread (all cores) or inline on the main thread (tests, injected clocks); one interface.
import { Worker } from "node:worker_threads";
import { runnableUrl } from "../../common/module-url.ts";
import type { RenderBody } from "./body-template.ts";
import type { PreparedSenders } from "./channels/index.ts";
import { EngineFailure } from "./errors.ts";
import type { FlowFactory } from "./flow/index.ts";
import type { LedgerSink } from "./ledger-writer.ts";
import type { SchedulerClock } from "./scheduler.ts";
import type { ShardReport } from "./second-stats.ts";
import { closeUnstarted, type ShardConfig, type ShardControl, type ShardResult, startShard } from "./shard.ts";
import { prepareShard } from "./shard-prepare.ts";
import type { FromWorker, ToWorker, WorkerInput } from "./worker-thread.ts";

export interface ShardHost {
  /** Resolves once the shard can start at a given instant (modules loaded, ledger file open). */
  ready: Promise<void>;
  start(startAt: number): void;
  stop(): void;
  abandon(): void;
  done: Promise<ShardResult>;
}

/**
 * V8 limits for a shard's thread. A busy shard allocates fast, and V8 grows its young generation to the 3 x 32 MB
 * maximum and lets promoted garbage pile up in the old one, so peak RSS rises with the run's length while live data
 * stays flat. A 3 x 8 MB young generation keeps RSS flat at no cost in rate or send lag (docs/engine-performance.md,
 * "Memory of shard threads and histograms"). The old generation is left unbounded: a cap would kill a shard that
 * legitimately holds more (a large maxInFlight of big payloads) and cut its ledger short.
 */
export const shardResourceLimits = { maxYoungGenerationSizeMb: 24 } as const;

export function threadShard(
  config: Omit<ShardConfig, "startAt">,
  ledgerFile: string,
  onReport: (report: ShardReport) => void,
): ShardHost {
  const input: WorkerInput = { config, ledgerFile };
  const worker = new Worker(runnableUrl(new URL("./worker-thread.ts", import.meta.url)), {
    workerData: input,
    resourceLimits: shardResourceLimits,
  });
  const send = (message: ToWorker) => worker.postMessage(message);
  let markReady: () => void = () => {};
  let settled = false;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const done = new Promise<ShardResult>((resolve, reject) => {
    const failed = (error: EngineFailure) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(error);
    };
    worker.on("message", (message: FromWorker) => {
      if (message.type === "ready") markReady();
      else if (message.type === "report") onReport(message.report);
      else if (message.type === "done") {
        settled = true;
        // The ledger is closed before "done" is posted: terminating cannot cut a write.
        void worker.terminate();
        resolve(message.result);
      } else failed(new EngineFailure(`worker ${config.name} failed: ${message.message}`, message.stack));
    });
    worker.on("error", (error) => failed(new EngineFailure(`worker ${config.name} crashed: ${error.message}`, error)));
    worker.on("exit", (code) => failed(new EngineFailure(`worker ${config.name} exited with code ${code}`)));
  });
  // A worker that fails before it is ready must not leave the run waiting for it.
  done.catch(() => markReady());
  return {
    ready,
    start: (startAt) => send({ type: "start", startAt }),
    stop: () => send({ type: "stop" }),
    abandon: () => send({ type: "abandon" }),
    done,
  };
}

export function inlineShard(
  config: Omit<ShardConfig, "startAt">,
  ledger: string | LedgerSink,
  clock: SchedulerClock,
  onReport: (report: ShardReport) => void,
): ShardHost {
  let control: ShardControl | undefined;
  let pending: "stop" | "abandon" | undefined;
  let sink: LedgerSink | undefined;
  let senders: PreparedSenders | undefined;
  let render: RenderBody | undefined;
  let flow: FlowFactory | undefined;
  let started: (result: Promise<ShardResult>) => void = () => {};
  const ready = prepareShard(config, ledger).then((prepared) => {
    ({ sink, render, senders, flow } = prepared);
  });
  const done = new Promise<Promise<ShardResult>>((resolve) => {
    started = resolve;
  }).then((result) => result);
  let closedUnstarted = false;
  function closeIfUnstarted(): void {
    if (control !== undefined || closedUnstarted || sink === undefined) return;
    closedUnstarted = true;
    senders?.discard();
    started(closeUnstarted(config.name, sink));
  }
  return {
    ready,
    start(startAt) {
      if (pending !== undefined) return;
      control = startShard(
        { ...config, startAt },
        {
          clock,
          sink: sink as LedgerSink,
          senders: senders as PreparedSenders,
          report: onReport,
          ...(render === undefined ? {} : { render }),
          ...(flow === undefined ? {} : { flow }),
        },
      );
      if (pending === "stop") control.stop();
      if (pending === "abandon") control.abandon();
      started(control.done);
    },
    stop() {
      closeIfUnstarted();
      pending = "stop";
      control?.stop();
    },
    abandon() {
      closeIfUnstarted();
      pending = "abandon";
      control?.abandon();
    },
    done,
  };
}
