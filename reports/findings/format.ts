// How findings write numbers, durations and times in their plain-word summaries.

export function round(v: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Counts with thousands separators, rates with one decimal. */
export function fmt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : round(n, 1).toLocaleString("en-US");
}

/** Milliseconds, switching to seconds where ms stop being readable. */
export function ms(v: number): string {
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

/** Epoch seconds as ISO time without milliseconds. */
export function isoSecond(t: number): string {
  return new Date(t * 1000).toISOString().replace(".000Z", "Z");
}

/** Epoch milliseconds as ISO time to the millisecond (a chaos window's edges, as they really happened). */
export function isoMs(t: number): string {
  return new Date(t).toISOString();
}

/** A measured span of milliseconds, to the millisecond: "3.217 s", "850 ms". */
export function span(v: number): string {
  return v >= 1_000 ? `${(v / 1000).toFixed(3)} s` : `${Math.round(v)} ms`;
}
