// Rules over a config the schema accepted: names that must name something, files that must exist.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ConfigProblem } from "./errors.ts";
import type { HarnessConfig } from "./schema.ts";

/** The built-in scenarios' names (loadtests/scenarios, a floor above config; a unit test keeps the two equal). */
export const builtinScenarioNames: readonly string[] = ["smoke", "spike", "ramp", "soak", "breakpoint"];

/** Every problem the rules find, each with its path; `file` locates payload modules (none without a file). */
export function configRules(config: HarnessConfig, file: string | undefined): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const known = [...new Set([...builtinScenarioNames, ...Object.keys(config.scenarios)])];
  const dangling = (path: string, name: string) => {
    if (!known.includes(name))
      problems.push({ path, message: `names no scenario "${name}"; known: ${known.join(", ")}` });
  };
  if (config.defaultScenario !== undefined) dangling("defaultScenario", config.defaultScenario);
  for (const [i, entry] of (config.certify?.suite ?? []).entries())
    dangling(`certify.suite[${i}].scenario`, entry.scenario);
  if (file !== undefined) {
    for (const [name, scenario] of Object.entries(config.scenarios)) {
      if (scenario.payload === undefined) continue;
      const module = resolve(dirname(file), scenario.payload);
      if (!existsSync(module))
        problems.push({
          path: `scenarios.${name}.payload`,
          message: `no such file: ${module} (relative to the config file)`,
        });
    }
  }
  return problems;
}
