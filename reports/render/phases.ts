// Load phases on the time axis: the scenario's phases (its executor's) laid out from the real start.
import { type ScenarioConfig, scenarioPhases } from "../../executors/index.ts";
import type { Band } from "./chart-spec.ts";

export function scenarioBands(scenario: ScenarioConfig | null, loadStartS: number, loadEndS: number): Band[] {
  if (scenario === null) return [{ start: loadStartS, end: loadEndS, label: "load", kind: "phase" }];
  const bands: Band[] = [];
  let t = loadStartS;
  for (const phase of scenarioPhases(scenario)) {
    const seconds = Math.round(phase.durationMs / 1000);
    bands.push({ start: t, end: t + seconds, label: phase.label, kind: "phase" });
    t += seconds;
  }
  return bands;
}
