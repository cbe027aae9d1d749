// A function's worker process, one Lambda execution environment: loads the team's handler once, then runs one
// invocation at a time with a Lambda context (`node worker-main.ts '<WorkerArgs JSON>'`).
import { HandlerLoadProblem, type LambdaHandler, loadHandler } from "./load-handler.ts";
import type { InvokeRequest, WorkerArgs, WorkerReply } from "./worker-protocol.ts";

const args = JSON.parse(process.argv[2] ?? "{}") as WorkerArgs;
const send = (reply: WorkerReply) => process.send?.(reply);

function contextFor(request: InvokeRequest) {
  return {
    functionName: args.functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${args.functionName}`,
    memoryLimitInMB: String(args.memoryMB),
    awsRequestId: request.requestId,
    logGroupName: `/aws/lambda/${args.functionName}`,
    logStreamName: `local/${process.pid}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, request.deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Calls the handler; a callback-style one (three parameters) is adapted as Lambda's runtime does. */
function call(handler: LambdaHandler, request: InvokeRequest): Promise<unknown> {
  const context = contextFor(request);
  if (handler.length >= 3) {
    return new Promise((resolve, reject) => {
      const returned = handler(request.event, context, (error: unknown, value: unknown) =>
        error ? reject(error) : resolve(value),
      );
      if (returned instanceof Promise) returned.then(resolve, reject);
    });
  }
  return Promise.resolve(handler(request.event, context));
}

async function main(): Promise<void> {
  let handler: LambdaHandler;
  try {
    handler = await loadHandler(args.file, args.exportName);
  } catch (error) {
    const message = error instanceof HandlerLoadProblem ? error.message : String(error);
    if (args.check) {
      process.stdout.write(`${message}\n`);
      process.exit(1);
    }
    send({ kind: "loadFailed", message });
    process.exit(1);
  }
  if (args.check) process.exit(0);
  process.on("message", (request: InvokeRequest) => {
    call(handler, request).then(
      (value) => send({ kind: "result", requestId: request.requestId, ok: true, value: value ?? null }),
      (error: unknown) =>
        send({
          kind: "result",
          requestId: request.requestId,
          ok: false,
          errorType: error instanceof Error ? error.name : "Error",
          errorMessage: error instanceof Error ? error.message : String(error),
        }),
    );
  });
  send({ kind: "ready" });
}

void main();
