// A function's execution environments: worker processes started on demand (a cold start), each running one
// invocation at a time, killed and replaced when an invocation times out or the runtime dies, and retired after an
// idle period, as Lambda does.
import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { runnableUrl } from "../../../common/module-url.ts";
import type { InvokeRequest, WorkerArgs, WorkerReply } from "./worker-protocol.ts";

export const workerMain = fileURLToPath(runnableUrl(new URL("./worker-main.ts", import.meta.url)));

export interface FunctionSpec {
  file: string;
  exportName: string;
  functionName: string;
  timeoutMs: number;
  memoryMB: number;
  /** The worker's whole environment (nothing is inherited from the harness: no host credentials reach the handler). */
  env: Record<string, string>;
  /** A worker idle this long is retired; the next invocation cold-starts a new one. 0: never. */
  idleTimeoutMs?: number;
  /** Told of each cold start (a worker process started for an invocation), for the function's metrics. */
  onColdStart?: () => void;
}

export type InvokeOutcome =
  | { ok: true; value: unknown; requestId: string }
  | { ok: false; errorType: string; errorMessage: string; requestId: string };

interface Worker {
  child: ChildProcess;
  /** The reply handler of the invocation in flight. */
  pending?: ((reply: WorkerReply | { kind: "exited"; code: number | null; signal: string | null }) => void) | undefined;
  /** Retires the worker when it stays idle past the pool's idle timeout. */
  idleTimer?: NodeJS.Timeout | undefined;
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly spec: FunctionSpec;
  coldStarts = 0;
  /** Workers retired after their idle period. */
  retired = 0;

  constructor(spec: FunctionSpec) {
    this.spec = spec;
  }

  get size(): number {
    return this.all.size;
  }

  /** Runs one invocation; a timeout, a throw or a dead runtime is an outcome, never a rejection. */
  async invoke(event: unknown): Promise<InvokeOutcome> {
    const requestId = randomUUID();
    let worker: Worker;
    try {
      worker = this.takeIdle() ?? (await this.start());
    } catch (error) {
      return { ok: false, requestId, errorType: "Runtime.InitError", errorMessage: (error as Error).message };
    }
    const deadline = Date.now() + this.spec.timeoutMs;
    const reply = await new Promise<Parameters<NonNullable<Worker["pending"]>>[0] | "timeout">((resolve) => {
      const timer = setTimeout(() => resolve("timeout"), this.spec.timeoutMs);
      worker.pending = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
      const request: InvokeRequest = { kind: "invoke", requestId, event, deadline };
      worker.child.send(request);
    });
    worker.pending = undefined;
    if (reply === "timeout") {
      // Lambda stops the environment of a timed-out invocation; whatever the handler still does is cut off.
      this.discard(worker);
      const seconds = (this.spec.timeoutMs / 1000).toFixed(2);
      return {
        ok: false,
        requestId,
        errorType: "Sandbox.Timedout",
        errorMessage: `Task timed out after ${seconds} seconds`,
      };
    }
    if (reply.kind === "result") {
      this.release(worker);
      return reply.ok
        ? { ok: true, value: reply.value, requestId }
        : { ok: false, requestId, errorType: reply.errorType, errorMessage: reply.errorMessage };
    }
    this.discard(worker);
    const how = reply.kind === "exited" ? `code ${reply.code} signal ${reply.signal}` : reply.kind;
    return { ok: false, requestId, errorType: "Runtime.ExitError", errorMessage: `runtime exited (${how})` };
  }

  /** The most recently used idle worker (the warmest), its idle timer stopped. */
  private takeIdle(): Worker | undefined {
    const worker = this.idle.pop();
    if (worker !== undefined) clearTimeout(worker.idleTimer);
    return worker;
  }

  private release(worker: Worker): void {
    this.idle.push(worker);
    const idleMs = this.spec.idleTimeoutMs ?? 0;
    if (idleMs <= 0) return;
    clearTimeout(worker.idleTimer);
    worker.idleTimer = setTimeout(() => this.retire(worker), idleMs);
    // An idle worker's timer never keeps the lambda process alive.
    worker.idleTimer.unref();
  }

  private retire(worker: Worker): void {
    const at = this.idle.indexOf(worker);
    if (at < 0) return;
    this.idle.splice(at, 1);
    this.retired += 1;
    this.discard(worker);
  }

  private start(): Promise<Worker> {
    const args: WorkerArgs = {
      file: this.spec.file,
      exportName: this.spec.exportName,
      functionName: this.spec.functionName,
      memoryMB: this.spec.memoryMB,
    };
    const child = fork(workerMain, [JSON.stringify(args)], {
      env: this.spec.env,
      execArgv: [`--max-old-space-size=${this.spec.memoryMB}`],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const worker: Worker = { child };
    this.all.add(worker);
    this.coldStarts += 1;
    this.spec.onColdStart?.();
    // A send to a worker that just died fails here rather than crashing the lambda process; its exit fails the invocation.
    child.on("error", () => undefined);
    child.on("exit", (code, signal) => {
      this.all.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      worker.pending?.({ kind: "exited", code, signal });
    });
    return new Promise((resolve, reject) => {
      worker.pending = (reply) => {
        worker.pending = undefined;
        if (reply.kind === "ready") resolve(worker);
        else {
          this.discard(worker);
          reject(new Error(reply.kind === "loadFailed" ? reply.message : `runtime exited during init (${reply.kind})`));
        }
      };
      child.on("message", (message: WorkerReply) => worker.pending?.(message));
    });
  }

  private discard(worker: Worker): void {
    clearTimeout(worker.idleTimer);
    this.all.delete(worker);
    worker.child.kill("SIGKILL");
  }

  stop(): void {
    for (const worker of this.all) {
      clearTimeout(worker.idleTimer);
      worker.child.kill("SIGKILL");
    }
    this.all.clear();
    this.idle.length = 0;
  }
}
