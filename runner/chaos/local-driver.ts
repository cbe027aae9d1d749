// Chaos on the local target: a step sets the reference app's fault controls and restores them when its window ends.
import { formatDuration } from "../../common/duration.ts";
import { faultNames, isFaultName } from "../../local/controls.ts";
import { readControl, setFaults } from "../../local/index.ts";
import type { ChaosDriver } from "./driver.ts";
import { ChaosConfigError } from "./errors.ts";

export function localDriver(controlUrl: string): ChaosDriver {
  return {
    async validate(steps) {
      for (const step of steps) {
        const names = Object.keys(step.params);
        const unknown = names.filter((n) => !isFaultName(n));
        if (step.action !== "fault" || names.length === 0 || unknown.length > 0) {
          throw new ChaosConfigError(
            `Chaos step "${step.action}" at ${formatDuration(step.atMs)} cannot run on the local target${unknown.length > 0 ? `: unknown fault ${unknown.join(", ")}` : ""}.`,
            `Use { action: "fault", params: { <fault>: <value> } } with faults: ${faultNames.join(", ")}.`,
          );
        }
      }
    },
    async start(step) {
      const before = (await readControl(controlUrl)).faults as Record<string, number | string | boolean>;
      const restore: Record<string, number | string | boolean> = {};
      for (const name of Object.keys(step.params)) {
        const value = before[name];
        if (value !== undefined) restore[name] = value;
      }
      await setFaults(controlUrl, step.params);
      return () => setFaults(controlUrl, restore);
    },
  };
}
