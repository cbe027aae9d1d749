// Finds the message ID in a queue body: a JMESPath over the parsed JSON, then the envelopes AWS wraps messages in.
import jmespath from "jmespath";

/**
 * Where the ID sits when the configured path finds nothing: the payload itself (SQS redrive keeps the original body),
 * an EventBridge event (target DLQ: `detail`), a Lambda on-failure destination record (`requestPayload`, itself an
 * event or a payload).
 */
export const envelopePaths = ["id", "detail.id", "requestPayload.id", "requestPayload.detail.id"] as const;

export type IdLookup = { id: string } | { error: string };

export function messageIdOf(body: string, idPath: string): IdLookup {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { error: "not JSON" };
  }
  try {
    for (const path of [idPath, ...envelopePaths]) {
      const found = jmespath.search(parsed, path);
      if (typeof found === "string" && found !== "") return { id: found };
      if (typeof found === "number") return { id: String(found) };
    }
  } catch (error) {
    return { error: `idPath ${idPath}: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { error: `no ID at ${idPath}` };
}
