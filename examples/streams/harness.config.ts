// A pipeline that goes on past its sink: the orders table's DynamoDB stream feeds a projection. The local target runs
// it offline (the reference projection behind Lambda's stream event source mapping); the aws target checks the same
// chain on a deployment: every message in `orders` must reach `order-view`, the stream's failure records count as
// that link's dead letters.
//   npx harness run --config examples/streams/harness.config.ts --target local --scenario smoke
import { defineConfig } from "../../config/index.ts";

export default defineConfig({
  runsDir: "runs",
  defaultTarget: "local",
  targets: {
    local: {
      kind: "local",
      stream: { batchSize: 100, bisectBatchOnFunctionError: true, maximumRetryAttempts: 2 },
    },
    deployed: {
      kind: "aws",
      environment: "staging",
      region: "eu-west-1",
      maxRps: 200,
      http: { url: "https://api.example.com/orders" },
      queues: [{ name: "orders", queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders" }],
      dlqs: [{ name: "orders-dlq", queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dlq" }],
      sinks: [
        { name: "orders", table: "orders", idAttribute: "orderId" },
        { name: "order-view", table: "order-view", idAttribute: "pk", idRegex: "^VIEW#(.+)$", after: "orders" },
      ],
      streamFailures: [
        {
          name: "view-failures",
          queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/order-view-failures",
          sink: "order-view",
        },
      ],
      metrics: [
        {
          id: "viewIteratorAge",
          namespace: "AWS/Lambda",
          metricName: "IteratorAge",
          dimensions: { FunctionName: "order-view-projector" },
          stat: "Maximum",
        },
      ],
    },
  },
  gates: { maxLost: 0 },
});
