// The DynamoDB sink: one item per message ID by conditional put; a repeat counts a duplicate attempt instead of a second item.
// Keys: partition `runId`, sort `sk` (the message ID; `<id>#dup` for the double-write bug), so the
// `id` attribute can repeat across items exactly when a bug wrote a message twice.
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import type { SinkItem } from "../../contracts/payload.ts";

export interface SinkWriter {
  /** "written" the first time an ID is seen, "duplicate" after. */
  putOnce(item: SinkItem): Promise<"written" | "duplicate">;
  /** The double-write bug: a second item under another sort key, same `id` attribute. */
  putSecondCopy(item: SinkItem): Promise<void>;
}

function toAttributes(item: SinkItem, sortKey: string) {
  return {
    runId: { S: item.runId },
    sk: { S: sortKey },
    id: { S: item.id },
    sentAt: { N: String(item.sentAt) },
    processedAt: { N: String(item.processedAt) },
    path: { S: item.path },
    attempts: { N: String(item.attempts) },
  };
}

export function dynamoSink(dynamodb: DynamoDBClient, table: string): SinkWriter {
  return {
    async putOnce(item) {
      try {
        await dynamodb.send(
          new PutItemCommand({
            TableName: table,
            Item: toAttributes(item, item.id),
            ConditionExpression: "attribute_not_exists(sk)",
          }),
        );
        return "written";
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        await dynamodb.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { runId: { S: item.runId }, sk: { S: item.id } },
            UpdateExpression: "ADD duplicateAttempts :one",
            ExpressionAttributeValues: { ":one": { N: "1" } },
          }),
        );
        return "duplicate";
      }
    },
    async putSecondCopy(item) {
      const attributes = toAttributes(item, `${item.id}#dup`);
      await dynamodb.send(new PutItemCommand({ TableName: table, Item: attributes }));
    },
  };
}
