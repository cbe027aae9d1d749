// All findings of a run, in the order a reader needs them: what broke, why, then how long and how fast.
import type { LatencySummary } from "../../contracts/load-summary.ts";
import { asyncRetries } from "./async-retries.ts";
import { authRefused } from "./auth-refused.ts";
import { chainLinks } from "./chain.ts";
import { chaosFindings } from "./chaos.ts";
import { clusters } from "./clusters.ts";
import { buildContext, type FindingsInput } from "./context.ts";
import { dlqLag } from "./dlq-lag.ts";
import { drain } from "./drain.ts";
import { engineLag } from "./engine-lag.ts";
import { latency } from "./latency.ts";
import { sagaHalfDone } from "./saga.ts";
import { targetSaturated } from "./target-saturated.ts";
import { throttleOnset } from "./throttle-onset.ts";
import type { Finding } from "./types.ts";

export type { FindingsInput } from "./context.ts";
export type * from "./types.ts";

export function computeFindings(input: FindingsInput, clientLatency: LatencySummary | null): Finding[] {
  const ctx = buildContext(input);
  const found: Array<Finding | null> = [
    ...clusters(ctx),
    sagaHalfDone(ctx),
    ...chainLinks(ctx),
    authRefused(ctx),
    targetSaturated(ctx),
    engineLag(ctx),
    throttleOnset(ctx),
    dlqLag(ctx),
    ...asyncRetries(ctx),
    ...chaosFindings(ctx),
    drain(ctx),
    latency(ctx, clientLatency),
  ];
  return found.filter((f): f is Finding => f !== null);
}
