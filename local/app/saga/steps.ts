// The saga's Task handlers: each step and each compensation writes its own record to its step table, or fails on a fault.
import { ConditionalCheckFailedException, type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { BugMode, Faults } from "../../controls.ts";
import { runIdOf } from "../payload.ts";
import type { SinkWriter } from "../sink.ts";
import type { SagaTaskState } from "./definition.ts";

/** The order the saga runs its steps, and the table each step and compensation writes (resources.ts names them). */
export interface SagaTables {
  reserve: string;
  charge: string;
  ship: string;
  cancelReservation: string;
  refund: string;
}

export interface StepDeps {
  dynamodb: DynamoDBClient;
  tables: SagaTables;
  /** The orders table: RecordOrder writes the order's outcome there, the item the verifier's sink check reads. */
  sink: SinkWriter;
  faults: () => Faults;
  /** The sagaSkipCompensation bug's rate. */
  skipRate: () => number;
  harm: (mode: BugMode, id: string) => void;
  random: () => number;
  now: () => number;
}

interface SagaInput {
  id: string;
  sentAt: number;
  error?: unknown;
}

/** An error whose name a Retry or Catch matches (ErrorEquals), as a Lambda's errorType would be. */
function sagaError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function inputOf(value: unknown): SagaInput {
  const v = value as Partial<SagaInput> | null;
  if (typeof v?.id !== "string" || typeof v.sentAt !== "number")
    throw sagaError("Saga.InvalidInput", "the execution input needs id (string) and sentAt (epoch ms)");
  return v as SagaInput;
}

export type SagaHandlers = Record<SagaTaskState, (input: unknown) => Promise<unknown>>;

export function sagaHandlers(deps: StepDeps): SagaHandlers {
  /** One record per ID, by conditional put: a retried step that already wrote stays one record. */
  const record = async (table: string, step: string, input: SagaInput): Promise<void> => {
    try {
      await deps.dynamodb.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            runId: { S: runIdOf(input.id) },
            sk: { S: input.id },
            id: { S: input.id },
            step: { S: step },
            sentAt: { N: String(input.sentAt) },
            at: { N: String(deps.now()) },
          },
          ConditionExpression: "attribute_not_exists(sk)",
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      // A write that may not have happened: the state's Retry takes it again.
      throw sagaError("Saga.Transient", `${step}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const step = (name: string, table: string, rate: (f: Faults) => number) => async (raw: unknown) => {
    const input = inputOf(raw);
    // The injected failure comes before the write: a failed step commits nothing, so nothing is left to undo.
    if (deps.random() < rate(deps.faults())) throw sagaError("Saga.StepFailed", `${name} failed (injected fault)`);
    await record(table, name, input);
    return { status: "committed", step: name, at: deps.now() };
  };
  const compensation = (name: string, table: string) => async (raw: unknown) => {
    const input = inputOf(raw);
    const skip = deps.skipRate();
    if (skip > 0 && deps.random() < skip) {
      // The bug: the compensation answers success without undoing its step.
      deps.harm("sagaSkipCompensation", input.id);
      return { status: "compensated", at: deps.now() };
    }
    await record(table, name, input);
    return { status: "compensated", at: deps.now() };
  };
  return {
    Reserve: step("reserve", deps.tables.reserve, (f) => f.sagaReserveFailureRate),
    Charge: step("charge", deps.tables.charge, (f) => f.sagaChargeFailureRate),
    Ship: step("ship", deps.tables.ship, (f) => f.sagaShipFailureRate),
    Refund: compensation("refund", deps.tables.refund),
    CancelReservation: compensation("cancel-reservation", deps.tables.cancelReservation),
    async RecordOrder(raw) {
      const input = inputOf(raw);
      const status = input.error === undefined ? "completed" : "compensated";
      await deps.sink.putOnce({
        id: input.id,
        runId: runIdOf(input.id),
        sentAt: input.sentAt,
        processedAt: deps.now(),
        path: "sfn",
        attempts: 1,
      });
      return { status };
    },
  };
}
