// Flows: the outcome a message's flow comes to (returned, thrown, nothing), and a bad flow module refused before the
// load (exit 4), a threshold on a step the flow does not declare included.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { scenarioSchema } from "../../config/schema-scenario.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { FlowError } from "../../loadtests/engine/errors.ts";
import { loadFlow } from "../../loadtests/engine/flow/load.ts";
import { type LastCall, returnedOutcome, thrownOutcome } from "../../loadtests/engine/flow/outcome.ts";
import { runLoad } from "../../loadtests/engine/index.ts";

const conflict: LastCall = { status: 409, outcome: "rej", error: "HTTP 409", step: "confirm" };
const created: LastCall = { status: 201, outcome: "acc", error: undefined, step: "create" };

describe("returnedOutcome", () => {
  it.each([
    ["nothing, after a 409", undefined, 2, conflict, { status: 409, outcome: "rej", err: "HTTP 409 at step confirm" }],
    ["nothing, after a 201", undefined, 1, created, { status: 201, outcome: "acc", err: undefined }],
    ["nothing, with no call", undefined, 0, undefined, { status: 0, outcome: "rej", err: "flow: made no call" }],
    ["an outcome", "unk", 1, created, { status: 201, outcome: "unk", err: undefined }],
    [
      "an outcome with a reason",
      { outcome: "rej", reason: "sold out" },
      1,
      created,
      { status: 201, outcome: "rej", err: "sold out" },
    ],
    [
      "a call's result",
      { status: 409, outcome: "rej", error: "HTTP 409" },
      2,
      conflict,
      { status: 409, outcome: "rej", err: "HTTP 409" },
    ],
    [
      "nonsense after a call",
      42,
      1,
      created,
      { status: 201, outcome: "unk", err: expect.stringMatching(/^flow: returned 42, not acc/) },
    ],
    [
      "nonsense before any call",
      "ok",
      0,
      undefined,
      { status: 0, outcome: "rej", err: expect.stringMatching(/^flow: returned "ok"/) },
    ],
  ])("%s", (_what, returned, written, last, expected) => {
    expect(returnedOutcome(returned, written, last)).toEqual(expected);
  });
});

describe("thrownOutcome", () => {
  it("is rej before the first call went out (the target cannot have it), unk after (it may)", () => {
    expect(thrownOutcome(new Error("no token"), 0, undefined)).toEqual({
      status: 0,
      outcome: "rej",
      err: "flow: no token",
    });
    expect(thrownOutcome(new Error("bad json"), 1, created)).toEqual({
      status: 201,
      outcome: "unk",
      err: "flow: bad json",
    });
    expect(thrownOutcome("plain", 1, created)).toMatchObject({ outcome: "unk", err: "flow: plain" });
  });
});

describe("flow modules", () => {
  const dir = mkdtempSync(join(tmpdir(), "flow-"));
  const write = (name: string, source: string) => {
    const file = join(dir, name);
    writeFileSync(file, source);
    return file;
  };

  it("loads a default function with its declared steps, and refuses a module without one or with bad steps", async () => {
    const ok = write(
      "ok.ts",
      "const f = async () => undefined;\nexport default Object.assign(f, { steps: ['token', 'order'] });\n",
    );
    expect((await loadFlow(ok)).steps).toEqual(["token", "order"]);
    await expect(loadFlow(write("none.ts", "export const x = 1;\n"))).rejects.toThrow(
      /has no default export that is a function/,
    );
    await expect(loadFlow(join(dir, "missing.ts"))).rejects.toThrow(/could not be loaded/);
    const badSteps = write("bad.ts", "export default Object.assign(async () => undefined, { steps: ['a b'] });\n");
    await expect(loadFlow(badSteps)).rejects.toMatchObject({ name: "FlowError", exitCode: 4 });
  });

  const target: ResolvedTarget = {
    name: "nowhere",
    kind: "local",
    environment: "local",
    maxRps: 100,
    aws: { region: "us-east-1" },
    http: { url: "http://127.0.0.1:9/x", method: "POST", headers: {}, bodyTemplate: "{}", timeoutMs: 100 },
    queues: [],
    sinks: [],
    dlqs: [],
    metrics: [],
  };
  const run = (flow: string, thresholds: Record<string, string[]>) =>
    runLoad({
      runId: "r",
      scenarioName: "s",
      target,
      output: memoryOutput(),
      workers: 0,
      handleSigint: false,
      ledgerDir: join(mkdtempSync(join(tmpdir(), "flow-ledger-")), "ledger"),
      scenario: scenarioSchema.parse({ executor: "constant-arrival-rate", rate: 1, duration: "1s", flow, thresholds }),
    });

  it("refuses a threshold on a step the flow does not declare, and a flow module with no function, before any load", async () => {
    const declared = write(
      "declared.ts",
      "export default Object.assign(async () => undefined, { steps: ['token', 'order'] });\n",
    );
    const misspelt = run(declared, { "http_req_duration{step:ordre}": ["p(95)<500"] });
    await expect(misspelt).rejects.toBeInstanceOf(FlowError);
    await expect(misspelt).rejects.toThrow(
      /name the step\(s\) ordre, which the flow does not declare \(it declares token, order\)/,
    );
    await expect(misspelt).rejects.toMatchObject({ exitCode: 4 });
    await expect(run(write("nofn.ts", "export default 1;\n"), {})).rejects.toMatchObject({
      name: "FlowError",
      exitCode: 4,
    });
  });

  it("refuses a flow against a target that authenticates its requests, before any load (its calls would go unsigned)", async () => {
    const flow = write("plain.ts", "export default async () => undefined;\n");
    const authed = {
      ...target,
      http: {
        ...(target.http as NonNullable<ResolvedTarget["http"]>),
        auth: { type: "sigv4" as const, service: "execute-api" },
      },
    };
    const refused = runLoad({
      runId: "r",
      scenarioName: "s",
      target: authed,
      output: memoryOutput(),
      workers: 0,
      handleSigint: false,
      ledgerDir: join(mkdtempSync(join(tmpdir(), "flow-ledger-")), "ledger"),
      scenario: scenarioSchema.parse({ executor: "constant-arrival-rate", rate: 1, duration: "1s", flow }),
    });
    await expect(refused).rejects.toMatchObject({ name: "FlowError", exitCode: 4 });
    await expect(refused).rejects.toThrow(/authenticates its requests \(http.auth sigv4\)/);
  });
});
