// A TCP server on 127.0.0.1 that accepts connections, reads what is sent and never answers: the endpoint that hangs.
import { type AddressInfo, createServer, type Socket } from "node:net";

export interface SilentServer {
  /** Listens on a free port; resolves with its http:// endpoint. */
  start(): Promise<string>;
  /** Drops every connection it holds and stops listening. */
  close(): Promise<void>;
}

export function silentServer(): SilentServer {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("data", () => {});
  });
  return {
    async start() {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
