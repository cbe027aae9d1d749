// An AWS target resolves its endpoints for the SDK: one for every client, or one per service (a mix of emulators).
import { describe, expect, it } from "vitest";
import { clientConfig } from "../../aws/clients.ts";
import { awsTargetSchema } from "../../config/schema-target.ts";
import { resolveAwsTarget } from "../../runner/resolve-aws-target.ts";

const target = (over: Record<string, unknown>) =>
  awsTargetSchema.parse({
    kind: "aws",
    environment: "test",
    region: "us-east-1",
    maxRps: 10,
    sinks: [{ name: "s", table: "orders" }],
    ...over,
  });

describe("resolveAwsTarget endpoints", () => {
  it("gives each service its own endpoint, and the rest the shared one", () => {
    const resolved = resolveAwsTarget(
      "t",
      target({
        endpoint: "http://127.0.0.1:4566",
        endpoints: { sqs: "http://127.0.0.1:9324", dynamodb: "http://127.0.0.1:8000" },
      }),
      {},
    );

    expect(resolved.aws).toEqual({
      region: "us-east-1",
      profile: undefined,
      endpoint: "http://127.0.0.1:4566",
      endpoints: { sqs: "http://127.0.0.1:9324", dynamodb: "http://127.0.0.1:8000" },
    });
    expect(clientConfig(resolved.aws, "sqs").endpoint).toBe("http://127.0.0.1:9324");
    expect(clientConfig(resolved.aws, "dynamodb").endpoint).toBe("http://127.0.0.1:8000");
    expect(clientConfig(resolved.aws, "cloudwatch").endpoint).toBe("http://127.0.0.1:4566");
  });

  it("takes the environment's endpoints where the target names none, a service's own above the shared one", () => {
    const env = { AWS_ENDPOINT_URL: "http://127.0.0.1:4566", AWS_ENDPOINT_URL_SQS: "http://127.0.0.1:9324" };
    const resolved = resolveAwsTarget("t", target({}), env);
    // Recorded with the plan, so a later verify goes where the run went, whatever its own environment says.
    expect(clientConfig(resolved.aws, "sqs", {}).endpoint).toBe("http://127.0.0.1:9324");
    expect(clientConfig(resolved.aws, "dynamodb", {}).endpoint).toBe("http://127.0.0.1:4566");
    const configured = resolveAwsTarget("t", target({ endpoint: "http://127.0.0.1:8000" }), env);
    expect(clientConfig(configured.aws, "sqs", {}).endpoint).toBe("http://127.0.0.1:8000");
  });

  it("has no endpoints when none is configured", () => {
    expect(resolveAwsTarget("t", target({}), {}).aws.endpoints).toBeUndefined();
  });

  it("refuses an unknown service and a value that is not a URL, naming the key", () => {
    const parsed = awsTargetSchema.safeParse({
      kind: "aws",
      environment: "test",
      region: "us-east-1",
      maxRps: 10,
      sinks: [{ name: "s", table: "orders" }],
      endpoints: { sqs: "not a url", lambda2: "http://127.0.0.1:1" },
    });

    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((i) => `${i.path.join(".")}: ${i.code}`).sort();
    expect(paths).toEqual(["endpoints.sqs: invalid_format", "endpoints: unrecognized_keys"]);
  });
});
