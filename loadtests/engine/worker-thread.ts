// Entry of a worker thread: opens its ledger file, says ready, runs one shard on the real clock when told to start.
import { parentPort, workerData } from "node:worker_threads";
import type { RenderBody } from "./body-template.ts";
import type { SenderFactory } from "./channels/index.ts";
import type { FlowFactory } from "./flow/index.ts";
import type { LedgerSink } from "./ledger-writer.ts";
import { epochNow, realClock } from "./scheduler.ts";
import type { ShardReport } from "./second-stats.ts";
import { closeUnstarted, type ShardConfig, type ShardControl, type ShardResult, startShard } from "./shard.ts";
import { prepareShard } from "./shard-prepare.ts";

export interface WorkerInput {
  /** Everything but startAt, which the main thread sends once every worker is ready. */
  config: Omit<ShardConfig, "startAt">;
  ledgerFile: string;
}

/** Main -> worker. */
export type ToWorker = { type: "start"; startAt: number } | { type: "stop" } | { type: "abandon" };

/** Worker -> main. */
export type FromWorker =
  | { type: "ready" }
  | { type: "report"; report: ShardReport }
  | { type: "done"; result: ShardResult }
  | { type: "failed"; message: string; stack: string | undefined };

const port = parentPort;
if (port === null) throw new Error("worker-thread.ts must run in a worker thread");
const input = workerData as WorkerInput;
const post = (message: FromWorker) => port.postMessage(message);

function fail(error: unknown): void {
  post({
    type: "failed",
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
}

// A flow is the user's code: a promise it made and never awaited that rejects must not end this thread (and cut its
// ledger short). The message it belonged to is settled by its flow's own result, or as interrupted at the end.
if (input.config.scenario.flow !== undefined) process.on("unhandledRejection", () => {});

let shard: ShardControl | undefined;
let stopRequested: "stop" | "abandon" | undefined;

function start(
  sink: LedgerSink,
  senders: SenderFactory,
  render: RenderBody | undefined,
  flow: FlowFactory | undefined,
  startAt: number,
): void {
  shard = startShard(
    { ...input.config, startAt },
    {
      clock: realClock(epochNow),
      sink,
      senders,
      report: (report) => post({ type: "report", report }),
      ...(render === undefined ? {} : { render }),
      ...(flow === undefined ? {} : { flow }),
    },
  );
  if (stopRequested === "stop") shard.stop();
  if (stopRequested === "abandon") shard.abandon();
  shard.done.then((result) => post({ type: "done", result }), fail);
}

try {
  const { sink, render, senders, flow } = await prepareShard(input.config, input.ledgerFile);
  port.on("message", (message: ToWorker) => {
    if (message.type === "start") {
      if (stopRequested === undefined) start(sink, senders, render, flow, message.startAt);
      return;
    }
    const first = stopRequested === undefined;
    stopRequested = message.type;
    if (shard === undefined) {
      if (!first) return;
      // Stopped before time 0 (another worker failed, or the run was interrupted while starting).
      senders.discard();
      closeUnstarted(input.config.name, sink).then((result) => post({ type: "done", result }), fail);
      return;
    }
    if (message.type === "stop") shard.stop();
    else shard.abandon();
  });
  post({ type: "ready" });
} catch (error) {
  fail(error);
}
