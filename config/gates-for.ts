// The gates a run against one target is judged by: `targets.<name>.gates` merged over the top-level `gates`.
import type { HarnessConfig } from "./schema.ts";
import { type GatesConfig, mergeGates } from "./schema-gates.ts";

export function gatesFor(config: HarnessConfig, targetName: string | null | undefined): GatesConfig {
  const target = targetName === null || targetName === undefined ? undefined : config.targets[targetName];
  return mergeGates(config.gates, target?.gates);
}
