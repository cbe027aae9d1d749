// What every executor module provides (k6's lib/executor shape): its config, peak rate, scaling, rate plan and phases.
import type { z } from "zod";

/** A stretch of the open-model plan with a linearly changing rate, in arrivals per millisecond. */
export interface RatePiece {
  durationMs: number;
  from: number;
  to: number;
}

/** A labelled stretch of the load, in order from the load's start (drawn as a band on the report's time axis). */
export interface Phase {
  durationMs: number;
  label: string;
}

/** Rate and duration overrides (the CLI's, parsed): arrivals per time unit, and milliseconds; both above 0. */
export interface ScenarioOverrides {
  rate?: number | undefined;
  durationMs?: number | undefined;
}

/**
 * One executor. `Config` is its resolved scenario (milliseconds and numbers); `schema` turns the user's form
 * (duration strings) into it and `resolvedSchema` checks it as stored in plan.json.
 */
export interface Executor<Config extends { executor: string }> {
  readonly name: Config["executor"];
  readonly schema: z.ZodType<Config, unknown>;
  readonly resolvedSchema: z.ZodType<Config, unknown>;
  /** The highest arrival rate planned, per second; undefined for a closed model (nothing to hold against maxRps). */
  peakRatePerSecond(config: Config): number | undefined;
  /** Virtual users of a closed model; undefined for an open model (arrivals follow ratePieces). */
  vus(config: Config): number | undefined;
  /** The run time without the graceful stop. */
  durationMs(config: Config): number;
  /** The open-model arrival plan; empty for a closed model. */
  ratePieces(config: Config): RatePiece[];
  /** Every rate (or VU count) multiplied by `factor`: certification's "spike at 3x expected peak". */
  scaled(config: Config, factor: number): Config;
  /** The same shape with the overrides applied; throws OverrideRefusedError when one has no meaning here. */
  withOverrides(config: Config, overrides: ScenarioOverrides): Config;
  /** The load's phases for the report, from its start. */
  phases(config: Config): Phase[];
}
