// Runs the saga's executions with aws-local-stepfunctions (Task states on the local handlers) and keeps what
// DescribeExecution answers; publishes AWS/States' execution metrics.
import {
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
  type StateMachineDefinition,
} from "aws-local-stepfunctions";
import type { MetricsRegistry } from "../metrics.ts";
import type { SagaHandlers } from "./steps.ts";

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT";

export interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
}

export type StartResult = { execution: Execution } | { error: "ExecutionAlreadyExists" | "InvalidExecutionInput" };

export interface ExecutionsDeps {
  definition: StateMachineDefinition;
  stateMachineArn: string;
  handlers: SagaHandlers;
  metrics: MetricsRegistry;
  now: () => number;
}

/**
 * Finished executions kept for DescribeExecution and for idempotent repeats, the oldest forgotten first beyond it (Step
 * Functions keeps 90 days of them; a long local soak would otherwise grow without bound).
 */
const keptFinished = 200_000;

export class SagaExecutions {
  private readonly byName = new Map<string, Execution>();
  /** Names of finished executions, oldest first (a Set keeps insertion order and deletes its first in O(1)). */
  private readonly finished = new Set<string>();
  private readonly machine: StateMachine;
  private readonly dims: Record<string, string>;
  private runningCount = 0;
  private readonly deps: ExecutionsDeps;

  constructor(deps: ExecutionsDeps) {
    this.deps = deps;
    this.machine = new StateMachine(deps.definition);
    this.dims = { StateMachineArn: deps.stateMachineArn };
  }

  /** Executions started and not yet finished (outside any queue: the drain waits for them). */
  get running(): number {
    return this.runningCount;
  }

  /** StartExecution: a repeat of a name with the same input is the same execution (idempotent), else refused. */
  start(name: string, input: string): StartResult {
    const existing = this.byName.get(name);
    if (existing !== undefined)
      return existing.input === input ? { execution: existing } : { error: "ExecutionAlreadyExists" };
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      return { error: "InvalidExecutionInput" };
    }
    const execution: Execution = {
      executionArn: this.deps.stateMachineArn.replace(":stateMachine:", ":execution:") + `:${name}`,
      stateMachineArn: this.deps.stateMachineArn,
      name,
      status: "RUNNING",
      input,
      startDate: this.deps.now(),
    };
    this.byName.set(name, execution);
    this.runningCount++;
    this.deps.metrics.count("AWS/States", "ExecutionsStarted", this.dims);
    const run = this.machine.run(parsed as never, {
      overrides: { taskResourceLocalHandlers: this.deps.handlers as never },
    });
    run.result.then(
      (output) => this.finish(execution, "SUCCEEDED", { output: JSON.stringify(output) }),
      (error: unknown) => this.finish(execution, ...failure(error)),
    );
    return { execution };
  }

  describe(executionArn: string): Execution | undefined {
    const name = executionArn.slice(executionArn.lastIndexOf(":") + 1);
    const execution = this.byName.get(name);
    return execution?.executionArn === executionArn ? execution : undefined;
  }

  private finish(execution: Execution, status: ExecutionStatus, fields: Partial<Execution>): void {
    Object.assign(execution, fields, { status, stopDate: this.deps.now() });
    this.runningCount--;
    this.finished.add(execution.name);
    if (this.finished.size > keptFinished) {
      const oldest = this.finished.values().next().value as string;
      this.finished.delete(oldest);
      this.byName.delete(oldest);
    }
    const { metrics } = this.deps;
    const name = { SUCCEEDED: "ExecutionsSucceeded", FAILED: "ExecutionsFailed", TIMED_OUT: "ExecutionsTimedOut" };
    if (status !== "RUNNING") metrics.count("AWS/States", name[status], this.dims);
    metrics.timing(
      "AWS/States",
      "ExecutionTime",
      this.dims,
      (execution.stopDate ?? execution.startDate) - execution.startDate,
    );
  }
}

/** How a failed run is described: the Fail state's Error and Cause, as DescribeExecution gives them. */
function failure(error: unknown): [ExecutionStatus, Partial<Execution>] {
  if (error instanceof ExecutionTimeoutError) return ["TIMED_OUT", { error: "States.Timeout" }];
  const cause = error instanceof ExecutionError ? (error.cause as Error | undefined) : undefined;
  const named = cause ?? (error instanceof Error ? error : undefined);
  return ["FAILED", { error: named?.name ?? "States.Runtime", cause: named?.message ?? String(error) }];
}
