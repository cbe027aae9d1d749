// The local target's own handlers in the config: paths made absolute against the config file, and the rules around them.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors.ts";
import { parseHandlerRef } from "../../config/schema-functions.ts";
import { validateConfig } from "../../config/validate.ts";
import { createTableInput } from "../../local/tables.ts";

const sinks = [{ name: "orders", table: "team-orders", idAttribute: "pk" }];

function problems(target: Record<string, unknown>): Array<{ path: string; message: string }> {
  try {
    validateConfig({ targets: { local: { kind: "local", ...target } } }, "/repo/harness.config.ts");
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("functions.consumer", () => {
  it("resolves the handler against the config file's folder and defaults the export to handler", () => {
    const config = validateConfig(
      { targets: { local: { kind: "local", functions: { consumer: { handler: "./src/consumer.ts" } }, sinks } } },
      "/repo/harness.config.ts",
    );
    const target = config.targets.local;
    expect(target?.kind === "local" && target.functions?.consumer).toEqual({
      handler: "/repo/src/consumer.ts#handler",
      environment: {},
      timeoutSeconds: 3,
    });
  });

  it.each([
    ["./a.ts", { path: "./a.ts", exportName: "handler" }],
    ["./a.ts#consume", { path: "./a.ts", exportName: "consume" }],
    ["/abs/b.cjs#main", { path: "/abs/b.cjs", exportName: "main" }],
  ])("parses %s", (ref, expected) => {
    expect(parseHandlerRef(ref)).toEqual(expected);
  });

  it("needs sinks, a timeout within the visibility timeout, and a well-formed reference, all reported at once", () => {
    expect(
      problems({
        consumers: { visibilityTimeoutSeconds: 5 },
        functions: { consumer: { handler: "./a.ts#not-a-name", timeoutSeconds: 10 } },
      }),
    ).toEqual([
      {
        path: "targets.local.functions.consumer.handler",
        message: 'must be "<module path>#<export>", e.g. "./src/consumer.ts#handler"',
      },
      { path: "targets.local.sinks", message: expect.stringContaining("name the table your consumer writes") },
      {
        path: "targets.local.functions.consumer.timeoutSeconds",
        message: "must not exceed consumers.visibilityTimeoutSeconds (5), as AWS requires of an SQS event source",
      },
    ]);
  });
});

describe("tables", () => {
  it("builds CreateTable from keys, or passes the team's own input on (on-demand unless it says otherwise)", () => {
    expect(
      createTableInput({
        name: "t-orders",
        partitionKey: { name: "pk", type: "S" },
        sortKey: { name: "n", type: "N" },
      }),
    ).toEqual({
      TableName: "t-orders",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "n", AttributeType: "N" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "n", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    });
    const own = {
      TableName: "ledger",
      KeySchema: [{ AttributeName: "k", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "k", AttributeType: "S" }],
      BillingMode: "PROVISIONED",
    };
    expect(createTableInput({ createTable: own })).toEqual(own);
  });
});
