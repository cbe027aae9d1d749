// What the drain's sink count should reach once every accepted message arrived, with chained sinks counted too.
import type { SinkConfig } from "../../config/schema-target.ts";

/**
 * Head sinks split the messages between them, so together they hold the accepted count; each chained sink of a single
 * head holds it again. With several heads and a chain, how many each link should hold is not known: no early settle
 * (the drain then waits out its settle window).
 */
export function expectedSinkTotal(
  sinks: readonly Pick<SinkConfig, "after">[],
  accepted: number | undefined,
): number | undefined {
  if (accepted === undefined) return undefined;
  const chained = sinks.filter((s) => s.after !== undefined).length;
  if (chained === 0) return accepted;
  return sinks.length - chained === 1 ? accepted * sinks.length : undefined;
}
