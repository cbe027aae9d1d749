// The classification rule over every combination of the client's outcome and the message's fate (#16 item 2).
import { describe, expect, it } from "vitest";
import { outcomeCodeOf } from "../../contracts/ledger/outcome-code.ts";
import { type MessageClass, messageClasses } from "../../contracts/verdict.ts";
import { classify } from "../../verifier/classify.ts";

type Fate = "nowhere" | "sink once" | "sink twice" | "DLQ" | "queued" | "sink once and DLQ";
const fates: Record<Fate, [sink: number, dlq: number, inFlight: number]> = {
  nowhere: [0, 0, 0],
  "sink once": [1, 0, 0],
  "sink twice": [2, 0, 0],
  DLQ: [0, 1, 0],
  queued: [0, 0, 1],
  "sink once and DLQ": [1, 1, 0],
};

const expected: Record<"acc" | "rej" | "unk" | "none", Record<Fate, MessageClass | null>> = {
  acc: {
    nowhere: "lost",
    "sink once": "delivered",
    "sink twice": "duplicated",
    DLQ: "deadLettered",
    queued: "inFlight",
    "sink once and DLQ": "delivered",
  },
  rej: {
    nowhere: "rejected",
    "sink once": "rejectedButDelivered",
    "sink twice": "rejectedButDelivered",
    DLQ: "rejectedButDelivered",
    queued: "rejectedButDelivered",
    "sink once and DLQ": "rejectedButDelivered",
  },
  // A timeout says nothing of the fate: the fate's evidence is kept (it used to be dropped for DLQ and duplicates).
  unk: {
    nowhere: "unknownNotDelivered",
    "sink once": "unknownDelivered",
    "sink twice": "duplicated",
    DLQ: "deadLettered",
    queued: "inFlight",
    "sink once and DLQ": "unknownDelivered",
  },
  none: {
    nowhere: null,
    "sink once": "unexpected",
    "sink twice": "unexpected",
    DLQ: "unexpected",
    queued: "unexpected",
    "sink once and DLQ": "unexpected",
  },
};

describe("classify", () => {
  const rows = Object.entries(expected).flatMap(([outcome, byFate]) =>
    Object.entries(byFate).map(([fate, cls]) => [outcome, fate, cls] as const),
  );
  it.each(rows)("outcome %s, fate %s: %s", (outcome, fate, cls) => {
    const code = outcome === "none" ? 0 : outcomeCodeOf[outcome as "acc" | "rej" | "unk"];
    const [sink, dlq, inFlight] = fates[fate as Fate];
    const got = classify(code, sink, dlq, inFlight);
    expect(got === -1 ? null : messageClasses[got]).toBe(cls);
  });
});
