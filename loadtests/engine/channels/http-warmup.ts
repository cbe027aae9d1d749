// Warms the HTTP path before time 0 against a throwaway loopback stub, never the target: the first few thousand
// requests run the channel's code unoptimised, which would otherwise stall the first planned arrivals and show as
// send lag that is the engine's, not the plan's.
import { createServer } from "node:net";
import { Message } from "../message.ts";
import { httpChannel } from "./http.ts";

const response = Buffer.from("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\nok");

/** `requests` through the real channel on `lanes` connections: enough for V8 to optimise its write and read paths. */
export async function warmUpHttp(requests = 2_400, lanes = 8): Promise<void> {
  const server = createServer((socket) => {
    socket.on("data", (chunk) => {
      // One response per request head seen (the bodies here are tiny and arrive with their head).
      const text = chunk.toString("latin1");
      let at = text.indexOf("\r\n\r\n");
      while (at >= 0) {
        socket.write(response);
        at = text.indexOf("\r\n\r\n", at + 4);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  let sent = 0;
  let settled = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const body = '{"warm":true}';
  const channel = httpChannel(
    {
      url: `http://127.0.0.1:${port}/warm`,
      method: "POST",
      headers: {},
      bodyTemplate: body,
      timeoutMs: 2_000,
    },
    {
      connections: lanes,
      now: Date.now,
      // Each answer sends the next request, `lanes` at a time, until `requests` were answered (or failed).
      settle: () => {
        settled++;
        if (settled >= requests) finish();
        else if (sent < requests) send();
      },
    },
  );
  const send = () => {
    channel.send(new Message(sent, `warm-${sent}`, "http", Date.now(), 0, -1), body);
    sent++;
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    for (let i = 0; i < lanes; i++) send();
    // Warming is an optimisation: never let it hold up a run.
    await Promise.race([
      finished,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 3000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await channel.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
