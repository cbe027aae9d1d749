// The engine and the preflight over HTTPS with http.tls (a private CA, mutual TLS) and through a proxy from
// HTTPS_PROXY / HTTP_PROXY: a real HTTPS server requiring a client certificate, a real CONNECT proxy that counts its
// tunnels. Certificates are made here with openssl, in a temporary folder. Everything stays on 127.0.0.1: the proxy
// connects only there, whatever host it is asked for.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import net from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AwsClients } from "../../aws/clients.ts";
import { memoryOutput } from "../../common/output.ts";
import { scenarioSchema } from "../../config/schema-scenario.ts";
import type { LedgerRecord } from "../../contracts/ledger.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import type { HttpTls } from "../../contracts/target-parts.ts";
import { runLoad } from "../../loadtests/engine/index.ts";
import { freePort } from "../../local/emulators/free-port.ts";
import { preflight } from "../../runner/preflight.ts";

const dir = mkdtempSync(join(tmpdir(), "harness-tls-"));
const file = (name: string) => join(dir, name);

function openssl(...args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

/** A private CA, a server certificate for the names the tests use, a client certificate: all signed by the CA. */
function makeCertificates(): void {
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=harness test CA",
  );
  writeFileSync(file("server.ext"), "subjectAltName=DNS:localhost,DNS:harness-test.invalid,IP:127.0.0.1\n");
  writeFileSync(file("client.ext"), "extendedKeyUsage=clientAuth\n");
  for (const [name, subject, ext] of [
    ["server", "/CN=localhost", "server.ext"],
    ["client", "/CN=harness client", "client.ext"],
  ] as const) {
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject);
    openssl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      `${name}.pem`,
      "-days",
      "2",
      "-extfile",
      ext,
    );
  }
}

/** IDs the HTTPS server answered 200, and the request lines it saw. */
const seen = { ids: new Set<string>(), targets: new Set<string>() };
let httpsPort = 0;
let httpPort = 0;
let proxyPort = 0;
const tunnels: string[] = [];
const forwarded: string[] = [];
const closers: Array<() => void> = [];

function answer(req: IncomingMessage, res: ServerResponse): void {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk: string) => {
    body += chunk;
  });
  req.on("end", () => {
    seen.targets.add(req.url ?? "");
    if (req.method === "POST") seen.ids.add((JSON.parse(body) as { id: string }).id);
    res.statusCode = 200;
    res.end("{}");
  });
}

/**
 * A forward proxy on 127.0.0.1: CONNECT opens a tunnel (counted, with the authority asked for) and an absolute-form
 * request is relayed on one connection; either way the bytes go to 127.0.0.1 only, to the port asked for.
 */
