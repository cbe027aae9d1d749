// The AWS SDK clients through HTTP_PROXY / HTTPS_PROXY, by the engine's rule (NO_PROXY, loopback never): real
// emulators (fauxqs, dynalite) behind host names that only the proxy in this test resolves (*.harness.invalid), so a
// call can only succeed through the proxy. The proxy counts what it relays: absolute-form requests for http
// endpoints, CONNECT tunnels for https ones (to a TLS front in this test, its certificate trusted for the test only).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, request } from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { CreateTableCommand, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsClientOptions, createAwsClients } from "../../aws/clients.ts";
import { freePort } from "../../local/emulators/free-port.ts";
import { type RunningService, startService, stopAndWait } from "../../local/emulators/service.ts";
import { dynaliteSpec, fauxqsSpec } from "../../local/emulators/specs.ts";

const dir = mkdtempSync(join(tmpdir(), "harness-aws-proxy-"));
const credentials = { accessKeyId: "local", secretAccessKey: "local" };
/** Where the proxy sends each name it is asked for (nothing else resolves them): requests by host, tunnels by authority. */
const routes = new Map<string, number>();
const tunnelRoutes = new Map<string, number>();
/** What the proxy relayed: `host:port` of each absolute-form request, and of each CONNECT tunnel. */
const relayed: string[] = [];
const tunnels: string[] = [];
let services: RunningService[] = [];
let sqsPort = 0;
let proxyPort = 0;
const closers: Array<() => void> = [];
const defaultCas = tls.getCACertificates("default");

