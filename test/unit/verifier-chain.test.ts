// The chain's pure core on small handwritten histories: each ID of the upstream sink delivered, duplicated,
// dead-lettered (named by a stream failure record) or lost at the chained sink; unexpected when the upstream never
// held it; loss asserted only when the link's sources were read in full; the verdict over the chain.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load.ts";
import { chainRules } from "../../config/rules-chain.ts";
import type { LinkResult } from "../../contracts/verdict-chain.ts";
import { expectedSinkTotal } from "../../verifier/chain/expected-count.ts";
import { chainValidity, classifyLink, type FailureStatus, reconcileLink } from "../../verifier/chain/reconcile-link.ts";
import { sinkFrom } from "../../verifier/evidence.ts";
import { IdTable } from "../../verifier/id-table.ts";

const run = "20260101T000000Z-abcd1234";
const id = (n: number) => `${run}-smoke-${n}`;

function failures(ids: number[], status: Partial<FailureStatus> = {}) {
  const table = new IdTable();
  for (const n of ids) table.addByte(id(n), 1);
  return {
    ids: table,
    statuses: [{ name: "stream-failures", records: 1, ids: ids.length, complete: true, unresolved: [], ...status }],
  };
}

function link(
  upstream: Array<number | string>,
  projection: Array<number | { id: number; times: number }>,
  failed: number[] = [],
  failureStatus: Partial<FailureStatus> = {},
) {
  return reconcileLink(
    {
      sink: "projection",
      after: "orders",
      upstream: sinkFrom(
        upstream.map((n) => (typeof n === "number" ? id(n) : n)),
        "orders",
      ),
      link: sinkFrom(
        projection.map((p) => (typeof p === "number" ? id(p) : { id: id(p.id), times: p.times })),
        "projection",
      ),
      failures: failures(failed, failureStatus),
    },
    `${run}-`,
  );
}

const counts = (r: LinkResult) => Object.fromEntries(Object.entries(r.classes).map(([c, v]) => [c, v.count]));

describe("classifyLink", () => {
  it.each([
    [1, 1, 0, 0],
    [1, 2, 0, 1],
    [1, 0, 1, 2],
    [1, 0, 0, 3],
    [0, 1, 0, 4],
    [0, 0, 1, 4],
    [1, 1, 1, 0],
    [0, 0, 0, -1],
  ])("upstream %i, link %i, failed %i -> %i", (u, l, f, cls) => {
    expect(classifyLink(u, l, f)).toBe(cls);
  });
});

describe("reconcileLink", () => {
  it("an empty chain is valid", () => {
    const { result } = link([], []);
    expect(result.valid).toBe(true);
    expect(result.expected).toBe(0);
  });

  it("sorts every upstream ID into one class, with samples and list files", () => {
    const r = link([1, 2, 3, 4, 5], [1, { id: 2, times: 2 }, 6], [3]);
    expect(counts(r.result)).toEqual({ delivered: 1, duplicated: 1, deadLettered: 1, lost: 2, unexpected: 1 });
    expect(r.result.classes.lost).toEqual({
      count: 2,
      sample: [id(4), id(5)],
      file: "ids/chain-projection-lost.txt",
    });
    const lost: string[] = [];
    r.eachId("lost", (x) => lost.push(x));
    expect(lost).toEqual([id(4), id(5)]);
    expect(r.result.expected).toBe(5);
    expect(r.result.valid).toBe(false);
    expect(r.result.reasons).toEqual([
      "orders -> projection: 2 message(s) that reached orders never reached projection: lost at projection",
      "orders -> projection: 1 message(s) in projection or its failure records that orders does not hold: unexpected",
    ]);
  });

  it("ignores other runs' IDs", () => {
    const r = link([1, "19990101T000000Z-zzzz-smoke-1"], [1]);
    expect(counts(r.result)).toEqual({ delivered: 1, duplicated: 0, deadLettered: 0, lost: 0, unexpected: 0 });
    expect(r.result.valid).toBe(true);
  });

  it("does not assert loss when a failure batch could not be resolved: unknown, naming the batch", () => {
    const r = link([1, 2], [1], [], { unresolved: ["batch of 1 record(s) 1..1 on s: the stream no longer holds it"] });
    expect(r.result.valid).toBe("unknown");
    expect(r.result.reasons).toEqual([
      "orders -> projection: 1 message(s) that reached orders never reached projection, but not every source of the link was read in full, so they may not be lost",
      "orders -> projection: failure destination stream-failures: batch of 1 record(s) 1..1 on s: the stream no longer holds it",
    ]);
  });

  it("dead-lettered at the link is accounted for: valid", () => {
    const r = link([1, 2], [1], [2]);
    expect(r.result.valid).toBe(true);
    expect(r.result.classes.deadLettered.sample).toEqual([id(2)]);
  });
});

