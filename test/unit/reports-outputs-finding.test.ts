// outputs.json in the report: an output that dropped intervals becomes one warning naming how many and why; none else.
import { describe, expect, it } from "vitest";
import type { OutputExport } from "../../contracts/outputs.ts";
import { describeDrops, outputsFindings } from "../../reports/outputs-finding.ts";

const otlp = (dropped: number, reasons: OutputExport["reasons"]): OutputExport => ({
  type: "otlp",
  where: "https://otlp.example.com/v1/metrics",
  intervals: 12,
  exported: 12 - dropped,
  dropped,
  reasons,
});

describe("outputs findings", () => {
  it("says nothing without outputs.json, or when every interval got out", () => {
    expect(outputsFindings(null)).toEqual([]);
    expect(
      outputsFindings({
        schemaVersion: 1,
        runId: "r",
        outputs: [
          otlp(0, []),
          {
            type: "prometheus",
            where: "http://127.0.0.1:9464/metrics",
            intervals: 12,
            exported: 3,
            dropped: 0,
            reasons: [],
          },
        ],
      }),
    ).toEqual([]);
  });

  it("names the dropped intervals of an output, with each reason's count, as a warning", () => {
    const e = otlp(3, [
      { reason: "connect ECONNREFUSED 127.0.0.1:4318", count: 2 },
      { reason: "still queued when the flush gave up after 5s", count: 1 },
    ]);
    expect(describeDrops(e)).toBe(
      "OTLP export: 3 of 12 intervals dropped (2 connect ECONNREFUSED 127.0.0.1:4318; 1 still queued when the flush gave up after 5s)",
    );
    const [finding, ...rest] = outputsFindings({ schemaVersion: 1, runId: "r", outputs: [e] });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      kind: "outputsDropped",
      severity: "warning",
      title: describeDrops(e),
      window: null,
      output: "otlp",
      intervals: 12,
      dropped: 3,
      evidence: [
        { label: "2 intervals", value: "connect ECONNREFUSED 127.0.0.1:4318", source: "outputs" },
        { label: "1 interval", value: "still queued when the flush gave up after 5s", source: "outputs" },
      ],
    });
    expect(finding?.summary).toContain("https://otlp.example.com/v1/metrics");
  });
});
