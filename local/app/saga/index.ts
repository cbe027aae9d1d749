// The saga part of the api process (opt-in, local target `saga`): handlers, executions, the Step Functions API and
// the gateway's StartExecution integration.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ControlState } from "../control-state.ts";
import type { MetricsRegistry } from "../metrics.ts";
import { dynamoSink } from "../sink.ts";
import { loadDefinition } from "./definition.ts";
import { SagaExecutions } from "./executions.ts";
import { type SfnApiDeps, startExecution } from "./sfn-api.ts";
import { type SagaTables, sagaHandlers } from "./steps.ts";

export { sfnApiHandler } from "./sfn-api.ts";

/** What `up` writes into app.json when the target has `saga`. */
export interface AppSagaConfig {
  /** Absolute path of the ASL file; absent: the reference definition. */
  definitionFile?: string;
  stateMachineArn: string;
  tables: SagaTables;
  port: number;
}

export interface LocalSaga {
  api: SfnApiDeps;
  /** The gateway's `POST /saga` integration. */
  gatewayStart: (body: string) => { status: number; body: unknown };
  /** Executions still running (the drain waits for them, as for deliveries held outside queues). */
  running: () => number;
}

export function startSaga(
  config: AppSagaConfig,
  deps: { dynamodb: DynamoDBClient; sinkTable: string; state: ControlState; metrics: MetricsRegistry },
): LocalSaga {
  const { state } = deps;
  const handlers = sagaHandlers({
    dynamodb: deps.dynamodb,
    tables: config.tables,
    sink: dynamoSink(deps.dynamodb, deps.sinkTable),
    faults: () => state.faults,
    skipRate: () => state.bugs.sagaSkipCompensation,
    harm: (mode, id) => state.harm(mode, id),
    random: Math.random,
    now: Date.now,
  });
  const executions = new SagaExecutions({
    definition: loadDefinition(config.definitionFile),
    stateMachineArn: config.stateMachineArn,
    handlers,
    metrics: deps.metrics,
    now: Date.now,
  });
  const api: SfnApiDeps = { executions, stateMachineArn: config.stateMachineArn };
  return {
    api,
    // The integration's mapping template: the body is the input, its `id` the execution name.
    gatewayStart(body) {
      const id = (JSON.parse(body) as { id: string }).id;
      const started = startExecution(api, { stateMachineArn: config.stateMachineArn, name: id, input: body });
      if (started.status === 200) return started;
      return { status: started.status, body: { __type: started.type, message: started.message } };
    },
    running: () => executions.running,
  };
}
