// Chaos on the local target: a step sets the reference app's fault controls and restores them when its window ends.
import { formatDuration } from "../../common/duration.ts";
import { faultNames, isBugMode, isFaultName } from "../../local/controls.ts";
import { readControl, setFaults } from "../../local/index.ts";
import type { ChaosDriver } from "./driver.ts";
import { ChaosConfigError } from "./errors.ts";
import { FaultLayers, type FaultValues } from "./fault-layers.ts";

export function localDriver(controlUrl: string): ChaosDriver {
  const layers = new FaultLayers();
  // One control change at a time: a window opening while another closes must read and set in order.
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    async validate(steps) {
      for (const step of steps) {
        const names = Object.keys(step.params);
        const unknown = names.filter((n) => !isFaultName(n));
        const bugs = unknown.filter(isBugMode);
        if (step.action === "fault" && bugs.length > 0) {
          throw new ChaosConfigError(
            `Chaos step "fault" at ${formatDuration(step.atMs)} sets ${bugs.join(", ")}: a bug mode, not a fault. A bug mode is planted in the reference consumer for the whole stack, and does not exist with the team's consumer (functions.consumer).`,
            `Set it with \`harness local up --bug ${bugs[0]}=<fraction>\` on a target without functions.consumer; chaos steps take faults: ${faultNames.join(", ")}.`,
          );
        }
        if (step.action !== "fault" || names.length === 0 || unknown.length > 0) {
          throw new ChaosConfigError(
            `Chaos step "${step.action}" at ${formatDuration(step.atMs)} cannot run on the local target${unknown.length > 0 ? `: unknown fault ${unknown.join(", ")}` : ""}.`,
            `Use { action: "fault", params: { <fault>: <value> } } with faults: ${faultNames.join(", ")}.`,
          );
        }
      }
    },
    async start(step) {
      const layer = await inTurn(async () => {
        const current = (await readControl(controlUrl)).faults as FaultValues;
        await setFaults(controlUrl, step.params);
        return layers.push(step.params, current);
      });
      return () =>
        inTurn(async () => {
          const values = layers.pop(layer);
          if (Object.keys(values).length > 0) await setFaults(controlUrl, values);
        });
    },
  };
}
