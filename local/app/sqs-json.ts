// A lean SQS client for the app's hot paths: SQS's JSON protocol over one keep-alive undici pool, signed with SigV4,
// as API Gateway's SQS integration and Lambda's pollers call it; without the SDK's per-call middleware stack.
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { Pool } from "undici";

export interface SqsJsonOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  connections?: number;
}

/** An SQS error answer (`__type` and `message`), or a transport failure with its cause. */
export class SqsCallError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(action: string, code: string, status: number, message: string, options?: ErrorOptions) {
    super(`SQS ${action}: ${code}: ${message}`, options);
    this.name = "SqsCallError";
    this.code = code;
    this.status = status;
  }
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === "string") return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** The Checksum SignatureV4 takes, on node:crypto (sha256, or HMAC-sha256 with a secret). */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
  reset(): void {}
}

export interface SqsJsonClient {
  /** One SQS action (`SendMessageBatch`, `ReceiveMessage`...) with its JSON input; resolves with the JSON output. */
  call<T>(action: string, input: object, signal?: AbortSignal): Promise<T>;
  close(): Promise<void>;
}

export function sqsJsonClient(options: SqsJsonOptions): SqsJsonClient {
  const url = new URL(options.endpoint);
  const pool = new Pool(url.origin, {
    connections: options.connections ?? 64,
    keepAliveTimeout: 60_000,
    // Above SQS's longest long poll (20 s), so a receive that waits is never cut.
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const signer = new SignatureV4({
    service: "sqs",
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
    applyChecksum: false,
  });
  const path = url.pathname === "" ? "/" : url.pathname;

  return {
    async call<T>(action: string, input: object, signal?: AbortSignal): Promise<T> {
      const body = JSON.stringify(input);
      const signed = await signer.sign({
        method: "POST",
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port === "" ? {} : { port: Number(url.port) }),
        path,
        headers: {
          host: url.host,
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": `AmazonSQS.${action}`,
          "content-length": String(Buffer.byteLength(body)),
        },
        body,
      });
      let res: Awaited<ReturnType<Pool["request"]>>;
      try {
        res = await pool.request({ method: "POST", path, headers: signed.headers, body, signal });
      } catch (error) {
        throw new SqsCallError(action, "NetworkingError", 0, String(error), { cause: error });
      }
      const text = await res.body.text();
      if (res.statusCode !== 200) {
        let code = `HTTP ${res.statusCode}`;
        let message = text.slice(0, 200);
        try {
          const parsed = JSON.parse(text) as { __type?: string; message?: string; Message?: string };
          code = parsed.__type?.split("#").pop() ?? code;
          message = parsed.message ?? parsed.Message ?? message;
        } catch {}
        throw new SqsCallError(action, code, res.statusCode, message);
      }
      const output = (text === "" ? {} : JSON.parse(text)) as T & { $requestId?: string };
      const requestId = res.headers["x-amzn-requestid"];
      if (typeof requestId === "string") output.$requestId = requestId;
      return output;
    },
    close: () => pool.close(),
  };
}
