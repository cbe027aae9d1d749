// buildReport: read the run directory, correlate, judge the gates, and write every chosen reporter's file, each isolated.
import { writeFileAtomic } from "../common/atomic-write.ts";
import type { Output } from "../common/output.ts";
import { type GatesConfig, gatesSchema } from "../config/schema-gates.ts";
import type { RunPaths } from "../contracts/run-dir.ts";
import { baselineDiffersFinding, compareGates } from "./compare-gates.ts";
import { UnknownReporterError } from "./errors.ts";
import { computeFindings } from "./findings/index.ts";
import type { DrainFinding, Finding } from "./findings/types.ts";
import { judgeGates } from "./gates.ts";
import { outputsFindings } from "./outputs-finding.ts";
import { reporters as allReporters, type Reporter } from "./render/index.ts";
import { assembleResult, type ReporterOutcome, type RunResult } from "./result.ts";
import { loadWindow, type RunData, readRunData } from "./run-data.ts";

export interface BuildReportOptions {
  run: RunPaths;
  output: Output;
  /** Names among html, md, junit, json; all when absent. */
  reporters?: readonly string[] | undefined;
  /** Gates to judge instead of plan.json's (`harness report --config`), given the run's target name. */
  gates?: ((targetName: string | null) => GatesConfig) | undefined;
  now?: () => Date;
  /** For tests: the reporter set to choose from. */
  available?: readonly Reporter[];
}

export async function buildReport(options: BuildReportOptions): Promise<RunResult> {
  const available = options.available ?? allReporters;
  const chosen = choose(available, options.reporters);
  const data = await readRunData(options.run);
  const result = judge(data, options.gates, options.now?.() ?? new Date());
  for (const reporter of chosen) {
    const outcome = write(reporter, { result, data }, options.output);
    result.reporters.push(outcome);
  }
  return result;
}

/** The run judged from its directory without writing anything (what `--compare` reads before the report exists). */
export async function judgeRunDir(run: RunPaths, now: Date = new Date()): Promise<RunResult> {
  return judge(await readRunData(run), undefined, now);
}

/** Pure part of the report: findings and gates over what was read. */
export function judge(
  data: RunData,
  gatesOverride: ((targetName: string | null) => GatesConfig) | undefined,
  now: Date,
): RunResult {
  const problems = [...data.problems];
  let gates = gatesOverride?.(data.plan?.targetName ?? null) ?? data.plan?.gates;
  if (gates === undefined) {
    gates = gatesSchema.parse({});
    problems.push("no gates in plan.json: the default gates were judged");
  }
  let findings: Finding[] = [];
  const window = loadWindow(data);
  try {
    findings = computeFindings(
      {
        client: data.client,
        clientSource: data.clientSource,
        samples: data.samples,
        queues: (data.plan?.target.queues ?? []).map((q) => q.name),
        dlqs: (data.plan?.target.dlqs ?? []).map((q) => q.name),
        metrics: data.metrics?.series ?? [],
        metricsPeriodSeconds: data.metrics?.periodSeconds ?? 60,
        ...(data.metrics === null
          ? {}
          : {
              metricsWindow: {
                start: Math.floor(data.metrics.start / 1000),
                end: Math.ceil(data.metrics.end / 1000),
              },
            }),
        verdict: data.verdict,
        loadStart: window.start,
        loadEnd: window.end,
        chaos: data.chaos,
        ...(data.load === null ? {} : { statusMix: data.load.status }),
        httpAuth: data.plan?.target.http?.auth?.type ?? null,
      },
      data.load?.latency.intended ?? null,
    );
  } catch (error) {
    // A bug in a finding must not hide the verdict or the gates; it is reported, and drain-based gates turn unknown.
    problems.push(`findings could not be computed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const drain = findings.find((f): f is DrainFinding => f.kind === "drain") ?? null;
  const baselineDiffers = baselineDiffersFinding(data.compare);
  if (baselineDiffers !== null) findings.push(baselineDiffers);
  findings.push(...outputsFindings(data.outputs ?? null));
  return assembleResult({
    // One source: the run directory names the run; every artifact inside repeats that name.
    runId: data.paths.runId,
    target: data.plan?.targetName ?? null,
    scenario: data.plan?.scenarioName ?? data.load?.scenario ?? null,
    verdict: data.verdict,
    load: data.load,
    gates: [
      ...judgeGates({ gates, verdict: data.verdict, load: data.load, drain, chaos: data.chaos }),
      ...compareGates(data.compare),
    ],
    findings,
    problems,
    now,
  });
}

function choose(available: readonly Reporter[], names: readonly string[] | undefined): Reporter[] {
  if (names === undefined) return [...available];
  const unknown = names.filter((n) => !available.some((r) => r.name === n));
  if (unknown.length > 0)
    throw new UnknownReporterError(
      unknown,
      available.map((r) => r.name),
    );
  return available.filter((r) => names.includes(r.name));
}

function write(reporter: Reporter, model: { result: RunResult; data: RunData }, output: Output): ReporterOutcome {
  const file = reporter.file(model.data.paths);
  try {
    const content = reporter.render(model);
    // Atomic: a reader (CI uploading artifacts) never sees half a file.
    writeFileAtomic(file, content);
    return { name: reporter.name, file, ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.err(`report: the ${reporter.name} reporter failed: ${message}`);
    return { name: reporter.name, file, ok: false, error: message };
  }
}
