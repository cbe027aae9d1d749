// Reads one HTTP/1.1 response from the bytes of a keep-alive connection, incrementally: status, then the body framed
// by Content-Length, chunked encoding, or the connection's end. The declarative path needs only the status and where
// the response ends (the body is not kept); a flow's client turns on `keep` to get the headers and the body as well.
//
// It works on the bytes where they lie and builds nothing on the common path: the status line and the three framing
// headers are compared byte by byte, and a reader is reset for the connection's next response, not made anew: the
// string-based reader it replaced (split, trim, toLowerCase, a regex match) was a large share of a shard's garbage
// (docs/engine-performance.md, "HTTP channel"). Strings are made only to name a problem.

const CR = 13;
const LF = 10;
const SP = 32;
const TAB = 9;

/** push() and end() answer one of these; the details are on the reader (status, keepAlive, extra, problem). */
export const MORE = 0;
export const DONE = 1;
export const FAILED = 2;
export type ReadStep = typeof MORE | typeof DONE | typeof FAILED;

const HEAD = 0;
const LENGTH = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_CRLF = 4;
const TRAILER = 5;
const UNTIL_CLOSE = 6;

const maxHead = 64 * 1024;
/** readHead's answers besides where the body starts. */
const incomplete = -1;
const refused = -2;
const maxChunkLine = 1024;

const bytesOf = (text: string): Uint8Array => Buffer.from(text, "latin1");
const statusPrefix = bytesOf("HTTP/1.");
const contentLength = bytesOf("content-length");
const transferEncoding = bytesOf("transfer-encoding");
const connection = bytesOf("connection");
const close = bytesOf("close");
const keepAliveToken = bytesOf("keep-alive");

const lower = (b: number): number => (b >= 65 && b <= 90 ? b + 32 : b);

/** Whether bytes[from, to) equal `word` (lower case), ignoring ASCII case. */
function equalsIgnoringCase(bytes: Uint8Array, from: number, to: number, word: Uint8Array): boolean {
  if (to - from !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (lower(bytes[from + i] as number) !== word[i]) return false;
  return true;
}

/** Whether bytes from `at` begin with `word`, exactly. */
function startsWith(bytes: Uint8Array, at: number, word: Uint8Array): boolean {
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word[i]) return false;
  return true;
}

/** Whether bytes[from, to) contain `word` (lower case), ignoring ASCII case. */
function containsIgnoringCase(bytes: Uint8Array, from: number, to: number, word: Uint8Array): boolean {
  for (let at = from; at + word.length <= to; at++)
    if (equalsIgnoringCase(bytes, at, at + word.length, word)) return true;
  return false;
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString("latin1");
}

export class ResponseReader {
  /** The final (non-1xx) status once the head is read, else 0. */
  status = 0;
  /** After DONE: whether the connection may carry another request. */
  keepAlive = true;
  /** After DONE: bytes that followed the response in the last push (none are expected: one request at a time). */
  extra = 0;
  /** After FAILED: what was wrong; the connection cannot be trusted any more. */
  problem = "";
  /**
   * Opt-in (a flow's client): keep the final response's headers (`headerPairs`, lower-case name then value) and its
   * body bytes (`bodyParts`). Off, nothing is kept and the checks below cost one boolean each.
   */
  keep = false;
  readonly headerPairs: string[] = [];
  readonly bodyParts: Buffer[] = [];
  private state = HEAD;
  /** A head split over several reads, gathered (rare: a response head is one read on a healthy connection). */
  private partial: Buffer | undefined;
  private remaining = 0;
  private line = "";

  /** Ready for the connection's next response. */
  reset(): void {
    this.status = 0;
    this.keepAlive = true;
    this.extra = 0;
    this.problem = "";
    this.state = HEAD;
    this.partial = undefined;
    this.remaining = 0;
    this.line = "";
    if (this.keep) {
      this.headerPairs.length = 0;
      this.bodyParts.length = 0;
    }
  }

  /** The kept body as UTF-8 text ("" when nothing was kept). */
  bodyText(): string {
    return this.bodyParts.length === 0 ? "" : Buffer.concat(this.bodyParts).toString("utf8");
  }

