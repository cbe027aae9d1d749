// Load phases on the time axis: the scenario's stages as planned from the real start, then the drain.
import { parseDuration } from "../../common/duration.ts";
import type { ScenarioConfig } from "../../config/schema-scenario.ts";
import type { Band } from "./svg-chart.ts";

export function scenarioPhases(scenario: ScenarioConfig | null, loadStartS: number, loadEndS: number): Band[] {
  if (scenario === null) return [{ start: loadStartS, end: loadEndS, label: "load", kind: "phase" }];
  if (scenario.executor === "ramping-arrival-rate") {
    const bands: Band[] = [];
    let t = loadStartS;
    let from = scenario.startRate;
    for (const [i, stage] of scenario.stages.entries()) {
      const seconds = Math.round((parseDuration(stage.duration) ?? 0) / 1000);
      const verb = stage.target > from ? "ramp up" : stage.target < from ? "ramp down" : "hold";
      bands.push({
        start: t,
        end: t + seconds,
        label: `stage ${i + 1}: ${verb} ${from} -> ${stage.target}/${scenario.timeUnit}`,
        kind: "phase",
      });
      t += seconds;
      from = stage.target;
    }
    return bands;
  }
  const seconds = Math.round((parseDuration(scenario.duration) ?? (loadEndS - loadStartS) * 1000) / 1000);
  const label =
    scenario.executor === "constant-arrival-rate"
      ? `constant ${scenario.rate}/${scenario.timeUnit}`
      : `${scenario.vus} virtual users`;
  return [{ start: loadStartS, end: loadStartS + seconds, label, kind: "phase" }];
}
