// `harness run` against the local target with gateway auth, as a user runs it: sigv4 and jwt pass end to end, no
// artifact or log line holds the client secret, a token or a signature, and refused requests are named in the report.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import type { RunResult } from "../../reports/index.ts";
import { runCli } from "../support/cli.ts";
import { useLocalStack } from "../support/local-stack.ts";

const config = (gateway: string) => `export default {
  runsDir: "runs",
  targets: { local: { kind: "local", maxRps: 500, gateway: ${gateway} } },
  scenarios: {
    // Long enough for a 2 s token to expire twice.
    brief: { executor: "constant-arrival-rate", rate: 40, duration: "4s" },
    // The same 160 requests where no token expiry is at stake.
    "brief-fast": { executor: "constant-arrival-rate", rate: 80, duration: "2s" },
  },
  drain: { timeout: "60s", settle: "2s" },
};
`;

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every file of the run directory, and the CLI's output, that holds one of `needles`. */
function leaks(runDir: string, output: string, needles: Array<string | RegExp>): string[] {
  const found: string[] = [];
  const holds = (text: string) => needles.some((n) => (typeof n === "string" ? text.includes(n) : n.test(text)));
  for (const file of filesUnder(runDir)) if (holds(readFileSync(file, "latin1"))) found.push(file);
  if (holds(output)) found.push("(CLI output)");
  return found;
}

const jwtPattern = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\./;

describe("local target with gateway.auth jwt", () => {
  // The local issuer's client, from the environment the stack and the run share, as a real client's would be.
  const secret = `clientSecret${Math.random().toString(36).slice(2)}Q`;
  process.env.HARNESS_LOCAL_CLIENT_ID = "e2e-client";
  process.env.HARNESS_LOCAL_CLIENT_SECRET = secret;
  const { cwd } = useLocalStack("harness-e2e-jwt", config('{ auth: "jwt", tokenTtlSeconds: 2 }'));

  it("passes with tokens that expire every 2 s, and no artifact holds the secret or a token", async () => {
    const run = await runCli(["run", "--target", "local", "--scenario", "brief"], { cwd, timeoutMs: 180_000 });
    expect(run.code, run.stderr).toBe(0);
    const dir = join(cwd, "runs", "latest");
    const summary = readJson<LoadSummary>(join(dir, "load-summary.json"));
    expect(summary.acc).toBe(160);
    expect(readJson<Verdict>(join(dir, "verify.json")).valid).toBe(true);
    expect(readFileSync(join(dir, "plan.json"), "utf8")).toContain('"oauth2-client-credentials"');
    expect(leaks(dir, run.stdout + run.stderr, [secret, jwtPattern, /Bearer\s/i])).toEqual([]);
  });

  it("a wrong client secret: every message rejected with 401 and the reason, named in the report", async () => {
    const wrong = `wrongSecret${Math.random().toString(36).slice(2)}Q`;
    const run = await runCli(["run", "--target", "local", "--scenario", "brief-fast"], {
      cwd,
      env: { HARNESS_LOCAL_CLIENT_SECRET: wrong },
      timeoutMs: 180_000,
    });
    expect(run.code, run.stderr).not.toBe(255);
    const dir = join(cwd, "runs", "latest");
    expect(readJson<LoadSummary>(join(dir, "load-summary.json")).status).toEqual({ "401": 160 });
    const errs = new Set(
      filesUnder(join(dir, "ledger")).flatMap((f) =>
        readFileSync(f, "utf8")
          .trim()
          .split("\n")
          .map((l) => (JSON.parse(l) as { err?: string }).err)
          .filter((e) => e !== undefined),
      ),
    );
    expect([...errs]).toEqual([
      expect.stringMatching(
        /^HTTP 401 \(sent without auth: oauth2: token endpoint http:\/\/127\.0\.0\.1:\d+\/oauth2\/token answered 401: \{"error":"invalid_client"\}\)$/,
      ),
    ]);
    const result = readJson<RunResult>(join(dir, "result.json"));
    expect(result.findings.find((f) => f.kind === "authRefused")).toMatchObject({
      title: "The target refused 160 requests as unauthorized",
      auth: "oauth2-client-credentials",
    });
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toContain("The target refused 160 requests as unauthorized");
    expect(leaks(dir, run.stdout + run.stderr, [wrong, secret])).toEqual([]);
  });
});

describe("local target with gateway.auth sigv4", () => {
  const { cwd } = useLocalStack("harness-e2e-sigv4", config('{ auth: "sigv4" }'));

  it("passes with every request signed, and no artifact holds a signature", async () => {
    const run = await runCli(["run", "--target", "local", "--scenario", "brief-fast"], { cwd, timeoutMs: 180_000 });
    expect(run.code, run.stderr).toBe(0);
    const dir = join(cwd, "runs", "latest");
    expect(readJson<LoadSummary>(join(dir, "load-summary.json")).acc).toBe(160);
    expect(readFileSync(join(dir, "plan.json"), "utf8")).toContain('"sigv4"');
    expect(leaks(dir, run.stdout + run.stderr, ["Signature=", "AWS4-HMAC-SHA256", /x-amz-security-token/i])).toEqual(
      [],
    );
  });
});

describe("bad auth config, refused before anything starts", () => {
  const target = (auth: string) => `export default {
  targets: {
    api: {
      kind: "aws", environment: "test", region: "eu-west-1", maxRps: 100,
      http: { url: "http://127.0.0.1:9/orders", auth: ${auth} },
      sinks: [{ name: "orders", table: "orders" }],
    },
  },
};
`;
  const runWith = async (auth: string, env: Record<string, string> = {}) => {
    const cwd = mkdtempSync(join(tmpdir(), "harness-e2e-auth-config-"));
    writeFileSync(join(cwd, "harness.config.ts"), target(auth));
    const run = await runCli(["run", "--target", "api", "--scenario", "smoke"], { cwd, env });
    return { run, cwd };
  };

  it("an unknown auth.type: exit 4, the allowed types named, no run directory", async () => {
    const { run, cwd } = await runWith('{ type: "kerberos" }');
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain(
      'targets.api.http.auth.type: must be one of "sigv4", "token", "oauth2-client-credentials"',
    );
    expect(existsSync(join(cwd, "runs"))).toBe(false);
  });

  it("an OAuth2 client secret variable that is not set: exit 4, the variable named", async () => {
    const { run } = await runWith(
      '{ type: "oauth2-client-credentials", tokenUrl: "http://127.0.0.1:9/oauth2/token", clientIdEnv: "E2E_ID", clientSecretEnv: "E2E_SECRET_UNSET" }',
      { E2E_ID: "someone" },
    );
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain(
      "targets.api.http.auth.clientSecretEnv: names the environment variable E2E_SECRET_UNSET, which is not set",
    );
  });
});
