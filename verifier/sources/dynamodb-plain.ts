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
 * never rounded into another message's ID. Binary values become base64 strings.
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
  if (av.B !== undefined) return Buffer.from(av.B).toString("base64");
  if (av.BS !== undefined) return av.BS.map((b) => Buffer.from(b).toString("base64"));
  return null;
}

function exactNumber(text: string): number | string {
  const n = Number(text);
  return Number.isFinite(n) && String(n) === text ? n : text;
}