  /** Feeds bytes[start, end) of the connection; the bytes are not kept past the call. */
  push(bytes: Uint8Array, start = 0, end = bytes.length): ReadStep {
    let at = start;
    while (at < end || this.state === LENGTH) {
      switch (this.state) {
        case HEAD: {
          if (this.partial !== undefined) {
            // Gather until the head is whole, then read it from the gathered bytes.
            const gathered = Buffer.concat([this.partial, bytes.subarray(at, end)]);
            const bodyAt = indexAfterBlankLine(gathered, Math.max(0, this.partial.length - 3), gathered.length);
            if (bodyAt < 0) {
              if (gathered.length > maxHead) return this.fail("response head over 64 KiB");
              this.partial = gathered;
              return MORE;
            }
            const before = this.partial.length;
            this.partial = undefined;
            if (this.readHead(gathered, 0, bodyAt) === refused) return FAILED;
            at += bodyAt - before;
            break;
          }
          // The common case: the whole head in this read, found and read in one pass.
          const bodyAt = this.readHead(bytes, at, end);
          if (bodyAt === incomplete) {
            if (end - at > maxHead) return this.fail("response head over 64 KiB");
            this.partial = Buffer.from(bytes.subarray(at, end));
            return MORE;
          }
          if (bodyAt === refused) return FAILED;
          at = bodyAt;
          break;
        }
        case LENGTH: {
          at = this.take(bytes, at, end);
          if (this.remaining === 0) return this.done(end - at);
          return MORE;
        }
        case CHUNK_SIZE:
        case TRAILER: {
          const c = bytes[at++] as number;
          if (c !== LF) {
            if (c !== CR) this.line += String.fromCharCode(c);
            if (this.line.length > maxChunkLine) return this.fail("chunk line over 1 KiB");
            break;
          }
          const text = this.line;
          this.line = "";
          if (this.state === TRAILER) {
            if (text === "") return this.done(end - at);
            break;
          }
          const sizeText = text.split(";")[0]?.trim() ?? "";
          const size = /^[0-9a-fA-F]+$/.test(sizeText) ? Number.parseInt(sizeText, 16) : Number.NaN;
          if (!Number.isSafeInteger(size)) return this.fail(`bad chunk size "${text}"`);
          if (size === 0) this.state = TRAILER;
          else {
            this.remaining = size;
            this.state = CHUNK_DATA;
          }
          break;
        }
        case CHUNK_DATA: {
          at = this.take(bytes, at, end);
          if (this.remaining === 0) {
            this.remaining = 2;
            this.state = CHUNK_CRLF;
          }
          break;
        }
        case CHUNK_CRLF: {
          at = this.skip(at, end);
          if (this.remaining === 0) this.state = CHUNK_SIZE;
          break;
        }
        default:
          // UNTIL_CLOSE: the body is whatever comes until the connection ends.
          if (this.keep) this.bodyParts.push(Buffer.from(bytes.subarray(at, end)));
          return MORE;
      }
    }
    return MORE;
  }

  /** The connection ended: a body read until close is complete; anything else was cut short. */
  end(): ReadStep {
    if (this.state === UNTIL_CLOSE) {
      this.keepAlive = false;
      this.extra = 0;
      return DONE;
    }
    return this.fail(this.status === 0 ? "connection closed before a response" : "response cut short");
  }

  /**
   * Finds the end of the head that starts at `from` and reads its status line and framing headers, in one pass over
   * bytes[from, end): where the body starts, `incomplete` when the head's blank line is not in these bytes (nothing is
   * changed then), or `refused` (with `problem` set) when it is not a response we can frame. Lines end in CRLF or, as
   * RFC 9112 lets a recipient accept, a bare LF. Header lines that cannot be framing (their first letter is not a c or
   * a t) are passed over at the price of finding their end; everything else is checked on the whole head, as before
   * (docs/engine-performance.md, "Per-message cost").
   */
  private readHead(bytes: Uint8Array, from: number, end: number): number {
    const keep = this.keep;
    const kept = this.headerPairs.length;
    const firstLf = indexOfByte(bytes, LF, from, end);
    if (firstLf < 0) return incomplete;
    let length = -1;
    let chunked = false;
    /** The connection header's verdict: 0 none, 1 keep-alive, 2 close (the last such header wins). */
    let connectionSays = 0;
    let problem = "";
    let bodyAt = -1;
    for (let at = firstLf + 1; ; ) {
      const lf = indexOfByte(bytes, LF, at, end);
      if (lf < 0) break;
      const next = contentEnd(bytes, at, lf);
      if (next === at) {
        bodyAt = lf + 1;
        break;
      }
      const first = bytes[at] as number;
      const letter = first | 0x20;
      if (keep || first === SP || first === TAB || letter === 0x63 || letter === 0x74) {
        const colon = indexOfByte(bytes, 58, at, next);
        if (colon >= 0) {
          const nameFrom = skipSpace(bytes, at, colon);
          const nameTo = backSpace(bytes, nameFrom, colon);
          const valueFrom = skipSpace(bytes, colon + 1, next);
          const valueTo = backSpace(bytes, valueFrom, next);
          if (keep)
            this.headerPairs.push(latin1(bytes, nameFrom, nameTo).toLowerCase(), latin1(bytes, valueFrom, valueTo));
          if (equalsIgnoringCase(bytes, nameFrom, nameTo, contentLength)) {
            const n = decimalOf(bytes, valueFrom, valueTo);
            if (problem === "" && (n < 0 || (length >= 0 && length !== n)))
              problem = `bad content-length "${latin1(bytes, valueFrom, valueTo)}"`;
            length = n;
          } else if (equalsIgnoringCase(bytes, nameFrom, nameTo, transferEncoding)) {
            chunked = latin1(bytes, valueFrom, valueTo).toLowerCase().split(",").at(-1)?.trim() === "chunked";
          } else if (equalsIgnoringCase(bytes, nameFrom, nameTo, connection)) {
            if (equalsIgnoringCase(bytes, valueFrom, valueTo, keepAliveToken)) connectionSays = 1;
            else if (containsIgnoringCase(bytes, valueFrom, valueTo, close)) connectionSays = 2;
            else if (containsIgnoringCase(bytes, valueFrom, valueTo, keepAliveToken)) connectionSays = 1;
          }
        }
      }
      at = lf + 1;
    }
    if (bodyAt < 0) {
      if (keep) this.headerPairs.length = kept;
      return incomplete;
    }
    if (bodyAt - from > maxHead) return this.refuse("response head over 64 KiB");
    const lineEnd = contentEnd(bytes, from, firstLf);
    const minor = bytes[from + 7];
    const d1 = (bytes[from + 9] as number) - 48;
    const d2 = (bytes[from + 10] as number) - 48;
    const d3 = (bytes[from + 11] as number) - 48;
    if (
      lineEnd - from < 12 ||
      !startsWith(bytes, from, statusPrefix) ||
      (minor !== 48 && minor !== 49) ||
      bytes[from + 8] !== SP ||
      !(d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9 && d3 >= 0 && d3 <= 9) ||
      // The status code is three digits: a space (before the reason) or the line's end follows it.
      (lineEnd > from + 12 && bytes[from + 12] !== SP)
    )
      return this.refuse(`not an HTTP/1.x status line: "${latin1(bytes, from, Math.min(lineEnd, from + 40))}"`);
    const status = d1 * 100 + d2 * 10 + d3;
    // 1xx (100 Continue, 103 Early Hints): informational; the real response follows, and its headers are the kept ones.
    if (status >= 100 && status < 200 && status !== 101) {
      if (keep) this.headerPairs.length = kept;
      return bodyAt;
    }
    if (problem !== "") return this.refuse(problem);
    this.status = status;
    this.keepAlive = connectionSays === 0 ? minor === 49 : connectionSays === 1;
    if (status === 204 || status === 304) {
      this.state = LENGTH;
      this.remaining = 0;
    } else if (chunked) this.state = CHUNK_SIZE;
    else if (length >= 0) {
      this.state = LENGTH;
      this.remaining = length;
    } else {
      this.state = UNTIL_CLOSE;
      this.keepAlive = false;
    }
    return bodyAt;
  }

