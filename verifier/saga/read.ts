// Reads a saga's step tables for a run (Query on the run partition, else a filtered Scan) into the saga evidence.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describeError } from "../../common/errors.ts";
import { runPrefix as runPrefixOf } from "../../contracts/message-id.ts";
import type { SagaConfig } from "../../contracts/target-parts.ts";
import type { SourceStatus } from "../../contracts/verdict.ts";
import { idReader, paginate } from "../sources/dynamodb-sink.ts";
import { isUnreachable } from "../sources/unreachable.ts";
import { addSagaRecord, emptySagaEvidence, type SagaEvidence } from "./evidence.ts";

export async function readSaga(client: DynamoDBClient, saga: SagaConfig, runId: string): Promise<SagaEvidence> {
  const ev = emptySagaEvidence(saga.steps);
  const runPrefix = runPrefixOf(runId);
  // The tables at once: each is small next to the sink (one record per step that ran).
  ev.statuses = await Promise.all(
    saga.tables.map(async (table): Promise<SourceStatus> => {
      const status: SourceStatus = { name: table.name, read: 0, complete: true };
      const rawId = idReader(table);
      const idRegex = table.idRegex === undefined ? undefined : new RegExp(table.idRegex);
      const step = table.step ?? table.compensates ?? "";
      const compensation = table.compensates !== undefined;
      try {
        await paginate({ client, sink: table, runId }, "items", (items) => {
          for (const item of items) {
            const raw = rawId(item);
            const id = raw === undefined ? undefined : idRegex === undefined ? raw : idRegex.exec(raw)?.[1];
            if (id === undefined || !id.startsWith(runPrefix)) continue;
            addSagaRecord(ev, id, step, compensation);
            status.read++;
          }
        });
      } catch (error) {
        status.complete = false;
        status.error = describeError(error);
        if (isUnreachable(error)) status.unreachable = true;
      }
      return status;
    }),
  );
  return ev;
}
