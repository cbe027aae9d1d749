// The SDK decodes binary attributes (B, BS) into bytes; Lambda hands them to the function as base64 strings, as they
// travel on the wire. This puts a record's images back into that shape before the event reaches the handler.

export function wireImage(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(wireImage);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wireImage(v)]));
  return value;
}
