// plan.json: the resolved run as it was planned, so every later stage (verify, report) can run from disk alone.
import type { GatesConfig } from "../config/schema-gates.ts";
import type { ScenarioConfig } from "../config/schema-scenario.ts";
import type { ResolvedTarget } from "./target.ts";

export interface ChaosWindow {
  action: string;
  params: Record<string, string | number | boolean>;
  /** Epoch ms, as they really happened (not as planned). */
  start: number;
  end: number | null;
  error?: string;
}

export interface PlanFile {
  schemaVersion: 1;
  runId: string;
  createdAt: string;
  configFile: string | null;
  targetName: string;
  /** Credentials are never here: only region, profile name and endpoints. */
  target: ResolvedTarget;
  scenarioName: string;
  scenario: ScenarioConfig;
  gates: GatesConfig;
  drain: { timeoutMs: number; settleMs: number };
  segment: { index: number; count: number } | null;
  versions: Record<string, string>;
}
