// The HTTP/1.1 response reader: every framing a server may use, split at every byte, and what it must refuse.
import { describe, expect, it } from "vitest";
import { DONE, FAILED, MORE, type ReadStep, ResponseReader } from "../../loadtests/engine/channels/http1-response.ts";

type ReadResult =
  | { kind: "more" }
  | { kind: "done"; status: number; keepAlive: boolean; extra: number }
  | { kind: "error"; message: string };

function resultOf(reader: ResponseReader, step: ReadStep): ReadResult {
  if (step === MORE) return { kind: "more" };
  if (step === FAILED) return { kind: "error", message: reader.problem };
  return { kind: "done", status: reader.status, keepAlive: reader.keepAlive, extra: reader.extra };
}

/**
 * Feeds text in pieces of `step` bytes, each inside a larger buffer of stale bytes (as the channel's shared read
 * buffer is); the first non-"more" result, or the end() result when the text ran out.
 */
function read(text: string, step: number, closeAtEnd = false, reader = new ResponseReader()): ReadResult {
  const bytes = Buffer.from(text, "latin1");
  const shared = Buffer.alloc(bytes.length + 64, ":\r\n\r\n0");
  for (let at = 0; at < bytes.length; at += step) {
    const piece = bytes.subarray(at, Math.min(bytes.length, at + step));
    shared.fill(":\r\n\r\n0");
    piece.copy(shared, 16);
    const result = resultOf(reader, reader.push(shared, 16, 16 + piece.length));
    if (result.kind !== "more") {
      // What followed in this piece and later pieces: the reader counts only its own piece's leftover.
      return result.kind === "done"
        ? { ...result, extra: result.extra + Math.max(0, bytes.length - (at + step)) }
        : result;
    }
  }
  return closeAtEnd ? resultOf(reader, reader.end()) : { kind: "more" };
}

const cases: Array<[string, string, ReadResult, boolean?]> = [
  [
    "content-length",
    "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok",
    { kind: "done", status: 200, keepAlive: true, extra: 0 },
  ],
  [
    "an empty body",
    "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n",
    { kind: "done", status: 202, keepAlive: true, extra: 0 },
  ],
  [
    "chunked, with an extension and a trailer",
    "HTTP/1.1 429 Too Many\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nslow\r\n3\r\n do\r\n0\r\nX-T: 1\r\n\r\n",
    { kind: "done", status: 429, keepAlive: true, extra: 0 },
  ],
  [
    "Connection: close",
    "HTTP/1.1 500 Oops\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbad",
    { kind: "done", status: 500, keepAlive: false, extra: 0 },
  ],
  [
    "a 100 Continue before the answer",
    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\ncontent-length: 1\r\n\r\nx",
    { kind: "done", status: 201, keepAlive: true, extra: 0 },
  ],
  [
    "a 204 (no body whatever it says)",
    "HTTP/1.1 204 No Content\r\n\r\n",
    { kind: "done", status: 204, keepAlive: true, extra: 0 },
  ],
  [
    "HTTP/1.0 (closes unless kept alive)",
    "HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok",
    { kind: "done", status: 200, keepAlive: false, extra: 0 },
  ],
  [
    "a body until the connection closes",
    "HTTP/1.1 200 OK\r\n\r\nall of it",
    { kind: "done", status: 200, keepAlive: false, extra: 0 },
    true,
  ],
  [
    "bytes after the response",
    "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokXY",
    { kind: "done", status: 200, keepAlive: true, extra: 2 },
  ],
  ["not HTTP", "SSH-2.0-OpenSSH\r\n\r\n", { kind: "error", message: 'not an HTTP/1.x status line: "SSH-2.0-OpenSSH"' }],
  [
    "two lengths that disagree",
    "HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\nok",
    { kind: "error", message: 'bad content-length "3"' },
  ],
  [
    "a bad chunk size",
    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n",
    { kind: "error", message: 'bad chunk size "zz"' },
  ],
  [
    "a body cut short",
    "HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\nok",
    { kind: "error", message: "response cut short" },
    true,
  ],
  ["nothing at all", "", { kind: "error", message: "connection closed before a response" }, true],
  [
    "header names and values in any case, with spaces around them",
    "HTTP/1.1 200 OK\r\nCONTENT-length :  2 \r\nConnection:\tClose\r\n\r\nok",
    { kind: "done", status: 200, keepAlive: false, extra: 0 },
  ],
  [
    "a lower-case protocol name",
    "http/1.1 200 OK\r\n\r\n",
    { kind: "error", message: 'not an HTTP/1.x status line: "http/1.1 200 OK"' },
  ],
  [
    "a content-length that is not digits",
    "HTTP/1.1 200 OK\r\ncontent-length: 1e1\r\n\r\n0123456789",
    { kind: "error", message: 'bad content-length "1e1"' },
  ],
  [
    "a head over 64 KiB",
    `HTTP/1.1 200 OK\r\nx: ${"a".repeat(70_000)}\r\n\r\n`,
    { kind: "error", message: "response head over 64 KiB" },
  ],
  [
    "a head with bare LF line ends (RFC 9112 lets a recipient accept them)",
    "HTTP/1.1 201 Created\ncontent-length: 2\nconnection: close\n\nok",
    { kind: "done", status: 201, keepAlive: false, extra: 0 },
  ],
  [
    "a head mixing CRLF and bare LF",
    "HTTP/1.1 200 OK\r\ncontent-length: 3\n\r\nabc",
    { kind: "done", status: 200, keepAlive: true, extra: 0 },
  ],
  [
    "a status line without a reason or its space",
    "HTTP/1.1 204\r\n\r\n",
    { kind: "done", status: 204, keepAlive: true, extra: 0 },
  ],
  [
    "a status code followed by a byte other than a space",
    "HTTP/1.1 200X OK\r\ncontent-length: 0\r\n\r\n",
    { kind: "error", message: 'not an HTTP/1.x status line: "HTTP/1.1 200X OK"' },
  ],
  [
    "framing headers among others a real server sends (nginx's and API Gateway's), in any case",
    "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Tue, 01 Dec 2026 02:00:00 GMT\r\nContent-Type: text/plain\r\n" +
      "x-amzn-RequestId: 0f6ad5e4\r\nTRANSFER-encoding: chunked\r\nConnection: keep-alive\r\n\r\n2\r\nok\r\n0\r\n\r\n",
    { kind: "done", status: 200, keepAlive: true, extra: 0 },
  ],
  [
    "a line that starts with a space (an obs-fold) read as a header, as before",
    "HTTP/1.1 200 OK\r\nx-a: 1\r\n content-length: 2\r\n\r\nok",
    { kind: "done", status: 200, keepAlive: true, extra: 0 },
  ],
  [
    "Connection headers: one that says neither token changes nothing, the last that says one wins",
    "HTTP/1.0 200 OK\r\nConnection: close\r\nConnection: Keep-Alive\r\nConnection: upgrade\r\ncontent-length: 0\r\n\r\n",
    { kind: "done", status: 200, keepAlive: true, extra: 0 },
  ],
  [
    "a Connection header listing close among other tokens",
    "HTTP/1.1 200 OK\r\nConnection: te, close\r\ncontent-length: 0\r\n\r\n",
    { kind: "done", status: 200, keepAlive: false, extra: 0 },
  ],
  [
    "a bad content-length refused even when a good one follows it",
    "HTTP/1.1 200 OK\r\ncontent-length: x\r\ncontent-length: 2\r\n\r\nok",
    { kind: "error", message: 'bad content-length "x"' },
  ],
  [
    "a bad status line named before a bad content-length",
    "HTTP/2 200 OK\r\ncontent-length: x\r\n\r\n",
    { kind: "error", message: 'not an HTTP/1.x status line: "HTTP/2 200 OK"' },
  ],
  [
    "a four-digit status",
    "HTTP/1.1 2000 OK\r\ncontent-length: 0\r\n\r\n",
    { kind: "error", message: 'not an HTTP/1.x status line: "HTTP/1.1 2000 OK"' },
  ],
];

