// Entries of `harness local up|down|status|fault` (issue 3): thin over stack, state and the control client.
import type { CliContext } from "../common/cli-context.ts";
import { ExitCode } from "../common/exit-codes.ts";
import type { LocalTargetConfig } from "../config/schema-target.ts";
import { type ControlSnapshot, readControl, setFaults } from "./control-client.ts";
import {
  bugModes,
  bugsRefusedWithTeamConsumer,
  faultNames,
  isBugMode,
  isFaultName,
  parseAssignments,
} from "./controls.ts";
import { BugModeWithTeamConsumerError, LocalNotUpError, NotALocalTargetError, UnknownControlError } from "./errors.ts";
import { withLeaseLock } from "./leases.ts";
import { resolveLocalTarget } from "./resolve.ts";
import { type LocalState, liveness, localPaths, readState } from "./state.ts";

export interface LocalUpRequest {
  faults: string[];
  bugs: string[];
  target: string | undefined;
  config: string | undefined;
}

const knownControls = [...faultNames, ...bugModes];

/** Loaded by up and down only: `status` and `fault` (run often, by scripts and tests) need not pay for the emulators. */
const stackModule = () => import("./stack.ts");

function assignments(
  list: readonly string[],
  accepts: (name: string) => boolean,
  kind: string,
): Record<string, string> {
  const { values, problems } = parseAssignments(list);
  for (const name of Object.keys(values)) {
    if (!accepts(name)) problems.push({ name, message: `is not a ${kind}` });
  }
  if (problems.length > 0) throw new UnknownControlError(problems, knownControls);
  return values;
}

async function localTarget(ctx: CliContext, request: LocalUpRequest): Promise<[string, LocalTargetConfig]> {
  const { loadConfig } = await import("../config/load.ts");
  const { config } = await loadConfig(ctx.cwd, request.config);
  const name = request.target ?? "local";
  const target = config.targets[name];
  const localNames = Object.entries(config.targets)
    .filter(([, t]) => t.kind === "local")
    .map(([n]) => n);
  if (target === undefined || target.kind !== "local") throw new NotALocalTargetError(name, localNames);
  return [name, target];
}

export async function localUp(ctx: CliContext, request: LocalUpRequest): Promise<number> {
  const faults = assignments(request.faults, isFaultName, "fault control (bug modes go to --bug)");
  const bugs = assignments(request.bugs, isBugMode, "bug mode (fault controls go to --fault)");
  const [name, target] = await localTarget(ctx, request);
  const { startStack } = await stackModule();
  // Under the lease lock, so a run starting the stack at the same moment waits for this one and then reuses it.
  const state = await withLeaseLock(localPaths(ctx.cwd), () =>
    startStack(ctx.cwd, name, target, { faults, bugs, log: (line) => ctx.output.err(line) }),
  );
  ctx.output.err(`Local target "${name}" up in ${((state.readyMs ?? 0) / 1000).toFixed(1)} s.`);
  ctx.output.out(describeState(state));
  return ExitCode.ok;
}

export async function localDown(ctx: CliContext): Promise<number> {
  const { stopStack } = await stackModule();
  const stopped = await stopStack(ctx.cwd);
  ctx.output.err(stopped ? "Local target stopped." : "The local target was not up; nothing to stop.");
  return ExitCode.ok;
}

function requireUp(cwd: string): LocalState {
  const paths = localPaths(cwd);
  const state = readState(paths);
  if (state === undefined) throw new LocalNotUpError();
  const live = liveness(state);
  if (live === "stale") {
    throw new LocalNotUpError(
      `The local target in ${paths.state} is stale: a process it started is gone. Run \`harness local down\`, then \`harness local up\`.`,
    );
  }
  if (live === "starting")
    throw new LocalNotUpError(`The local target is still being started by process ${state.ownerPid}.`);
  return state;
}

