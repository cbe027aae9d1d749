// Finds the message ID in a queue body: a JMESPath over the parsed JSON, then the envelopes AWS wraps messages in.
import jmespath from "jmespath";

/**
 * Where the ID sits when the configured path finds none of this run's IDs: the payload itself (SQS redrive keeps the
 * original body), an EventBridge event (target DLQ: `detail`; its own top-level `id` is the event's UUID), a Lambda
 * on-failure destination record (`requestPayload`, itself a payload or an event).
 */
export const envelopePaths = ["id", "detail.id", "requestPayload.id", "requestPayload.detail.id"] as const;

export type IdLookup = { id: string } | { error: string };

/** The first candidate under runPrefix wins; else the first ID found (another run's message); else an error. */
export function messageIdOf(body: string, idPath: string, runPrefix = ""): IdLookup {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { error: "not JSON" };
  }
  let first: string | undefined;
  try {
    for (const path of [idPath, ...envelopePaths]) {
      const found = jmespath.search(parsed, path);
      const id = typeof found === "string" ? found : typeof found === "number" ? String(found) : undefined;
      if (id === undefined || id === "") continue;
      if (id.startsWith(runPrefix)) return { id };
      first ??= id;
    }
  } catch (error) {
    return { error: `idPath ${idPath}: ${error instanceof Error ? error.message : String(error)}` };
  }
  return first === undefined ? { error: `no ID at ${idPath}` } : { id: first };
}
