// The optional payload function of a scenario: builds each message's body from its identity (k6's per-iteration data).

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

export type PayloadFunction = (ctx: PayloadContext) => Record<string, unknown>;

/** Typed identity helper for a payload module's default export. */
export function definePayload(fn: PayloadFunction): PayloadFunction {
  return fn;
}
