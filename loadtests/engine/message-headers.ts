// A payload's per-message HTTP headers as one preformatted block of lines, checked with the config's field rule
// (contracts/http-field.ts), so the HTTP channel writes them as they are: one string per request on the hot path.
import { headerNamePattern, headerValueProblem } from "../../contracts/http-field.ts";

/** Headers the channel writes itself (framing, the connection, the host) or the target already sets for every request. */
const framing = ["content-length", "transfer-encoding", "connection", "host", "content-type"];

/** A per-message header the request cannot carry: the message is refused before it is sent (never a crash). */
export class MessageHeaderError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "MessageHeaderError";
  }
}

/** The lowercased names a payload may not set: the channel's own and the target's static headers. */
export function reservedHeaderNames(targetHeaders: Readonly<Record<string, string>> = {}): ReadonlySet<string> {
  return new Set([...framing, ...Object.keys(targetHeaders).map((name) => name.toLowerCase())]);
}

/** `name: value\r\n` per header, or a MessageHeaderError naming the first bad one. */
export function headerLines(headers: unknown, reserved: ReadonlySet<string>): string {
  if (headers === null || typeof headers !== "object" || Array.isArray(headers))
    throw new MessageHeaderError(`payload headers must be an object of strings, not ${describe(headers)}`);
  let lines = "";
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (!headerNamePattern.test(name))
      throw new MessageHeaderError(`payload header name ${JSON.stringify(name)} is not an HTTP token`);
    if (reserved.has(name.toLowerCase()))
      throw new MessageHeaderError(
        `payload header ${JSON.stringify(name)} is set by the engine or the target's http.headers for every request`,
      );
    if (typeof value !== "string")
      throw new MessageHeaderError(`payload header ${JSON.stringify(name)} is ${describe(value)}, not a string`);
    const problem = headerValueProblem(value);
    if (problem !== undefined) throw new MessageHeaderError(`payload header ${JSON.stringify(name)} holds ${problem}`);
    lines += `${name}: ${value}\r\n`;
  }
  return lines;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  return value === null ? "null" : typeof value;
}
