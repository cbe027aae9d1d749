// How a load stops early: the caller's abort signal, Ctrl-C (once: graceful, twice: abandon), a failed shard, an abort
// threshold. Disposing it unhooks the signal and SIGINT listeners.
import type { Output } from "../../common/output.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { ShardHost } from "./shard-host.ts";

export interface LoadStopOptions {
  output: Output;
  signal?: AbortSignal | undefined;
  /** Stop on the process's SIGINT. Default true. */
  handleSigint?: boolean | undefined;
}

export class LoadStop implements Disposable {
  /** Stopped by the signal or Ctrl-C: the summary says the run is partial. */
  interrupted = false;
  /** Stopped by an abortOnFail threshold. */
  aborted: LoadSummary["aborted"] = null;
  private stoppedAll = false;
  private sigints = 0;
  private readonly hosts: readonly ShardHost[];
  private readonly output: Output;
  private readonly signal: AbortSignal | undefined;
  private readonly onAbortSignal = () => {
    this.interrupted = true;
    this.stopAll();
  };
  private readonly onSigint = () => {
    this.sigints++;
    this.interrupted = true;
    if (this.sigints === 1) {
      this.output.err("[load] interrupted: no new arrivals; waiting for in-flight messages (Ctrl-C again to stop now)");
      this.stopAll();
    } else for (const h of this.hosts) h.abandon();
  };

  constructor(hosts: readonly ShardHost[], options: LoadStopOptions) {
    this.hosts = hosts;
    this.output = options.output;
    this.signal = options.signal;
    this.signal?.addEventListener("abort", this.onAbortSignal, { once: true });
    // An already-aborted signal never fires "abort": the run is interrupted before it starts.
    if (this.signal?.aborted === true) this.interrupted = true;
    if (options.handleSigint !== false) process.on("SIGINT", this.onSigint);
  }

  get stopped(): boolean {
    return this.stoppedAll;
  }

  /** No new arrivals on any shard; in-flight messages finish. */
  stopAll(): void {
    if (this.stoppedAll) return;
    this.stoppedAll = true;
    for (const h of this.hosts) h.stop();
  }

  /** An abort threshold failed: stop, and say why in the summary. */
  abort(reason: string, at: number): void {
    this.aborted = { reason, at };
    this.output.err(`[load] aborting: ${reason}`);
    this.stopAll();
  }

  [Symbol.dispose](): void {
    this.signal?.removeEventListener("abort", this.onAbortSignal);
    process.off("SIGINT", this.onSigint);
  }
}
