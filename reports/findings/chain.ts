// Finding: per chained sink (a projection fed from a sink's stream), what did not make the hop, with sample IDs.
import type { FindingContext } from "./context.ts";
import type { ChainLinkFinding } from "./types.ts";

export function chainLinks(ctx: FindingContext): ChainLinkFinding[] {
  const links = ctx.input.verdict?.chain?.links ?? [];
  const out: ChainLinkFinding[] = [];
  for (const link of links) {
    const c = link.classes;
    const wrong = c.lost.count + c.duplicated.count + c.deadLettered.count + c.unexpected.count;
    if (wrong === 0 && link.valid === true) continue;
    const parts = [
      c.lost.count > 0 ? `${c.lost.count} lost` : "",
      c.duplicated.count > 0 ? `${c.duplicated.count} duplicated` : "",
      c.deadLettered.count > 0 ? `${c.deadLettered.count} sent to the stream's failure destination` : "",
      c.unexpected.count > 0 ? `${c.unexpected.count} unexpected` : "",
    ].filter((p) => p !== "");
    out.push({
      kind: "chainLink",
      severity: c.lost.count > 0 || c.unexpected.count > 0 ? "problem" : link.valid === true ? "warning" : "problem",
      title:
        c.lost.count > 0
          ? `Messages lost between ${link.after} and ${link.sink}`
          : `${link.after} -> ${link.sink}: not every message made the hop once`,
      summary:
        `Of ${link.expected} message(s) in ${link.after}, ${parts.length > 0 ? parts.join(", ") : "none wrong"} at ${link.sink}.` +
        (link.valid === "unknown" ? ` The link could not be judged in full: ${link.reasons.join("; ")}.` : ""),
      window: null,
      evidence: [
        ...(c.lost.sample.length > 0
          ? [{ label: "lost (sample)", value: c.lost.sample.slice(0, 5).join(", "), source: "verify" as const }]
          : []),
        ...(c.deadLettered.sample.length > 0
          ? [
              {
                label: "to the failure destination (sample)",
                value: c.deadLettered.sample.slice(0, 5).join(", "),
                source: "verify" as const,
              },
            ]
          : []),
        { label: "delivered once", value: String(c.delivered.count), source: "verify" },
      ],
      sink: link.sink,
      after: link.after,
      expected: link.expected,
      lost: c.lost.count,
      duplicated: c.duplicated.count,
      deadLettered: c.deadLettered.count,
      unexpected: c.unexpected.count,
    });
  }
  return out;
}
