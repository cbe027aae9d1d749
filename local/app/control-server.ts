// The control endpoint: GET /control reads faults, bugs, harmed IDs and counters; POST /control changes them.
// The api process's endpoint is the one users and the chaos schedule call: it forwards changes to its peers (the
// lambda process) before answering, and merges their harmed IDs and counters into what it reads.
import type { IncomingMessage, ServerResponse } from "node:http";
import { bugModes, faultNames } from "../controls.ts";
import type { ControlState, Harmed } from "./control-state.ts";
import { readBody, sendJson } from "./http.ts";

export interface ControlSnapshot {
  faults: ControlState["faults"];
  bugs: ControlState["bugs"];
  harmed: Harmed;
  stats: Record<string, number>;
}

export interface ControlDeps {
  state: ControlState;
  /** Cumulative counters and live gauges, for tests and `harness local status`. */
  stats: () => Record<string, number>;
  /** Called after faults change, so throttles and quotas pick up new limits at once. */
  onChange: () => void;
  /** Control URLs of the other app processes. */
  peers: readonly string[];
}

class PeerError extends Error {
  constructor(peer: string, detail: string) {
    super(`peer ${peer}: ${detail}`);
    this.name = "PeerError";
  }
}

async function peerCall(peer: string, path: string, init: RequestInit): Promise<ControlSnapshot> {
  let res: Response;
  try {
    res = await fetch(`${peer}${path}`, { ...init, signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    throw new PeerError(peer, String(error));
  }
  if (!res.ok) throw new PeerError(peer, `answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as ControlSnapshot;
}

/** Harmed IDs are unioned and counters summed across processes. */
export function mergeSnapshots(own: ControlSnapshot, others: readonly ControlSnapshot[]): ControlSnapshot {
  const harmed = { ...own.harmed };
  const stats = { ...own.stats };
  for (const other of others) {
    for (const mode of bugModes) harmed[mode] = [...new Set([...harmed[mode], ...(other.harmed[mode] ?? [])])].sort();
    for (const [name, value] of Object.entries(other.stats)) stats[name] = (stats[name] ?? 0) + value;
  }
  return { ...own, harmed, stats: Object.fromEntries(Object.entries(stats).sort(([a], [b]) => a.localeCompare(b))) };
}

export function controlHandler(deps: ControlDeps) {
  const own = (): ControlSnapshot => ({
    faults: deps.state.faults,
    bugs: deps.state.bugs,
    harmed: deps.state.harmed(),
    stats: deps.stats(),
  });
  const merged = async (local: boolean) =>
    local
      ? own()
      : mergeSnapshots(own(), await Promise.all(deps.peers.map((p) => peerCall(p, "/control?local=1", {}))));

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const [path, query = ""] = (req.url ?? "/").split("?");
    // `local=1`: this process only (what a peer asks of another, so forwarding never loops).
    const local = new URLSearchParams(query).get("local") === "1";
    if (path === "/health") return sendJson(res, 200, { ok: true });
    if (path === "/control" && req.method === "GET") return sendJson(res, 200, await merged(local));
    if (path === "/control/harmed" && req.method === "DELETE") {
      deps.state.clearHarmed();
      if (!local)
        await Promise.all(deps.peers.map((p) => peerCall(p, "/control/harmed?local=1", { method: "DELETE" })));
      return sendJson(res, 200, await merged(local));
    }
    if (path === "/control" && req.method === "POST") {
      let values: unknown;
      try {
        values = JSON.parse(await readBody(req));
      } catch {
        values = undefined;
      }
      if (typeof values !== "object" || values === null || Array.isArray(values)) {
        return sendJson(res, 400, { message: "body must be a JSON object of NAME: value" });
      }
      const problems = deps.state.apply(values as Record<string, number | string | boolean>);
      if (problems.length > 0) {
        return sendJson(res, 400, { message: "invalid controls", problems, known: [...faultNames, ...bugModes] });
      }
      deps.onChange();
      // Answer only once every process applies the change, so a fault set is a fault in force.
      if (!local) {
        const body = JSON.stringify(values);
        await Promise.all(
          deps.peers.map((p) =>
            peerCall(p, "/control?local=1", { method: "POST", headers: { "content-type": "application/json" }, body }),
          ),
        );
      }
      return sendJson(res, 200, await merged(local));
    }
    sendJson(res, 404, { message: `no route ${req.method} ${path}` });
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await route(req, res);
    } catch (error) {
      if (!(error instanceof PeerError)) throw error;
      sendJson(res, 502, { message: error.message });
    }
  };
}
