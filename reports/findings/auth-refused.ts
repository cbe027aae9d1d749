// Finding: the target refused requests as unauthorized (401) or forbidden (403), which a token that expired, a failed
// refresh or a wrong signature gives; each ledger record's `err` says whether it went out without auth, and why.
import type { FindingContext } from "./context.ts";
import { fmt } from "./format.ts";
import type { AuthRefusedFinding } from "./types.ts";

export function authRefused(ctx: FindingContext): AuthRefusedFinding | null {
  const status = ctx.input.statusMix ?? {};
  const unauthorized = status["401"] ?? 0;
  const forbidden = status["403"] ?? 0;
  const total = unauthorized + forbidden;
  if (total === 0) return null;
  const auth = ctx.input.httpAuth ?? null;
  const codes = [
    unauthorized > 0 ? `${fmt(unauthorized)} x 401 Unauthorized` : "",
    forbidden > 0 ? `${fmt(forbidden)} x 403 Forbidden` : "",
  ].filter((c) => c !== "");
  const cause =
    auth === null
      ? "The target has no http.auth: if it needs credentials, configure http.auth (sigv4, token or oauth2-client-credentials)."
      : auth === "sigv4"
        ? "Requests were signed with SigV4: a 403 means the target did not accept the signature or the keys (region, service, clock, or credentials that expired without a refresh)."
        : `Requests carried ${auth} auth: a 401 means the target did not accept the token (expired, refresh failed, or wrong client).`;
  return {
    kind: "authRefused",
    severity: "problem",
    title: `The target refused ${fmt(total)} requests as unauthorized`,
    summary: `${codes.join(" and ")}. ${cause} The ledger's err says for each whether it went out without auth, and why (\`HTTP 401 (sent without auth: ...)\`).`,
    window: null,
    unauthorized,
    forbidden,
    auth,
    evidence: [
      { label: "outcomes by status", value: codes.join(", "), source: "load-summary" },
      { label: "http.auth", value: auth ?? "none", source: "plan" },
    ],
  };
}
