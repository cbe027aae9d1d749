// `harness local up|down|status|fault`: the embedded target's emulators and reference app.
import type { Command } from "commander";
import { type CliContext, flagOrEnv } from "../../common/cli-context.ts";

/** Loaded when a `local` command runs: other commands (and `--help`) need not pay for the emulators' modules. */
const localCommands = () => import("../../local/command.ts");

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerLocal(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const local = program
    .command("local")
    .description("the embedded local target: real emulators (fauxqs, dynalite, moto) and the reference serverless app");
  local
    .command("up")
    .description("start the emulators and the reference app on free loopback ports and provision the resources")
    .option("--fault <name=value>", "set a fault control at start (repeatable), e.g. consumerErrorRate=0.2", collect)
    .option(
      "--bug <mode=fraction>",
      "enable a deliberate bug mode (repeatable): silentDrop, ackBeforeWrite, doubleWrite",
      collect,
    )
    .option("-t, --target <name>", "local target whose knobs to use (default: local)")
    .option("-c, --config <file>", "config file (env HARNESS_CONFIG)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ harness local up\n  $ harness local up --bug silentDrop=0.01 --fault consumerErrorRate=0.1",
    )
    .action(async (flags: { fault?: string[]; bug?: string[]; target?: string; config?: string }) => {
      const { localUp } = await localCommands();
      setExit(
        await localUp(ctx, {
          faults: flags.fault ?? [],
          bugs: flags.bug ?? [],
          target: flags.target,
          config: flagOrEnv(flags.config, ctx, "HARNESS_CONFIG"),
        }),
      );
    });
  local
    .command("down")
    .description("stop everything `local up` started, by process id")
    .action(async () => setExit(await (await localCommands()).localDown(ctx)));
  local
    .command("status")
    .description("show whether the local target is up, its endpoints, and which IDs each bug mode harmed")
    .option("--json", "print machine-readable JSON")
    .action(async (flags: { json?: boolean }) =>
      setExit(await (await localCommands()).localStatus(ctx, { json: flags.json === true })),
    );
  local
    .command("fault")
    .description("change fault controls while the target runs, e.g. consumerErrorRate=0.5 gatewayRate=100")
    .argument("<assignments...>", "NAME=VALUE pairs")
    .addHelpText(
      "after",
      "\nExamples:\n  $ harness local fault consumerErrorRate=0.5\n  $ harness local fault consumerErrorRate=0",
    )
    .action(async (assignments: string[]) => setExit(await (await localCommands()).localFault(ctx, assignments)));
}
