// Reads the message payload out of an SQS record body: the payload itself (HTTP, SQS) or an EventBridge envelope's detail.
import { runIdOf as runIdOfMessage } from "../../contracts/message-id.ts";
import type { MessagePayload } from "../../contracts/payload.ts";

export interface ParsedRecord {
  payload: MessagePayload;
  path: "http" | "events" | "sqs";
  runId: string;
}

function isPayload(value: unknown): value is MessagePayload {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === "string" && v.id !== "" && typeof v.sentAt === "number";
}

/** The run a message belongs to; IDs that do not carry one go to the `unknown` partition. */
export function runIdOf(id: string): string {
  return runIdOfMessage(id) ?? "unknown";
}

/** undefined when the body is not a payload we can sink (the record then fails and, in time, dead-letters). */
export function parseRecordBody(body: string, pathAttribute: string | undefined): ParsedRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed === "object" && parsed !== null && "detail-type" in parsed && "detail" in parsed) {
    const detail = (parsed as { detail: unknown }).detail;
    return isPayload(detail) ? { payload: detail, path: "events", runId: runIdOf(detail.id) } : undefined;
  }
  if (!isPayload(parsed)) return undefined;
  const path = pathAttribute === "http" ? "http" : "sqs";
  return { payload: parsed, path, runId: runIdOf(parsed.id) };
}
