// The consumer, written as a Lambda SQS handler with partial batch failure as users write it (Powertools'
// processPartialResponse), so it could be deployed unchanged. Faults and bug modes arrive through deps; without them
// this is an ordinary idempotent consumer.
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { BugMode, Bugs, Faults } from "../controls.ts";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "./lambda-types.ts";
import { parseRecordBody } from "./payload.ts";
import type { SinkWriter } from "./sink.ts";

export interface HandlerDeps {
  sink: SinkWriter;
  faults: () => Faults;
  bugs: () => Bugs;
  harm: (mode: BugMode, id: string) => void;
  /** Deletes one message from its queue now (only the ack-before-write bug does this itself). */
  ackNow: (record: SQSRecord) => Promise<void>;
  random: () => number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** The ack-before-write bug: the process "dies" after acking a message and before writing it. */
export class SimulatedCrashError extends Error {
  constructor(messageId: string) {
    super(`simulated crash after acking ${messageId} and before writing it`);
    this.name = "SimulatedCrashError";
  }
}

class RecordFailedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "RecordFailedError";
  }
}

export function createHandler(deps: HandlerDeps): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const processRecord = async (record: SQSRecord): Promise<void> => {
    const parsed = parseRecordBody(record.body, record.messageAttributes.path?.stringValue);
    if (parsed === undefined) throw new RecordFailedError("body is not a message payload");
    if (deps.random() < deps.faults().consumerErrorRate) throw new RecordFailedError("injected consumer error");
    const { payload, path, runId } = parsed;
    const bugs = deps.bugs();
    // Losing bugs pick only first deliveries: nothing can have written those yet, so each harmed ID is truly lost.
    const firstDelivery = record.attributes.ApproximateReceiveCount === "1";
    if (firstDelivery && bugs.silentDrop > 0 && deps.random() < bugs.silentDrop) {
      deps.harm("silentDrop", payload.id);
      return;
    }
    if (firstDelivery && bugs.ackBeforeWrite > 0 && deps.random() < bugs.ackBeforeWrite) {
      await deps.ackNow(record);
      deps.harm("ackBeforeWrite", payload.id);
      throw new SimulatedCrashError(record.messageId);
    }
    const item = {
      id: payload.id,
      runId,
      sentAt: payload.sentAt,
      processedAt: deps.now(),
      path,
      attempts: Number(record.attributes.ApproximateReceiveCount),
    };
    await deps.sink.putOnce(item);
    if (bugs.doubleWrite > 0 && deps.random() < bugs.doubleWrite) {
      await deps.sink.putSecondCopy(item);
      deps.harm("doubleWrite", payload.id);
    }
    if (deps.random() < deps.faults().consumerErrorAfterRate)
      throw new RecordFailedError("injected error after the write");
  };

  return async (event) => {
    const latency = deps.faults().consumerLatencyMs;
    if (latency > 0) await deps.sleep(latency);
    // One processor per invocation: it holds the batch's state, and this process runs invocations side by side.
    let crash: SimulatedCrashError | undefined;
    const response = await processPartialResponse(
      event,
      async (record: SQSRecord) => {
        try {
          await processRecord(record);
        } catch (error) {
          if (error instanceof SimulatedCrashError) crash = error;
          throw error;
        }
      },
      new BatchProcessor(EventType.SQS),
      // Records in parallel; a batch whose every record failed is reported as such, not thrown.
      { processInParallel: true, throwOnFullBatchFailure: false },
    );
    if (crash !== undefined) throw crash;
    return response;
  };
}