function startProxy(port: number): Promise<void> {
  const server = net.createServer((client) => {
    let head = "";
    const onData = (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      client.off("data", onData);
      const [method, authority] = head.split(" ") as [string, string];
      if (method === "CONNECT") {
        tunnels.push(authority);
        if (authority.startsWith("refused.")) {
          client.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
          return;
        }
        const upstream = net.connect({ host: "127.0.0.1", port: Number(authority.split(":").pop()) }, () => {
          client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
          client.pipe(upstream).pipe(client);
        });
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
        return;
      }
      forwarded.push(authority);
      const upstream = net.connect({ host: "127.0.0.1", port: Number(new URL(authority).port) }, () => {
        upstream.write(head);
        client.pipe(upstream).pipe(client);
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    };
    client.on("data", onData);
  });
  closers.push(() => server.close());
  return new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
}

beforeAll(async () => {
  makeCertificates();
  [httpsPort, httpPort, proxyPort] = [await freePort(), await freePort(), await freePort()];
  const https = createHttpsServer(
    {
      key: readFileSync(file("server.key")),
      cert: readFileSync(file("server.pem")),
      ca: readFileSync(file("ca.pem")),
      requestCert: true,
      rejectUnauthorized: true,
    },
    answer,
  );
  const http = createHttpServer(answer);
  closers.push(
    () => https.close(),
    () => http.close(),
  );
  await new Promise<void>((resolve) => https.listen(httpsPort, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => http.listen(httpPort, "127.0.0.1", resolve));
  await startProxy(proxyPort);
});

afterAll(() => {
  for (const close of closers) close();
});

const proxyVariables = ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy"];
afterEach(() => {
  for (const name of proxyVariables) delete process.env[name];
  seen.ids.clear();
  seen.targets.clear();
  tunnels.length = 0;
  forwarded.length = 0;
});

function target(url: string, tls?: HttpTls): ResolvedTarget {
  return {
    name: "tls-server",
    kind: "aws",
    environment: "test",
    maxRps: 10_000,
    aws: { region: "us-east-1" },
    http: {
      url,
      method: "POST",
      headers: {},
      bodyTemplate: '{"id":"{{id}}","sentAt":{{sentAt}}}',
      timeoutMs: 5000,
      ...(tls === undefined ? {} : { tls }),
    },
    queues: [],
    sinks: [],
    dlqs: [],
    metrics: [],
  };
}

const mtls = (): HttpTls => ({
  ca: file("ca.pem"),
  cert: file("client.pem"),
  key: file("client.key"),
  rejectUnauthorized: true,
});

async function load(t: ResolvedTarget, runId: string) {
  const ledgerDir = mkdtempSync(join(tmpdir(), "engine-ledger-"));
  const summary = await runLoad({
    runId,
    scenarioName: "smoke",
    scenario: scenarioSchema.parse({
      executor: "constant-arrival-rate",
      rate: 200,
      duration: "1s",
      gracefulStop: "5s",
    }),
    target: t,
    ledgerDir,
    workers: 1,
    output: memoryOutput(),
  });
  const records = readdirSync(ledgerDir).flatMap((f) =>
    readFileSync(join(ledgerDir, f), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as LedgerRecord & { end?: true })
      .filter((r) => r.end === undefined),
  );
  const expected = new Set(Array.from({ length: 200 }, (_, k) => `${runId}-smoke-${k}`));
  return { summary, records, expected };
}

describe("engine over HTTPS with http.tls", () => {
  it("mutual TLS with the right client certificate, the private CA from http.tls.ca: every message accepted", async () => {
    // NODE_EXTRA_CA_CERTS cannot hold this CA (made just now): the next test but one shows it is not trusted otherwise.
    const { summary, records, expected } = await load(
      target(`https://127.0.0.1:${httpsPort}/orders`, { ...mtls(), servername: "localhost" }),
      "20261130T170000Z-aaaaaaaa",
    );
    expect(new Set(records.map((r) => r.id))).toEqual(expected);
    expect(records.every((r) => r.o === "acc" && r.st === 200)).toBe(true);
    expect(seen.ids).toEqual(expected);
    expect(summary).toMatchObject({ sent: 200, acc: 200, rej: 0, unk: 0 });
  });

  it("without a client certificate the server refuses: every message in the ledger, unk with the TLS reason", async () => {
    const { summary, records, expected } = await load(
      target(`https://localhost:${httpsPort}/orders`, { ca: file("ca.pem"), rejectUnauthorized: true }),
      "20261130T170000Z-bbbbbbbb",
    );
    expect(new Set(records.map((r) => r.id))).toEqual(expected);
    expect(records.every((r) => r.o === "unk")).toBe(true);
    expect(records.every((r) => /CERTIFICATE|socket closed|ECONNRESET/i.test(r.err ?? ""))).toBe(true);
    expect(records.some((r) => /CERTIFICATE_REQUIRED|certificate/i.test(r.err ?? ""))).toBe(true);
    expect(seen.ids.size).toBe(0);
    expect(summary.acc).toBe(0);
  });

  it("without http.tls.ca the private CA is not trusted: unk, the reason names the certificate", async () => {
    const { records, expected } = await load(
      target(`https://localhost:${httpsPort}/orders`, {
        cert: file("client.pem"),
        key: file("client.key"),
        rejectUnauthorized: true,
      }),
      "20261130T170000Z-cccccccc",
    );
    expect(new Set(records.map((r) => r.id))).toEqual(expected);
    expect(records.every((r) => r.o === "unk" && /CERT|SELF_SIGNED|ISSUER/i.test(r.err ?? ""))).toBe(true);
    expect(seen.ids.size).toBe(0);
  });

  it("a flow's own HTTP client uses http.tls too: mutual TLS accepted, every message acc", async () => {
    const flow = join(mkdtempSync(join(tmpdir(), "tls-flow-")), "flow.ts");
    const config = pathToFileURL(resolve("config/flow.ts")).href;
    writeFileSync(
      flow,
      `import { defineFlow } from ${JSON.stringify(config)};\n` +
        'export default defineFlow(async (msg, ctx) => { await ctx.http.post("/orders", { id: msg.id, sentAt: msg.sentAt }); });\n',
    );
    const ledgerDir = mkdtempSync(join(tmpdir(), "engine-ledger-"));
    const summary = await runLoad({
      runId: "20261130T170000Z-abababab",
      scenarioName: "orders",
      scenario: scenarioSchema.parse({ executor: "constant-arrival-rate", rate: 20, duration: "1s", flow }),
      target: target(`https://localhost:${httpsPort}/orders`, mtls()),
      ledgerDir,
      workers: 0,
      output: memoryOutput(),
      handleSigint: false,
    });
    const expected = new Set(Array.from({ length: 20 }, (_, k) => `20261130T170000Z-abababab-orders-${k}`));
    expect(summary).toMatchObject({ sent: 20, acc: 20, unk: 0 });
    expect(seen.ids).toEqual(expected);
  });

  it("the preflight uses http.tls as the engine does", async () => {
    const clients = {} as AwsClients;
    const ok = await preflight(target(`https://localhost:${httpsPort}/orders`, mtls()), clients, 5000);
    expect(ok.checks.map((c) => c.detail)).toEqual(["answered 200"]);
    await expect(
      preflight(
        target(`https://localhost:${httpsPort}/orders`, { ca: file("ca.pem"), rejectUnauthorized: true }),
        clients,
        5000,
      ),
    ).rejects.toThrow(/Preflight failed/);
  });
});

describe("engine through a proxy", () => {
  it("HTTPS_PROXY: every connection is a CONNECT tunnel, every message in the ledger, accepted", async () => {
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxyPort}`;
    // A name only the proxy can resolve (it connects to 127.0.0.1): without the proxy the run could not reach it.
    const { summary, records, expected } = await load(
      target(`https://harness-test.invalid:${httpsPort}/orders`, mtls()),
      "20261130T170000Z-dddddddd",
    );
    expect(new Set(records.map((r) => r.id))).toEqual(expected);
    expect(records.every((r) => r.o === "acc" && r.st === 200)).toBe(true);
    expect(seen.ids).toEqual(expected);
    expect(summary).toMatchObject({ sent: 200, acc: 200, unk: 0 });
    expect(tunnels.length).toBeGreaterThan(0);
    expect(new Set(tunnels)).toEqual(new Set([`harness-test.invalid:${httpsPort}`]));
  });

  it("a proxy that refuses the tunnel: every message in the ledger, unk with the proxy's answer", async () => {
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxyPort}`;
    const { summary, records, expected } = await load(
      target(`https://refused.invalid:${httpsPort}/orders`, mtls()),
      "20261130T170000Z-cdcdcdcd",
    );
    expect(new Set(records.map((r) => r.id))).toEqual(expected);
    expect(records.every((r) => r.o === "unk" && r.err === "proxy answered CONNECT with HTTP 403")).toBe(true);
    expect(summary).toMatchObject({ sent: 200, acc: 0, unk: 200 });
    expect(seen.ids.size).toBe(0);
  });

  it("HTTP_PROXY: an http target in absolute form through the proxy (NO_PROXY: test/unit/http-route.test.ts)", async () => {
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxyPort}`;
    const { records, expected } = await load(
      target(`http://harness-test.invalid:${httpPort}/orders`),
      "20261130T170000Z-eeeeeeee",
    );
    expect(new Set(records.map((r) => r.id))).toEqual(expected);
    expect(records.every((r) => r.o === "acc")).toBe(true);
    expect(seen.ids).toEqual(expected);
    expect(seen.targets).toEqual(new Set([`http://harness-test.invalid:${httpPort}/orders`]));
    expect(forwarded.length).toBeGreaterThan(0);
    expect(tunnels).toEqual([]);
  });

  it("a flow through HTTPS_PROXY (a tunnel) and HTTP_PROXY (absolute form): every message accepted", async () => {
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxyPort}`;
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxyPort}`;
    const flow = join(mkdtempSync(join(tmpdir(), "tls-flow-")), "flow.ts");
    const config = pathToFileURL(resolve("config/flow.ts")).href;
    writeFileSync(
      flow,
      `import { defineFlow } from ${JSON.stringify(config)};\n` +
        'export default defineFlow(async (msg, ctx) => { await ctx.http.post("/orders", { id: msg.id, sentAt: msg.sentAt }); });\n',
    );
    for (const [url, runId] of [
      [`https://harness-test.invalid:${httpsPort}/orders`, "20261130T170000Z-efefefef"],
      [`http://harness-test.invalid:${httpPort}/orders`, "20261130T170000Z-fefefefe"],
    ] as const) {
      seen.ids.clear();
      const summary = await runLoad({
        runId,
        scenarioName: "orders",
        scenario: scenarioSchema.parse({ executor: "constant-arrival-rate", rate: 20, duration: "1s", flow }),
        target: target(url, url.startsWith("https:") ? mtls() : undefined),
        ledgerDir: mkdtempSync(join(tmpdir(), "engine-ledger-")),
        workers: 0,
        output: memoryOutput(),
        handleSigint: false,
      });
      expect(summary).toMatchObject({ sent: 20, acc: 20, unk: 0 });
      expect(seen.ids).toEqual(new Set(Array.from({ length: 20 }, (_, k) => `${runId}-orders-${k}`)));
    }
    expect(new Set(tunnels)).toEqual(new Set([`harness-test.invalid:${httpsPort}`]));
    expect(new Set(forwarded)).toEqual(new Set([`http://harness-test.invalid:${httpPort}/orders`]));
  });

  it("the preflight goes through the same proxy: a tunnel for https, absolute form for http", async () => {
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxyPort}`;
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxyPort}`;
    const clients = {} as AwsClients;
    const secure = await preflight(target(`https://harness-test.invalid:${httpsPort}/orders`, mtls()), clients, 5000);
    expect(secure.checks.map((c) => c.detail)).toEqual(["answered 200"]);
    expect(tunnels).toEqual([`harness-test.invalid:${httpsPort}`]);
    const plain = await preflight(target(`http://harness-test.invalid:${httpPort}/orders`), clients, 5000);
    expect(plain.checks.map((c) => c.detail)).toEqual(["answered 200"]);
    expect(forwarded).toEqual([`http://harness-test.invalid:${httpPort}/orders`]);
  });
});