describe("ResponseReader", () => {
  it.each(cases)("%s, whole and split at every byte", (_name, text, expected, close) => {
    const steps = text.length > 1000 ? [text.length, 4096, 1000] : [text.length || 1, 1, 2, 3, 7];
    for (const step of steps) expect(read(text, step, close), `step ${step}`).toEqual(expected);
  });

  it("keeps the status of a response whose body then broke, for the channel to judge", () => {
    const reader = new ResponseReader();
    expect(reader.push(Buffer.from("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc"))).toBe(MORE);
    expect(reader.status).toBe(200);
  });

  it("reads one response after another once reset, whatever the first left behind", () => {
    const reader = new ResponseReader();
    for (const [text, expected] of [
      [
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n",
        201,
      ],
      ["HTTP/1.1 429 Slow\r\ncontent-length: 0\r\n\r\n", 429],
      ["HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok", 200],
    ] as const) {
      for (const step of [3, text.length]) {
        reader.reset();
        expect(read(text, step, false, reader), `${expected} step ${step}`).toEqual({
          kind: "done",
          status: expected,
          keepAlive: true,
          extra: 0,
        });
      }
    }
    expect(DONE).not.toBe(MORE);
  });
});

describe("keep (a flow's client): the headers and the body, at every split", () => {
  const bodies: Array<[string, string]> = [
    ["Content-Length", 'HTTP/1.1 201 Created\r\nX-Token-TTL: 60\r\nContent-Length: 15\r\n\r\n{"token":"t-1"}'],
    [
      "chunked",
      'HTTP/1.1 201 Created\r\nx-token-ttl:  60 \r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"tok\r\na\r\nen":"t-1"}\r\n0\r\n\r\n',
    ],
  ];
  it.each(bodies)("%s", (_framing, text) => {
    for (const step of [1, 2, 7, text.length]) {
      const reader = new ResponseReader();
      reader.keep = true;
      expect(read(text, step, false, reader)).toMatchObject({ kind: "done", status: 201 });
      expect(reader.headerPairs.slice(0, 2)).toEqual(["x-token-ttl", "60"]);
      expect(reader.bodyText()).toBe('{"token":"t-1"}');
      reader.reset();
      expect([reader.headerPairs.length, reader.bodyText()]).toEqual([0, ""]);
    }
  });

  it("keeps the final response's headers, not an informational one's before it", () => {
    const text =
      "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n" +
      "HTTP/1.1 200 OK\r\nServer: s\r\ncontent-length: 2\r\n\r\nok";
    for (const step of [text.length, 1, 5]) {
      const reader = new ResponseReader();
      reader.keep = true;
      expect(read(text, step, false, reader)).toMatchObject({ kind: "done", status: 200 });
      expect(reader.headerPairs).toEqual(["server", "s", "content-length", "2"]);
    }
  });

  it("keeps a body read until the connection closes", () => {
    const reader = new ResponseReader();
    reader.keep = true;
    expect(read("HTTP/1.1 200 OK\r\n\r\nall of it", 3, true, reader)).toMatchObject({ kind: "done", status: 200 });
    expect(reader.bodyText()).toBe("all of it");
  });

  it("keeps nothing when off (the declarative path)", () => {
    const reader = new ResponseReader();
    expect(read(bodies[1]?.[1] as string, 4, false, reader)).toMatchObject({ kind: "done", status: 201 });
    expect([reader.headerPairs.length, reader.bodyParts.length]).toEqual([0, 0]);
  });
});
