// What `harness local up` tells the lambda and api processes about the asynchronously invoked function.
import type { AppFunction } from "../app-function.ts";

export interface AsyncQueueRef {
  queueUrl: string;
  queueArn: string;
}

export interface AppAsyncFunction {
  functionName: string;
  functionArn: string;
  /** The Lambda Invoke API's port (the lambda process serves it). */
  port: number;
  /** AWS's async timing multiplied by this (config `asyncFunction.timeScale`). */
  timeScale: number;
  /** Events invoked at once by the internal queue. */
  concurrency: number;
  destination?: AsyncQueueRef;
  dlq?: AsyncQueueRef;
  /** The EventBridge rule invokes this function instead of sending to the events queue. */
  ruleTarget: boolean;
  /** The team's handler (config `functions.async`); absent: the reference function. */
  team?: AppFunction;
}
