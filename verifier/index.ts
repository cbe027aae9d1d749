// The verifier's entry point for `harness run` and `harness verify`: drain, read every source, reconcile, write.

import { availableParallelism } from "node:os";
import { dirname } from "node:path";
import type { AwsClients } from "../aws/clients.ts";
import { UnreachableError } from "../common/errors.ts";
import type { Output } from "../common/output.ts";
import type { PlanFile } from "../contracts/plan-file.ts";
import type { RunPaths } from "../contracts/run-dir.ts";
import type { Verdict } from "../contracts/verdict.ts";
import { applyChain, writeChainLists } from "./chain/apply.ts";
import { readChain } from "./chain/read-chain.ts";
import type { DrainResult } from "./drain.ts";
import { drainTarget, type PendingDeliveries } from "./drain-target.ts";
import { expectLedger } from "./ledger-expectation.ts";
import { readDlqs, readLeftInQueues, readSinks } from "./read-sources.ts";
import { reconcile } from "./reconcile.ts";
import { checkSaga, withSaga } from "./saga/check.ts";
import { readSaga } from "./saga/read.ts";
import { listLedgerFiles, readLedgers, worthThreads } from "./sources/ledger-reader.ts";
import { findLoadSummaries } from "./sources/load-summaries.ts";
import { unknownVerdict } from "./unknown-verdict.ts";
import { type StoredVerdict, storeVerdict } from "./verdict-store.ts";

export type { DrainResult } from "./drain.ts";
export { type DrainTargetOptions, drainTarget, type PendingDeliveries } from "./drain-target.ts";
export type { ReconcileContext, Reconciliation } from "./reconcile.ts";
export { reconcile } from "./reconcile.ts";
export type { StoredVerdict } from "./verdict-store.ts";

/** A verification as stored, and the sources that did not answer (then an unknown verdict is exit 3). */
export interface VerifyOutcome extends StoredVerdict {
  unreachable: string[];
}

/** Everything verifyDrained needs: the run, its plan, clients, and what the drain found. */
export interface VerifyDrainedOptions {
  run: RunPaths;
  plan: PlanFile;
  clients: AwsClients;
  output: Output;
  drained: DrainResult;
  /** Folders of ledger files to merge (several segments); default: the run's own ledger folder. */
  ledgerDirs?: string[];
  now?: () => number;
  /** Peek the watched queues for IDs when the drain timed out (default true); false counts their depth only. */
  peekInFlight?: boolean;
  /** Threads that read a sink's Scan segments; default one per core when the ledger is big, else 1. */
  sinkThreads?: number;
  /** Where the sink threads get their DynamoDB client (a module exporting createDynamoDbClient); default AWS's. */
  sinkClientModule?: { url: string; options?: unknown };
}

export interface VerifyRunOptions extends Omit<VerifyDrainedOptions, "drained"> {
  /** 0 checks the queues once without waiting. */
  drainTimeoutMs: number;
  settleMs: number;
  /** Deliveries the target holds outside its queues (see PendingDeliveries); none when not given. */
  pendingDeliveries?: PendingDeliveries | undefined;
  /** Poll interval of the drain (default 1 s). */
  pollMs?: number;
}

/** Drain, then verify: what `harness verify` does, and what `harness run` does as two stages. */
export async function verifyRun(options: VerifyRunOptions): Promise<Verdict> {
  const drained = await drainTarget(options);
  return verifyDrained({ ...options, drained });
}

/**
 * verifyRun for `harness verify`: a target whose queues do not answer at all gives an unknown attempt, stored (in the
 * history only, when a definitive verdict is there) instead of thrown, so the attempt is on record.
 */
export async function verifyRunStored(options: VerifyRunOptions): Promise<VerifyOutcome> {
  let drained: DrainResult;
  try {
    drained = await drainTarget(options);
  } catch (error) {
    if (!(error instanceof UnreachableError)) throw error;
    const now = options.now ?? Date.now;
    const verdict = unknownVerdict(options.plan.runId, `target unreachable: ${error.message}`, new Date(now()));
    const stored = storeVerdict(
      options.run,
      { verdict, eachId: () => {}, eachIdPart: () => {} },
      { unreachable: true },
    );
    return { ...stored, unreachable: [error.message] };
  }
  return verifyDrainedStored({ ...options, drained });
}

