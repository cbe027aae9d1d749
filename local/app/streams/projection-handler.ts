// The reference stream consumer, written as a Lambda DynamoDB Streams handler: each INSERT in the sink table becomes an
// item in the projection table (idempotent, like the sink). Faults and the skip bug arrive through deps; without them
// this is an ordinary projection.
import type { SinkItem } from "../../../contracts/payload.ts";
import type { BugMode, Bugs, Faults } from "../../controls.ts";
import type { SinkWriter } from "../sink.ts";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "./stream-types.ts";

export interface ProjectionDeps {
  sink: SinkWriter;
  faults: () => Faults;
  bugs: () => Bugs;
  harm: (mode: BugMode, id: string) => void;
  random: () => number;
  now: () => number;
}

export class ProjectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProjectionError";
  }
}

const text = (image: DynamoDBRecord["dynamodb"]["NewImage"], name: string): string | undefined => {
  const value = image?.[name];
  return typeof value?.S === "string" ? value.S : undefined;
};
const number = (image: DynamoDBRecord["dynamodb"]["NewImage"], name: string): number => Number(image?.[name]?.N ?? 0);

export function createProjectionHandler(deps: ProjectionDeps): (event: DynamoDBStreamEvent) => Promise<void> {
  // A skipped record stays skipped when its batch is retried; records above the highest seen are first deliveries.
  const skipped = new Set<string>();
  let highestSeen = "";
  return async (event) => {
    if (deps.random() < deps.faults().projectionErrorRate) throw new ProjectionError("injected projection error");
    for (const record of event.Records) {
      const seq = record.dynamodb.SequenceNumber;
      const first = seq > highestSeen;
      if (first) highestSeen = seq;
      if (record.eventName !== "INSERT") continue;
      const image = record.dynamodb.NewImage;
      const id = text(image, "id");
      const runId = text(image, "runId");
      if (id === undefined || runId === undefined) continue;
      if (skipped.has(seq)) continue;
      const skip = deps.bugs().skipRecord;
      if (first && skip > 0 && deps.random() < skip) {
        skipped.add(seq);
        deps.harm("skipRecord", id);
        continue;
      }
      await deps.sink.putOnce({
        id,
        runId,
        sentAt: number(image, "sentAt"),
        processedAt: deps.now(),
        path: (text(image, "path") ?? "http") as SinkItem["path"],
        attempts: 1,
      });
    }
  };
}
