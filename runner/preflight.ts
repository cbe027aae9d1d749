// Preflight: fail fast (exit 3) when credentials are missing or an endpoint, queue or table does not answer.
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "../aws/clients.ts";
import { UnreachableError } from "../common/errors.ts";
import type { ResolvedTarget } from "../contracts/target.ts";

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
  const checks: PreflightResult["checks"] = [];
  const baselineDepths: Record<string, number> = {};
  const problems: string[] = [];
  const attempt = async (what: string, fn: () => Promise<string>) => {
    try {
      const detail = await withTimeout(fn(), timeoutMs, what);
      checks.push({ what, ok: true, detail });
    } catch (error) {
      const detail = describe(error);
      checks.push({ what, ok: false, detail });
      problems.push(`${what}: ${detail}`);
    }
  };

  const http = target.http;
  if (http !== undefined) {
    await attempt(`HTTP endpoint ${http.url}`, async () => {
      // Any answer proves reachability; a HEAD/OPTIONS is not sent to avoid creating a message.
      const res = await fetch(new URL("/", http.url), { method: "GET", signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer();
      return `answered ${res.status}`;
    });
  }
  for (const queue of [...target.queues, ...target.dlqs]) {
    await attempt(`queue ${queue.name}`, async () => {
      const out = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.queueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }),
      );
      const depth = Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
      baselineDepths[queue.name] = depth;
      return `depth ${depth}`;
    });
  }
  for (const sink of target.sinks) {
    await attempt(`table ${sink.table}`, async () => {
      const out = await clients.dynamodb.send(new DescribeTableCommand({ TableName: sink.table }));
      return `status ${out.Table?.TableStatus ?? "?"}`;
    });
  }
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