/** Reads the ledger, the queues left, the DLQs and the sinks after a drain; reconciles; writes verify.json. */
export async function verifyDrained(options: VerifyDrainedOptions): Promise<Verdict> {
  return (await verifyDrainedStored(options)).verdict;
}

/** The sources of a verdict that did not answer at all, named for a message. */
export function unreachableSources(verdict: Verdict): string[] {
  return [
    ...verdict.sources.sinks.filter((s) => s.unreachable === true).map((s) => `sink ${s.name} (${s.error ?? ""})`),
    ...verdict.sources.dlqs.filter((s) => s.unreachable === true).map((s) => `DLQ ${s.name} (${s.error ?? ""})`),
  ];
}

/** verifyDrained, saying where the verdict went (verify.json or the history) and which sources did not answer. */
export async function verifyDrainedStored(options: VerifyDrainedOptions): Promise<VerifyOutcome> {
  const { plan, output, drained } = options;
  const now = options.now ?? Date.now;
  const sources = { plan, clients: options.clients, output, now };

  // The ledger is parsed (on worker threads when big) while the queues, DLQs and sinks answer over the network.
  const ledgerFiles = listLedgerFiles(options.ledgerDirs ?? [options.run.ledgerDir]);
  // What the ledger should hold: the load summaries beside it (each segment's, when merged) and the plan.
  const summaries = findLoadSummaries(options.run.dir, plan.runId, options.ledgerDirs);
  const expected = expectLedger(plan.segment, summaries.summaries, summaries.problems);
  const ledgerRead = readLedgers(ledgerFiles);

  // Upstream first, sink last: a message moving on while we read is then seen twice (harmless), never missed.
  const inFlight = await readLeftInQueues(sources, drained, options.peekInFlight ?? true);
  const dlq = await readDlqs(sources);
  // As many sink items as ledger records are coming: when that is millions, parsing them is worth every core.
  const sinkOptions = {
    ...sources,
    threads: options.sinkThreads ?? (worthThreads(ledgerFiles) ? availableParallelism() : 1),
    clientModule: options.sinkClientModule,
  };
  const sink = await readSinks(sinkOptions);
  // Chained sinks (a projection fed from a sink's stream), judged link by link after the sinks they hang from.
  const chain = await readChain(sinkOptions);

  const { evidence: ledger } = await ledgerRead;
  output.err(`[verify] ledger: ${ledgerFiles.length} file(s)${ledger.complete ? "" : ", incomplete"}`);

  const reconciled = reconcile(ledger, sink, dlq, inFlight, {
    runId: plan.runId,
    verifiedAt: new Date(now()).toISOString(),
    drain: drained,
    expected,
  });
  // The saga check (a target that names saga step tables): every accepted ID completed or compensated.
  const sagaConfig = plan.target.saga;
  let reconciliation = reconciled;
  if (sagaConfig !== undefined) {
    const saga = checkSaga(ledger, await readSaga(options.clients.dynamodb, sagaConfig, plan.runId), plan.runId);
    const c = saga.counts;
    output.err(
      `[verify] saga: ${c.completed} completed, ${c.compensated} compensated, ${c.halfDone} half done, ${c.notStarted} not started, ${c.unexpected} unexpected`,
    );
    const complete = reconciled.verdict.sources.ledger.complete;
    reconciliation = { ...reconciled, verdict: withSaga(reconciled.verdict, saga, complete) };
  }
  applyChain(reconciliation.verdict, chain);
  const unreachable = unreachableSources(reconciliation.verdict);
  const stored = storeVerdict(options.run, reconciliation, { unreachable: unreachable.length > 0 });
  writeChainLists(dirname(stored.file), chain);
  return { ...stored, unreachable };
}
