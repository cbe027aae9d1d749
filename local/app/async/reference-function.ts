// The reference app's asynchronously invoked function, written as a Lambda handler: it takes an order (a direct
// Invoke's payload, or the EventBridge event whose detail is one) and writes it to the sink once.
import type { MessagePayload } from "../../../contracts/payload.ts";
import { runIdOf } from "../payload.ts";
import type { SinkWriter } from "../sink.ts";

export class NotAnOrderError extends Error {
  constructor() {
    super("event is neither an order payload nor an EventBridge event carrying one");
    this.name = "NotAnOrderError";
  }
}

function isPayload(value: unknown): value is MessagePayload {
  const v = value as { id?: unknown; sentAt?: unknown } | null;
  return typeof v?.id === "string" && v.id !== "" && typeof v.sentAt === "number";
}

export function referenceAsyncFunction(deps: { sink: SinkWriter; now: () => number }) {
  return async (event: unknown): Promise<void> => {
    const envelope = event as { "detail-type"?: unknown; detail?: unknown } | null;
    const fromEvents = typeof envelope?.["detail-type"] === "string";
    const payload = fromEvents ? envelope?.detail : event;
    if (!isPayload(payload)) throw new NotAnOrderError();
    await deps.sink.putOnce({
      id: payload.id,
      runId: runIdOf(payload.id),
      sentAt: payload.sentAt,
      processedAt: deps.now(),
      path: fromEvents ? "events" : "lambda",
      attempts: 1,
    });
  };
}
