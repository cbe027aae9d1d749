// Which GetMetricData period fits a window: CloudWatch allows 1/5/10/30 s or multiples of 60 s, and coarser as data ages.

export interface PeriodInput {
  startMs: number;
  endMs: number;
  /** When CloudWatch is asked; decides which retention tier the window's start is in. */
  nowMs: number;
  /** Storage resolution of the metrics in seconds: 1 for high-resolution, 60 for AWS service metrics. */
  resolutionSeconds: number;
  /** Points per series the report can show usefully; more is wasted bandwidth. */
  maxPoints?: number;
}

const hour = 3_600_000;
const day = 24 * hour;
const subMinute = [1, 5, 10, 30] as const;

/** The finest period CloudWatch still keeps for data as old as the window's start. */
function retentionFloor(ageMs: number): number {
  if (ageMs > 63 * day) return 3600;
  if (ageMs > 15 * day) return 300;
  if (ageMs > 3 * hour) return 60;
  return 1;
}

export function choosePeriod(input: PeriodInput): number {
  const windowSeconds = Math.max(1, Math.ceil((input.endMs - input.startMs) / 1000));
  const maxPoints = input.maxPoints ?? 1440;
  const floor = Math.max(input.resolutionSeconds, retentionFloor(input.nowMs - input.startMs));
  const wanted = Math.max(floor, Math.ceil(windowSeconds / maxPoints));
  if (wanted < 60) {
    for (const p of subMinute) if (p >= wanted) return p;
  }
  // Past 15 days CloudWatch keeps only 5-minute (then hourly) aggregates: the period must be a multiple of those.
  const unit = Math.max(60, floor);
  return Math.ceil(wanted / unit) * unit;
}
