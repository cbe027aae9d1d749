// Warms the HTTP path before time 0 against a throwaway loopback stub, never the target: undici compiles its
// WebAssembly HTTP parser on the first connection (tens to hundreds of ms), which would otherwise stall the first
// planned arrivals and show as send lag that is the engine's, not the plan's.
import { createServer } from "node:net";
import { Client } from "undici";

const response = Buffer.from("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\nok");

/** `requests` on each of `lanes` connections: enough for V8 to optimise undici's request and parse paths. */
export async function warmUpHttp(requests = 300, lanes = 8): Promise<void> {
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
  const clients = Array.from({ length: lanes }, () => new Client(`http://127.0.0.1:${port}`, { pipelining: 1 }));
  const lane = async (client: Client) => {
    for (let i = 0; i < requests; i++) {
      const res = await client.request({ path: "/", method: "POST", body: '{"warm":true}' });
      await res.body.dump();
    }
  };
  const loop = () => Promise.all(clients.map(lane));
  let timer: NodeJS.Timeout | undefined;
  try {
    // Warming is an optimisation: never let it hold up a run.
    await Promise.race([
      loop().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 3000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await Promise.all(clients.map((c) => c.destroy()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
