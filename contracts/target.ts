// A target resolved for one run: everything the engine, verifier and collectors need, whether AWS or local.
import type { AwsClientOptions } from "../aws/clients.ts";
import type { DlqConfig, MetricQueryConfig, QueueConfig, SinkConfig } from "../config/schema-target.ts";

export interface ResolvedTarget {
  name: string;
  kind: "aws" | "local";
  environment: "local" | "test" | "staging" | "production";
  maxRps: number;
  aws: AwsClientOptions;
  http?: {
    url: string;
    method: "POST" | "PUT";
    headers: Record<string, string>;
    bodyTemplate: string;
    timeoutMs: number;
  };
  events?: { busName: string; source: string; detailType: string };
  /** Queue the SQS channel sends to directly (SendMessageBatch). */
  sqs?: { queueUrl: string };
  /** Queues watched for the drain and by the sampler. */
  queues: QueueConfig[];
  sinks: SinkConfig[];
  dlqs: DlqConfig[];
  metrics: MetricQueryConfig[];
  /** AWS only: FIS experiment template IDs by the name chaos steps use. */
  fis?: { templates: Record<string, string> };
  /** Local only: the reference app's fault-control endpoint. */
  control?: { url: string };
}
