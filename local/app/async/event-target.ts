// EventBridge's delivery to a Lambda target: an asynchronous Invoke of the function with the event as its payload;
// the 202 means Lambda queued it, and anything else fails the delivery (EventBridge then retries it).
import type { AppAsyncFunction } from "./types.ts";

export class InvokeRefusedError extends Error {
  readonly code: string;
  constructor(status: number, type: string) {
    super(`Lambda Invoke answered ${status} ${type}`);
    this.name = "InvokeRefusedError";
    this.code = type || `HTTP${status}`;
  }
}

export function asyncInvoker(fn: Pick<AppAsyncFunction, "port" | "functionName">): (body: string) => Promise<void> {
  const url = `http://127.0.0.1:${fn.port}/2015-03-31/functions/${encodeURIComponent(fn.functionName)}/invocations`;
  return async (body) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-amz-invocation-type": "Event" },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    if (res.status !== 202) throw new InvokeRefusedError(res.status, res.headers.get("x-amzn-errortype") ?? "");
  };
}
