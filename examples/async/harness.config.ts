// An asynchronously invoked function, checked message by message: locally (the embedded target's Invoke API, with
// AWS's retries on a faster clock) and deployed (the same function's destination and DLQ read as DLQs).
// Run from this folder: `npx harness run --target local --scenario async-chaos`.
import { defineConfig } from "../../config/define.ts";

export default defineConfig({
  targets: {
    local: {
      kind: "local",
      // AWS's defaults (2 retries, 6 h maximum age), a destination and a DLQ; retry waits at 1/100 of AWS's.
      asyncFunction: { timeScale: 0.01, ruleTarget: true },
      // Your own function instead of the reference one (uncomment, and name the table it writes):
      // functions: { async: { handler: "./src/on-order.ts#handler", environment: { ORDERS_TABLE: "orders" } } },
      // tables: [{ name: "orders", partitionKey: "orderId" }],
      // sinks: [{ name: "orders", table: "orders", idAttribute: "orderId" }],
    },
    staging: {
      kind: "aws",
      environment: "staging",
      region: "eu-west-1",
      maxRps: 200,
      asyncFunctions: [
        {
          name: "on-order",
          functionName: "on-order",
          destinationQueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/on-order-failures",
          dlqUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/on-order-dlq",
          idPath: "id",
        },
      ],
      sinks: [{ name: "orders", table: "orders", idAttribute: "orderId" }],
    },
  },
  scenarios: {
    "async-chaos": {
      description: "20 s at 20/s invoked asynchronously, half through the EventBridge rule; function errors mid-run",
      executor: "constant-arrival-rate",
      rate: 20,
      duration: "20s",
      channels: { lambda: 1, events: 1 },
      chaos: [{ at: "5s", duration: "10s", action: "fault", params: { asyncErrorRate: 0.5 } }],
    },
  },
  drain: { timeout: "2m", settle: "2s" },
  // Events that failed for good sit in the destination and the DLQ: dead-lettered, accounted for, judged here.
  gates: { maxLost: 0, maxDeadLettered: 50 },
});
