// What every stage of `harness run` receives (the request, the plan, the resources to release) and what each leaves.
import type { AwsClients } from "../../aws/clients.ts";
import type { CliContext } from "../../common/cli-context.ts";
import type { HarnessConfig } from "../../config/schema.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { ChaosWindow, PlanFile } from "../../contracts/plan-file.ts";
import type { RunPaths } from "../../contracts/run-dir.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import type { Segment } from "../../loadtests/engine/index.ts";
import type { MetricsFile, RunResult } from "../../reports/index.ts";
import type { DrainResult, PendingDeliveries } from "../../verifier/index.ts";
import type { ChaosDriver } from "../chaos/driver.ts";
import type { ScheduledChaos } from "../chaos/schedule.ts";
import type { Baseline } from "../compare/baseline.ts";
import type { Comparison } from "../compare/compare.ts";
import type { LiveEvents } from "../live-events.ts";
import type { RunOutputs } from "../outputs/start-outputs.ts";
import type { Plan } from "../plan.ts";
import type { Stage, StageContext } from "./stage.ts";

export interface RunRequest {
  target: string | undefined;
  scenario: string | undefined;
  config: string | undefined;
  runsDir: string | undefined;
  rate: string | undefined;
  duration: string | undefined;
  confirmProduction: boolean;
  compare: string | undefined;
  segment: string | undefined;
  runId?: string | undefined;
  /** Only plan, preflight and load (a segment of a distributed run); verify merges the ledgers later. */
  loadOnly?: boolean | undefined;
  /** `--start-at <ISO time>`: the instant every segment of a distributed plan starts at. */
  startAt?: string | undefined;
  /** `--out otlp=<url>` / `--out prometheus=<port>`: outputs added to the config's for this run. */
  out?: readonly string[] | undefined;
  /** Stops arrivals when aborted (the CLI wires SIGINT to it). */
  signal?: AbortSignal | undefined;
  /** Where the run tells live watchers what happens (the CLI's dashboard listens before the plan); else a fresh one. */
  live?: LiveEvents | undefined;
}

export interface RunContext extends StageContext<RunArtifacts> {
  readonly cli: CliContext;
  readonly config: HarnessConfig;
  readonly configFile: string | undefined;
  readonly request: RunRequest;
  /** The plan with the CLI's overrides applied and the payload module's path made absolute. */
  readonly planned: Plan;
  readonly runId: string;
  readonly segment: Segment | null;
  /** Epoch ms the load starts at (--start-at), else as soon as it is ready. */
  readonly startAt: number | undefined;
  readonly chaos: ScheduledChaos[];
  /** Released in reverse order when the run ends, however it ends (local stack, AWS clients, sampler). */
  readonly resources: AsyncDisposableStack;
  /** The run as it happens, for live watchers (dashboard, metrics outputs). */
  readonly live: LiveEvents;
}

export interface TargetArtifact {
  target: ResolvedTarget;
  clients: AwsClients;
  chaosDriver: ChaosDriver;
  /** Deliveries the target holds outside its queues (the local app's EventBridge retries); undefined on AWS. */
  pendingDeliveries: PendingDeliveries | undefined;
}

export interface PreflightArtifact {
  checks: Array<{ what: string; ok: boolean; detail: string }>;
  /** The run to compare with (--compare) and how its shape differs, found before any load so a missing one costs nothing. */
  baseline: Baseline | undefined;
}

export interface LoadArtifact {
  run: RunPaths;
  /** The run directory's device and inode when made: a later stage checks it is still that folder. */
  runDirIdentity: string;
  plan: PlanFile;
  summary: LoadSummary;
  windows: ChaosWindow[];
  /** Ends the queue-depth samples (idempotent; also on the resources stack). */
  stopSampler: () => Promise<void>;
}

/** The drain's result, or why it could not run (the verdict then says unknown). */
export type DrainArtifact = { drained: DrainResult } | { failed: unknown };

export interface RunArtifacts {
  target: TargetArtifact;
  preflight: PreflightArtifact;
  load: LoadArtifact;
  drain: DrainArtifact;
  verify: Verdict;
  collect: MetricsFile | null;
  report: RunResult;
  compare: Comparison[];
  /** The metrics outputs (config `outputs`), when the run has any. */
  outputs: RunOutputs;
}

export type RunStage<K extends keyof RunArtifacts> = Stage<RunContext, RunArtifacts, K>;
