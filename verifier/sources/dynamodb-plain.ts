// A DynamoDB item as plain JSON, for a sink's idPath (JMESPath): the same shape the application wrote.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

export function plainItem(item: Record<string, AttributeValue>): { [key: string]: Plain } {
  const out: { [key: string]: Plain } = {};
  for (const [key, value] of Object.entries(item)) out[key] = plainValue(value);
  return out;
}

/**
 * Numbers become JS numbers only when that is exact: an ID stored as N beyond 2^53 stays its decimal string, so it is
 * never rounded into another message's ID. Binary values become base64 strings (as they travel on the wire).
 */
export function plainValue(av: AttributeValue): Plain {
  if (av.S !== undefined) return av.S;
  if (av.N !== undefined) return exactNumber(av.N);
  if (av.BOOL !== undefined) return av.BOOL;
  if (av.NULL !== undefined) return null;
  if (av.M !== undefined) return plainItem(av.M);
  if (av.L !== undefined) return av.L.map(plainValue);
  if (av.SS !== undefined) return [...av.SS];
  if (av.NS !== undefined) return av.NS.map(exactNumber);
  if (av.B !== undefined) return base64(av.B);
  if (av.BS !== undefined) return av.BS.map(base64);
  return null;
}

/** Items read raw from the wire (raw-items.ts) carry binary values as base64 already; the SDK's as bytes. */
function base64(value: Uint8Array | string): string {
  return typeof value === "string" ? value : Buffer.from(value).toString("base64");
}

function exactNumber(text: string): number | string {
  const n = Number(text);
  return Number.isFinite(n) && String(n) === text ? n : text;
}
