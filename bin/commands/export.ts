// `harness export k8s`: a Kubernetes Indexed Job whose pods each run one execution segment.
import type { Command } from "commander";
import { type CliContext, flagOrEnv } from "../../common/cli-context.ts";

interface ExportFlags {
  scenario: string;
  instances: string;
  target?: string;
  config?: string;
  out?: string;
  image?: string;
  volumeClaim?: string;
  s3?: string;
  runId?: string;
  serviceAccount?: string;
  startAt?: string;
}

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
    .option("--image <image>", "container image with harness and the config (default: harness:latest)")
    .option(
      "--volume-claim <name>",
      "ReadWriteMany PVC shared by the pods for their ledgers (default: harness-ledgers)",
    )
    .option("--s3 <prefix>", "also upload each segment's ledger to this s3:// prefix (the image needs the AWS CLI)")
    .option("--run-id <id>", "run ID shared by all segments (default: a new one)")
    .option("--service-account <name>", "service account with the AWS role (IRSA / Pod Identity)")
    .option("--start-at <iso>", "every pod starts its segment at this instant (allow for scheduling and image pulls)")
    .addHelpText("after", "\nExamples:\n  $ harness export k8s --scenario spike --instances 8 --out job.yaml")
    .action(async (flags: ExportFlags) => {
      // Loaded when the command runs: other commands need not pay for the runner.
      const { exportK8s } = await import("../../runner/export-k8s.ts");
      setExit(
        await exportK8s(ctx, {
          scenario: flags.scenario,
          instances: flags.instances,
          target: flagOrEnv(flags.target, ctx, "HARNESS_TARGET"),
          config: flagOrEnv(flags.config, ctx, "HARNESS_CONFIG"),
          out: flags.out,
          image: flags.image,
          volumeClaim: flags.volumeClaim,
          s3: flags.s3,
          runId: flags.runId,
          serviceAccount: flags.serviceAccount,
          startAt: flags.startAt,
        }),
      );
    });
}
