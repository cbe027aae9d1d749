// Ctrl+C during a run: the first stops arrivals (the run still drains, verifies and reports); the second quits at once.

import type { CliContext } from "../common/cli-context.ts";
import { ExitCode } from "../common/exit-codes.ts";

export function onInterrupt(ctx: CliContext): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = () => {
    if (!controller.signal.aborted) {
      ctx.output.err(
        "\n[run] interrupted: stopping arrivals, then draining, verifying and reporting a partial run (Ctrl+C again to quit now)",
      );
      controller.abort(new Error("interrupted by SIGINT"));
      return;
    }
    ctx.output.err("[run] interrupted twice: quitting without a report");
    process.exit(ExitCode.thresholdsFailed);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}

/** Runs fn with Ctrl+C wired to its signal, and unwires it afterwards whatever happens. */
export async function withInterrupt<T>(ctx: CliContext, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = onInterrupt(ctx);
  try {
    return await fn(stop.signal);
  } finally {
    stop.dispose();
  }
}
