// Messages between the lambda process and a function's worker process (over the fork IPC channel).

export interface InvokeRequest {
  kind: "invoke";
  requestId: string;
  event: unknown;
  /** Epoch ms at which the invocation times out (the context's getRemainingTimeInMillis counts down to it). */
  deadline: number;
}

export type WorkerReply =
  | { kind: "ready" }
  | { kind: "loadFailed"; message: string }
  | { kind: "result"; requestId: string; ok: true; value: unknown }
  | { kind: "result"; requestId: string; ok: false; errorType: string; errorMessage: string };

/** What the worker is told at spawn, in argv: the module, the export, and the function's identity. */
export interface WorkerArgs {
  file: string;
  exportName: string;
  functionName: string;
  memoryMB: number;
  /** Only load the module and exit 0, or print why not and exit 1 (`harness local up` checks this first). */
  check?: boolean;
}
