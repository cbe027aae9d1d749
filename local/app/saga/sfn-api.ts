// The local Step Functions API the AWS SDK talks to (AWS_ENDPOINT_URL_SFN): JSON 1.0, StartExecution and DescribeExecution.
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, sendJson } from "../http.ts";
import type { Execution, SagaExecutions } from "./executions.ts";

const contentType = "application/x-amz-json-1.0";
const targetPrefix = "AWSStepFunctions.";
/** Step Functions' limits on an execution name: 1-80 of letters, digits, `-` and `_`. */
const validName = /^[A-Za-z0-9_-]{1,80}$/;

export interface SfnApiDeps {
  executions: SagaExecutions;
  stateMachineArn: string;
}

/** Step Functions answers errors as JSON 1.0 does: `__type` names the exception, HTTP 400. */
function fail(res: ServerResponse, type: string, message: string, status = 400): void {
  sendJson(res, status, { __type: `com.amazonaws.sfn#${type}`, message }, contentType, {
    "x-amzn-requestid": crypto.randomUUID(),
  });
}

function ok(res: ServerResponse, body: unknown): void {
  sendJson(res, 200, body, contentType, { "x-amzn-requestid": crypto.randomUUID() });
}

/** Dates go out as epoch seconds (fractional), as the JSON protocol encodes timestamps. */
const seconds = (ms: number) => ms / 1000;

export function describeBody(e: Execution): Record<string, unknown> {
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: seconds(e.startDate),
    ...(e.stopDate === undefined ? {} : { stopDate: seconds(e.stopDate) }),
    input: e.input,
    ...(e.output === undefined ? {} : { output: e.output }),
    ...(e.error === undefined ? {} : { error: e.error }),
    ...(e.cause === undefined ? {} : { cause: e.cause }),
  };
}

/** StartExecution's answer, or the error to send: what the gateway's direct integration relays too. */
export function startExecution(
  deps: SfnApiDeps,
  request: Record<string, unknown>,
): { status: 200; body: { executionArn: string; startDate: number } } | { status: 400; type: string; message: string } {
  const { stateMachineArn, name, input } = request;
  if (stateMachineArn !== deps.stateMachineArn)
    return {
      status: 400,
      type: "StateMachineDoesNotExist",
      message: `State Machine Does Not Exist: '${String(stateMachineArn)}'`,
    };
  const executionName = typeof name === "string" ? name : crypto.randomUUID();
  if (!validName.test(executionName))
    return { status: 400, type: "InvalidName", message: `Invalid Name: '${executionName}'` };
  const started = deps.executions.start(executionName, typeof input === "string" ? input : "{}");
  if ("error" in started)
    return {
      status: 400,
      type: started.error,
      message:
        started.error === "ExecutionAlreadyExists"
          ? `Execution Already Exists: '${executionName}'`
          : "Invalid State Machine Execution Input: not JSON",
    };
  const e = started.execution;
  return { status: 200, body: { executionArn: e.executionArn, startDate: seconds(e.startDate) } };
}

export function sfnApiHandler(deps: SfnApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = String(req.headers["x-amz-target"] ?? "");
    let request: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse((await readBody(req)) || "{}");
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
      request = parsed as Record<string, unknown>;
    } catch {
      return fail(res, "SerializationException", "the request body is not a JSON object");
    }
    switch (target.startsWith(targetPrefix) ? target.slice(targetPrefix.length) : "") {
      case "StartExecution": {
        const started = startExecution(deps, request);
        if (started.status === 200) return ok(res, started.body);
        return fail(res, started.type, started.message);
      }
      case "DescribeExecution": {
        const arn = typeof request.executionArn === "string" ? request.executionArn : "";
        const execution = deps.executions.describe(arn);
        if (execution === undefined) return fail(res, "ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
        return ok(res, describeBody(execution));
      }
      default:
        return fail(res, "UnknownOperationException", `unsupported operation ${target || "(none)"}`);
    }
  };
}
