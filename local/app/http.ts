// Small helpers for the app's node:http servers: read a bounded body, answer JSON.
import type { IncomingMessage, ServerResponse } from "node:http";

/** API Gateway's payload limit is 10 MB; nothing here needs more than a fraction of it. */
const maxBodyBytes = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body over ${maxBodyBytes} bytes`);
    this.name = "BodyTooLargeError";
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new BodyTooLargeError());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = "application/json",
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}