export async function localStatus(ctx: CliContext, options: { json: boolean }): Promise<number> {
  const state = requireUp(ctx.cwd);
  const resolved = resolveLocalTarget(state, state.targetName, state.target);
  const control = await readControl(resolved.control?.url ?? "");
  if (options.json) {
    const services = state.services.map(({ name, pid, endpoint, logFile }) => ({ name, pid, endpoint, logFile }));
    ctx.output.out(
      JSON.stringify(
        {
          up: true,
          targetName: state.targetName,
          startedAt: state.startedAt,
          readyMs: state.readyMs,
          region: state.region,
          services,
          endpoints: state.endpoints,
          resources: state.resources,
          target: resolved,
          faults: control.faults,
          bugs: control.bugs,
          harmed: control.harmed,
          stats: control.stats,
        },
        null,
        2,
      ),
    );
    return ExitCode.ok;
  }
  ctx.output.out(describeState(state, control));
  return ExitCode.ok;
}

export async function localFault(ctx: CliContext, list: string[]): Promise<number> {
  const values = assignments(list, (n) => isFaultName(n) || isBugMode(n), "fault control or bug mode");
  const state = requireUp(ctx.cwd);
  if (state.target.functions?.consumer !== undefined) {
    const refused = bugsRefusedWithTeamConsumer(values);
    if (refused.length > 0) throw new BugModeWithTeamConsumerError(refused);
  }
  const url = state.endpoints?.control ?? "";
  await setFaults(url, values);
  const control = await readControl(url);
  for (const name of Object.keys(values)) {
    const now = isFaultName(name) ? control.faults[name] : isBugMode(name) ? control.bugs[name] : undefined;
    ctx.output.out(`${name}=${now}`);
  }
  return ExitCode.ok;
}

function describeState(state: LocalState, control?: ControlSnapshot): string {
  const lines = [`local target "${state.targetName}" up since ${state.startedAt}`];
  for (const s of state.services) lines.push(`  ${s.name.padEnd(9)} pid ${String(s.pid).padEnd(8)} ${s.endpoint}`);
  const consumer = state.target.functions?.consumer;
  if (consumer !== undefined)
    lines.push(`  consumer  the team's ${consumer.handler} (timeout ${consumer.timeoutSeconds} s)`);
  const stream = state.resources?.stream;
  if (stream !== undefined) {
    const streamConsumer = state.target.functions?.streamConsumer;
    lines.push(`  stream    ${stream.streamArn} -> ${stream.projectionTable ?? "the team's stream consumer"}`);
    if (streamConsumer !== undefined)
      lines.push(`  streamConsumer  the team's ${streamConsumer.handler} (timeout ${streamConsumer.timeoutSeconds} s)`);
  }
  if (state.endpoints !== undefined) {
    lines.push(`  gateway   POST ${state.endpoints.gateway}/orders`);
    lines.push(`  events    ${state.endpoints.events} (bus ${state.resources?.busName})`);
    if (state.endpoints.sfn !== undefined && state.resources?.saga !== undefined) {
      lines.push(`  saga      POST ${state.endpoints.gateway}/saga (StartExecution integration)`);
      lines.push(`  sfn       ${state.endpoints.sfn} (${state.resources.saga.stateMachineArn})`);
    }
    if (state.endpoints.lambda !== undefined) {
      const team = state.target.functions?.async;
      const fn = team === undefined ? "the reference function" : `the team's ${team.handler}`;
      lines.push(`  async     Invoke ${state.resources?.asyncFunctionName} at ${state.endpoints.lambda} (${fn})`);
    }
  }
  if (control !== undefined) {
    const changed = Object.entries({ ...control.faults, ...control.bugs }).map(([k, v]) => `${k}=${v}`);
    lines.push(`  controls  ${changed.join(" ")}`);
    for (const [mode, ids] of Object.entries(control.harmed)) {
      if (ids.length > 0) lines.push(`  harmed    ${mode}: ${ids.length} IDs (status --json lists them)`);
    }
  }
  lines.push("  logs      .harness/local/<service>.log, state in .harness/local/state.json");
  return lines.join("\n");
}
