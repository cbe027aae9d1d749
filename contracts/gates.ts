// Gates a run is judged by (DESIGN.md: verdict and exit codes): as the user writes them, and as plan.json keeps them.
import { z } from "zod";
import { durationSchema } from "../common/duration.ts";

/** The default maxUnknownShare: a run with more than a tenth of its outcomes unknown proves too little to pass. */
export const defaultMaxUnknownShare = 0.1;

/** Every bound, none defaulted: a target's `gates` lists only what it changes. */
const gateBounds = {
  maxLost: z.number().int().min(0),
  /** Sink or DLQ items of this run that the ledger never sent. */
  maxUnexpected: z.number().int().min(0),
  maxDeadLettered: z.number().int().min(0),
  maxDuplicated: z.number().int().min(0),
  maxRejectedShare: z.number().min(0).max(1),
  /** Share of the ledgered outcomes that are unknown (timeouts, 5xx); 1 turns the gate off. */
  maxUnknownShare: z.number().min(0).max(1),
  /** End-to-end latency bounds in ms, by percentile: `{ "p(99)": 2000 }`. */
  e2eLatencyMs: z.record(
    z.string().regex(/^p\(\d+(\.\d+)?\)$/, 'must be a percentile such as "p(99)"'),
    z.number().positive(),
  ),
  /** Whether failed load thresholds fail the run (exit 99). */
  thresholds: z.boolean(),
};

/** The defaults: no loss, nothing unexpected, at most a tenth unknown, thresholds judged. */
const defaulted = {
  ...gateBounds,
  maxLost: gateBounds.maxLost.default(0),
  maxUnexpected: gateBounds.maxUnexpected.default(0),
  maxDeadLettered: gateBounds.maxDeadLettered.optional(),
  maxDuplicated: gateBounds.maxDuplicated.optional(),
  maxRejectedShare: gateBounds.maxRejectedShare.optional(),
  maxUnknownShare: gateBounds.maxUnknownShare.default(defaultMaxUnknownShare),
  e2eLatencyMs: gateBounds.e2eLatencyMs.default({}),
  thresholds: gateBounds.thresholds.default(true),
};

/** The config file's gates: `maxDrain` is written "2m" and parsed here, once, to milliseconds. */
export const gatesSchema = z.strictObject({ ...defaulted, maxDrain: durationSchema.optional() });

/** `targets.<name>.gates`: only the bounds this target changes, merged over the top-level gates. */
export const targetGatesSchema = z.strictObject({ ...gateBounds, maxDrain: durationSchema }).partial();

/**
 * Gates already resolved (plan.json from version 2): `maxDrain` in milliseconds. Gates added later (maxUnexpected,
 * maxUnknownShare) stay unset when an older plan.json lacks them: a re-report judges what that run was judged by.
 */
export const resolvedGatesSchema = z.strictObject({
  ...defaulted,
  maxUnexpected: gateBounds.maxUnexpected.optional(),
  maxUnknownShare: gateBounds.maxUnknownShare.optional(),
  maxDrain: z.number().min(0).optional(),
});

/** plan.json version 1's gates, in the user's form, without the gates added since (as resolvedGatesSchema). */
export const gatesV1Schema = z.strictObject({
  ...defaulted,
  maxUnexpected: gateBounds.maxUnexpected.optional(),
  maxUnknownShare: gateBounds.maxUnknownShare.optional(),
  maxDrain: durationSchema.optional(),
});

export type GatesConfig = z.infer<typeof resolvedGatesSchema>;
export type GatesInput = z.input<typeof gatesSchema>;
export type TargetGates = z.infer<typeof targetGatesSchema>;

/** A target's gates over the top-level ones, key by key; `e2eLatencyMs` merges by percentile. */
export function mergeGates(base: GatesConfig, over: TargetGates | undefined): GatesConfig {
  if (over === undefined) return base;
  const { e2eLatencyMs, ...rest } = over;
  const given = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return { ...base, ...given, e2eLatencyMs: { ...base.e2eLatencyMs, ...e2eLatencyMs } };
}
