// Finds the run to compare with: a given run directory, or `latest-pass` (newest passed run of the same target and scenario).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { HarnessError } from "../../common/errors.ts";
import { ExitCode } from "../../common/exit-codes.ts";
import type { ShapeDifference } from "../../contracts/compare.ts";
import { RunDir, type RunPaths, resolveRunDir } from "../../contracts/run-dir.ts";
import { describeDifferences, type RunShape, refusing, shapeDifferences } from "./shape.ts";

export class BaselineNotFoundError extends HarnessError {
  constructor(message: string, hint?: string) {
    super(message, {
      hint: hint ?? "Pass --compare with a run directory, or run once without --compare so a passed run exists.",
      exitCode: ExitCode.invalidConfig,
    });
    this.name = "BaselineNotFoundError";
  }
}

/** The baseline and how its shape differs from this run's (only differences that do not refuse the comparison). */
export interface Baseline {
  run: RunPaths;
  differences: ShapeDifference[];
}

export interface CurrentRun extends RunShape {
  runId: string;
  scenarioName: string;
}

/**
 * A named run must have a result and a plan, and the same target, executor and channels (else exit 4, before any
 * load). `latest-pass` takes the newest passed run of the same target and scenario with the same shape, else the
 * newest whose shape differs only in rate or duration.
 */
export function findBaseline(runsDir: string, ref: string, current: CurrentRun): Baseline {
  if (ref !== "latest-pass") return namedBaseline(resolveRunDir(runsDir, ref), current);
  let differing: Baseline | undefined;
  for (const run of passedRuns(runsDir, current)) {
    const differences = shapeDifferences(shapeOf(run), current);
    if (differences.length === 0) return { run: run.paths, differences };
    if (refusing(differences).length === 0) differing ??= { run: run.paths, differences };
  }
  if (differing !== undefined) return differing;
  throw new BaselineNotFoundError(
    `No passed run of target "${current.target}" and scenario "${current.scenarioName}" with the same executor and channels in ${runsDir}.`,
  );
}

function namedBaseline(paths: RunPaths, current: CurrentRun): Baseline {
  const run = new RunDir(paths);
  const lacking = (["result", "plan"] as const).filter((name) => !run.has(name)).map((name) => run.fileOf(name));
  if (lacking.length > 0)
    throw new BaselineNotFoundError(
      `Run ${paths.runId} cannot be a baseline: ${lacking.join(" and ")} missing (a run cut short, or never reported).`,
      "Pass --compare with a complete run (`harness report --run <it>` writes result.json), or latest-pass.",
    );
  // Read (validated) now: a broken result.json is refused before the load, not found after it.
  run.read("result");
  const differences = shapeDifferences(shapeOf(run), current);
  const refused = refusing(differences);
  if (refused.length > 0)
    throw new BaselineNotFoundError(
      `Run ${paths.runId} is another experiment than this one (${describeDifferences(refused)}): its figures say nothing about this run's. No request was sent.`,
      "Pass --compare with a run of the same target, executor and channels, or latest-pass (which picks one).",
    );
  return { run: paths, differences };
}

function shapeOf(run: RunDir): RunShape {
  const plan = run.read("plan");
  return { target: plan.targetName, scenario: plan.scenario };
}

function* passedRuns(runsDir: string, current: CurrentRun): Generator<RunDir> {
  const names = existsSync(runsDir)
    ? readdirSync(runsDir)
        .filter((name) => /^\d{8}T\d{6}Z-/.test(name) && name !== current.runId)
        .sort()
        .reverse()
    : [];
  for (const name of names) {
    const run = RunDir.at(join(runsDir, name));
    if (!run.has("result") || !run.has("plan")) continue;
    try {
      const result = run.read("result");
      if (result.status === "pass" && result.target === current.target && result.scenario === current.scenarioName) {
        run.read("plan");
        yield run;
      }
    } catch {
      // A broken or foreign result.json or plan.json is not a baseline; keep looking.
    }
  }
}
