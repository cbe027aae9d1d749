// Reads one SQS DLQ without destroying evidence: every message is seen, counted by ID, and left in the queue, or, when
import { runPrefix as runPrefixOf } from "../../contracts/message-id.ts";
// the DLQ names an archive queue, this run's messages are moved there (and the archive is read too, never consumed).

import type { Message, SQSClient } from "@aws-sdk/client-sqs";
import { describeError } from "../../common/errors.ts";
import type { DlqConfig } from "../../config/schema-target.ts";
import type { DlqEvidence, DlqStatus, SourceDiagnosis } from "../evidence.ts";
import { idPathsOf } from "../id-paths.ts";
import { messageIdOf } from "./message-id.ts";
import { moveMessages } from "./sqs-move.ts";
import { type PeekOptions, peekQueue } from "./sqs-peek.ts";
import { isUnreachable } from "./unreachable.ts";

export interface DlqReadOptions {
  client: SQSClient;
  dlq: DlqConfig;
  runId: string;
  /** Unparseable bodies kept inline, each cut to 200 characters. */
  sampleCap?: number;
  peek?: Partial<Omit<PeekOptions, "client" | "queueUrl" | "onMessage" | "dispose" | "withAttributes">>;
  /** After each message read: the evidence's running total (all DLQs sharing it), for a progress line. */
  onRead?: (messages: number) => void;
}

/** Bodies kept per DLQ that mention this run but gave no ID of it: enough to show where its IDs are. */
const mentionSampleCap = 3;

/**
 * The DLQ's status; with an archive queue, the archive's first (read before this run's messages move into it). Its
 * diagnosis (this run's count, bodies that mention the run's IDs where idPath does not find them) goes to the evidence.
 */
export async function readDlq(options: DlqReadOptions, ev: DlqEvidence): Promise<DlqStatus> {
  const { dlq } = options;
  const diagnosis: SourceDiagnosis = {
    source: `DLQ ${dlq.name}`,
    kind: "dlq",
    lookup: `idPath ${dlq.idPath}`,
    read: 0,
    ofRun: 0,
    mentions: 0,
    paths: [],
    sample: [],
  };
  const bodies: unknown[] = [];
  let status: DlqStatus;
  if (dlq.archiveQueueUrl === undefined) {
    status = await readQueue(options, ev, dlq.queueUrl, dlq.name, false, diagnosis, bodies);
  } else {
    // Earlier verifications of this run moved its messages there: they are still this run's evidence.
    const archive = await readQueue(options, ev, dlq.archiveQueueUrl, `${dlq.name} archive`, false, diagnosis, bodies);
    const own = await readQueue(options, ev, dlq.queueUrl, dlq.name, true, diagnosis, bodies);
    status = merge(own, archive, options.sampleCap ?? 5);
  }
  diagnosis.paths = idPathsOf(bodies, runPrefixOf(options.runId));
  ev.diagnoses.push(diagnosis);
  return status;
}

async function readQueue(
  options: DlqReadOptions,
  ev: DlqEvidence,
  queueUrl: string,
  name: string,
  archive: boolean,
  diagnosis: SourceDiagnosis,
  bodies: unknown[],
): Promise<DlqStatus> {
  const { dlq, runId, client } = options;
  const runPrefix = runPrefixOf(runId);
  const cap = options.sampleCap ?? 5;
  const status: DlqStatus = { name, read: 0, complete: true, unparseable: 0, unparseableSample: [] };
  const archiveUrl = dlq.archiveQueueUrl;
  const problems: string[] = [];
  let unreachable = false;
  try {
    const result = await peekQueue({
      ...options.peek,
      client,
      queueUrl,
      withAttributes: archive,
      onMessage: (body) => {
        status.read++;
        ev.messages++;
        options.onRead?.(ev.messages);
        diagnosis.read++;
        const found = messageIdOf(body, dlq.idPath, runPrefix);
        if (!("id" in found && found.id.startsWith(runPrefix)) && body.includes(runPrefix)) {
          // The run's ID is in the body, but not where idPath (or an envelope) looks: a misconfigured idPath.
          diagnosis.mentions++;
          if (diagnosis.sample.length < mentionSampleCap) {
            diagnosis.sample.push(body.slice(0, 500));
            bodies.push(parsedOrNothing(body));
          }
        }
        if ("error" in found) {
          status.unparseable++;
          if (status.unparseableSample.length < cap)
            status.unparseableSample.push(`${found.error}: ${body.slice(0, 200)}`);
          return false;
        }
        // Another run's message (DLQs outlive runs) is not this run's evidence, and not ours to move.
        if (!found.id.startsWith(runPrefix)) return false;
        diagnosis.ofRun++;
        ev.ids.addByte(found.id, 1);
        return archive;
      },
      ...(archive && archiveUrl !== undefined
        ? {
            dispose: async (taken: Message[]) => {
              const moved = await moveMessages({
                client,
                fromQueueUrl: queueUrl,
                toQueueUrl: archiveUrl,
                messages: taken,
                ...(options.peek?.retry === undefined ? {} : { retry: options.peek.retry }),
              });
              status.archived = moved.moved;
              problems.push(...moved.problems);
              return moved.notMoved;
            },
          }
        : {}),
    });
    problems.unshift(...result.problems);
  } catch (error) {
    problems.push(describeError(error));
    unreachable = isUnreachable(error);
  }
  if (problems.length > 0) {
    status.complete = false;
    status.error = problems.join("; ");
  }
  if (unreachable) status.unreachable = true;
  return status;
}

/** One status per configured DLQ: the archive's reads and problems folded into the DLQ's. */
function merge(dlq: DlqStatus, archive: DlqStatus, cap: number): DlqStatus {
  const errors = [dlq.error, archive.error === undefined ? undefined : `archive: ${archive.error}`].filter(
    (e): e is string => e !== undefined,
  );
  return {
    ...dlq,
    read: dlq.read + archive.read,
    complete: dlq.complete && archive.complete,
    unparseable: dlq.unparseable + archive.unparseable,
    unparseableSample: [...dlq.unparseableSample, ...archive.unparseableSample].slice(0, cap),
    ...(errors.length === 0 ? {} : { error: errors.join("; ") }),
    archived: dlq.archived ?? 0,
    ...(dlq.unreachable === true || archive.unreachable === true ? { unreachable: true as const } : {}),
  };
}

function parsedOrNothing(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
