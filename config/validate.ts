// Turns raw config input into a typed config, or one ConfigError naming every problem with its path.
import type { z } from "zod";
import { ConfigError, type ConfigProblem } from "./errors.ts";
import { configRules } from "./rules.ts";
import { resolveHandlerPaths } from "./rules-functions.ts";
import { configSchema, type HarnessConfig } from "./schema.ts";
import { type ScenarioConfig, scenarioSchema } from "./schema-scenario.ts";

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function problemsOf(error: z.ZodError): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const visit = (issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): void => {
    for (const issue of issues) {
      const path = [...prefix, ...issue.path];
      if (issue.code === "invalid_union") {
        if (issue.errors.length > 0) {
          // Report the branch that got furthest (fewest problems) rather than "invalid input".
          visit(
            issue.errors.reduce((a, b) => (b.length < a.length ? b : a)),
            path,
          );
          continue;
        }
        if (issue.discriminator !== undefined) {
          const options =
            "options" in issue && issue.options !== undefined
              ? issue.options.map((o) => JSON.stringify(o)).join(", ")
              : "";
          const at = path[path.length - 1] === issue.discriminator ? path : [...path, issue.discriminator];
          problems.push({ path: formatPath(at), message: `must be one of ${options}` });
          continue;
        }
      }
      if (issue.code === "invalid_key") {
        problems.push({ path: formatPath(path), message: `bad key: ${issue.issues.map((i) => i.message).join("; ")}` });
        continue;
      }
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys)
          problems.push({ path: formatPath([...path, key]), message: "is not a known key" });
        continue;
      }
      problems.push({ path: formatPath(path), message: issue.message });
    }
  };
  visit(error.issues, []);
  return problems;
}

export function validateConfig(input: unknown, file?: string): HarnessConfig {
  const result = configSchema.safeParse(input);
  const problems = [...(result.success ? [] : problemsOf(result.error)), ...configRules(input, file)];
  if (!result.success || problems.length > 0) throw new ConfigError(file, problems);
  return resolveHandlerPaths(result.data, file);
}

/** Validates one scenario on its own (built-in scenario files), naming the scenario in every path. */
export function validateScenario(input: unknown, label: string): ScenarioConfig {
  const result = scenarioSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(label, problemsOf(result.error));
  }
  return result.data;
}
