// PutEvents, pure: validates entries, applies the rate quota per entry, builds the event envelope, answers per entry.
import type { EventPattern } from "./pattern.ts";
import { matchesPattern } from "./pattern.ts";

export interface PutEventsRequestEntry {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  EventBusName?: unknown;
  Time?: unknown;
  Resources?: unknown;
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface Rule {
  name: string;
  busName: string;
  pattern: EventPattern;
}

export interface Envelope {
  version: "0";
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface PutEventsContext {
  buses: ReadonlySet<string>;
  rules: readonly Rule[];
  account: string;
  region: string;
  /** One token per entry; false means the PutEvents quota is exceeded. */
  takeQuota: () => boolean;
  newId: () => string;
  now: () => Date;
}

export class ValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValidationException";
  }
}

export interface Accepted {
  envelope: Envelope;
  rules: Rule[];
}

/** Bus names arrive as a name or an ARN. */
function busNameOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return "default";
  if (typeof value !== "string") return undefined;
  const slash = value.lastIndexOf("/");
  return value.startsWith("arn:") && slash >= 0 ? value.slice(slash + 1) : value;
}

function timeOf(value: unknown, now: Date): string {
  // The SDK sends Time as epoch seconds; AWS keeps second precision in the envelope.
  const date = typeof value === "number" ? new Date(value * 1000) : typeof value === "string" ? new Date(value) : now;
  const valid = Number.isNaN(date.getTime()) ? now : date;
  return valid.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function putEvents(
  body: unknown,
  ctx: PutEventsContext,
): { entries: PutEventsResultEntry[]; failed: number; throttled: number; accepted: Accepted[] } {
  const entries = (body as { Entries?: unknown } | null)?.Entries;
  if (!Array.isArray(entries) || entries.length < 1 || entries.length > 10) {
    throw new ValidationError(
      "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10",
    );
  }
  const results: PutEventsResultEntry[] = [];
  const accepted: Accepted[] = [];
  let throttled = 0;
  for (const raw of entries as PutEventsRequestEntry[]) {
    const entry = raw ?? {};
    const bus = busNameOf(entry.EventBusName);
    if (typeof entry.Source !== "string" || entry.Source === "") {
      results.push({
        ErrorCode: "InvalidArgument",
        ErrorMessage: "Parameter Source is not valid. Reason: Source is a required argument.",
      });
      continue;
    }
    if (typeof entry.DetailType !== "string" || entry.DetailType === "") {
      results.push({
        ErrorCode: "InvalidArgument",
        ErrorMessage: "Parameter DetailType is not valid. Reason: DetailType is a required argument.",
      });
      continue;
    }
    let detail: unknown;
    try {
      detail = JSON.parse(typeof entry.Detail === "string" ? entry.Detail : "");
    } catch {
      detail = undefined;
    }
    if (typeof detail !== "object" || detail === null || Array.isArray(detail)) {
      results.push({ ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." });
      continue;
    }
    if (bus === undefined || !ctx.buses.has(bus)) {
      results.push({
        ErrorCode: "ResourceNotFoundException",
        ErrorMessage: `Event bus ${String(entry.EventBusName)} does not exist.`,
      });
      continue;
    }
    if (!ctx.takeQuota()) {
      throttled += 1;
      results.push({ ErrorCode: "ThrottlingException", ErrorMessage: "Rate exceeded" });
      continue;
    }
    const envelope: Envelope = {
      version: "0",
      id: ctx.newId(),
      "detail-type": entry.DetailType,
      source: entry.Source,
      account: ctx.account,
      time: timeOf(entry.Time, ctx.now()),
      region: ctx.region,
      resources: Array.isArray(entry.Resources) ? entry.Resources.filter((r) => typeof r === "string") : [],
      detail: detail as Record<string, unknown>,
    };
    results.push({ EventId: envelope.id });
    accepted.push({
      envelope,
      rules: ctx.rules.filter((r) => r.busName === bus && matchesPattern(envelope, r.pattern)),
    });
  }
  const failed = results.filter((r) => "ErrorCode" in r).length;
  return { entries: results, failed, throttled, accepted };
}
