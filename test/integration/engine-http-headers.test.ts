// The request head the engine's HTTP channel writes, read as raw bytes: one Content-Type, the user's Host, no control
// characters (#16 item 14).
import { type AddressInfo, createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpChannel } from "../../loadtests/engine/channels/http.ts";
import { ChannelConfigError } from "../../loadtests/engine/errors.ts";
import { Message } from "../../loadtests/engine/message.ts";

const heads: string[] = [];
const server = createServer((socket: Socket) => {
  let buffered = "";
  socket.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("latin1");
    const end = buffered.indexOf("\r\n\r\n");
    if (end < 0) return;
    heads.push(buffered.slice(0, end));
    buffered = "";
    socket.write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");
  });
});
let base = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const channelFor = (headers: Record<string, string>, settled: () => void, path = "/orders?x=1") =>
  httpChannel(
    { url: `${base}${path}`, method: "POST", headers, bodyTemplate: "", timeoutMs: 5_000 },
    { connections: 1, now: Date.now, events: { settle: settled, written: () => {} } },
  );

async function headOf(headers: Record<string, string>, path?: string): Promise<string[]> {
  heads.length = 0;
  let done: () => void = () => {};
  const settled = new Promise<void>((resolve) => {
    done = resolve;
  });
  const channel = channelFor(headers, () => done(), path);
  channel.send(new Message(0, "m-0", "http", Date.now(), 0, -1), "{}", "");
  await settled;
  await channel.close();
  return (heads[0] ?? "").split("\r\n");
}

const named = (lines: string[], name: string) => lines.filter((l) => l.toLowerCase().startsWith(`${name}:`));

describe("the HTTP channel's request head", () => {
  it("sends the default Content-Type and the URL's host when the user names neither", async () => {
    const lines = await headOf({ "x-team": "orders" });
    expect(lines[0]).toBe("POST /orders?x=1 HTTP/1.1");
    expect(named(lines, "content-type")).toEqual(["content-type: application/json"]);
    expect(named(lines, "host")).toEqual([`host: ${base.slice("http://".length)}`]);
    expect(named(lines, "x-team")).toEqual(["x-team: orders"]);
  });

  it("lets the user's Content-Type replace the default, whatever its case: one header, not two", async () => {
    const lines = await headOf({ "Content-Type": "application/vnd.orders+json" });
    expect(named(lines, "content-type")).toEqual(["Content-Type: application/vnd.orders+json"]);
  });

  it("sends the user's Host instead of the URL's (a virtual host behind an address)", async () => {
    const lines = await headOf({ Host: "api.orders.test" });
    expect(named(lines, "host")).toEqual(["Host: api.orders.test"]);
  });

  it("keeps framing and the connection its own", async () => {
    const lines = await headOf({ "Content-Length": "99", Connection: "close", "Transfer-Encoding": "chunked" });
    expect(named(lines, "content-length")).toEqual(["content-length: 2"]);
    expect(named(lines, "connection")).toEqual([]);
    expect(named(lines, "transfer-encoding")).toEqual([]);
  });

  it.each([
    [{ "x-a": "1\u0000" }, 'the header "x-a" holds the control character 0x00'],
    [{ "x-a": "1\u007f" }, 'the header "x-a" holds the control character 0x7f'],
    [{ "x a": "1" }, 'the header name "x a" is not a token'],
    [{ "x-a": "1\nx-b: 2" }, 'the header "x-a" holds a line break'],
  ])("refuses %j before any connection: %s", (headers, message) => {
    expect(() => channelFor(headers, () => {})).toThrow(ChannelConfigError);
    expect(() => channelFor(headers, () => {})).toThrow(message);
  });

  it("accepts a tab inside a value", async () => {
    const lines = await headOf({ "x-a": "1\t2" });
    expect(named(lines, "x-a")).toEqual(["x-a: 1\t2"]);
  });

  it("puts each message's ID where the URL says {{id}} (a REST path such as PUT /v2/orders/{orderRef})", async () => {
    const lines = await headOf({}, "/v2/orders/{{id}}/confirm?src=load");
    expect(lines[0]).toBe("POST /v2/orders/m-0/confirm?src=load HTTP/1.1");
    expect(named(lines, "content-length")).toEqual(["content-length: 2"]);
  });

  it.each([
    ["http://{{id}}.example.test/orders", "{{id}} may stand in the URL's path or query, not its host"],
    ["/orders/{{id}}/{{id}}", "{{id}} may stand in the URL once"],
  ])("refuses %s: %s", (url, message) => {
    const full = url.startsWith("/") ? `${base}${url}` : url;
    expect(() =>
      httpChannel(
        { url: full, method: "POST", headers: {}, bodyTemplate: "", timeoutMs: 1_000 },
        { connections: 1, now: Date.now, events: { settle: () => {}, written: () => {} } },
      ),
    ).toThrow(message);
  });
});
