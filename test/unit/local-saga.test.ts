// The local saga: the reference ASL file validates, executions run it on the handlers, faults fail steps before they
// write, and the skipped-compensation bug records the IDs it harms.
import { readFileSync } from "node:fs";
import type { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { localTargetSchema } from "../../config/schema-target.ts";
import type { SinkItem } from "../../contracts/payload.ts";
import { MetricsRegistry } from "../../local/app/metrics.ts";
import { defaultDefinitionFile, definitionProblems, loadDefinition } from "../../local/app/saga/definition.ts";
import { SagaExecutions } from "../../local/app/saga/executions.ts";
import { sagaHandlers } from "../../local/app/saga/steps.ts";
import { defaultFaults } from "../../local/controls.ts";

const arn = "arn:aws:states:us-east-1:000000000000:stateMachine:orders-saga";
const tables = { reserve: "r", charge: "c", ship: "s", cancelReservation: "cr", refund: "rf" };

/** A saga on an in-memory table: which records were written, in order; which IDs the bug harmed. */
function saga(faults: Partial<ReturnType<typeof defaultFaults>>, skipRate = 0) {
  const written: string[] = [];
  const orders: SinkItem[] = [];
  const harmed: string[] = [];
  const dynamodb = {
    send: async (command: PutItemCommand) => {
      written.push(`${command.input.TableName}:${command.input.Item?.id?.S}`);
      return {};
    },
  };
  const handlers = sagaHandlers({
    dynamodb: dynamodb as never,
    tables,
    sink: {
      putOnce: async (item) => {
        orders.push(item);
        return "written";
      },
      putSecondCopy: async () => undefined,
    },
    faults: () => ({ ...defaultFaults(localTargetSchema.parse({ kind: "local" })), ...faults }),
    skipRate: () => skipRate,
    harm: (_mode, id) => harmed.push(id),
    random: () => 0.5,
    now: () => 1_000,
  });
  const metrics = new MetricsRegistry();
  const executions = new SagaExecutions({
    definition: loadDefinition(),
    stateMachineArn: arn,
    handlers,
    metrics,
    now: () => 1_000,
  });
  const run = async (id: string) => {
    const started = executions.start(id, JSON.stringify({ id, sentAt: 1 }));
    if ("error" in started) throw new Error(started.error);
    while (executions.running > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    return executions.describe(started.execution.executionArn);
  };
  return { run, executions, written, orders, harmed, metrics };
}

describe("the reference saga definition", () => {
  it("is valid Amazon States Language with every Task state the app runs", () => {
    expect(definitionProblems(readFileSync(defaultDefinitionFile, "utf8"))).toEqual([]);
  });

  it("names what is wrong with another file", () => {
    expect(definitionProblems("{")[0]).toMatch(/^is not JSON/);
    const noShip = JSON.parse(readFileSync(defaultDefinitionFile, "utf8"));
    noShip.States.Ship = { Type: "Pass", Next: "Refund" };
    expect(definitionProblems(JSON.stringify(noShip))).toEqual([
      'has no Task state "Ship" (the local app runs its handler there)',
    ]);
  });
});

describe("saga executions", () => {
  it("a clean run commits every step, records the order and succeeds", async () => {
    const s = saga({});
    const done = await s.run("r1-saga-0");
    expect(done?.status).toBe("SUCCEEDED");
    expect(s.written).toEqual(["r:r1-saga-0", "c:r1-saga-0", "s:r1-saga-0"]);
    expect(s.orders.map((o) => [o.id, o.path])).toEqual([["r1-saga-0", "sfn"]]);
    expect(s.metrics.stats()).toMatchObject({ "AWS/States:ExecutionsStarted": 1, "AWS/States:ExecutionsSucceeded": 1 });
  });

  it("a failed ship compensates charge, then the reservation, and fails as compensated", async () => {
    const s = saga({ sagaShipFailureRate: 1 });
    const done = await s.run("r1-saga-1");
    expect(done).toMatchObject({ status: "FAILED", error: "Saga.Compensated" });
    expect(s.written).toEqual(["r:r1-saga-1", "c:r1-saga-1", "rf:r1-saga-1", "cr:r1-saga-1"]);
    expect(s.orders).toHaveLength(1);
    expect(s.metrics.stats()).toMatchObject({ "AWS/States:ExecutionsFailed": 1 });
  });

  it("a failed reserve commits nothing and compensates nothing", async () => {
    const s = saga({ sagaReserveFailureRate: 1 });
    expect((await s.run("r1-saga-2"))?.status).toBe("FAILED");
    expect(s.written).toEqual([]);
  });

  it("the bug skips the compensations' writes and records the harmed ID once", async () => {
    const s = saga({ sagaShipFailureRate: 1 }, 1);
    await s.run("r1-saga-3");
    expect(s.written).toEqual(["r:r1-saga-3", "c:r1-saga-3"]);
    expect([...new Set(s.harmed)]).toEqual(["r1-saga-3"]);
  });

  it("StartExecution is idempotent for the same name and input, refused for another input", async () => {
    const s = saga({});
    const first = s.executions.start("r1-saga-4", '{"id":"r1-saga-4","sentAt":1}');
    const again = s.executions.start("r1-saga-4", '{"id":"r1-saga-4","sentAt":1}');
    expect("execution" in again && "execution" in first && again.execution === first.execution).toBe(true);
    expect(s.executions.start("r1-saga-4", "{}")).toEqual({ error: "ExecutionAlreadyExists" });
    expect(s.executions.start("r1-saga-5", "not json")).toEqual({ error: "InvalidExecutionInput" });
    while (s.executions.running > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  });
});
