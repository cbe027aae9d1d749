// Execution segments and worker stripes: how one plan's arrival sequence is dealt out so no two shards overlap.
//
// Arrival k of the plan belongs to segment (k mod n), and within a segment to worker ((k div n) mod w): each shard
// takes every (n*w)-th arrival from its own offset. Shards never overlap, together they are exactly the plan,
// and each keeps the plan's timing (a shard at 1/8 of the rate is the same shape, thinned), which is what lets
// eight hosts each run segment i of 8 of a spike and produce the spike. The global index k is the message number,
// so IDs never collide across workers, segments or hosts.
export interface Segment {
  /** 1-based. */
  index: number;
  count: number;
}

export interface Stripe {
  /** First global arrival index of the shard. */
  offset: number;
  /** Distance between its arrivals. */
  stride: number;
}

export function stripeOf(segment: Segment | null, worker: number, workers: number): Stripe {
  const seg = segment ?? { index: 1, count: 1 };
  return { offset: seg.index - 1 + seg.count * worker, stride: seg.count * workers };
}

/** How many of `total` arrivals a stripe holds. */
export function stripeSize(stripe: Stripe, total: number): number {
  return total <= stripe.offset ? 0 : Math.ceil((total - stripe.offset) / stripe.stride);
}

/** A budget (maxInFlight, VUs) divided over shards; every shard gets at least one. */
export function shareOf(budget: number, stripe: Stripe): number {
  const base = Math.floor(budget / stripe.stride);
  const extra = stripe.offset < budget % stripe.stride ? 1 : 0;
  return Math.max(1, base + extra);
}
