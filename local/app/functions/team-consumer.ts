// The team's SQS consumer behind the event source mappings: runs it in its workers, with the local target's faults
// around it (latency, injected record errors before or after the handler), and holds its response to Lambda's rules.
import type { Faults } from "../../controls.ts";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "../lambda-types.ts";
import type { InvokeOutcome } from "./worker-pool.ts";

export interface TeamConsumerDeps {
  invoke: (event: SQSEvent) => Promise<InvokeOutcome>;
  faults: () => Faults;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

/** A failed invocation: the event source mapping deletes nothing and the batch returns after its visibility timeout. */
export class InvocationFailedError extends Error {
  constructor(requestId: string, errorType: string, errorMessage: string) {
    super(`${requestId} ${errorType}: ${errorMessage}`);
    this.name = "InvocationFailedError";
  }
}

/**
 * The records to retry per the handler's response, or undefined when the response is malformed: then Lambda treats the
 * whole batch as failed. null/undefined/`{}` mean every record succeeded.
 */
export function reportedFailures(records: readonly SQSRecord[], value: unknown): string[] | undefined {
  if (value === null || value === undefined) return [];
  if (typeof value !== "object") return undefined;
  const failures = (value as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return [];
  if (!Array.isArray(failures)) return undefined;
  const ids = new Set(records.map((r) => r.messageId));
  const out: string[] = [];
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== "string" || !ids.has(id)) return undefined;
    out.push(id);
  }
  return out;
}

export function teamConsumer(deps: TeamConsumerDeps): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return async (event) => {
    const { consumerLatencyMs, consumerErrorRate } = deps.faults();
    if (consumerLatencyMs > 0) await deps.sleep(consumerLatencyMs);
    const injected: string[] = [];
    const handed: SQSRecord[] = [];
    for (const record of event.Records) {
      if (consumerErrorRate > 0 && deps.random() < consumerErrorRate) injected.push(record.messageId);
      else handed.push(record);
    }
    const asResponse = (ids: readonly string[]) => ({
      batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })),
    });
    if (handed.length === 0) return asResponse(injected);
    const outcome = await deps.invoke({ Records: handed });
    if (!outcome.ok) throw new InvocationFailedError(outcome.requestId, outcome.errorType, outcome.errorMessage);
    const failed = reportedFailures(handed, outcome.value);
    if (failed === undefined) {
      deps.log(
        `invocation ${outcome.requestId}: malformed batchItemFailures ${JSON.stringify(outcome.value).slice(0, 200)}; the whole batch of ${handed.length} is retried`,
      );
      return asResponse([...injected, ...handed.map((r) => r.messageId)]);
    }
    // Failed after the handler did its work, as a crash before the ack would: the message comes back to a consumer
    // that has already seen it.
    const { consumerErrorAfterRate } = deps.faults();
    const after =
      consumerErrorAfterRate > 0
        ? handed.filter((r) => !failed.includes(r.messageId) && deps.random() < consumerErrorAfterRate)
        : [];
    return asResponse([...injected, ...failed, ...after.map((r) => r.messageId)]);
  };
}
