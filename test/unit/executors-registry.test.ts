// The executors' registry: every scenario resolves through its module, plan.json's forms read back, no branch elsewhere.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import {
  applyOverrides,
  executorNames,
  executorOf,
  readStoredScenario,
  resolvedScenarioSchema,
  resolveScenario,
  type ScenarioInput,
  scaleScenario,
  scenarioPhases,
  scenarioSchema,
} from "../../executors/index.ts";

const inputs: Record<string, ScenarioInput> = {
  "constant-arrival-rate": { executor: "constant-arrival-rate", rate: 5, duration: "3s" },
  "ramping-arrival-rate": { executor: "ramping-arrival-rate", stages: [{ duration: "3s", target: 5 }] },
  "constant-vus": { executor: "constant-vus", vus: 5, duration: "3s" },
};

describe("registry", () => {
  it("registers the three k6 executors", () => {
    expect(executorNames).toEqual(["constant-arrival-rate", "ramping-arrival-rate", "constant-vus"]);
  });

  describe.each(executorNames)("%s", (name) => {
    const input = inputs[name] as ScenarioInput;

    it("resolves through its own module, and its resolved form validates", () => {
      const scenario = resolveScenario(input);
      expect(executorOf(scenario).name).toBe(name);
      expect(executorOf(scenario).durationMs(scenario)).toBe(3000);
      expect(resolvedScenarioSchema.parse(scenario)).toEqual(scenario);
    });

    it("reads plan.json's scenario in the resolved form and in the older string form", () => {
      const scenario = resolveScenario(input);
      expect(readStoredScenario(JSON.parse(JSON.stringify(scenario))).data).toEqual(scenario);
      expect(readStoredScenario(scenarioSchema.parse(input)).data).toEqual(scenario);
    });

    it("is unchanged by a factor of 1 or no overrides, and has phases that span its duration", () => {
      const scenario = resolveScenario(input);
      expect(scaleScenario(scenario, 1)).toBe(scenario);
      expect(applyOverrides(scenario, {})).toBe(scenario);
      expect(scenarioPhases(scenario).reduce((sum, p) => sum + p.durationMs, 0)).toBe(3000);
    });
  });

  it("refuses an unknown executor, listing the known ones", () => {
    const result = scenarioSchema.safeParse({ executor: "ramping-vus", vus: 1 });
    expect(result.error?.issues[0]).toMatchObject({
      path: ["executor"],
      options: ["constant-arrival-rate", "ramping-arrival-rate", "constant-vus"],
    });
  });

  it("reports a stored scenario that is neither form with the resolved form's problems", () => {
    const result = readStoredScenario({ executor: "constant-vus", vus: 2, durationMs: "soon" });
    expect(result.success).toBe(false);
  });
});

describe("executor branches", () => {
  const root = join(import.meta.dirname, "../..");
  const folders = [
    "bin",
    "common",
    "config",
    "contracts",
    "executors",
    "loadtests",
    "local",
    "reports",
    "runner",
    "verifier",
  ];
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
    );

  it("live only in executors/: no switch or comparison on an executor's name elsewhere", () => {
    const branches = folders
      .flatMap((folder) => files(join(root, folder)))
      .filter((file) => !relative(root, file).startsWith(`executors${sep}`))
      .filter((file) => /executor\s*[!=]==|switch\s*\([^)]*executor/.test(readFileSync(file, "utf8")))
      .map((file) => relative(root, file));
    expect(branches).toEqual([]);
  });
});
