// A re-verification never destroys a verdict (#16 item 6): the replaced verify.json and its ids/ move to
// verify-history/, an unknown attempt that could not reach a source leaves a definitive verify.json in place, and
// `--ledgers` naming no folder is refused before anything is written.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { sinkSchema } from "../../config/schema-target.ts";
import { runPaths } from "../../contracts/run-dir.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import { verifyCommand } from "../../verifier/command.ts";
import { emptyDlq, emptyInFlight, emptySink, ledgerFrom, sinkFrom } from "../../verifier/evidence.ts";
import { unreachableSources } from "../../verifier/index.ts";
import { reconcile } from "../../verifier/reconcile.ts";
import { readSink } from "../../verifier/sources/dynamodb-sink.ts";
import { unknownVerdict } from "../../verifier/unknown-verdict.ts";
import { storeVerdict } from "../../verifier/verdict-store.ts";

const runId = "20261126T154200Z-k3j9x2q1";
const id = (n: number) => `${runId}-smoke-${n}`;
const t0 = 1_764_171_720_000;

function freshRun() {
  const dir = join(mkdtempSync(join(tmpdir(), "verdict-store-")), runId);
  mkdirSync(join(dir, "ledger"), { recursive: true });
  return runPaths(dir);
}

/** A definitive reconciliation at a given time: one message, delivered (true) or lost (false). */
function definitive(valid: boolean, verifiedAt: string) {
  const ledger = ledgerFrom([{ id: id(0), ts: t0, o: "acc" }]);
  return reconcile(ledger, sinkFrom(valid ? [id(0)] : []), emptyDlq(), emptyInFlight(), {
    runId,
    verifiedAt,
    drain: null,
  });
}

const unknownAttempt = (verifiedAt: string) => ({
  verdict: unknownVerdict(runId, "target unreachable: connect ECONNREFUSED", new Date(verifiedAt)),
  eachId: () => {},
  eachIdPart: () => {},
});

const readVerdict = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Verdict;

describe("storeVerdict", () => {
  it("the first verdict is the latest; a second moves the first with its ids/ to verify-history/", () => {
    const run = freshRun();
    const first = storeVerdict(run, definitive(false, "2026-11-26T16:00:00.000Z"), { unreachable: false });
    expect(first).toMatchObject({ latest: true, file: run.verify });
    expect(first.archived).toBeUndefined();
    expect(readFileSync(join(run.idListsDir, "lost.txt"), "utf8")).toBe(`${id(0)}\n`);

    const second = storeVerdict(run, definitive(true, "2026-11-26T17:00:00.000Z"), { unreachable: false });
    const old = join(run.verifyHistoryDir, "2026-11-26T160000.000Z");
    expect(second).toMatchObject({ latest: true, file: run.verify, archived: old });
    expect(readVerdict(run.verify).valid).toBe(true);
    expect(readVerdict(join(old, "verify.json")).valid).toBe(false);
    expect(readFileSync(join(old, "ids", "lost.txt"), "utf8")).toBe(`${id(0)}\n`);
    expect(existsSync(join(run.idListsDir, "lost.txt"))).toBe(false);
    expect(readFileSync(join(run.idListsDir, "delivered.txt"), "utf8")).toBe(`${id(0)}\n`);
  });

  it("an unknown attempt that could not reach a source leaves a definitive verify.json and its ids/ as they were", () => {
    const run = freshRun();
    storeVerdict(run, definitive(true, "2026-11-26T16:00:00.000Z"), { unreachable: false });
    const before = readFileSync(run.verify, "utf8");
    const stored = storeVerdict(run, unknownAttempt("2026-11-26T18:00:00.000Z"), { unreachable: true });
    const attempt = join(run.verifyHistoryDir, "2026-11-26T180000.000Z", "verify.json");
    expect(stored).toMatchObject({
      latest: false,
      file: attempt,
      kept: { valid: true, verifiedAt: "2026-11-26T16:00:00.000Z" },
    });
    expect(readFileSync(run.verify, "utf8")).toBe(before);
    expect(readFileSync(join(run.idListsDir, "delivered.txt"), "utf8")).toBe(`${id(0)}\n`);
    expect(readVerdict(attempt).valid).toBe("unknown");
  });

  it("an unknown attempt replaces an unknown verdict (kept in the history), and an unknown that reached every source replaces a definitive one", () => {
    const run = freshRun();
    storeVerdict(run, unknownAttempt("2026-11-26T16:00:00.000Z"), { unreachable: true });
    const again = storeVerdict(run, unknownAttempt("2026-11-26T17:00:00.000Z"), { unreachable: true });
    expect(again.latest).toBe(true);
    storeVerdict(run, definitive(true, "2026-11-26T18:00:00.000Z"), { unreachable: false });
    const reachable = storeVerdict(run, unknownAttempt("2026-11-26T19:00:00.000Z"), { unreachable: false });
    expect(reachable.latest).toBe(true);
    expect(readdirSync(run.verifyHistoryDir).sort()).toEqual([
      "2026-11-26T160000.000Z",
      "2026-11-26T170000.000Z",
      "2026-11-26T180000.000Z",
    ]);
  });
});

describe("verify --ledgers", () => {
  it("a folder that does not exist is refused up front (exit 4, naming it), and verify.json stays as it was", async () => {
    const runsDir = mkdtempSync(join(tmpdir(), "verify-ledgers-"));
    const run = runPaths(join(runsDir, runId));
    mkdirSync(run.ledgerDir, { recursive: true });
    writeFileSync(run.verify, '{"valid":true}');
    await expect(
      verifyCommand(
        { cwd: runsDir, env: {}, output: memoryOutput() },
        { run: runId, drainTimeout: "0", ledgers: "/nonexistent/dir", config: undefined, runsDir },
      ),
    ).rejects.toMatchObject({
      name: "VerifyUsageError",
      exitCode: 4,
      message: expect.stringContaining("--ledgers /nonexistent/dir: no such folder"),
    });
    expect(readFileSync(run.verify, "utf8")).toBe('{"valid":true}');
  });
});

describe("a source that does not answer", () => {
  it("is marked unreachable (connection refused), unlike one that answers with an error, and named for exit 3", async () => {
    const client = new DynamoDBClient({ region: "us-east-1" });
    const ddb = mockClient(client);
    const sink = sinkSchema.parse({ name: "orders", table: "orders-sink", scanSegments: 1 });
    ddb.on(ScanCommand).rejects(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }));
    const down = await readSink({ client, sink, runId }, emptySink());
    expect(down).toEqual({
      name: "orders",
      read: 0,
      complete: false,
      error: "Error: connect ECONNREFUSED 127.0.0.1:1",
      unreachable: true,
    });
    ddb.reset();
    ddb.on(ScanCommand).rejects(Object.assign(new Error("no such table"), { name: "ResourceNotFoundException" }));
    const answered = await readSink({ client, sink, runId }, emptySink());
    expect(answered.unreachable).toBeUndefined();

    const ledger = ledgerFrom([{ id: id(0), ts: t0, o: "acc" }]);
    const sinkEv = emptySink();
    sinkEv.statuses.push(down);
    const { verdict } = reconcile(ledger, sinkEv, emptyDlq(), emptyInFlight(), { runId, verifiedAt: "x", drain: null });
    expect(verdict.valid).toBe("unknown");
    expect(unreachableSources(verdict)).toEqual(["sink orders (Error: connect ECONNREFUSED 127.0.0.1:1)"]);
  });
});
