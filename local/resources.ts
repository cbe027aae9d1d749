// Names of everything the local stack provisions, and the fixed non-secret credentials its emulators accept.

export const localRegion = "us-east-1";
export const localAccountId = "000000000000";

/** Emulators accept any credentials; these are fixed so nothing reaches for the real provider chain. */
export const localCredentials = { accessKeyId: "local", secretAccessKey: "local" } as const;

export const resourceNames = {
  ingestQueue: "orders-ingest",
  ingestDlq: "orders-ingest-dlq",
  eventsQueue: "orders-events",
  eventsDlq: "orders-events-dlq",
  /** Where the EventBridge stand-in sends what it gives up delivering (the rule target's DeadLetterConfig). */
  eventsTargetDlq: "orders-events-target-dlq",
  table: "orders-sink",
  busName: "orders",
  ruleName: "orders-to-queue",
  source: "harness.load",
  detailType: "OrderPlaced",
  functionName: "orders-consumer",
  apiName: "orders",
  /** The saga (local target `saga`): its state machine and the table each step and compensation writes. */
  stateMachine: "orders-saga",
  sagaTables: {
    reserve: "orders-saga-reserve",
    charge: "orders-saga-charge",
    ship: "orders-saga-ship",
    cancelReservation: "orders-saga-cancel-reservation",
    refund: "orders-saga-refund",
  },
  /** The asynchronously invoked function (config `asyncFunction`), its on-failure destination and its DLQ. */
  asyncFunction: "orders-async",
  asyncDestination: "orders-async-destination",
  asyncDlq: "orders-async-dlq",
} as const;

export function stateMachineArn(name: string, region: string = localRegion): string {
  return `arn:aws:states:${region}:${localAccountId}:stateMachine:${name}`;
}

export function queueArn(name: string, region: string = localRegion): string {
  return `arn:aws:sqs:${region}:${localAccountId}:${name}`;
}

export function functionArn(name: string, region: string = localRegion): string {
  return `arn:aws:lambda:${region}:${localAccountId}:function:${name}`;
}

export function ruleArn(bus: string, rule: string, region: string = localRegion): string {
  return `arn:aws:events:${region}:${localAccountId}:rule/${bus}/${rule}`;
}