  /** Passes over up to `remaining` body bytes from at, keeping a copy when `keep` is on; returns where it stopped. */
  private take(bytes: Uint8Array, at: number, end: number): number {
    const next = this.skip(at, end);
    if (this.keep && next > at) this.bodyParts.push(Buffer.from(bytes.subarray(at, next)));
    return next;
  }

  /** Passes over up to `remaining` bytes from at; returns where it stopped. */
  private skip(at: number, end: number): number {
    const take = Math.min(this.remaining, end - at);
    this.remaining -= take;
    return at + take;
  }

  private done(extra: number): ReadStep {
    this.extra = extra;
    return DONE;
  }

  private fail(problem: string): ReadStep {
    this.problem = problem;
    return FAILED;
  }

  private refuse(problem: string): number {
    this.problem = problem;
    return refused;
  }
}

/**
 * Where the body starts after the head's blank line in bytes[from, to), or -1: past the first LF that follows another
 * LF, with or without a CR before each (CRLF CRLF on the wire, bare LFs from a lax server).
 */
function indexAfterBlankLine(bytes: Uint8Array, from: number, to: number): number {
  for (let at = from; at < to; at++) {
    if (bytes[at] !== LF) continue;
    const next = at + 1;
    if (next < to && bytes[next] === LF) return next + 1;
    if (next + 1 < to && bytes[next] === CR && bytes[next + 1] === LF) return next + 2;
  }
  return -1;
}

/** The end of a line's content: `lf` (where its LF is), less a CR just before it. */
function contentEnd(bytes: Uint8Array, from: number, lf: number): number {
  return lf > from && bytes[lf - 1] === CR ? lf - 1 : lf;
}

/** Where `byte` first is in bytes[from, to), or -1. */
function indexOfByte(bytes: Uint8Array, byte: number, from: number, to: number): number {
  for (let at = from; at < to; at++) if (bytes[at] === byte) return at;
  return -1;
}

/** The first position in [from, to) past spaces and tabs (to if none). */
function skipSpace(bytes: Uint8Array, from: number, to: number): number {
  let at = from;
  while (at < to && (bytes[at] === SP || bytes[at] === TAB)) at++;
  return at;
}

/** The end of [from, to) without its trailing spaces and tabs. */
function backSpace(bytes: Uint8Array, from: number, to: number): number {
  let at = to;
  while (at > from && (bytes[at - 1] === SP || bytes[at - 1] === TAB)) at--;
  return at;
}

/** A Content-Length value (1*DIGIT, RFC 9110), or -1 when it is not one or is too large to be exact. */
function decimalOf(bytes: Uint8Array, from: number, to: number): number {
  if (from === to) return -1;
  let n = 0;
  for (let at = from; at < to; at++) {
    const d = (bytes[at] as number) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return Number.isSafeInteger(n) ? n : -1;
}
