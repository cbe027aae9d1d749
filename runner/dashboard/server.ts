// The dashboard's web server on 127.0.0.1 (node:http): the page at /, the run's live events at /events (SSE).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { LiveEvent } from "../live-events.ts";
import { EventLog, replayStart } from "./event-log.ts";
import { SseClient } from "./sse-client.ts";

export interface DashboardServerOptions {
  /** 0: a free port. */
  port: number;
  /** The page and its Content-Security-Policy. */
  page: { html: string; csp: string };
  stallMs?: number;
  chunkChars?: number;
  /** Pages served at once; one more is refused (503), so pages cannot pile up sockets and buffers. */
  maxPages?: number;
}

const loopback = "127.0.0.1";

export class DashboardServer {
  readonly log = new EventLog();
  /** Pages dropped because they stopped reading. */
  dropped = 0;
  private readonly server: Server;
  private readonly pages = new Map<SseClient, ServerResponse>();
  private readonly options: Required<Omit<DashboardServerOptions, "page">> & Pick<DashboardServerOptions, "page">;
  private pumpQueued = false;
  private readonly stallTimer: NodeJS.Timeout;
  private boundPort = 0;

  constructor(options: DashboardServerOptions) {
    this.options = { stallMs: 10_000, chunkChars: 64 * 1024, maxPages: 32, ...options };
    this.server = createServer((req, res) => this.handle(req, res));
    this.stallTimer = setInterval(() => this.dropStalled(), 1_000);
    this.stallTimer.unref();
  }

  /** Listens on 127.0.0.1 only; resolves with the page's URL. */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port, loopback, () => {
        this.server.off("error", reject);
        const address = this.server.address();
        this.boundPort = typeof address === "object" && address !== null ? address.port : this.options.port;
        resolve(this.url);
      });
    });
  }

  get url(): string {
    return `http://${loopback}:${this.boundPort}/`;
  }

  /** Records the event and schedules the pages' writes; returns at once (called inside the run's live tap). */
  push(event: LiveEvent): void {
    this.log.append(event);
    if (this.pumpQueued || this.pages.size === 0) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      for (const page of this.pages.keys()) page.pump();
    });
  }

  get pageCount(): number {
    return this.pages.size;
  }

  /**
   * Ends the pages' streams once each has every event (or after timeoutMs), then stops listening: a page keeps what it
   * got and says the run ended.
   */
  async close(timeoutMs = 2_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const page of this.pages.keys()) page.pump();
    while ([...this.pages.keys()].some((p) => !p.caughtUp) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    clearInterval(this.stallTimer);
    for (const [page, res] of this.pages) {
      page.close();
      res.end();
    }
    this.pages.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private dropStalled(): void {
    for (const page of [...this.pages.keys()]) {
      if (page.dropIfStalled()) {
        this.pages.delete(page);
        this.dropped++;
      }
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    // Only a page opened on this machine by its address: another site's script cannot reach the run through a name
    // that resolves to 127.0.0.1 (DNS rebinding).
    if (!allowedHost(req.headers.host, this.boundPort)) {
      res.writeHead(421, { "content-type": "text/plain" }).end("misdirected request: open the address harness printed");
      return;
    }
    if (req.method !== "GET") {
      res.writeHead(405, { allow: "GET", "content-type": "text/plain" }).end("method not allowed");
      return;
    }
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/") this.servePage(res);
    else if (path === "/events") this.serveEvents(req, res);
    else res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  }

  private servePage(res: ServerResponse): void {
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": this.options.page.csp,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    });
    res.end(this.options.page.html);
  }

  private serveEvents(req: IncomingMessage, res: ServerResponse): void {
    if (this.pages.size >= this.options.maxPages) {
      res.writeHead(503, { "content-type": "text/plain", "retry-after": "5" }).end("too many dashboard pages open");
      return;
    }
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    // A lost connection is retried by the page after 2 s, resuming after the last event it got.
    res.write("retry: 2000\n\n");
    const lastId = req.headers["last-event-id"];
    const page = new SseClient(
      res,
      this.log,
      replayStart(Array.isArray(lastId) ? lastId[0] : lastId, this.log.length),
      {
        stallMs: this.options.stallMs,
        chunkChars: this.options.chunkChars,
      },
    );
    this.pages.set(page, res);
    res.on("close", () => {
      page.close();
      this.pages.delete(page);
    });
    page.pump();
  }
}

/** The Host a browser sends for the printed address (or localhost), with this server's port. */
export function allowedHost(host: string | undefined, port: number): boolean {
  return host === `${loopback}:${port}` || host === `localhost:${port}`;
}
