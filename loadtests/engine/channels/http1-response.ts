// Reads one HTTP/1.1 response from the bytes of a keep-alive connection, incrementally: status, then the body framed
// by Content-Length, chunked encoding, or the connection's end. The engine needs only the status and where the
// response ends (the body is not kept), so nothing is built per header but three comparisons.

const CR = 13;
const LF = 10;

export type ReadResult =
  /** More bytes are needed. */
  | { kind: "more" }
  /** The response is complete; `extra` bytes followed it (none are expected: one request at a time). */
  | { kind: "done"; status: number; keepAlive: boolean; extra: number }
  /** Not HTTP/1.x as we know it: the connection cannot be trusted any more. */
  | { kind: "error"; message: string };

type State = "head" | "length" | "chunk-size" | "chunk-data" | "chunk-crlf" | "trailer" | "until-close";

export class ResponseReader {
  /** The final (non-1xx) status once the head is read, else 0. */
  status = 0;
  private state: State = "head";
  private head: Buffer | undefined;
  private remaining = 0;
  private keepAlive = true;
  private line: number[] = [];

  /** Feeds the next bytes of the connection. */
  push(chunk: Buffer): ReadResult {
    let at = 0;
    while (at < chunk.length || this.state === "length") {
      switch (this.state) {
        case "head": {
          const buffered =
            this.head === undefined ? chunk.subarray(at) : Buffer.concat([this.head, chunk.subarray(at)]);
          const end = buffered.indexOf("\r\n\r\n");
          if (end < 0) {
            if (buffered.length > 64 * 1024) return { kind: "error", message: "response head over 64 KiB" };
            this.head = Buffer.from(buffered);
            return { kind: "more" };
          }
          const consumedBefore = this.head?.length ?? 0;
          this.head = undefined;
          const problem = this.readHead(buffered.toString("latin1", 0, end));
          if (problem !== undefined) return { kind: "error", message: problem };
          at += end + 4 - consumedBefore;
          break;
        }
        case "length": {
          at = this.skip(chunk, at);
          if (this.remaining === 0) return this.done(chunk.length - at);
          return { kind: "more" };
        }
        case "chunk-size":
        case "trailer": {
          const c = chunk[at++] as number;
          if (c !== LF) {
            if (c !== CR) this.line.push(c);
            if (this.line.length > 1024) return { kind: "error", message: "chunk line over 1 KiB" };
            break;
          }
          const text = String.fromCharCode(...this.line);
          this.line = [];
          if (this.state === "trailer") {
            if (text === "") return this.done(chunk.length - at);
            break;
          }
          const size = Number.parseInt(text.split(";")[0] ?? "", 16);
          if (!Number.isFinite(size) || size < 0) return { kind: "error", message: `bad chunk size "${text}"` };
          if (size === 0) this.state = "trailer";
          else {
            this.remaining = size;
            this.state = "chunk-data";
          }
          break;
        }
        case "chunk-data": {
          at = this.skip(chunk, at);
          if (this.remaining === 0) {
            this.remaining = 2;
            this.state = "chunk-crlf";
          }
          break;
        }
        case "chunk-crlf": {
          at = this.skip(chunk, at);
          if (this.remaining === 0) this.state = "chunk-size";
          break;
        }
        case "until-close":
          return { kind: "more" };
      }
    }
    return { kind: "more" };
  }

  /** The connection ended: a body read until close is complete; anything else was cut short. */
  end(): ReadResult {
    if (this.state === "until-close") return { kind: "done", status: this.status, keepAlive: false, extra: 0 };
    return { kind: "error", message: this.status === 0 ? "connection closed before a response" : "response cut short" };
  }

  /** Parses the status line and the framing headers; undefined when fine, else the problem. */
  private readHead(text: string): string | undefined {
    const lines = text.split("\r\n");
    const statusLine = lines[0] ?? "";
    const match = /^HTTP\/1\.([01]) (\d{3})/.exec(statusLine);
    if (match === null) return `not an HTTP/1.x status line: "${statusLine.slice(0, 40)}"`;
    const status = Number(match[2]);
    // 1xx (100 Continue, 103 Early Hints): informational; the real response follows.
    if (status >= 100 && status < 200 && status !== 101) return undefined;
    let length: number | undefined;
    let chunked = false;
    let keepAlive = match[1] === "1";
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line
        .slice(colon + 1)
        .trim()
        .toLowerCase();
      if (name === "content-length") {
        const n = Number(value);
        if (!Number.isSafeInteger(n) || n < 0 || (length !== undefined && length !== n))
          return `bad content-length "${value}"`;
        length = n;
      } else if (name === "transfer-encoding") chunked = value.split(",").at(-1)?.trim() === "chunked";
      else if (name === "connection") {
        if (value.includes("close")) keepAlive = false;
        else if (value.includes("keep-alive")) keepAlive = true;
      }
    }
    this.status = status;
    this.keepAlive = keepAlive;
    if (status === 204 || status === 304) {
      this.state = "length";
      this.remaining = 0;
    } else if (chunked) this.state = "chunk-size";
    else if (length !== undefined) {
      this.state = "length";
      this.remaining = length;
    } else {
      this.state = "until-close";
      this.keepAlive = false;
    }
    return undefined;
  }

  /** Passes over up to `remaining` bytes of the chunk from at; returns where it stopped. */
  private skip(chunk: Buffer, at: number): number {
    const take = Math.min(this.remaining, chunk.length - at);
    this.remaining -= take;
    return at + take;
  }

  private done(extra: number): ReadResult {
    return { kind: "done", status: this.status, keepAlive: this.keepAlive, extra };
  }
}
