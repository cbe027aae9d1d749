// Auth against the local gateway, end to end with the real engine: SigV4 (valid -> accepted, tampered or unsigned
// -> 403 rejected) and JWT (a token that expires every 4 s during a 10 s run loses no message; a token module that
// throws and an OAuth2 endpoint that answers 401 give per-message rejections with the reason, never a crash).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { newRunId } from "../../common/run-id.ts";
import { type ScenarioInput, scenarioSchema } from "../../config/schema-scenario.ts";
import type { LedgerRecord } from "../../contracts/ledger.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { SigV4Signer } from "../../loadtests/engine/auth/sigv4.ts";
import { runLoad } from "../../loadtests/engine/index.ts";
import { type EnsuredLocal, ensureLocalUp } from "../../local/index.ts";
import { localCredentials } from "../../local/resources.ts";
import { localTarget, tempCwd } from "./local-helpers.ts";

async function load(
  target: ResolvedTarget,
  input: ScenarioInput,
  ledgerDir = mkdtempSync(join(tmpdir(), "auth-ledger-")),
) {
  const summary = await runLoad({
    runId: newRunId(),
    scenarioName: "auth",
    scenario: scenarioSchema.parse(input),
    target,
    ledgerDir,
    workers: 2,
    output: memoryOutput(),
    handleSigint: false,
  });
  const records = readdirSync(ledgerDir).flatMap((f) =>
    readFileSync(join(ledgerDir, f), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as LedgerRecord & { end?: true })
      .filter((r) => r.end === undefined),
  );
  return { summary, records, outcomes: countBy(records.map((r) => `${r.o} ${r.st}`)) };
}

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of keys) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
}

const short: ScenarioInput = { executor: "constant-arrival-rate", rate: 80, duration: "1s", gracefulStop: "20s" };

describe("local gateway in sigv4 mode", () => {
  let local: EnsuredLocal;
  let target: ResolvedTarget;

  beforeAll(async () => {
    const config = localTarget({ gateway: { rate: 500, burst: 200, auth: "sigv4" } });
    local = await ensureLocalUp({ cwd: tempCwd("harness-auth-sigv4-"), output: memoryOutput() }, "local", config);
    target = local.target;
  });

  afterAll(async () => {
    await local?.stop();
  });

  it("resolves the local target with sigv4 auth, and every signed message is accepted", async () => {
    expect(target.http?.auth).toEqual({ type: "sigv4", service: "execute-api", region: "us-east-1" });
    const { summary, records, outcomes } = await load(target, short);
    expect(records).toHaveLength(summary.plannedArrivals);
    expect(outcomes).toEqual({ "acc 200": 80 });
  });

  it("signed with the wrong secret, or not signed at all: every message rejected with 403", async () => {
    const wrongKey = {
      ...target,
      aws: { ...target.aws, staticCredentials: { ...localCredentials, secretAccessKey: "x" } },
    };
    const wrong = await load(wrongKey, short);
    expect(wrong.outcomes).toEqual({ "rej 403": 80 });
    expect(new Set(wrong.records.map((r) => r.err))).toEqual(new Set(["HTTP 403"]));
    const { auth: _none, ...http } = target.http ?? { auth: undefined };
    const unsigned = await load({ ...target, http: http as NonNullable<ResolvedTarget["http"]> }, short);
    expect(unsigned.outcomes).toEqual({ "rej 403": 80 });
  });

  it("a request whose body was changed after signing is refused (tampered)", async () => {
    const url = target.http?.url ?? "";
    const signer = new SigV4Signer({
      method: "POST",
      url,
      host: new URL(url).host,
      slot: "-",
      region: "us-east-1",
      service: "execute-api",
    });
    signer.credentials = localCredentials;
    const body = JSON.stringify({ id: "tamper-1", sentAt: Date.now() });
    const headers = Object.fromEntries(
      signer
        .lines("", body, Date.now())
        .split("\r\n")
        .filter((l) => l !== "")
        .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]),
    );
    const post = (text: string) =>
      fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: text });
    const good = await post(body);
    expect(good.status).toBe(200);
    const tampered = await post(body.replace("tamper-1", "tamper-2"));
    expect(tampered.status).toBe(403);
    expect(((await tampered.json()) as { message: string }).message).toMatch(/signature we calculated does not match/);
  });
});

