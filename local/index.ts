// Public surface of the embedded local target, for `harness run` and the chaos schedule.
import type { Output } from "../common/output.ts";
import type { LocalTargetConfig } from "../config/schema-target.ts";
import type { ResolvedTarget } from "../contracts/target.ts";
import { setFaults } from "./control-client.ts";
import { stopProcessGroup } from "./emulators/service.ts";
import { exportLocalClient } from "./gateway-auth.ts";
import { dropLease, liveLeases, takeLease, withLeaseLock } from "./leases.ts";
import { resolveLocalTarget } from "./resolve.ts";
import { startStack, stopStack } from "./stack.ts";
import { isOurs, type LocalPaths, type LocalState, liveness, localPaths, readState, removeState } from "./state.ts";

export { type ControlSnapshot, clearHarmed, readControl, setFaults } from "./control-client.ts";
export { bugModes, faultNames } from "./controls.ts";
export { localPendingDeliveries } from "./pending-deliveries.ts";
export { resolveLocalTarget } from "./resolve.ts";
export { startStack, stopStack } from "./stack.ts";
export { localPaths, readState } from "./state.ts";
export type { LocalState };

export interface EnsuredLocal {
  target: ResolvedTarget;
  /** True when this call started the stack. */
  startedByUs: boolean;
  /**
   * Lets go of the stack: a stack a run started is stopped by the last holder, whoever started it; one started by
   * `harness local up` stays up. True when this call stopped it.
   */
  stop(): Promise<boolean>;
}

/**
 * Reuses a running stack (state.json live), else starts one for this run; faults and bugs are applied either way.
 * Either way the caller holds a lease on it until stop(), or until the process exits (a second Ctrl+C included).
 */
export async function ensureLocalUp(
  ctx: { cwd: string; output: Output },
  targetName: string,
  target: LocalTargetConfig,
  options: { faults?: Record<string, number>; bugs?: Record<string, number> } = {},
): Promise<EnsuredLocal> {
  const paths = localPaths(ctx.cwd);
  const { state, startedByUs, token } = await withLeaseLock(paths, async () => {
    const existing = readState(paths);
    if (existing !== undefined && liveness(existing) === "up") {
      await reuse(ctx, existing, targetName, target, options);
      return { state: existing, startedByUs: false, token: takeLease(paths) };
    }
    ctx.output.err("Starting the local target (fauxqs, dynalite, moto, reference app)...");
    const started = await startStack(ctx.cwd, targetName, target, {
      ...options,
      ephemeral: true,
      log: (line) => ctx.output.err(line),
    });
    ctx.output.err(`Local target up in ${((started.readyMs ?? 0) / 1000).toFixed(1)} s.`);
    return { state: started, startedByUs: true, token: takeLease(paths) };
  });
  // A gateway in `jwt` mode: the engine reads the local issuer's client from the environment, as for any target.
  if (state.target.gateway?.auth === "jwt") exportLocalClient();
  // process.exit() (a second Ctrl+C, a crash) skips every await: the lease is let go of synchronously then.
  const onExit = () => releaseNow(paths, token);
  process.on("exit", onExit);
  return {
    target: resolveLocalTarget(state, targetName, target),
    startedByUs,
    stop: async () => {
      process.off("exit", onExit);
      return withLeaseLock(paths, async () => {
        if (letGo(paths, token) === undefined) return false;
        await stopStack(ctx.cwd);
        return true;
      });
    },
  };
}

async function reuse(
  ctx: { output: Output },
  existing: LocalState,
  targetName: string,
  target: LocalTargetConfig,
  options: { faults?: Record<string, number>; bugs?: Record<string, number> },
): Promise<void> {
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
}

/** The synchronous release at process exit: the lease goes, and a run-started stack nobody else holds is stopped. */
function releaseNow(paths: LocalPaths, token: string): void {
  const state = letGo(paths, token);
  if (state === undefined) return;
  for (const service of state.services.filter(isOurs)) stopProcessGroup(service.pid);
  removeState(paths);
}

/** Drops the lease; the stack's state when it is a run's and nobody else holds it (the caller stops it), else undefined. */
function letGo(paths: LocalPaths, token: string): LocalState | undefined {
  dropLease(paths, token);
  const state = readState(paths);
  return state?.ephemeral === true && liveLeases(paths).length === 0 ? state : undefined;
}
