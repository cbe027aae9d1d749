// Reads the evidence beyond the ledger: what is still queued at the drain deadline, the DLQs, the sinks.
import type { AwsClients } from "../aws/clients.ts";
import type { Output } from "../common/output.ts";
import type { SinkConfig } from "../config/schema-target.ts";
import type { PlanFile } from "../contracts/plan-file.ts";
import { countProgress } from "./count-progress.ts";
import type { DrainResult } from "./drain.ts";
import {
  type DlqEvidence,
  emptyDlq,
  emptyInFlight,
  emptySink,
  type InFlightEvidence,
  type SinkEvidence,
} from "./evidence.ts";
import { readDlq } from "./sources/dlq-reader.ts";
import { readInFlight } from "./sources/in-flight.ts";
import { probeSink } from "./sources/sink-probe.ts";
import { readSinkThreaded } from "./sources/sink-threads.ts";

export interface SourceReadOptions {
  plan: PlanFile;
  clients: AwsClients;
  output: Output;
  now: () => number;
}

const log = (output: Output, line: string) => output.err(`[verify] ${line}`);

/** What the drain left in the watched queues (peeked for IDs unless `peek` is false), and what it left elsewhere. */
export async function readLeftInQueues(
  options: SourceReadOptions,
  drained: DrainResult,
  peek: boolean,
): Promise<InFlightEvidence> {
  const { plan, clients, output } = options;
  const target = plan.target;
  const inFlight = emptyInFlight();
  const left = target.queues.map((q) => ({ ...q, depth: drained.remaining[q.name] ?? 0 })).filter((q) => q.depth !== 0);
  for (const q of left) if (q.depth < 0) q.depth = 1; // unreadable depth: at least "something may be there"
  // Held outside the queues at the deadline (retries of the local EventBridge stand-in): IDs unknown, so not lost.
  const queueNames = new Set(target.queues.map((q) => q.name));
  for (const [name, n] of Object.entries(drained.remaining))
    if (!queueNames.has(name) && n > 0) inFlight.unidentified += n;
  if (left.length > 0) {
    log(output, `reading what is still in ${left.map((q) => q.name).join(", ")}`);
    await readInFlight({ client: clients.sqs, queues: left, runId: plan.runId, peek }, inFlight);
  }
  return inFlight;
}

/** Every DLQ at once: each read ends with empty long polls (a couple of seconds), which need not add up. */
export async function readDlqs(options: SourceReadOptions): Promise<DlqEvidence> {
  const { plan, clients, output } = options;
  const dlqs = plan.target.dlqs;
  const dlq = emptyDlq();
  // One line for all of them: after a bad run a DLQ can hold millions, read ten at a time.
  const progress = countProgress(
    output,
    dlqs.length === 1 ? `DLQ ${dlqs[0]?.name}` : `${dlqs.length} DLQs`,
    options.now,
  );
  const statuses = await Promise.all(
    dlqs.map((config) =>
      readDlq({ client: clients.sqs, dlq: config, runId: plan.runId, onRead: (n) => progress.update(n) }, dlq),
    ),
  );
  progress.done();
  for (const [i, status] of statuses.entries()) {
    const config = dlqs[i] as (typeof dlqs)[number];
    // DLQs outlive runs: what was read and what of it is this run's are two numbers.
    const ofRun = dlq.diagnoses.find((d) => d.source === `DLQ ${config.name}`)?.ofRun ?? 0;
    const withOfRun = { ...status, ofRun };
    dlq.statuses.push(withOfRun);
    log(
      output,
      `DLQ ${config.name}: ${ofRun} message(s) of this run, ${status.read} read in all${status.unparseable > 0 ? `, ${status.unparseable} unparseable` : ""}` +
        (status.archived === undefined ? "" : `, ${status.archived} of this run's moved to the archive queue`),
    );
  }
  return dlq;
}

export interface SinkReadOptions extends SourceReadOptions {
  /** Threads that read a sink's Scan segments. */
  threads: number;
  /** Where the sink threads get their DynamoDB client (a module exporting createDynamoDbClient); default AWS's. */
  clientModule?: { url: string; options?: unknown } | undefined;
}

/** The sinks one after another, each on its threads; chained sinks (`after`) are the chain's (verifier/chain/). */
export async function readSinks(options: SinkReadOptions): Promise<SinkEvidence> {
  const sink = emptySink();
  for (const config of options.plan.target.sinks)
    if (config.after === undefined) await readSinkInto(options, config, sink);
  return sink;
}

/** One sink into the evidence, with its progress line and its diagnosis when it shows none of the run. */
export async function readSinkInto(options: SinkReadOptions, config: SinkConfig, sink: SinkEvidence): Promise<void> {
  const { plan, clients, output } = options;
  const threads = options.threads;
  const progress = countProgress(output, `sink ${config.name}`, options.now);
  const status = await readSinkThreaded(
    {
      aws: plan.target.aws,
      client: clients.dynamodb,
      sink: config,
      runId: plan.runId,
      threads,
      onPage: (n) => progress.update(n),
      ...(options.clientModule === undefined
        ? {}
        : { clientModule: options.clientModule.url, clientOptions: options.clientModule.options }),
    },
    sink,
  );
  progress.done();
  sink.statuses.push(status);
  // None of this run's items: a short look at what the table holds, for the warning when it holds some.
  if (status.complete && status.read === 0)
    sink.diagnoses.push(await probeSink({ client: clients.dynamodb, sink: config, runId: plan.runId }));
  log(output, `sink ${config.name}: ${status.read} item(s)${status.complete ? "" : ` (incomplete: ${status.error})`}`);
}