describe("local gateway in jwt mode", () => {
  let local: EnsuredLocal;
  let target: ResolvedTarget;
  const dir = mkdtempSync(join(tmpdir(), "auth-token-"));

  beforeAll(async () => {
    const config = localTarget({ gateway: { rate: 500, burst: 200, auth: "jwt", tokenTtlSeconds: 4 } });
    local = await ensureLocalUp({ cwd: tempCwd("harness-auth-jwt-"), output: memoryOutput() }, "local", config);
    target = local.target;
  });

  afterAll(async () => {
    await local?.stop();
  });

  it("a token that expires every 4 s, refreshed in the background: 10 s of load, 0 messages lost to auth", async () => {
    expect(target.http?.auth).toMatchObject({
      type: "oauth2-client-credentials",
      clientIdEnv: "HARNESS_LOCAL_CLIENT_ID",
    });
    const { summary, records, outcomes } = await load(target, {
      executor: "constant-arrival-rate",
      rate: 50,
      duration: "10s",
      gracefulStop: "20s",
    });
    expect(summary.plannedArrivals).toBe(500);
    expect(records).toHaveLength(500);
    expect(outcomes).toEqual({ "acc 200": 500 });
  }, 60_000);

  it("a token module (fetching from the local issuer itself): every message accepted, no token in the ledger", async () => {
    const module = join(dir, "issuer.ts");
    const tokenUrl = (target.http?.url ?? "").replace("/orders", "/oauth2/token");
    writeFileSync(
      module,
      `export default async () => {
  const basic = Buffer.from(process.env.HARNESS_LOCAL_CLIENT_ID + ":" + process.env.HARNESS_LOCAL_CLIENT_SECRET).toString("base64");
  const res = await fetch(${JSON.stringify(tokenUrl)}, { method: "POST", headers: { authorization: "Basic " + basic, "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" });
  const body = await res.json();
  return { headers: { authorization: "Bearer " + body.access_token }, expiresAt: Date.now() + (body.expires_in - 1) * 1000 };
};
`,
    );
    const http = { ...(target.http as NonNullable<ResolvedTarget["http"]>), auth: { type: "token" as const, module } };
    const ledgerDir = mkdtempSync(join(tmpdir(), "auth-token-ledger-"));
    const { outcomes } = await load({ ...target, http }, { ...short, rate: 60, duration: "4s" }, ledgerDir);
    expect(outcomes).toEqual({ "acc 200": 240 });
    for (const file of readdirSync(ledgerDir))
      expect(readFileSync(join(ledgerDir, file), "utf8")).not.toMatch(/eyJ|Bearer/);
  }, 30_000);

  it("without a token: 401, rejected", async () => {
    const { auth: _none, ...http } = target.http ?? { auth: undefined };
    const { outcomes } = await load({ ...target, http: http as NonNullable<ResolvedTarget["http"]> }, short);
    expect(outcomes).toEqual({ "rej 401": 80 });
  });

  it("a token module that throws: every message still sent, rejected with 401 and the module's error", async () => {
    const module = join(dir, "throws.ts");
    writeFileSync(module, 'export default async () => { throw new Error("vault sealed"); };\n');
    const http = { ...(target.http as NonNullable<ResolvedTarget["http"]>), auth: { type: "token" as const, module } };
    const { summary, records, outcomes } = await load({ ...target, http }, short);
    expect(records).toHaveLength(summary.plannedArrivals);
    expect(outcomes).toEqual({ "rej 401": 80 });
    expect(new Set(records.map((r) => r.err))).toEqual(
      new Set([`HTTP 401 (sent without auth: token module ${module} threw: vault sealed)`]),
    );
  });

  it("an OAuth2 token endpoint that answers 401 (wrong client secret): rejected with 401 and the endpoint's answer", async () => {
    const auth = { ...(target.http?.auth as object), clientSecretEnv: "HARNESS_TEST_WRONG_SECRET" };
    process.env.HARNESS_TEST_WRONG_SECRET = "not-the-secret";
    const http = { ...(target.http as NonNullable<ResolvedTarget["http"]>), auth } as NonNullable<
      ResolvedTarget["http"]
    >;
    const { records, outcomes } = await load({ ...target, http }, short);
    expect(outcomes).toEqual({ "rej 401": 80 });
    expect(new Set(records.map((r) => r.err))).toEqual(
      new Set([
        `HTTP 401 (sent without auth: oauth2: token endpoint ${target.http?.url.replace("/orders", "/oauth2/token")} answered 401: {"error":"invalid_client"})`,
      ]),
    );
  });
});
