// What every message carries so sinks can record it: its ID and its send time (HTTP body, EventBridge detail, SQS body).

export interface MessagePayload {
  id: string;
  /** Send time, epoch milliseconds. */
  sentAt: number;
  [key: string]: unknown;
}

/** What the reference app's sink writes per message ID (a real sink maps its attributes through the target config). */
export interface SinkItem {
  id: string;
  sentAt: number;
  processedAt: number;
  /** lambda: written by the asynchronously invoked function (a direct Invoke). */
  path: "http" | "events" | "sqs" | "sfn" | "lambda";
  attempts: number;
  runId: string;
}
