// Preflight: fail fast (exit 3) when credentials are missing or an endpoint, queue or table does not answer.

import { get as httpGet, type IncomingMessage, type RequestOptions } from "node:http";
import { get as httpsGet } from "node:https";
import tls from "node:tls";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "../aws/clients.ts";
import { UnreachableError } from "../common/errors.ts";
import { redactUrl } from "../common/redact.ts";
import type { ResolvedTarget } from "../contracts/target.ts";
import { openTunnel, proxyFor, tlsConnectOptions, tlsSettings } from "../loadtests/engine/channels/http-route.ts";

export interface PreflightResult {
  /** Depth of every watched queue and DLQ before the load, so later arrivals are told from old ones. */
  baselineDepths: Record<string, number>;
  checks: Array<{ what: string; ok: boolean; detail: string }>;
}

export async function preflight(
  target: ResolvedTarget,
  clients: AwsClients,
  timeoutMs = 10_000,
): Promise<PreflightResult> {
  const baselineDepths: Record<string, number> = {};
  const attempt = async (what: string, fn: () => Promise<string>): Promise<PreflightResult["checks"][number]> => {
    try {
      return { what, ok: true, detail: await withTimeout(fn(), timeoutMs, what) };
    } catch (error) {
      return { what, ok: false, detail: describe(error) };
    }
  };
  // Every check at once: an endpoint that never answers costs one timeout, not one per check.
  const pending: Array<Promise<PreflightResult["checks"][number]>> = [];
  const http = target.http;
  if (http !== undefined) {
    // Any answer proves reachability. GET on the configured path with the configured headers, through Node's own
    // client as the engine's (fetch refuses ports such as 6000 or 10080); a GET creates no message.
    // A URL naming each message's ID (`/orders/{{id}}`) is probed with a placeholder ID. It goes the engine's way:
    // the same proxy (http-route.ts) and the same http.tls.
    const url = http.url.replaceAll("{{id}}", "harness-preflight");
    pending.push(
      attempt(`HTTP endpoint ${redactUrl(http.url)}`, () => httpAnswer(url, http.headers, http.tls, timeoutMs)),
    );
  }
  for (const queue of [...target.queues, ...target.dlqs]) {
    pending.push(
      attempt(`queue ${queue.name}`, async () => {
        const out = await clients.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: queue.queueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }),
        );
        const depth = Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
        baselineDepths[queue.name] = depth;
        return `depth ${depth}`;
      }),
    );
  }
  for (const sink of target.sinks) {
    pending.push(
      attempt(`table ${sink.table}`, async () => {
        const out = await clients.dynamodb.send(new DescribeTableCommand({ TableName: sink.table }));
        return `status ${out.Table?.TableStatus ?? "?"}`;
      }),
    );
  }
  const checks = await Promise.all(pending);
  const problems = checks.filter((c) => !c.ok).map((c) => `${c.what}: ${c.detail}`);
  if (problems.length > 0) {
    const credentials = problems.some((p) => /credential|security token|signature|expired|AccessDenied/i.test(p));
    throw new UnreachableError(`Preflight failed for target "${target.name}":\n  ${problems.join("\n  ")}`, {
      hint: credentials
        ? "Check the AWS credentials (aws sts get-caller-identity; AWS_PROFILE; aws sso login) and the region."
        : "Check that the target is deployed and its URLs/names in harness.config.ts are right; nothing was sent.",
    });
  }
  return { baselineDepths, checks };
}

/**
 * The status of a GET on url, read to its end; aborted just after the preflight timeout has named the problem.
 * Behind a proxy: an https URL through a CONNECT tunnel, an http URL in absolute form, as the engine sends.
 */
async function httpAnswer(
  url: string,
  headers: Record<string, string>,
  tlsOptions: NonNullable<ResolvedTarget["http"]>["tls"],
  timeoutMs: number,
): Promise<string> {
  const parsed = new URL(url);
  const secure = parsed.protocol === "https:";
  const sent = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== "content-type"));
  const proxy = proxyFor(parsed);
  const host = parsed.hostname.startsWith("[") ? parsed.hostname.slice(1, -1) : parsed.hostname;
  const port = parsed.port === "" ? (secure ? 443 : 80) : Number(parsed.port);
  const secureOptions = secure ? tlsConnectOptions(tlsSettings(tlsOptions), host) : {};
  const signal = AbortSignal.timeout(timeoutMs + 500);
  // agent false: a fresh connection with these TLS options (an agent's pooled socket is keyed without the context).
  if (proxy === undefined) return answer(secure, url, { headers: sent, ...secureOptions, agent: false, signal });
  if (!secure) {
    const auth = proxy.authorization === undefined ? {} : { "proxy-authorization": proxy.authorization };
    const headersThrough = { host: parsed.host, ...sent, ...auth };
    const through = { host: proxy.host, port: proxy.port, path: url, headers: headersThrough, agent: false, signal };
    return answer(false, undefined, through);
  }
  const tunnel = await openTunnel(proxy, host, port);
  // No agent: the request goes on this one connection, TLS over the tunnel.
  const createConnection = () => tls.connect({ socket: tunnel, ...secureOptions });
  return answer(true, url, { headers: sent, createConnection, signal });
}

/** One GET, read to its end: its status. */
function answer(secure: boolean, url: string | undefined, options: RequestOptions): Promise<string> {
  const get = secure ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      res.resume();
      res.on("end", () => resolve(`answered ${res.statusCode}`));
      res.on("error", reject);
    };
    const request = url === undefined ? get(options, onResponse) : get(url, options, onResponse);
    request.on("error", reject);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = (error as { code?: string }).code ?? (cause as { code?: string } | undefined)?.code;
    return code === undefined ? `${error.name}: ${error.message}` : `${error.name}: ${error.message} (${code})`;
  }
  return String(error);
}
