// The control endpoint: GET /control reads faults, bugs, harmed IDs and counters; POST /control changes them.
import type { IncomingMessage, ServerResponse } from "node:http";
import { bugModes, faultNames } from "../controls.ts";
import type { ControlState } from "./control-state.ts";
import { readBody, sendJson } from "./http.ts";

export interface ControlDeps {
  state: ControlState;
  /** Cumulative counters and live gauges, for tests and `harness local status`. */
  stats: () => Record<string, number>;
  /** Called after faults change, so throttles and quotas pick up new limits at once. */
  onChange: () => void;
}

export function controlHandler(deps: ControlDeps) {
  const snapshot = () => ({
    faults: deps.state.faults,
    bugs: deps.state.bugs,
    harmed: deps.state.harmed(),
    stats: deps.stats(),
  });
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/health") return sendJson(res, 200, { ok: true });
    if (path === "/control" && req.method === "GET") return sendJson(res, 200, snapshot());
    if (path === "/control/harmed" && req.method === "DELETE") {
      deps.state.clearHarmed();
      return sendJson(res, 200, snapshot());
    }
    if (path === "/control" && req.method === "POST") {
      let values: unknown;
      try {
        values = JSON.parse(await readBody(req));
      } catch {
        return sendJson(res, 400, { message: "body must be a JSON object of NAME: value" });
      }
      if (typeof values !== "object" || values === null || Array.isArray(values)) {
        return sendJson(res, 400, { message: "body must be a JSON object of NAME: value" });
      }
      const problems = deps.state.apply(values as Record<string, number | string | boolean>);
      if (problems.length > 0) {
        return sendJson(res, 400, { message: "invalid controls", problems, known: [...faultNames, ...bugModes] });
      }
      deps.onChange();
      return sendJson(res, 200, snapshot());
    }
    sendJson(res, 404, { message: `no route ${req.method} ${path}` });
  };
}
