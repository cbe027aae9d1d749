// The optional payload function of a scenario: builds each message's body (and, if it likes, its own HTTP headers)
// from its identity (k6's per-iteration data).

export interface PayloadContext {
  /** `<runId>-<scenario>-<n>`: the message ID, also put in the body by the engine. */
  id: string;
  /** Epoch ms the message is sent at, also put in the body by the engine. */
  sentAt: number;
  /** The arrival's global index (unique across workers and segments). */
  n: number;
  scenario: string;
  runId: string;
}

/**
 * A body with per-message HTTP headers (an Idempotency-Key, a tenant): recognised by having exactly the keys `body`
 * and `headers`, both objects. Headers go on HTTP requests only (the events and sqs channels have none).
 */
export interface PayloadWithHeaders {
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

export type PayloadFunction = (ctx: PayloadContext) => Record<string, unknown> | PayloadWithHeaders;

/** Typed identity helper for a payload module's default export. */
export function definePayload(fn: PayloadFunction): PayloadFunction {
  return fn;
}
