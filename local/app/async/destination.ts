// What Lambda sends when an asynchronous invocation fails for good: the on-failure destination's invocation record
// (requestContext, requestPayload, responseContext, responsePayload) and the DLQ message's attributes.

export type FailureCondition = "RetriesExhausted" | "EventAgeExceeded";

export interface LastError {
  errorType: string;
  errorMessage: string;
}

export interface FailedEvent {
  requestId: string;
  /** The event as invoked (parsed JSON). */
  payload: unknown;
  invokeCount: number;
  lastError?: LastError | undefined;
}

/** The record AWS sends to an on-failure destination (version 1.0). */
export function destinationRecord(
  event: FailedEvent,
  condition: FailureCondition,
  functionArn: string,
  now: Date,
): Record<string, unknown> {
  const record: Record<string, unknown> = {
    version: "1.0",
    timestamp: now.toISOString(),
    requestContext: {
      requestId: event.requestId,
      functionArn: `${functionArn}:$LATEST`,
      condition,
      approximateInvokeCount: event.invokeCount,
    },
    requestPayload: event.payload,
  };
  // An event that aged out before any invocation has no response to report.
  if (event.invokeCount > 0 && event.lastError !== undefined) {
    record.responseContext = { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" };
    record.responsePayload = { errorType: event.lastError.errorType, errorMessage: event.lastError.errorMessage };
  }
  return record;
}

/** The DLQ message's attributes: RequestID, ErrorCode (the invoke's 3-digit status), ErrorMessage (its first 1 KB). */
export function dlqAttributes(event: FailedEvent, condition: FailureCondition): Record<string, string> {
  const message = event.lastError?.errorMessage ?? `Event age exceeded (${condition})`;
  return {
    RequestID: event.requestId,
    ErrorCode: event.lastError === undefined ? "429" : "200",
    ErrorMessage: Buffer.from(message).subarray(0, 1024).toString("utf8"),
  };
}
