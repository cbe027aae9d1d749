// Secrets in no artifact and no log line (issue 16 item 13): header values by name and pattern, URL user info refused.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { handleError } from "../../bin/handle-error.ts";
import { HarnessError } from "../../common/errors.ts";
import { memoryOutput } from "../../common/output.ts";
import { redactHeaders, redactText, redactUrl } from "../../common/redact.ts";
import { ConfigError } from "../../config/errors.ts";
import { validateConfig } from "../../config/validate.ts";
import { resolveAwsTarget } from "../../runner/resolve-aws-target.ts";
import { planRun } from "../../runner/stages/plan.ts";
import { recordPlan, redactTarget } from "../../runner/stages/record-plan.ts";

const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlc2lnbmF0dXJl";
const headers = {
  Authorization: "Bearer s3cr3t-bearer-value",
  "x-api-key": "k3y-value-123",
  Cookie: "session=abc123",
  "X-Amz-Security-Token": "FwoGZXIvYXdzEXAMPLE",
  "X-Session-Token": "opaque-value",
  "X-Forwarded-Auth": `${jwt}`,
  "X-Trace": "AKIAIOSFODNN7EXAMPLE",
  "X-Custom": "Bearer another-secret",
  "Content-Type": "application/json",
  "X-Request-Source": "nightly",
};

describe("header values redacted by name and by pattern", () => {
  it("replaces every secret value and keeps every name and every harmless value", () => {
    expect(redactHeaders(headers)).toEqual({
      Authorization: "[redacted]",
      "x-api-key": "[redacted]",
      Cookie: "[redacted]",
      "X-Amz-Security-Token": "[redacted]",
      "X-Session-Token": "[redacted]",
      "X-Forwarded-Auth": "[redacted]",
      "X-Trace": "[redacted]",
      "X-Custom": "[redacted]",
      "Content-Type": "application/json",
      "X-Request-Source": "nightly",
    });
  });

  it("redacts secret query parameters and secrets in free text", () => {
    expect(redactUrl("https://api.example.com/orders?api_key=abc&region=eu")).toBe(
      "https://api.example.com/orders?api_key=%5Bredacted%5D&region=eu",
    );
    expect(redactUrl("https://api.example.com/orders?region=eu")).toBe("https://api.example.com/orders?region=eu");
    expect(
      redactText(
        `connect to https://bob:hunter2@api.example.com failed; sent Bearer abc.def and ${jwt} AKIAIOSFODNN7EXAMPLE`,
      ),
    ).toBe("connect to https://[redacted]@api.example.com failed; sent Bearer [redacted] and [redacted] [redacted]");
  });
});

describe("plan.json", () => {
  const config = validateConfig({
    targets: {
      api: {
        kind: "aws",
        environment: "test",
        region: "eu-west-1",
        maxRps: 100,
        http: { url: "https://api.example.com/orders?token=qs-secret", headers },
        sinks: [{ name: "s", table: "orders" }],
      },
    },
  });

  it("keeps no secret header value, while the target the engine sends with keeps them all", () => {
    const target = resolveAwsTarget("api", config.targets.api as never, {});
    const stored = redactTarget(target);
    expect(stored.http?.headers.Authorization).toBe("[redacted]");
    expect(stored.http?.headers["X-Request-Source"]).toBe("nightly");
    expect(target.http?.headers.Authorization).toBe("Bearer s3cr3t-bearer-value");
    expect(target.http?.url).toBe("https://api.example.com/orders?token=qs-secret");
  });

  it("written to the run directory, holds none of the secrets", () => {
    const cwd = mkdtempSync(join(tmpdir(), "harness-secrets-"));
    const output = memoryOutput();
    const ctx = planRun({
      cli: { cwd, env: {}, output },
      config,
      configFile: undefined,
      request: {
        target: "api",
        scenario: "smoke",
        config: undefined,
        runsDir: undefined,
        rate: undefined,
        duration: undefined,
        confirmProduction: false,
        compare: undefined,
        segment: undefined,
      },
      resources: new AsyncDisposableStack(),
    });
    const { run } = recordPlan(ctx, resolveAwsTarget("api", config.targets.api as never, {}));
    const written = readdirSync(run.dir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => readFileSync(join(run.dir, f), "utf8"))
      .join("\n");
    expect(written).toContain('"Authorization": "[redacted]"');
    for (const secret of [
      "s3cr3t",
      "k3y-value",
      "abc123",
      "FwoGZXIv",
      "opaque-value",
      jwt,
      "AKIA",
      "another-secret",
      "qs-secret",
    ])
      expect(written).not.toContain(secret);
    expect([...output.stdout, ...output.stderr].join("\n")).not.toContain("s3cr3t");
  });
});

describe("URL user info", () => {
  it("is refused at validation in http.url, endpoint and every queue URL, without printing the password", () => {
    let error: unknown;
    try {
      validateConfig({
        targets: {
          api: {
            kind: "aws",
            environment: "test",
            region: "eu-west-1",
            maxRps: 100,
            endpoint: "https://admin:hunter2@localstack.example.com:4566",
            http: { url: "https://bob:hunter2@api.example.com/orders" },
            queues: [{ name: "q", queueUrl: "https://u:hunter2@sqs.eu-west-1.amazonaws.com/123456789012/q" }],
            sinks: [{ name: "s", table: "orders" }],
            dlqs: [
              {
                name: "d",
                queueUrl: "https://u:hunter2@sqs.eu-west-1.amazonaws.com/123456789012/d",
                archiveQueueUrl: "https://u:hunter2@sqs.eu-west-1.amazonaws.com/123456789012/a",
              },
            ],
          },
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.path)).toEqual([
      "targets.api.endpoint",
      "targets.api.http.url",
      "targets.api.queues[0].queueUrl",
      "targets.api.dlqs[0].queueUrl",
      "targets.api.dlqs[0].archiveQueueUrl",
    ]);
    expect(problems[0]?.message).toMatch(/must not hold a user name or password.*http\.headers/);
    const output = memoryOutput();
    expect(handleError(error, output, true)).toBe(4);
    expect(output.stderr.join("\n")).not.toContain("hunter2");
  });

  it("never reaches stderr through an error message", () => {
    const output = memoryOutput();
    handleError(new HarnessError("could not reach https://bob:hunter2@api.example.com (Bearer tok123)"), output, false);
    expect(output.stderr.join("\n")).not.toMatch(/hunter2|tok123/);
  });
});
