// `harness export k8s`: a Kubernetes Indexed Job whose pods each run one execution segment.
import type { Command } from "commander";
import { exportK8s } from "../../runner/export-k8s.ts";
import { type CliContext, flagOrEnv } from "../context.ts";

export function registerExport(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const exp = program
    .command("export")
    .description("write manifests that run one plan as segments on an existing engine");
  exp
    .command("k8s")
    .description("write a Kubernetes Indexed Job manifest: one pod per segment, ledgers uploaded for one verify")
    .requiredOption("-s, --scenario <name>", "scenario to split")
    .requiredOption("-n, --instances <n>", "number of segments (pods)")
    .option("-t, --target <name>", "target from the config (env HARNESS_TARGET)")
    .option("-c, --config <file>", "config file (env HARNESS_CONFIG)")
    .option("-o, --out <file>", "write here instead of stdout")
    .addHelpText("after", "\nExamples:\n  $ harness export k8s --scenario spike --instances 8 --out job.yaml")
    .action(async (flags: { scenario: string; instances: string; target?: string; config?: string; out?: string }) => {
      setExit(
        await exportK8s(ctx, {
          scenario: flags.scenario,
          instances: flags.instances,
          target: flagOrEnv(flags.target, ctx, "HARNESS_TARGET"),
          config: flagOrEnv(flags.config, ctx, "HARNESS_CONFIG"),
          out: flags.out,
        }),
      );
    });
}
