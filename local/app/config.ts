// What `harness local up` tells the reference app's processes: emulator endpoints, resources, ports and starting controls.
import { existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { Bugs, Faults } from "../controls.ts";
import type { AppStream } from "../streams-stack.ts";
import type { AppFunction } from "./app-function.ts";
import type { AppAsyncFunction } from "./async/types.ts";
import type { GatewayAuthConfig } from "./auth/check.ts";
import type { AppSagaConfig } from "./saga/index.ts";

export type { AppFunction } from "./app-function.ts";

export interface AppConfig {
  region: string;
  endpoints: { sqs: string; dynamodb: string; cloudwatch: string };
  /** control: the api process's endpoint (the public one); lambdaControl: the lambda process's own. */
  ports: { gateway: number; events: number; control: number; lambdaControl: number };
  ingest: { queueUrl: string; queueArn: string };
  events: {
    queueUrl: string;
    queueArn: string;
    targetDlqUrl: string;
    busName: string;
    ruleName: string;
    source: string;
    detailType: string;
  };
  table: string;
  functionName: string;
  apiName: string;
  /** processes: how many processes run the reference consumer's invocations (absent or 1: the lambda process itself). */
  consumers: { batchSize: number; maxConcurrency: number; visibilityTimeoutSeconds: number; processes?: number };
  faults: Faults;
  bugs: Bugs;
  metricsIntervalMs: number;
  /** `gateway.auth` and what it checks against; absent: no auth. */
  gatewayAuth?: GatewayAuthConfig;
  /** The team's consumer behind both event source mappings; absent: the reference consumer. */
  consumerFunction?: AppFunction;
  /** The saga, its Step Functions API and the gateway's `POST /saga` route; absent: none of them run. */
  saga?: AppSagaConfig;
  /** The asynchronously invoked function behind the Invoke API (config `asyncFunction`); absent: none. */
  asyncFunction?: AppAsyncFunction;
  /** With `stream` in the config: the stream's event source mapping and its consumer. */
  stream?: AppStream;
}

/** What `up` writes instead of a config when it fails before provisioning: the processes exit at once. */
export interface CancelledConfig {
  cancelled: true;
}

/**
 * The app processes start while the emulators do (loading the SDK takes seconds), so they wait here for
 * `up` to provision and write their config (atomically, by rename); no config within the limit means exit.
 */
export async function waitForAppConfig(file: string, timeoutMs: number): Promise<AppConfig | CancelledConfig> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`no config at ${file} within ${timeoutMs} ms`);
    await sleep(25);
  }
  return JSON.parse(readFileSync(file, "utf8")) as AppConfig | CancelledConfig;
}
