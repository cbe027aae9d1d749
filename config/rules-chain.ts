// Rules over chained sinks and streams: `after` names another sink (no cycle), a stream's failure source names a
// chained sink, and a local team stream consumer has its stream and the sink it writes named.
import type { ConfigProblem } from "./errors.ts";

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function chainRules(input: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [name, raw] of Object.entries(record(record(input).targets))) {
    const target = record(raw);
    const sinks = list(target.sinks).map(record);
    const names = sinks.map((s) => s.name).filter((n): n is string => typeof n === "string");
    const afterOf = new Map(sinks.map((s) => [s.name, s.after]));
    for (const [i, sink] of sinks.entries()) {
      const after = sink.after;
      if (after === undefined) continue;
      const path = `targets.${name}.sinks[${i}].after`;
      if (typeof after !== "string" || !names.includes(after) || after === sink.name) {
        problems.push({ path, message: `names no other sink "${String(after)}"; sinks: ${names.join(", ")}` });
        continue;
      }
      // Walk up the chain: coming back to this sink is a cycle.
      const seen = new Set([sink.name]);
      for (let up: unknown = after; typeof up === "string"; up = afterOf.get(up)) {
        if (seen.has(up)) {
          problems.push({ path, message: `makes a cycle of chained sinks (${[...seen, up].join(" -> ")})` });
          break;
        }
        seen.add(up);
      }
    }
    for (const [i, source] of list(target.streamFailures).map(record).entries()) {
      const chained = sinks.find((s) => s.name === source.sink);
      if (chained === undefined || chained.after === undefined)
        problems.push({
          path: `targets.${name}.streamFailures[${i}].sink`,
          message: `must name a chained sink (one with \`after\`); chained sinks: ${
            sinks
              .filter((s) => s.after !== undefined)
              .map((s) => s.name)
              .join(", ") || "none"
          }`,
        });
    }
    if (target.kind !== "local") continue;
    const streamConsumer = record(target.functions).streamConsumer;
    const view = record(target.stream).viewType;
    if (streamConsumer === undefined && (view === "KEYS_ONLY" || view === "OLD_IMAGE"))
      problems.push({
        path: `targets.${name}.stream.viewType`,
        message: `the reference projection reads each new item: use NEW_IMAGE or NEW_AND_OLD_IMAGES (or your own functions.streamConsumer)`,
      });
    if (streamConsumer === undefined) continue;
    if (target.stream === undefined)
      problems.push({
        path: `targets.${name}.stream`,
        message: 'a stream consumer needs its stream: add stream: { table: "<table it reads>" }',
      });
    if (!sinks.some((s) => s.after !== undefined))
      problems.push({
        path: `targets.${name}.sinks`,
        message:
          'name the table your stream consumer writes as a chained sink, e.g. { name: "projection", table: "my-projection", after: "orders" }',
      });
  }
  return problems;
}
