// The built-in scenarios, by name; harness.config.ts may add more or replace these.
import type { ScenarioInput } from "../../config/schema-scenario.ts";
import breakpoint from "./breakpoint.ts";
import ramp from "./ramp.ts";
import saga from "./saga.ts";
import sagaChaos from "./saga-chaos.ts";
import smoke from "./smoke.ts";
import soak from "./soak.ts";
import spike from "./spike.ts";

export const builtinScenarios: Readonly<Record<string, ScenarioInput>> = {
  smoke,
  spike,
  ramp,
  soak,
  breakpoint,
  saga,
  "saga-chaos": sagaChaos,
};
