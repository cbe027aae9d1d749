// Finds the run to compare with: a given run directory, or `latest-pass` (newest passed run of the same target and scenario).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { HarnessError } from "../../common/errors.ts";
import { ExitCode } from "../../common/exit-codes.ts";
import { RunDir, type RunPaths, resolveRunDir } from "../../contracts/run-dir.ts";

export class BaselineNotFoundError extends HarnessError {
  constructor(message: string) {
    super(message, {
      hint: "Pass --compare with a run directory, or run once without --compare so a passed run exists.",
      exitCode: ExitCode.invalidConfig,
    });
    this.name = "BaselineNotFoundError";
  }
}

export function findBaseline(
  runsDir: string,
  ref: string,
  current: { runId: string; target: string; scenario: string },
): RunPaths {
  if (ref !== "latest-pass") return resolveRunDir(runsDir, ref);
  const candidates = existsSync(runsDir)
    ? readdirSync(runsDir)
        .filter((name) => /^\d{8}T\d{6}Z-/.test(name) && name !== current.runId)
        .sort()
        .reverse()
    : [];
  for (const name of candidates) {
    const run = RunDir.at(join(runsDir, name));
    if (!run.has("result")) continue;
    try {
      const result = run.read("result");
      if (result.status === "pass" && result.target === current.target && result.scenario === current.scenario)
        return run.paths;
    } catch {
      // A broken or foreign result.json is not a baseline; keep looking.
    }
  }
  throw new BaselineNotFoundError(
    `No passed run of target "${current.target}" and scenario "${current.scenario}" in ${runsDir}.`,
  );
}
