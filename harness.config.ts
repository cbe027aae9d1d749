// Example config: the embedded `local` target, and an AWS `prod-like` target to copy and fill in.
import { defineConfig } from "./config/index.ts";

export default defineConfig({
  runsDir: "runs",
  defaultTarget: "local",
  defaultScenario: "smoke",

  targets: {
    // Real emulators (fauxqs, dynalite, moto) and the reference serverless app on 127.0.0.1,
    // started by `harness local up` (or by `harness run --target local` when it is not up).
    local: {
      kind: "local",
      environment: "local",
      maxRps: 5000,
      gateway: { rate: 2000, burst: 500 }, // API Gateway stage throttling: 429 above this
      consumers: { batchSize: 10, maxConcurrency: 32, visibilityTimeoutSeconds: 30 }, // pollers scale from 5 up to maxConcurrency with the backlog
      maxReceiveCount: 3, // receives before SQS redrives a message to the DLQ
      eventsPutRate: 2000, // PutEvents quota of the EventBridge stand-in
    },

    // A deployed pipeline on AWS. Uncomment and fill in; credentials come from the default
    // provider chain (AWS_PROFILE, SSO, OIDC role in CI) and never from this file.
    // "prod-like": {
    //   kind: "aws",
    //   environment: "staging",
    //   region: "eu-west-1",
    //   maxRps: 3000,
    //   http: {
    //     url: "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/orders",
    //     // IAM authorization: each request SigV4-signed with the default credential chain (or a token module, or
    //     // OAuth2 client credentials from the environment: README, "Authenticated targets").
    //     auth: { type: "sigv4" },
    //   },
    //   events: { busName: "orders", source: "harness.load", detailType: "OrderPlaced" },
    //   queues: [{ name: "ingest", queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-ingest" }],
    //   sinks: [{ name: "orders", table: "orders", idAttribute: "pk", idRegex: "^MSG#(.+)$", sentAtAttribute: "sentAt", processedAtAttribute: "processedAt" }],
    //   dlqs: [
    //     // archiveQueueUrl: this run's messages are moved there after reading, so the next run starts with an empty DLQ.
    //     { name: "ingest-dlq", queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-ingest-dlq", idPath: "id",
    //       archiveQueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-ingest-dlq-archive" },
    //     { name: "events-dlq", queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-events-dlq", idPath: "detail.id" },
    //   ],
    //   metrics: [
    //     { id: "throttles", namespace: "AWS/Lambda", metricName: "Throttles", dimensions: { FunctionName: "orders-consumer" } },
    //     { id: "api429", namespace: "AWS/ApiGateway", metricName: "4XXError", dimensions: { ApiName: "orders" } },
    //   ],
    //   fis: { templates: { "lambda-errors": "EXT1a2b3c4d5e6f7" } },
    //   // Merged over the top-level gates for runs against this target only.
    //   gates: { e2eLatencyMs: { "p(99)": 2000 }, maxDeadLettered: 0 },
    // },
  },

  // Built-in scenarios (smoke, spike, ramp, soak, breakpoint) are always there; add or replace here.
  scenarios: {
    // k6's vocabulary; `payload` names a module whose default export builds each body (definePayload).
    orders: {
      executor: "constant-arrival-rate",
      rate: 50,
      duration: "20s",
      channels: { http: 3, events: 1 },
      payload: "./loadtests/payloads/order.ts",
      thresholds: { http_req_failed: ["rate<0.01"], http_req_duration: ["p(95)<500"] },
    },
  },

  gates: {
    maxLost: 0, // a limit above 0 accepts known loss explicitly (the verdict still says valid: false)
    maxUnexpected: 0,
    maxUnknownShare: 0.1, // the default: more than a tenth of the outcomes unknown (timeouts, 5xx) fails the run
    e2eLatencyMs: { "p(99)": 5000 },
  },
});
