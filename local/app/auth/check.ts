// What the local gateway checks before a route runs, by `gateway.auth`: nothing, a SigV4 signature against the local
// credentials (403 as API Gateway's IAM authorizer), or a JWT from the local issuer (401 as a JWT authorizer).
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkJwt } from "./jwt.ts";
import { checkSigV4, type SigV4Keys } from "./sigv4-check.ts";
import { issueToken, tokenPath } from "./token-endpoint.ts";

export type GatewayAuthMode = "none" | "sigv4" | "jwt";

/** The gateway's auth settings in app.json (written by `harness local up`). */
export interface GatewayAuthConfig {
  mode: GatewayAuthMode;
  /** jwt: the local issuer's token lifetime. */
  tokenTtlSeconds: number;
  /** jwt: the one client the local issuer knows. */
  client: { id: string; secret: string };
  /** sigv4: the keys a signature must be made with, and the region it is scoped to. */
  keys: SigV4Keys;
  region: string;
}

export interface Refusal {
  status: 401 | 403;
  message: string;
}

export interface GatewayAuth {
  /** undefined when the request may go on; else the answer. */
  check(req: IncomingMessage, body: string): Promise<Refusal | undefined>;
  /** Serves the issuer's token endpoint; false for any other path (the gateway's routes then run). */
  serveToken(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export function gatewayAuth(config: GatewayAuthConfig, now: () => number = Date.now): GatewayAuth {
  // A fresh key per app process: tokens do not outlive the stack that issued them.
  const secret = randomBytes(32);
  const issuer = "harness-local";
  return {
    async check(req, body) {
      if (config.mode === "none") return undefined;
      if (config.mode === "sigv4") {
        const problem = await checkSigV4(req, body, config.keys, config.region, now());
        return problem === undefined ? undefined : { status: 403, message: problem };
      }
      const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
      if (match === null) return { status: 401, message: "Unauthorized" };
      const checked = checkJwt(match[1] ?? "", secret, issuer, now());
      return "problem" in checked ? { status: 401, message: `Unauthorized: ${checked.problem}` } : undefined;
    },
    async serveToken(req, res) {
      if ((req.url ?? "/").split("?")[0] !== tokenPath) return false;
      await issueToken({ issuer, secret, client: config.client, ttlSeconds: config.tokenTtlSeconds, now }, req, res);
      return true;
    },
  };
}
