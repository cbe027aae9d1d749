// Which channel arrival k uses: a fixed, smooth weighted round-robin over the global index, the same on every shard.

import type { Channel } from "../../contracts/ledger.ts";
import type { ScenarioConfig } from "../../executors/index.ts";

const channels: readonly Channel[] = ["http", "events", "sqs", "sfn", "lambda"];

/**
 * A cycle in which each channel appears in proportion to its weight, interleaved (nginx's smooth weighted
 * round-robin), so a 1:1 mix alternates instead of sending 50 HTTP then 50 events. Keyed by the global arrival
 * index, a mix is exact over the plan and identical whatever the number of workers and segments.
 */
export function channelCycle(weights: ScenarioConfig["channels"]): Channel[] {
  // Integer weights (fractions scaled to thousandths), divided by their gcd: the cycle is exactly their sum long,
  // so 1:1:1 is a cycle of 3 and every channel gets precisely its share of every whole cycle.
  const scaled = channels.map((c) => Math.round(Math.max(0, weights[c] ?? 0) * 1000));
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const divisor = scaled.reduce((a, b) => gcd(a, b), 0) || 1;
  const w = scaled.map((x) => x / divisor);
  const total = w.reduce((a, b) => a + b, 0);
  const length = total;
  const active = channels.filter((_, i) => (w[i] as number) > 0);
  if (active.length === 1) return [active[0] as Channel];
  const current = channels.map(() => 0);
  const cycle: Channel[] = [];
  for (let step = 0; step < length; step++) {
    let best = -1;
    for (let i = 0; i < channels.length; i++) {
      if ((w[i] as number) === 0) continue;
      current[i] = (current[i] as number) + (w[i] as number);
      if (best < 0 || (current[i] as number) > (current[best] as number)) best = i;
    }
    current[best] = (current[best] as number) - total;
    cycle.push(channels[best] as Channel);
  }
  return cycle;
}

export function usedChannels(weights: ScenarioConfig["channels"]): Channel[] {
  return channels.filter((c) => (weights[c] ?? 0) > 0);
}