describe("chainValidity", () => {
  const result = (valid: LinkResult["valid"], reasons: string[] = []) => ({ ...link([], []).result, valid, reasons });
  it("false when any link loses, unknown when any cannot tell, else true", () => {
    expect(chainValidity([result(true), result(false, ["x"]), result("unknown", ["y"])])).toEqual({
      valid: false,
      reasons: ["x", "y"],
    });
    expect(chainValidity([result(true), result("unknown", ["y"])])).toEqual({ valid: "unknown", reasons: ["y"] });
    expect(chainValidity([result(true)])).toEqual({ valid: true, reasons: [] });
  });
});

describe("expectedSinkTotal", () => {
  it("counts a single head's chained sinks again; gives up with several heads and a chain", () => {
    expect(expectedSinkTotal([{}], 10)).toBe(10);
    expect(expectedSinkTotal([{}, { after: "a" }], 10)).toBe(20);
    expect(expectedSinkTotal([{}, {}, { after: "a" }], 10)).toBeUndefined();
    expect(expectedSinkTotal([{}, { after: "a" }], undefined)).toBeUndefined();
  });
});

describe("chain config rules", () => {
  const problems = (target: Record<string, unknown>) => chainRules({ targets: { t: target } });
  it("accepts a chained sink of a sink, and a failure source naming it", () => {
    expect(
      problems({
        kind: "aws",
        sinks: [{ name: "orders" }, { name: "projection", after: "orders" }],
        streamFailures: [{ name: "f", sink: "projection" }],
      }),
    ).toEqual([]);
  });
  it("reports a dangling after, a cycle, a failure source on a head sink, and a local stream consumer without its parts", () => {
    expect(
      problems({
        kind: "local",
        sinks: [
          { name: "a", after: "b" },
          { name: "b", after: "a" },
          { name: "c", after: "nope" },
        ],
        streamFailures: [{ name: "f", sink: "x" }],
        functions: { streamConsumer: { handler: "./s.ts" } },
        stream: { viewType: "KEYS_ONLY" },
      }).map((p) => p.path),
    ).toEqual([
      "targets.t.sinks[0].after",
      "targets.t.sinks[1].after",
      "targets.t.sinks[2].after",
      "targets.t.streamFailures[0].sink",
    ]);
    expect(problems({ kind: "local", stream: { viewType: "OLD_IMAGE" } }).map((p) => p.path)).toEqual([
      "targets.t.stream.viewType",
    ]);
    expect(
      problems({ kind: "local", functions: { streamConsumer: { handler: "./s.ts" } } }).map((p) => p.path),
    ).toEqual(["targets.t.stream", "targets.t.sinks"]);
  });
});

describe("examples/streams/harness.config.ts", () => {
  it("loads: a local stream and an aws target with a chained sink and its failure source", async () => {
    const { config } = await loadConfig(process.cwd(), "examples/streams/harness.config.ts");
    const deployed = config.targets.deployed;
    expect(deployed?.kind === "aws" ? deployed.sinks.map((s) => [s.name, s.after]) : []).toEqual([
      ["orders", undefined],
      ["order-view", "orders"],
    ]);
    expect(config.targets.local?.kind === "local" ? config.targets.local.stream?.batchSize : 0).toBe(100);
  });
});
