// One write's stream record from the item before and after it (DynamoDB Streams' rules): INSERT, MODIFY or REMOVE,
// Keys always, NewImage/OldImage as the StreamViewType says, and no record at all when the write changed nothing.
import { isDeepStrictEqual } from "node:util";

export type AttributeMap = Record<string, unknown>;

export const streamViewTypes = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"] as const;
export type StreamViewType = (typeof streamViewTypes)[number];

export interface ChangeRecord {
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  Keys: AttributeMap;
  NewImage?: AttributeMap;
  OldImage?: AttributeMap;
  /** Bytes of the item as DynamoDB counts them, roughly (names + values as JSON): SizeBytes in the record. */
  SizeBytes: number;
}

/** undefined when the write left the item as it was (DynamoDB writes no stream record then). */
export function changeRecord(
  before: AttributeMap | undefined,
  after: AttributeMap | undefined,
  keyNames: readonly string[],
  viewType: StreamViewType,
): ChangeRecord | undefined {
  if (before === undefined && after === undefined) return undefined;
  if (before !== undefined && after !== undefined && isDeepStrictEqual(before, after)) return undefined;
  const eventName = before === undefined ? "INSERT" : after === undefined ? "REMOVE" : "MODIFY";
  const item = (after ?? before) as AttributeMap;
  const Keys = Object.fromEntries(keyNames.map((k) => [k, item[k]]));
  const record: ChangeRecord = { eventName, Keys, SizeBytes: 0 };
  const wantsNew = viewType === "NEW_IMAGE" || viewType === "NEW_AND_OLD_IMAGES";
  const wantsOld = viewType === "OLD_IMAGE" || viewType === "NEW_AND_OLD_IMAGES";
  if (wantsNew && after !== undefined) record.NewImage = after;
  if (wantsOld && before !== undefined) record.OldImage = before;
  record.SizeBytes = Buffer.byteLength(JSON.stringify([record.Keys, record.NewImage ?? null, record.OldImage ?? null]));
  return record;
}
