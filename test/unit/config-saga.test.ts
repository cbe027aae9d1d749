// A deployed saga's config: step tables must name steps of saga.steps, each step needs its table, one role per table.
import { describe, expect, it } from "vitest";
import { awsTargetSchema } from "../../config/schema-target.ts";

const target = (saga: unknown) => ({
  kind: "aws",
  environment: "staging",
  region: "eu-west-1",
  maxRps: 10,
  sinks: [{ name: "orders", table: "orders" }],
  sfn: { stateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:order-saga" },
  saga,
});

const problems = (input: unknown) => {
  const parsed = awsTargetSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("saga config", () => {
  it("takes steps and their tables, with the sink fields for finding the ID", () => {
    const parsed = awsTargetSchema.parse(
      target({
        steps: ["reserve", "charge"],
        tables: [
          { name: "r", table: "reservations", idAttribute: "orderId", step: "reserve" },
          { name: "c", table: "payments", idPath: "order.id", step: "charge" },
          { name: "undo-r", table: "releases", idRegex: "^ORDER#(.+)$", compensates: "reserve" },
        ],
      }),
    );
    expect(parsed.saga?.tables.map((t) => [t.name, t.step ?? `undo ${t.compensates}`, t.idAttribute])).toEqual([
      ["r", "reserve", "orderId"],
      ["c", "charge", "id"],
      ["undo-r", "undo reserve", "id"],
    ]);
  });

  it("names every problem with its path", () => {
    expect(
      problems(
        target({
          steps: ["reserve", "charge"],
          tables: [
            { name: "r", table: "reservations", step: "reserve" },
            { name: "x", table: "refunds", compensates: "pay" },
            { name: "both", table: "both", step: "reserve", compensates: "reserve" },
          ],
        }),
      ),
    ).toEqual([
      "saga.tables.2: give exactly one of `step` (the step this table records) or `compensates` (the step it undoes)",
      'saga.tables.1.compensates: names "pay", which is not in saga.steps (reserve, charge)',
      'saga.tables: no table records step "charge"',
    ]);
    expect(
      problems(
        target({
          steps: ["reserve", "charge"],
          tables: [
            { name: "r", table: "reservations", step: "reserve" },
            { name: "x", table: "refunds", compensates: "pay" },
          ],
        }),
      ),
    ).toEqual([
      'saga.tables.1.compensates: names "pay", which is not in saga.steps (reserve, charge)',
      'saga.tables: no table records step "charge"',
    ]);
  });

  it("refuses a state machine ARN that is not one", () => {
    expect(problems({ ...target(undefined), sfn: { stateMachineArn: "order-saga" } })).toEqual([
      "sfn.stateMachineArn: must be a state machine ARN",
    ]);
  });
});
