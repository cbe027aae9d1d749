// The team's own tables in the local DynamoDB, from a key spec or their CreateTable JSON; idempotent like the sink's.
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  ResourceInUseException,
} from "@aws-sdk/client-dynamodb";
import type { LocalTableConfig } from "../config/schema-functions.ts";

export function createTableInput(spec: LocalTableConfig): CreateTableCommandInput {
  // The team's own input, as their IaC would send it; on-demand unless it says otherwise.
  if ("createTable" in spec)
    return { BillingMode: "PAY_PER_REQUEST", ...spec.createTable } as unknown as CreateTableCommandInput;
  const keys = [spec.partitionKey, ...(spec.sortKey === undefined ? [] : [spec.sortKey])];
  return {
    TableName: spec.name,
    AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    KeySchema: keys.map((k, i) => ({ AttributeName: k.name, KeyType: i === 0 ? "HASH" : "RANGE" })),
    BillingMode: "PAY_PER_REQUEST",
  };
}

export async function createTeamTables(dynamodb: DynamoDBClient, specs: readonly LocalTableConfig[]): Promise<void> {
  await Promise.all(
    specs.map(async (spec) => {
      try {
        await dynamodb.send(new CreateTableCommand(createTableInput(spec)));
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
    }),
  );
}
