// What `harness local up` tells the reference app's processes: emulator endpoints, resources, ports and starting controls.
import { readFileSync } from "node:fs";
import type { Bugs, Faults } from "../controls.ts";

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
  consumers: { batchSize: number; maxConcurrency: number };
  faults: Faults;
  bugs: Bugs;
  metricsIntervalMs: number;
}

export function readAppConfig(file: string): AppConfig {
  return JSON.parse(readFileSync(file, "utf8")) as AppConfig;
}
