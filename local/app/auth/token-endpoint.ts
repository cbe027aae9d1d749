// The local issuer's `POST /oauth2/token`: OAuth2 client credentials (RFC 6749 4.4) as Cognito answers them, HTTP
// Basic client authentication, a form body with grant_type=client_credentials; an HS256 JWT with `expires_in`.

import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, sendJson } from "../http.ts";
import { signJwt } from "./jwt.ts";

export interface TokenIssuer {
  issuer: string;
  secret: Buffer;
  client: { id: string; secret: string };
  ttlSeconds: number;
  now: () => number;
}

export const tokenPath = "/oauth2/token";

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The client's ID and secret from an `Authorization: Basic` header (each form-URL-encoded, as RFC 6749 2.3.1 says). */
function basicClient(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? "");
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] ?? "", "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

export async function issueToken(issuer: TokenIssuer, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "POST") {
    req.resume();
    return sendJson(res, 405, { error: "invalid_request" });
  }
  const form = new URLSearchParams(await readBody(req).catch(() => ""));
  const client = basicClient(req.headers.authorization);
  if (client === undefined || !same(client.id, issuer.client.id) || !same(client.secret, issuer.client.secret))
    return sendJson(res, 401, { error: "invalid_client" }, "application/json", {
      "www-authenticate": 'Basic realm="harness-local"',
    });
  if (form.get("grant_type") !== "client_credentials") return sendJson(res, 400, { error: "unsupported_grant_type" });
  const iat = Math.floor(issuer.now() / 1000);
  const scope = form.get("scope");
  const token = signJwt(
    {
      iss: issuer.issuer,
      sub: client.id,
      iat,
      exp: iat + issuer.ttlSeconds,
      ...(scope === null ? {} : { scope }),
    },
    issuer.secret,
  );
  sendJson(res, 200, { access_token: token, token_type: "Bearer", expires_in: issuer.ttlSeconds });
}
