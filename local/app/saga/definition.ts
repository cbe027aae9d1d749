// The saga's state machine as a user deploys it: an Amazon States Language file, validated with asl-validator.
import { readFileSync } from "node:fs";
import aslValidator from "asl-validator";
import type { StateMachineDefinition } from "aws-local-stepfunctions";

/** The Task states the local handlers stand in for (steps.ts); a definition must name each of them. */
export const sagaTaskStates = ["Reserve", "Charge", "Ship", "Refund", "CancelReservation", "RecordOrder"] as const;

export type SagaTaskState = (typeof sagaTaskStates)[number];

/** The reference definition, next to this file. */
export const defaultDefinitionFile = new URL("./order-saga.asl.json", import.meta.url);

export class SagaDefinitionError extends Error {
  constructor(file: string, problems: readonly string[]) {
    super(`saga definition ${file}: ${problems.join("; ")}`);
    this.name = "SagaDefinitionError";
  }
}

/** Every reason `text` is not a saga definition the local app can run; empty when it is one. */
export function definitionProblems(text: string): string[] {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    return [`is not JSON (${error instanceof Error ? error.message : String(error)})`];
  }
  const { isValid, errorsText } = aslValidator(definition);
  if (!isValid) return [`is not valid Amazon States Language: ${errorsText("; ")}`];
  const states = (definition as { States: Record<string, { Type?: string }> }).States;
  return sagaTaskStates
    .filter((name) => states[name]?.Type !== "Task")
    .map((name) => `has no Task state "${name}" (the local app runs its handler there)`);
}

export function loadDefinition(file: string | URL = defaultDefinitionFile): StateMachineDefinition {
  const text = readFileSync(file, "utf8");
  const problems = definitionProblems(text);
  if (problems.length > 0) throw new SagaDefinitionError(String(file), problems);
  return JSON.parse(text) as StateMachineDefinition;
}
