// The async function's failure queues as the verifier reads them: DLQ-like sources, so an event there is
// dead-lettered, not lost. The destination holds invocation records (the ID under requestPayload, an order's `id` or
// an EventBridge event's `detail.id`); the DLQ holds the original events.
import type { DlqConfig } from "../config/schema-target.ts";
import type { LocalResources } from "./state.ts";

export function asyncDlqs(resources: LocalResources): DlqConfig[] {
  const out: DlqConfig[] = [];
  if (resources.asyncDestinationUrl !== undefined)
    out.push({
      name: "async-destination",
      queueUrl: resources.asyncDestinationUrl,
      idPath: "requestPayload.detail.id || requestPayload.id",
    });
  if (resources.asyncDlqUrl !== undefined)
    out.push({ name: "async-dlq", queueUrl: resources.asyncDlqUrl, idPath: "detail.id || id" });
  return out;
}
