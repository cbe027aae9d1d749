// Entry of `harness report`: rebuild report.html, summary.md, junit.xml and result.json from a run directory (issue 6).
import type { CliContext } from "../common/cli-context.ts";
import { gatesFor } from "../config/gates-for.ts";
import { loadConfig } from "../config/load.ts";
import type { GatesConfig } from "../config/schema-gates.ts";
import { resolveRunDir } from "../contracts/run-dir.ts";
import { buildReport } from "./build.ts";
import { exitCodeFor } from "./result.ts";

export interface ReportRequest {
  run: string;
  reporters: string[] | undefined;
  config: string | undefined;
  runsDir: string | undefined;
}

export async function reportCommand(ctx: CliContext, request: ReportRequest): Promise<number> {
  // Precedence: --runs-dir, HARNESS_RUNS_DIR (both in request.runsDir), the config's runsDir, then "runs".
  // The config is read only when it matters, so a broken config does not stop a report of an old run.
  let runsDir = request.runsDir;
  let gates: ((targetName: string | null) => GatesConfig) | undefined;
  if (runsDir === undefined || request.config !== undefined) {
    const { config } = await loadConfig(ctx.cwd, request.config);
    runsDir ??= config.runsDir;
    if (request.config !== undefined) gates = (targetName) => gatesFor(config, targetName);
  }
  const run = resolveRunDir(runsDir, request.run, ctx.cwd);
  const result = await buildReport({ run, output: ctx.output, reporters: request.reporters, gates });
  const code = exitCodeFor(result);
  ctx.output.err(`report: ${result.status.toUpperCase()} (accounting ${String(result.valid)}), exit ${code}`);
  for (const g of result.gates) {
    if (g.status === "fail" || g.status === "unknown")
      ctx.output.err(`  gate ${g.status.toUpperCase()}: ${g.name}: ${g.message}`);
  }
  for (const f of result.findings) {
    if (f.severity !== "info") ctx.output.err(`  finding: ${f.title}`);
  }
  for (const r of result.reporters) {
    ctx.output.out(r.ok ? `${r.name}\t${r.file}` : `${r.name}\tFAILED: ${r.error ?? "unknown error"}`);
  }
  return code;
}
