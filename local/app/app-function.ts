// A team's function as `harness local up` hands it to the app's processes (its own file: the stack, the functions
// and the app's config all name it, and none of them may import the others for it).
/** A team's handler in place of the reference one (config `functions.<name>`, its path made absolute). */
export interface AppFunction {
  file: string;
  exportName: string;
  environment: Record<string, string>;
  timeoutMs: number;
  memoryMB: number;
  reservedConcurrency?: number;
  /** A worker idle this long is retired (Lambda reclaiming the environment); the next invocation cold-starts. */
  idleTimeoutMs: number;
}
