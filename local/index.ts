// Public surface of the embedded local target, for `harness run` and the chaos schedule.
import { setTimeout as sleep } from "node:timers/promises";
import type { Output } from "../common/output.ts";
import type { LocalTargetConfig } from "../config/schema-target.ts";
import type { ResolvedTarget } from "../contracts/target.ts";
import { setFaults } from "./control-client.ts";
import { resolveLocalTarget } from "./resolve.ts";
import { startStack, stopStack } from "./stack.ts";
import { type LocalState, liveness, localPaths, readState } from "./state.ts";

export { type ControlSnapshot, clearHarmed, readControl, setFaults } from "./control-client.ts";
export { bugModes, faultNames } from "./controls.ts";
export { localPendingDeliveries } from "./pending-deliveries.ts";
export { resolveLocalTarget } from "./resolve.ts";
export { startStack, stopStack } from "./stack.ts";
export { localPaths, readState } from "./state.ts";
export type { LocalState };

/** The state once nobody is starting the stack: another run in this directory may be bringing it up right now. */
async function settledState(cwd: string, timeoutMs = 30_000): Promise<LocalState | undefined> {
  const deadline = Date.now() + timeoutMs;
  let state = readState(localPaths(cwd));
  while (state !== undefined && liveness(state) === "starting" && Date.now() < deadline) {
    await sleep(200);
    state = readState(localPaths(cwd));
  }
  return state;
}

export interface EnsuredLocal {
  target: ResolvedTarget;
  /** True when this call started the stack; then stop() takes it down again. */
  startedByUs: boolean;
  stop(): Promise<void>;
}

/** Reuses a running stack (state.json live), else starts one; faults and bugs are applied either way. */
export async function ensureLocalUp(
  ctx: { cwd: string; output: Output },
  targetName: string,
  target: LocalTargetConfig,
  options: { faults?: Record<string, number>; bugs?: Record<string, number> } = {},
): Promise<EnsuredLocal> {
  const existing = await settledState(ctx.cwd);
  if (existing !== undefined && liveness(existing) === "up") {
    const resolved = resolveLocalTarget(existing, targetName, target);
    const controls = { ...options.faults, ...options.bugs };
    if (resolved.control !== undefined && Object.keys(controls).length > 0)
      await setFaults(resolved.control.url, controls);
    if (JSON.stringify(existing.target) !== JSON.stringify(target)) {
      ctx.output.err(
        "The running local target was started with other knobs (gateway, consumers, maxReceiveCount); " +
          "using it as it is. `harness local down` first to apply the config.",
      );
    }
    return { target: resolved, startedByUs: false, stop: async () => undefined };
  }
  ctx.output.err("Starting the local target (fauxqs, dynalite, moto, reference app)...");
  const state = await startStack(ctx.cwd, targetName, target, {
    ...options,
    log: (line) => ctx.output.err(line),
  });
  ctx.output.err(`Local target up in ${((state.readyMs ?? 0) / 1000).toFixed(1)} s.`);
  return {
    target: resolveLocalTarget(state, targetName, target),
    startedByUs: true,
    stop: async () => {
      await stopStack(ctx.cwd);
    },
  };
}
