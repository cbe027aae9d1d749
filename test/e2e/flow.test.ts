// `harness run` with a flow against the embedded local target, as a user runs it: two calls per message, one step
// judged by a tag-filtered threshold, a flow that throws for some messages, and still an exact verdict.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../common/project-root.ts";
import type { LedgerRecord } from "../../contracts/ledger.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const config = `export default {
  runsDir: "runs",
  targets: { local: { kind: "local", maxRps: 500, gateway: { rate: 500, burst: 200 } } },
  scenarios: {
    ordered: {
      executor: "constant-arrival-rate", rate: 40, duration: "5s",
      flow: "./flow.ts",
      thresholds: {
        "http_req_failed{step:order}": ["rate==0"],
        "http_req_failed{step:lookup}": ["rate==1"],
      },
    },
  },
  drain: { timeout: "60s", settle: "2s" },
  gates: { maxLost: 0 },
};
`;

// The order, then a lookup the gateway refuses (403, as API Gateway answers a route it lacks); every twentieth message
// throws before its first call (rej: nothing was sent).
const flow = `import { defineFlow } from ${JSON.stringify(pathToFileURL(join(projectRoot, "config", "index.ts")).href)};
export default defineFlow(
  async (msg, ctx) => {
    if (msg.n % 20 === 3) throw new Error("refused before sending");
    const order = await ctx.http.post("/orders", { id: msg.id, sentAt: msg.sentAt }, { step: "order" });
    const messageId = order.status === 200 ? order.json().SendMessageResponse.SendMessageResult.MessageId : undefined;
    const lookup = await ctx.http.get("/orders/" + msg.id, { step: "lookup" });
    if (lookup.status !== 403) return { outcome: "unk", reason: "lookup answered " + lookup.status };
    return messageId === undefined ? order : { outcome: "acc" };
  },
  { steps: ["order", "lookup"] },
);
`;

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

describe("harness run with a flow", () => {
  // The flow module is written beside the config before `local up` validates it (it must exist).
  const { cwd } = useLocalStack("harness-e2e-flow", () => {
    writeFileSync(join(cwd, "flow.ts"), flow);
    return config;
  });

  it("runs two calls per message, judges each step, and proves every accepted ID delivered", async () => {
    const run = await runCli(["run", "--target", "local", "--scenario", "ordered"], { cwd, timeoutMs: 180_000 });
    expect(run.code, run.stderr).toBe(0);
    const dir = join(cwd, "runs", "latest");
    const summary = readJson<LoadSummary>(join(dir, "load-summary.json"));
    const verdict = readJson<Verdict>(join(dir, "verify.json"));
    expect(summary).toMatchObject({ sent: 200, acc: 190, rej: 10, unk: 0 });
    expect(summary.steps).toMatchObject({
      order: { calls: 190, acc: 190, rej: 0, unk: 0 },
      lookup: { calls: 190, acc: 0, rej: 190, unk: 0 },
    });
    expect(summary.thresholds.map((t) => [t.metric, t.ok, t.value])).toEqual([
      ["http_req_failed{step:order}", true, 0],
      ["http_req_failed{step:lookup}", true, 1],
    ]);
    expect(verdict.valid).toBe(true);
    expect(verdict.classes.delivered.count).toBe(190);
    expect(verdict.classes.rejected.count).toBe(10);
    expect(verdict.classes.lost.count).toBe(0);
    expect(verdict.classes.unexpected.count).toBe(0);
    const records = readdirSync(join(dir, "ledger"))
      .flatMap((f) =>
        readFileSync(join(dir, "ledger", f), "utf8")
          .trim()
          .split("\n"),
      )
      .map((l) => JSON.parse(l) as LedgerRecord & { end?: true })
      .filter((r) => r.end === undefined);
    expect(records).toHaveLength(200);
    const refused = records.filter((r) => r.o === "rej");
    expect(refused).toHaveLength(10);
    for (const r of refused) expect(r).toMatchObject({ st: 0, err: "flow: refused before sending" });
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toContain("- order: 190 calls, 190 accepted, 0 rejected");
  });
});
