// Reads and judges every chained sink of a target: for each link, the upstream sink on its own, the chained sink, and
// the stream's on-failure destinations for it (resolved to IDs through the stream); then the verdict over the chain.
import { createDynamoDbStreamsClient } from "../../aws/streams-client.ts";
import { runPrefix as runPrefixOf } from "../../contracts/message-id.ts";
import type { ChainVerdict } from "../../contracts/verdict-chain.ts";
import { emptySink } from "../evidence.ts";
import { IdTable } from "../id-table.ts";
import { readSinkInto, type SinkReadOptions } from "../read-sources.ts";
import { chainValidity, type FailureEvidence, type LinkReconciliation, reconcileLink } from "./reconcile-link.ts";
import { readStreamFailures } from "./stream-failures.ts";

export interface ChainReading {
  verdict: ChainVerdict;
  links: LinkReconciliation[];
}

/** undefined when the target has no chained sink. */
export async function readChain(options: SinkReadOptions): Promise<ChainReading | undefined> {
  const { plan, clients, output } = options;
  const sinks = plan.target.sinks;
  const chained = sinks.filter((s) => s.after !== undefined);
  if (chained.length === 0) return undefined;
  const runPrefix = runPrefixOf(plan.runId);
  const streams = createDynamoDbStreamsClient(plan.target.aws);
  const links: LinkReconciliation[] = [];
  try {
    for (const config of chained) {
      const upstreamConfig = sinks.find((s) => s.name === config.after);
      if (upstreamConfig === undefined) continue; // the config rules refuse this before a run
      // Upstream first: a message moving on while we read is then seen twice (harmless), never missed.
      const upstream = emptySink();
      await readSinkInto(options, upstreamConfig, upstream);
      const failures: FailureEvidence = { ids: new IdTable(), statuses: [] };
      for (const source of (plan.target.streamFailures ?? []).filter((f) => f.sink === config.name)) {
        const status = await readStreamFailures(
          {
            sqs: clients.sqs,
            streams,
            source,
            upstream: upstreamConfig,
            runPrefix,
            since: Date.parse(plan.createdAt) || 0,
          },
          failures,
        );
        failures.statuses.push(status);
        output.err(
          `[verify] stream failures ${source.name}: ${status.records} failure record(s), ${status.ids} ID(s) of this run` +
            (status.unresolved.length > 0 ? `, ${status.unresolved.length} batch(es) unresolved` : ""),
        );
      }
      const link = emptySink();
      await readSinkInto(options, config, link);
      const reconciled = reconcileLink(
        { sink: config.name, after: upstreamConfig.name, upstream, link, failures },
        runPrefix,
      );
      const c = reconciled.result.classes;
      output.err(
        `[verify] chain ${upstreamConfig.name} -> ${config.name}: ${c.delivered.count} delivered, ${c.lost.count} lost, ${c.duplicated.count} duplicated, ${c.deadLettered.count} to the failure destination`,
      );
      links.push(reconciled);
    }
  } finally {
    streams.destroy();
  }
  const results = links.map((l) => l.result);
  return { verdict: { ...chainValidity(results), links: results }, links };
}
