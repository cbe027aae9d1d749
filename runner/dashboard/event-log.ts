// The run's live events so far, as server-sent-event frames: a page that connects late replays them from the start.
import type { LiveEvent } from "../live-events.ts";

/**
 * Append-only and shared by every page: each event is serialized once, and a page only keeps its place in it (the
 * index of the next frame it needs), so a page that connects late, or reconnects, costs no copy of the run.
 * The SSE id of a frame is its index + 1: a reconnecting EventSource sends the last id it got, and resumes after it.
 */
export class EventLog {
  private readonly frames: string[] = [];
  private size = 0;

  append(event: LiveEvent): void {
    const frame = `id: ${this.frames.length + 1}\ndata: ${JSON.stringify(event)}\n\n`;
    this.frames.push(frame);
    this.size += frame.length;
  }

  get length(): number {
    return this.frames.length;
  }

  /** Characters held (what the replay costs in memory; about half a kilobyte per second of load). */
  get chars(): number {
    return this.size;
  }

  /** Frames from index `from` on, joined until about maxChars (at least one): one write to a page's socket. */
  chunk(from: number, maxChars: number): { text: string; next: number } {
    let text = "";
    let i = from;
    while (i < this.frames.length && (i === from || text.length + (this.frames[i] as string).length <= maxChars)) {
      text += this.frames[i] as string;
      i++;
    }
    return { text, next: i };
  }
}

/** Where a (re)connecting page starts: after the Last-Event-ID it sends, else at the run's first event. */
export function replayStart(lastEventId: string | undefined, length: number): number {
  if (lastEventId === undefined || !/^\d+$/.test(lastEventId.trim())) return 0;
  return Math.min(Number(lastEventId.trim()), length);
}