/** A forward proxy on 127.0.0.1 that knows *.harness.invalid; any other host is refused (502). */
async function startProxy(): Promise<void> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/");
    const port = routes.get(url.hostname);
    relayed.push(url.host);
    if (port === undefined) {
      res.writeHead(502).end();
      return;
    }
    const upstream = request(
      { host: "127.0.0.1", port, method: req.method, path: `${url.pathname}${url.search}`, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connect", (req, client: net.Socket, head: Buffer) => {
    const authority = req.url ?? "";
    tunnels.push(authority);
    const port = tunnelRoutes.get(authority);
    if (port === undefined) {
      client.end("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    const upstream = net.connect({ host: "127.0.0.1", port }, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream).pipe(client);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  proxyPort = await freePort();
  await new Promise<void>((resolve) => server.listen(proxyPort, "127.0.0.1", resolve));
  closers.push(() => server.close());
}

/** A TLS front for fauxqs with a certificate for sqs.harness.invalid (self-signed); returns its port. */
async function startTlsFront(): Promise<number> {
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      "front.key",
      "-out",
      "front.pem",
      "-days",
      "1",
      "-subj",
      "/CN=sqs.harness.invalid",
      "-addext",
      "subjectAltName=DNS:sqs.harness.invalid",
    ],
    { cwd: dir, stdio: "pipe" },
  );
  const cert = readFileSync(join(dir, "front.pem"), "utf8");
  // Trusted by this test process only, for the SDK's own TLS connections (no CA option reaches them).
  tls.setDefaultCACertificates([...defaultCas, cert]);
  const server = tls.createServer({ key: readFileSync(join(dir, "front.key")), cert }, (socket) => {
    const upstream = net.connect({ host: "127.0.0.1", port: sqsPort }, () => socket.pipe(upstream).pipe(socket));
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  closers.push(() => server.close());
  return port;
}

beforeAll(async () => {
  const ddbPort = await freePort();
  sqsPort = await freePort();
  services = await Promise.all([
    startService(fauxqsSpec(sqsPort, "us-east-1"), join(dir, "fauxqs.log")),
    startService(dynaliteSpec(ddbPort), join(dir, "dynalite.log")),
  ]);
  routes.set("sqs.harness.invalid", sqsPort);
  routes.set("dynamodb.harness.invalid", ddbPort);
  await startProxy();
  tunnelRoutes.set("sqs.harness.invalid:443", await startTlsFront());
}, 30_000);

afterAll(async () => {
  tls.setDefaultCACertificates(defaultCas);
  for (const close of closers) close();
  await Promise.all(services.map((s) => stopAndWait(s.pid)));
});

const options = (endpoints: AwsClientOptions["endpoints"]): AwsClientOptions => ({
  region: "us-east-1",
  staticCredentials: credentials,
  endpoints,
  maxAttempts: 1,
});

describe("AWS SDK clients through a proxy", () => {
  it("HTTP_PROXY: SQS and DynamoDB calls to hosts only the proxy knows, every request relayed and answered", async () => {
    relayed.length = 0;
    tunnels.length = 0;
    const sqsAt = `http://sqs.harness.invalid:${sqsPort}`;
    const ddbAt = `http://dynamodb.harness.invalid:${routes.get("dynamodb.harness.invalid")}`;
    const clients = createAwsClients(options({ sqs: sqsAt, dynamodb: ddbAt }), {
      HTTP_PROXY: `http://127.0.0.1:${proxyPort}`,
      NO_PROXY: "10.0.0.0/8, .corp.example",
    });
    try {
      const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: "proxied" }));
      await clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"id":"p-1"}' }));
      const got = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
      expect(got.Messages?.map((m) => m.Body)).toEqual(['{"id":"p-1"}']);
      await clients.dynamodb.send(
        new CreateTableCommand({
          TableName: "proxied",
          AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
      const table = await clients.dynamodb.send(new DescribeTableCommand({ TableName: "proxied" }));
      expect(table.Table?.TableName).toBe("proxied");
      expect(relayed).toEqual([
        ...Array(3).fill(`sqs.harness.invalid:${sqsPort}`),
        ...Array(2).fill(`dynamodb.harness.invalid:${routes.get("dynamodb.harness.invalid")}`),
      ]);
      expect(tunnels).toEqual([]);
    } finally {
      clients.destroy();
    }
  });

  it("HTTPS_PROXY: a CONNECT tunnel per connection, TLS to the host through it, the calls answered", async () => {
    relayed.length = 0;
    tunnels.length = 0;
    const clients = createAwsClients(options({ sqs: "https://sqs.harness.invalid" }), {
      HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`,
    });
    try {
      const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: "tunnelled" }));
      await clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"id":"t-1"}' }));
      const got = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
      expect(got.Messages?.map((m) => m.Body)).toEqual(['{"id":"t-1"}']);
      // Sequential calls on a keep-alive pool: one tunnel carried all three.
      expect(tunnels).toEqual(["sqs.harness.invalid:443"]);
      expect(relayed).toEqual([]);
    } finally {
      clients.destroy();
    }
  });

  it("NO_PROXY and loopback go straight: nothing relayed, a NO_PROXY host is then unresolvable", async () => {
    relayed.length = 0;
    tunnels.length = 0;
    const env = { HTTP_PROXY: `http://127.0.0.1:${proxyPort}`, NO_PROXY: "harness.invalid" };
    const exempt = createAwsClients(options({ sqs: `http://sqs.harness.invalid:${sqsPort}` }), env);
    const loopback = createAwsClients(options({ sqs: `http://127.0.0.1:${sqsPort}` }), env);
    try {
      const error = await exempt.sqs.send(new CreateQueueCommand({ QueueName: "straight" })).then(
        () => new Error("the call succeeded"),
        (e: unknown) => e as Error,
      );
      expect(error.message).toMatch(/ENOTFOUND|EAI_AGAIN/);
      const { QueueUrl } = await loopback.sqs.send(new CreateQueueCommand({ QueueName: "loopback" }));
      expect(QueueUrl).toContain("loopback");
      expect(relayed).toEqual([]);
      expect(tunnels).toEqual([]);
    } finally {
      exempt.destroy();
      loopback.destroy();
    }
  });

  it("a proxy variable that is no URL: a config error (exit 4) when the clients are built, the password not shown", () => {
    expect(() => createAwsClients(options({}), { HTTPS_PROXY: "http://me:secret@[bad" })).toThrow(
      expect.objectContaining({ name: "AwsProxyError", exitCode: 4, message: expect.not.stringContaining("secret") }),
    );
  });
});
