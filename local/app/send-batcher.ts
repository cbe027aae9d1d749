// Collects SendMessage calls for a short window into SendMessageBatch requests of up to 10 entries; each caller's
// promise settles with its own entry's result, so a request is answered 200 only once its own message is enqueued.
import { SqsCallError } from "./sqs-json.ts";

/** SQS's limits per SendMessageBatch: entries, and the sum of their sizes (bodies and attributes). */
export const maxBatchEntries = 10;
export const maxBatchBytes = 1_048_576;

/** A message's size as SQS counts it against the batch limit: body, and each attribute's name, type and value. */
export function entrySize(entry: SendEntry): number {
  let size = Buffer.byteLength(entry.MessageBody);
  for (const [name, value] of Object.entries(entry.MessageAttributes ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value.DataType) + Buffer.byteLength(value.StringValue);
  }
  return size;
}

export interface SendEntry {
  MessageBody: string;
  MessageAttributes?: Record<string, { DataType: string; StringValue: string }>;
}

export interface SentEntry {
  MessageId: string;
  MD5OfMessageBody: string;
  requestId: string | undefined;
}

export interface SendBatchOutput {
  Successful?: Array<{ Id: string; MessageId: string; MD5OfMessageBody: string }>;
  Failed?: Array<{ Id: string; Code: string; Message?: string; SenderFault?: boolean }>;
  $requestId?: string;
}

export interface SendBatcherDeps {
  sendBatch: (entries: Array<SendEntry & { Id: string }>) => Promise<SendBatchOutput>;
  /** How long the first entry of a batch waits for company; 0 sends what arrived in the same turn of the event loop. */
  windowMs: () => number;
}

interface Waiting {
  entry: SendEntry;
  resolve: (sent: SentEntry) => void;
  reject: (error: unknown) => void;
}

export class SendBatcher {
  private waiting: Waiting[] = [];
  private waitingBytes = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private readonly deps: SendBatcherDeps;

  constructor(deps: SendBatcherDeps) {
    this.deps = deps;
  }

  send(entry: SendEntry): Promise<SentEntry> {
    const size = entrySize(entry);
    // An entry that would take the batch over SQS's size limit goes in the next batch (alone, if it is that big).
    if (this.waiting.length > 0 && this.waitingBytes + size > maxBatchBytes) this.flush();
    return new Promise<SentEntry>((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      this.waitingBytes += size;
      if (this.waiting.length >= maxBatchEntries) this.flush();
      else if (this.timer === undefined) {
        const window = this.deps.windowMs();
        this.timer = window > 0 ? setTimeout(() => this.flush(), window) : setImmediate(() => this.flush());
      }
    });
  }

  /** Sends what is waiting now: one batch, within SQS's limits by construction. */
  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    if (this.waiting.length === 0) return;
    const batch = this.waiting;
    this.waiting = [];
    this.waitingBytes = 0;
    void this.sendOne(batch);
  }

  private async sendOne(batch: Waiting[]): Promise<void> {
    let output: SendBatchOutput;
    try {
      output = await this.deps.sendBatch(batch.map((w, i) => ({ Id: String(i), ...w.entry })));
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    const settled = new Set<number>();
    for (const ok of output.Successful ?? []) {
      const w = batch[Number(ok.Id)];
      if (w === undefined || settled.has(Number(ok.Id))) continue;
      settled.add(Number(ok.Id));
      w.resolve({ MessageId: ok.MessageId, MD5OfMessageBody: ok.MD5OfMessageBody, requestId: output.$requestId });
    }
    for (const failed of output.Failed ?? []) {
      const w = batch[Number(failed.Id)];
      if (w === undefined || settled.has(Number(failed.Id))) continue;
      settled.add(Number(failed.Id));
      w.reject(new SqsCallError("SendMessageBatch", failed.Code, 0, failed.Message ?? "entry failed"));
    }
    // An entry the answer does not mention was not confirmed: never report it as enqueued.
    for (const [i, w] of batch.entries()) {
      if (!settled.has(i))
        w.reject(new SqsCallError("SendMessageBatch", "MissingEntry", 0, `no result for entry ${i}`));
    }
  }
}
