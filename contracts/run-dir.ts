// The run directory (DESIGN.md): one folder per run with every stage's artifact; `latest` points at the newest.
import { existsSync, mkdirSync, readlinkSync, renameSync, symlinkSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { HarnessError } from "../common/errors.ts";
import { ExitCode } from "../common/exit-codes.ts";

export interface RunPaths {
  dir: string;
  runId: string;
  plan: string;
  ledgerDir: string;
  loadSummary: string;
  samples: string;
  chaos: string;
  verify: string;
  idListsDir: string;
  metrics: string;
  reportHtml: string;
  summaryMd: string;
  junitXml: string;
  result: string;
}

export function runPaths(dir: string): RunPaths {
  return {
    dir,
    runId: basename(dir),
    plan: join(dir, "plan.json"),
    ledgerDir: join(dir, "ledger"),
    loadSummary: join(dir, "load-summary.json"),
    samples: join(dir, "samples.ndjson"),
    chaos: join(dir, "chaos.json"),
    verify: join(dir, "verify.json"),
    idListsDir: join(dir, "ids"),
    metrics: join(dir, "metrics.json"),
    reportHtml: join(dir, "report.html"),
    summaryMd: join(dir, "summary.md"),
    junitXml: join(dir, "junit.xml"),
    result: join(dir, "result.json"),
  };
}

/** Creates `<runsDir>/<runId>/ledger` and points `<runsDir>/latest` at it. */
export function createRunDir(runsDir: string, runId: string): RunPaths {
  const dir = resolve(runsDir, runId);
  mkdirSync(join(dir, "ledger"), { recursive: true });
  const latest = join(resolve(runsDir), "latest");
  const tmp = `${latest}.${process.pid}.tmp`;
  symlinkSync(runId, tmp);
  renameSync(tmp, latest);
  return runPaths(dir);
}

export class RunNotFoundError extends HarnessError {
  constructor(ref: string, runsDir: string) {
    super(`No run "${ref}" (looked in ${runsDir}).`, {
      hint: "Pass --run with a run directory, or run `harness run` first; `latest` is the newest run.",
      exitCode: ExitCode.invalidConfig,
    });
    this.name = "RunNotFoundError";
  }
}

/** `latest`, a run ID under runsDir, or a path to a run directory. */
export function resolveRunDir(runsDir: string, ref: string, cwd: string = process.cwd()): RunPaths {
  const base = resolve(cwd, runsDir);
  if (ref === "latest") {
    const link = join(base, "latest");
    if (!existsSync(link)) throw new RunNotFoundError(ref, base);
    return runPaths(resolve(base, readlinkSync(link)));
  }
  for (const candidate of [resolve(cwd, ref), join(base, ref)]) {
    if (existsSync(join(candidate, "plan.json")) || existsSync(join(candidate, "ledger"))) return runPaths(candidate);
  }
  throw new RunNotFoundError(ref, base);
}
