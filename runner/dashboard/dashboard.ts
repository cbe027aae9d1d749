// `harness run --dashboard[=port]`: serves the live page while the run goes, and (with --keep-dashboard) after it.
import type { Output } from "../../common/output.ts";
import { LiveEvents } from "../live-events.ts";
import { DashboardPortError } from "./errors.ts";
import { livePage } from "./page.ts";
import { DashboardServer } from "./server.ts";

export interface DashboardOptions {
  /** The flag's value: true (a free port) or the port as typed. */
  port: true | string;
  /** Serve the page after the run until Ctrl+C (a page opened then still shows the whole run). */
  keep: boolean;
  output: Output;
  /** Resolves when the user asks to stop serving after the run; default: the first SIGINT or SIGTERM. */
  untilStopped?: () => Promise<void>;
}

/**
 * Starts the page before the run (a busy port exits 4 before anything starts), runs it with the page listening to its
 * live events, and tells the page the run ended, with its exit code or the error that ended it. Without keep, the
 * pages connected get the last events and the server closes with the run: each page keeps what it has.
 */
export async function withDashboard(
  options: DashboardOptions,
  run: (live: LiveEvents) => Promise<number>,
): Promise<number> {
  const port = parsePort(options.port);
  const server = new DashboardServer({ port, page: livePage() });
  try {
    await server.listen();
  } catch (error) {
    throw new DashboardPortError(String(options.port), error instanceof Error ? error.message : String(error));
  }
  const { output } = options;
  output.err(`[dashboard] watch it live: ${server.url}`);
  const live = new LiveEvents();
  live.on((event) => server.push(event));
  try {
    let exitCode: number;
    try {
      exitCode = await run(live);
    } catch (error) {
      live.emit({
        kind: "end",
        at: Date.now(),
        exitCode: null,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
    live.emit({ kind: "end", at: Date.now(), exitCode });
    if (options.keep) {
      output.err(`[dashboard] the run ended; still serving ${server.url} (Ctrl+C to stop)`);
      await (options.untilStopped ?? nextInterrupt)();
    }
    return exitCode;
  } finally {
    await server.close();
    if (server.dropped > 0) output.err(`[dashboard] ${server.dropped} page(s) dropped for not reading their events`);
  }
}

function parsePort(flag: true | string): number {
  if (flag === true) return 0;
  if (!/^\d+$/.test(flag)) throw new DashboardPortError(flag, "not a port number");
  const port = Number(flag);
  if (port < 1 || port > 65_535) throw new DashboardPortError(flag, "out of range");
  return port;
}

/** The run's own Ctrl+C handling is gone by now: this one only ends the wait. */
function nextInterrupt(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
