// The plan step before the stages: the CLI's overrides applied, the safety rails judged, the run's ID and segment.
import { dirname, resolve } from "node:path";
import type { CliContext } from "../../common/cli-context.ts";
import { newRunId, validateRunId } from "../../common/run-id.ts";
import type { HarnessConfig } from "../../config/schema.ts";
import { prepareRunsDir } from "../../contracts/run-dir.ts";
import { peakRatePerSecond } from "../../executors/index.ts";
import { scheduleChaos } from "../chaos/schedule.ts";
import { applyOverrideFlags, parseSegmentFlag, parseStartAtFlag } from "../flags.ts";
import { LiveEvents, withLiveProgress } from "../live-events.ts";
import { checkRails, type Plan, resolvePlan } from "../plan.ts";
import { withReadyAuth } from "../plan-auth.ts";
import { withReadyTls } from "../plan-tls.ts";
import type { RunContext, RunRequest } from "./context.ts";
import { resolveRunsDir } from "./runs-dir.ts";
import { Artifacts } from "./stage.ts";

/** Plans with the CLI's overrides applied first, so the safety rails judge what will really be sent (never before). */
export function planWithOverrides(config: HarnessConfig, request: RunRequest): Plan {
  const base = resolvePlan(config, request);
  const scenario = applyOverrideFlags(base.scenario, {
    ...(request.rate === undefined ? {} : { rate: request.rate }),
    ...(request.duration === undefined ? {} : { duration: request.duration }),
  });
  return checkRails({ ...base, scenario, peakRps: peakRatePerSecond(scenario) }, request);
}

export interface PlanRunInput {
  cli: CliContext;
  config: HarnessConfig;
  configFile: string | undefined;
  request: RunRequest;
  resources: AsyncDisposableStack;
}

/**
 * Everything known before the first stage; a plan the rails refuse, or a runs folder that cannot take the run's
 * evidence, throws here, before anything starts (no stack started, no request sent).
 */
export function planRun(input: PlanRunInput): RunContext {
  const { cli, configFile, request } = input;
  const planned = withReadyTls(
    withReadyAuth(
      withAbsolutePayload(planWithOverrides(input.config, request), configFile, cli.cwd),
      configFile,
      cli.cwd,
      cli.env,
    ),
    configFile,
    cli.cwd,
    cli.env,
  );
  prepareRunsDir(resolveRunsDir(cli.cwd, request.runsDir, input.config));
  const segment = request.segment === undefined ? null : parseSegmentFlag(request.segment);
  const startAt = request.startAt === undefined ? undefined : parseStartAtFlag(request.startAt);
  const runId = request.runId === undefined ? newRunId() : validateRunId(request.runId);
  cli.output.err(
    `[plan] run ${runId}: target ${planned.targetName}, scenario ${planned.scenarioName}, ${planned.peakRps === undefined ? `closed model, at most ${planned.target.maxRps}` : `peak ${planned.peakRps}`}/s${segment === null ? "" : `, segment ${segment.index}/${segment.count}`}`,
  );
  const live = request.live ?? new LiveEvents();
  live.emit({ kind: "run", runId, target: planned.targetName, scenario: planned.scenarioName });
  return {
    ...input,
    cli: { ...cli, output: withLiveProgress(cli.output, live) },
    live,
    planned,
    runId,
    segment,
    startAt,
    chaos: scheduleChaos(planned.scenario.chaos),
    artifacts: new Artifacts(),
  };
}

/** Payload and flow modules are named relative to the config file; workers import them by absolute path. */
function withAbsolutePayload(planned: Plan, configFile: string | undefined, cwd: string): Plan {
  const { payload, flow } = planned.scenario;
  if (payload === undefined && flow === undefined) return planned;
  const base = configFile === undefined ? cwd : dirname(configFile);
  const scenario = { ...planned.scenario };
  if (payload !== undefined) scenario.payload = resolve(base, payload);
  if (flow !== undefined) scenario.flow = resolve(base, flow);
  return { ...planned, scenario };
}
