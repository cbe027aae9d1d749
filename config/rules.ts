// Rules over a config the schema accepted: names that must name something, files that must exist.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ConfigProblem } from "./errors.ts";
import { chainRules } from "./rules-chain.ts";
import { functionRules } from "./rules-functions.ts";

/** The built-in scenarios' names (loadtests/scenarios, a floor above config; a unit test keeps the two equal). */
export const builtinScenarioNames: readonly string[] = [
  "smoke",
  "spike",
  "ramp",
  "soak",
  "breakpoint",
  "saga",
  "saga-chaos",
];

/**
 * Every problem the rules find, each with its path; `file` locates payload and flow modules (none without a file). They read
 * the input as written, so they run beside the schema and their problems are reported with the schema's, at once.
 */
export function configRules(input: unknown, file: string | undefined): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const config = record(input);
  const scenarios = record(config.scenarios);
  const known = [...new Set([...builtinScenarioNames, ...Object.keys(scenarios)])];
  const dangling = (path: string, name: unknown) => {
    if (typeof name === "string" && !known.includes(name))
      problems.push({ path, message: `names no scenario "${name}"; known: ${known.join(", ")}` });
  };
  dangling("defaultScenario", config.defaultScenario);
  problems.push(...functionRules(input), ...chainRules(input));
  const suite = record(config.certify).suite;
  if (Array.isArray(suite))
    for (const [i, entry] of suite.entries()) dangling(`certify.suite[${i}].scenario`, record(entry).scenario);
  if (file !== undefined)
    for (const [name, target] of Object.entries(record(config.targets))) {
      const tls = record(record(record(target).http).tls);
      for (const key of ["ca", "cert", "key"]) missingFile(file, `targets.${name}.http.tls.${key}`, tls[key], problems);
      const auth = record(record(record(target).http).auth);
      if (auth.type === "token") missingFile(file, `targets.${name}.http.auth.module`, auth.module, problems);
    }
  for (const [name, scenario] of Object.entries(scenarios)) {
    const { payload, flow } = record(scenario);
    if (typeof payload === "string" && typeof flow === "string")
      problems.push({
        path: `scenarios.${name}.flow`,
        message: "a flow builds its own requests: give the scenario a payload or a flow, not both",
      });
    if (file === undefined) continue;
    missingFile(file, `scenarios.${name}.payload`, payload, problems);
    missingFile(file, `scenarios.${name}.flow`, flow, problems);
  }
  return problems;
}

/** A module or file the config names (relative to the config file) that is not there. */
function missingFile(configFile: string, path: string, value: unknown, problems: ConfigProblem[]): void {
  if (typeof value !== "string" || value === "") return;
  const absolute = resolve(dirname(configFile), value);
  if (!existsSync(absolute))
    problems.push({ path, message: `no such file: ${absolute} (relative to the config file)` });
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
