// `harness run`: one whole job (plan, preflight, load, drain, verify, collect, report) against a target.
import type { Command } from "commander";
import { type CliContext, flagOrEnv } from "../../common/cli-context.ts";
import type { LiveEvents } from "../../runner/live-events.ts";

interface RunFlags {
  target?: string;
  scenario?: string;
  config?: string;
  rate?: string;
  duration?: string;
  confirmProduction?: boolean;
  compare?: string;
  segment?: string;
  runsDir?: string;
  runId?: string;
  loadOnly?: boolean;
  startAt?: string;
  out?: string[];
  dashboard?: true | string;
  keepDashboard?: boolean;
}

export function registerRun(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command("run")
    .description("drive a load shape into a target, then drain, verify every message ID, collect metrics and report")
    .option(
      "-t, --target <name>",
      "target from the config (env HARNESS_TARGET; default: config's defaultTarget, else local)",
    )
    .option(
      "-s, --scenario <name>",
      "scenario: smoke, spike, ramp, soak, breakpoint or one from the config (env HARNESS_SCENARIO)",
    )
    .option("-c, --config <file>", "config file (env HARNESS_CONFIG; default: ./harness.config.ts)")
    .option("--rate <n>", "override the scenario's rate (arrivals per time unit)")
    .option("--duration <d>", "override the scenario's duration, e.g. 30s, 5m")
    .option("--confirm-production", "allow a target marked environment: production")
    .option(
      "--compare <run>",
      "judge regressions against an earlier run of the same target, executor and channels as gates (a run directory or latest-pass)",
    )
    .option("--segment <i/n>", "run only execution segment i of n (several hosts split one plan)")
    .option(
      "--out <type=value>",
      "also stream metrics each second: otlp=<collector url> or prometheus=<port> (repeatable; adds to the config's outputs)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--runs-dir <dir>", "where run directories go (env HARNESS_RUNS_DIR; default: config's runsDir)")
    .option("--run-id <id>", "use this run ID (all segments of one distributed plan share it)")
    .option("--load-only", "stop after the load (a segment of a distributed run; `harness verify` merges the ledgers)")
    .option(
      "--start-at <iso>",
      "start the load at this instant (every segment of a distributed plan the same; a segment ready later does not start, exit 99)",
    )
    .option(
      "--dashboard [port]",
      "watch the run live in a browser: a page on 127.0.0.1 (default: a free port), its address printed at start",
    )
    .option("--keep-dashboard", "after the run, keep serving the dashboard page until Ctrl+C (implies --dashboard)")
    .addHelpText(
      "after",
      `
Examples:
  $ harness run --target local --scenario smoke
  $ harness run --target prod-like --scenario spike --rate 3000
  $ harness run --target prod --scenario soak --confirm-production
  $ harness run --target local --scenario spike --dashboard`,
    )
    .action(async (flags: RunFlags) => {
      // Loaded when the command runs: `--help`, `--version` and the other commands need not pay for the runner.
      const [{ runJob }, { withInterrupt }] = await Promise.all([
        import("../../runner/run.ts"),
        import("../interrupt.ts"),
      ]);
      const request = {
        target: flagOrEnv(flags.target, ctx, "HARNESS_TARGET"),
        scenario: flagOrEnv(flags.scenario, ctx, "HARNESS_SCENARIO"),
        config: flagOrEnv(flags.config, ctx, "HARNESS_CONFIG"),
        runsDir: flagOrEnv(flags.runsDir, ctx, "HARNESS_RUNS_DIR"),
        rate: flags.rate,
        duration: flags.duration,
        confirmProduction: flags.confirmProduction === true,
        compare: flags.compare,
        segment: flags.segment,
        runId: flags.runId,
        loadOnly: flags.loadOnly === true,
        startAt: flags.startAt,
        out: flags.out,
      };
      const run = (live?: LiveEvents) => withInterrupt(ctx, (signal) => runJob(ctx, { ...request, signal, live }));
      const dashboard = flags.dashboard ?? (flags.keepDashboard === true ? true : undefined);
      setExit(
        dashboard === undefined
          ? await run()
          : await (await import("../../runner/dashboard/dashboard.ts")).withDashboard(
              { port: dashboard, keep: flags.keepDashboard === true, output: ctx.output },
              run,
            ),
      );
    });
}
