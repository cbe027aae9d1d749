// The verifier's entry point for `harness run` and `harness verify`: drain, read every source, reconcile, write.

import { availableParallelism } from "node:os";
import type { AwsClients } from "../aws/clients.ts";
import type { Output } from "../common/output.ts";
import type { PlanFile } from "../contracts/plan-file.ts";
import type { RunPaths } from "../contracts/run-dir.ts";
import type { Verdict } from "../contracts/verdict.ts";
import { eventDeliveriesPending, readControl } from "../local/control-client.ts";
import { countProgress } from "./count-progress.ts";
import { drain } from "./drain.ts";
import { emptyDlq, emptyInFlight, emptySink } from "./evidence.ts";
import { reconcile } from "./reconcile.ts";
import { readDlq } from "./sources/dlq-reader.ts";
import { countSinkItems } from "./sources/dynamodb-sink.ts";
import { readInFlight } from "./sources/in-flight.ts";
import { listLedgerFiles, readLedgers, worthThreads } from "./sources/ledger-reader.ts";
import { readSinkThreaded } from "./sources/sink-threads.ts";
import { writeVerdict } from "./write-verdict.ts";

export type { ReconcileContext, Reconciliation } from "./reconcile.ts";
export { reconcile } from "./reconcile.ts";

export interface VerifyRunOptions {
  run: RunPaths;
  plan: PlanFile;
  clients: AwsClients;
  /** 0 checks the queues once without waiting. */
  drainTimeoutMs: number;
  settleMs: number;
  output: Output;
  /** Folders of ledger files to merge (several segments); default: the run's own ledger folder. */
  ledgerDirs?: string[];
  now?: () => number;
  /** Peek the watched queues for IDs when the drain timed out (default true); false counts their depth only. */
  peekInFlight?: boolean;
  /** Poll interval of the drain (default 1 s). */
  pollMs?: number;
  /** Threads that read a sink's Scan segments; default one per core when the ledger is big, else 1. */
  sinkThreads?: number;
  /** Where the sink threads get their DynamoDB client (a module exporting createDynamoDbClient); default AWS's. */
  sinkClientModule?: { url: string; options?: unknown };
}

export async function verifyRun(options: VerifyRunOptions): Promise<Verdict> {
  const { plan, clients, output } = options;
  const now = options.now ?? Date.now;
  const target = plan.target;
  const runId = plan.runId;
  const log = (line: string) => output.err(`[verify] ${line}`);

  const drained = await drain({
    sqs: clients.sqs,
    queues: target.queues,
    sinkCount:
      target.sinks.length === 0
        ? undefined
        : async () => {
            let total = 0;
            for (const sink of target.sinks) total += await countSinkItems({ client: clients.dynamodb, sink, runId });
            return total;
          },
    ...(target.control === undefined ? {} : { held: heldByLocalApp(target.control.url) }),
    timeoutMs: options.drainTimeoutMs,
    settleMs: options.settleMs,
    output,
    now,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });

  // The ledger is parsed (on worker threads when big) while the queues, DLQs and sinks answer over the network.
  const ledgerFiles = listLedgerFiles(options.ledgerDirs ?? [options.run.ledgerDir]);
  const ledgerRead = readLedgers(ledgerFiles);

  // Upstream first, sink last: a message moving on while we read is then seen twice (harmless), never missed.
  const inFlight = emptyInFlight();
  const left = target.queues.map((q) => ({ ...q, depth: drained.remaining[q.name] ?? 0 })).filter((q) => q.depth !== 0);
  for (const q of left) if (q.depth < 0) q.depth = 1; // unreadable depth: at least "something may be there"
  // Held outside the queues at the deadline (retries of the local EventBridge stand-in): IDs unknown, so not lost.
  const queueNames = new Set(target.queues.map((q) => q.name));
  for (const [name, n] of Object.entries(drained.remaining))
    if (!queueNames.has(name) && n > 0) inFlight.unidentified += n;
  if (left.length > 0) {
    log(`reading what is still in ${left.map((q) => q.name).join(", ")}`);
    await readInFlight({ client: clients.sqs, queues: left, runId, peek: options.peekInFlight ?? true }, inFlight);
  }

  // The DLQs at once: each read ends with empty long polls (a couple of seconds), which need not add up.
  const dlq = emptyDlq();
  // One line for all of them: after a bad run a DLQ can hold millions, read ten at a time.
  const dlqProgress = countProgress(
    output,
    target.dlqs.length === 1 ? `DLQ ${target.dlqs[0]?.name}` : `${target.dlqs.length} DLQs`,
    now,
  );
  const dlqStatuses = await Promise.all(
    target.dlqs.map((config) =>
      readDlq({ client: clients.sqs, dlq: config, runId, onRead: (n) => dlqProgress.update(n) }, dlq),
    ),
  );
  dlqProgress.done();
  for (const [i, status] of dlqStatuses.entries()) {
    const config = target.dlqs[i] as (typeof target.dlqs)[number];
    dlq.statuses.push(status);
    log(
      `DLQ ${config.name}: ${status.read} message(s)${status.unparseable > 0 ? `, ${status.unparseable} unparseable` : ""}` +
        (status.archived === undefined ? "" : `, ${status.archived} of this run's moved to the archive queue`),
    );
  }

  // As many sink items as ledger records are coming: when that is millions, parsing them is worth every core.
  const sinkThreads = options.sinkThreads ?? (worthThreads(ledgerFiles) ? availableParallelism() : 1);
  const sink = emptySink();
  for (const config of target.sinks) {
    const progress = countProgress(output, `sink ${config.name}`, now);
    const status = await readSinkThreaded(
      {
        aws: target.aws,
        client: clients.dynamodb,
        sink: config,
        runId,
        threads: sinkThreads,
        onPage: (n) => progress.update(n),
        ...(options.sinkClientModule === undefined
          ? {}
          : { clientModule: options.sinkClientModule.url, clientOptions: options.sinkClientModule.options }),
      },
      sink,
    );
    progress.done();
    sink.statuses.push(status);
    log(`sink ${config.name}: ${status.read} item(s)${status.complete ? "" : ` (incomplete: ${status.error})`}`);
  }

  const { evidence: ledger } = await ledgerRead;
  log(`ledger: ${ledgerFiles.length} file(s)${ledger.complete ? "" : ", incomplete"}`);

  const reconciliation = reconcile(ledger, sink, dlq, inFlight, {
    runId,
    verifiedAt: new Date(now()).toISOString(),
    drain: drained,
  });
  return writeVerdict(options.run, reconciliation);
}

/** What the local reference app holds outside the queues: EventBridge deliveries waiting for their retry. */
function heldByLocalApp(controlUrl: string): () => Promise<Record<string, number>> {
  return async () => ({ "event retries": (await readControl(controlUrl)).stats[eventDeliveriesPending] ?? 0 });
}
