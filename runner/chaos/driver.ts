// What a chaos driver does: start one fault and later undo it (local fault controls, or AWS FIS experiments).
import type { ChaosStep } from "../../executors/index.ts";

export interface ChaosDriver {
  /** Checks every step before the load starts; throws ChaosConfigError for one that cannot run safely. */
  validate(steps: readonly ChaosStep[]): Promise<void>;
  /** Starts the fault; returns how to undo it. */
  start(step: ChaosStep): Promise<() => Promise<void>>;
}
