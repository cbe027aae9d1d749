// Creates the pipeline's resources in the emulators: queues with their DLQs (RedrivePolicy), the sink table, the team's tables.
import { CreateTableCommand, type DynamoDBClient, ResourceInUseException } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { LocalTargetConfig } from "../config/schema-target.ts";
import { provisionAsync } from "./async-provision.ts";
import { createQueue } from "./create-queue.ts";
import { resourceNames, stateMachineArn } from "./resources.ts";
import type { LocalResources } from "./state.ts";
import { createTeamTables } from "./tables.ts";

export interface ProvisionDeps {
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
}

export async function provision(deps: ProvisionDeps, target: LocalTargetConfig): Promise<LocalResources> {
  const { sqs, dynamodb } = deps;
  const n = resourceNames;
  // DLQs keep messages 14 days, like the maximum a team would set for post-mortems.
  const dlqAttributes = { MessageRetentionPeriod: "1209600" };
  const [ingestDlq, eventsDlq, eventsTargetDlq] = await Promise.all([
    createQueue(sqs, n.ingestDlq, dlqAttributes),
    createQueue(sqs, n.eventsDlq, dlqAttributes),
    createQueue(sqs, n.eventsTargetDlq, dlqAttributes),
  ]);
  const sourceAttributes = (dlqArn: string) => ({
    VisibilityTimeout: String(target.consumers.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: target.maxReceiveCount }),
  });
  const [ingest, events, , , asyncResources] = await Promise.all([
    createQueue(sqs, n.ingestQueue, sourceAttributes(ingestDlq.arn)),
    createQueue(sqs, n.eventsQueue, sourceAttributes(eventsDlq.arn)),
    createSinkTable(dynamodb, n.table),
    createTeamTables(dynamodb, target.tables),
    // Opt-in: a target without `saga` provisions exactly what it did before.
    ...(target.saga === undefined ? [] : Object.values(n.sagaTables).map((t) => createSinkTable(dynamodb, t))),
    provisionAsync(sqs, target),
  ]);
  return {
    ingestQueueUrl: ingest.url,
    ingestQueueArn: ingest.arn,
    eventsQueueArn: events.arn,
    ingestDlqUrl: ingestDlq.url,
    eventsQueueUrl: events.url,
    eventsDlqUrl: eventsDlq.url,
    eventsTargetDlqUrl: eventsTargetDlq.url,
    table: n.table,
    busName: n.busName,
    ruleName: n.ruleName,
    source: n.source,
    detailType: n.detailType,
    functionName: n.functionName,
    apiName: n.apiName,
    ...(target.saga === undefined
      ? {}
      : { saga: { stateMachineArn: stateMachineArn(n.stateMachine), tables: { ...n.sagaTables } } }),
    ...asyncResources,
  };
}

/** Partition `runId`, sort `sk` (see app/sink.ts): the verifier queries one run's partition. Idempotent. */
export async function createSinkTable(dynamodb: DynamoDBClient, table: string, sortKey = "sk"): Promise<void> {
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: "runId", AttributeType: "S" },
          { AttributeName: sortKey, AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "runId", KeyType: "HASH" },
          { AttributeName: sortKey, KeyType: "RANGE" },
        ],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}
