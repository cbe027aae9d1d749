// Resolves target and scenario by name and applies the safety rails before anything is sent.
import { ConfigError, UnknownNameError } from "../config/errors.ts";
import { gatesFor } from "../config/gates-for.ts";
import type { HarnessConfig } from "../config/schema.ts";
import type { GatesConfig } from "../config/schema-gates.ts";
import type { TargetConfig } from "../config/schema-target.ts";
import { validateScenario } from "../config/validate.ts";
import { peakRatePerSecond, type ScenarioConfig } from "../executors/index.ts";
import { builtinScenarios } from "../loadtests/scenarios/index.ts";
import { SafetyError } from "./errors.ts";

export interface PlanRequest {
  target?: string | undefined;
  scenario?: string | undefined;
  confirmProduction?: boolean | undefined;
}

export interface Plan {
  targetName: string;
  target: TargetConfig;
  scenarioName: string;
  scenario: ScenarioConfig;
  peakRps: number | undefined;
  /** The top-level gates with the target's own merged over them: what the run is judged by. */
  gates: GatesConfig;
}

export function knownScenarios(config: HarnessConfig): string[] {
  return [...new Set([...Object.keys(builtinScenarios), ...Object.keys(config.scenarios)])];
}

export function resolveTarget(config: HarnessConfig, name: string | undefined): [string, TargetConfig] {
  const targetName =
    name ??
    config.defaultTarget ??
    (Object.keys(config.targets).length === 1 ? Object.keys(config.targets)[0] : "local");
  const target = targetName === undefined ? undefined : config.targets[targetName];
  if (targetName === undefined || target === undefined)
    throw new UnknownNameError("target", targetName ?? "", Object.keys(config.targets));
  return [targetName, target];
}

export function resolveScenario(config: HarnessConfig, name: string | undefined): [string, ScenarioConfig] {
  const scenarioName = name ?? config.defaultScenario ?? "smoke";
  const fromConfig = config.scenarios[scenarioName];
  if (fromConfig !== undefined) return [scenarioName, fromConfig];
  const builtin = builtinScenarios[scenarioName];
  if (builtin === undefined) throw new UnknownNameError("scenario", scenarioName, knownScenarios(config));
  return [scenarioName, validateScenario(builtin, `scenario ${scenarioName}`)];
}

/** The target key that gives a channel its entry point, where it is not the channel's own name. */
const channelKeys: Record<string, string> = { sqs: "queues", lambda: "asyncFunctions" };

/** Target and scenario resolved by name, with the gates the run is judged by; no rail judged yet. */
export function resolvePlan(config: HarnessConfig, request: PlanRequest): Plan {
  const [targetName, target] = resolveTarget(config, request.target);
  const [scenarioName, scenario] = resolveScenario(config, request.scenario);
  const missing = missingChannels(scenario, target);
  if (missing.length > 0) {
    const at = scenarioName in config.scenarios ? `scenarios.${scenarioName}` : `scenario ${scenarioName} (built-in)`;
    throw new ConfigError(
      undefined,
      missing.map(([channel, what]) => ({
        path: `${at}.channels.${channel}`,
        message: `target "${targetName}" has no ${what}: give the channel weight 0, or configure targets.${targetName}.${target.kind === "local" && channel === "lambda" ? "asyncFunction" : (channelKeys[channel] ?? channel)}`,
      })),
    );
  }
  const peakRps = peakRatePerSecond(scenario);
  return { targetName, target, scenarioName, scenario, peakRps, gates: gatesFor(config, targetName) };
}

/**
 * The safety rails, judged on what will really be sent (overrides and rate multipliers applied). An open model
 * above maxRps is refused; a closed model (constant-vus) has no planned rate, and the engine paces its VUs so
 * that together they send at most maxRps a second (loadtests/engine/shard.ts).
 */
export function checkRails(planned: Plan, request: Pick<PlanRequest, "confirmProduction">): Plan {
  const { targetName, target, scenarioName, peakRps } = planned;
  if (target.environment === "production" && request.confirmProduction !== true) {
    throw new SafetyError(
      `Target "${targetName}" is marked environment: production; refusing to send load to it.`,
      "Pass --confirm-production if you mean it (and have told the on-call).",
    );
  }
  if (peakRps !== undefined && peakRps > target.maxRps) {
    throw new SafetyError(
      `Scenario "${scenarioName}" peaks at ${peakRps} requests/s, above target "${targetName}"'s maxRps of ${target.maxRps}. No request was sent.`,
      `Lower the scenario's rate (--rate / stages) or raise targets.${targetName}.maxRps if the target can take it.`,
    );
  }
  return planned;
}

export function plan(config: HarnessConfig, request: PlanRequest): Plan {
  return checkRails(resolvePlan(config, request), request);
}

/** Channels the scenario sends on that the target has no entry point for (the local target has all three). */
function missingChannels(scenario: ScenarioConfig, target: TargetConfig): Array<[string, string]> {
  // A flow makes its own calls on what the target has (a call to what it lacks fails that message, with the reason).
  const weights = scenario.channels;
  if (target.kind === "local" && (weights.lambda ?? 0) > 0 && target.asyncFunction === undefined)
    return [["lambda", "async function (`asyncFunction: {}` turns on the Invoke API)"]];
  if (target.kind === "local" || scenario.flow !== undefined) return [];
  const missing: Array<[string, string]> = [];
  if ((weights.http ?? 0) > 0 && target.http === undefined) missing.push(["http", "http entry point (`http.url`)"]);
  if ((weights.events ?? 0) > 0 && target.events === undefined) missing.push(["events", "EventBridge bus (`events`)"]);
  if ((weights.sqs ?? 0) > 0 && target.queues.length === 0) missing.push(["sqs", "queue to send to (`queues[0]`)"]);
  if ((weights.sfn ?? 0) > 0 && target.sfn === undefined)
    missing.push(["sfn", "state machine (`sfn.stateMachineArn`)"]);
  if ((weights.lambda ?? 0) > 0 && target.asyncFunctions.length === 0)
    missing.push(["lambda", "function to invoke (`asyncFunctions[0]`)"]);
  return missing;
}
