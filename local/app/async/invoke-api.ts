// The Lambda Invoke API as the AWS SDK calls it (`POST /2015-03-31/functions/{name}/invocations`, REST JSON):
// `X-Amz-Invocation-Type: Event` queues the event and answers 202; RequestResponse runs it and answers its result;
// DryRun answers 204. What AWS refuses (unknown function, a body that is not JSON, over 256 KB async) it refuses too.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { InvokeOutcome } from "../functions/worker-pool.ts";
import { BodyTooLargeError, readBody, sendJson } from "../http.ts";

/** Lambda's payload limit for an asynchronous invocation. */
const maxAsyncBytes = 256 * 1024;

export interface InvokeApiDeps {
  functionName: string;
  accept: (requestId: string, text: string, payload: unknown) => void;
  invokeNow: (payload: unknown, requestId: string) => Promise<InvokeOutcome>;
  newId: () => string;
}

function error(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { Type: "User", message }, "application/json", { "x-amzn-errortype": type });
}

/** The function name of a path's `{FunctionName}`: a name, a partial ARN or an ARN, with an optional qualifier. */
export function functionNameOf(raw: string): string {
  const name = decodeURIComponent(raw);
  const at = name.indexOf("function:");
  const rest = at >= 0 ? name.slice(at + "function:".length) : name;
  return rest.split(":")[0] ?? rest;
}

export function invokeApiHandler(deps: InvokeApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === "/health") return sendJson(res, 200, { ok: true });
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path);
    if (match === null || req.method !== "POST")
      return error(res, 404, "UnknownOperationException", `The stand-in does not implement ${req.method} ${path}.`);
    const name = functionNameOf(match[1] as string);
    let text: string;
    try {
      text = await readBody(req);
    } catch (caught) {
      if (caught instanceof BodyTooLargeError)
        return error(res, 413, "RequestEntityTooLargeException", "Request must be smaller than 6291456 bytes.");
      throw caught;
    }
    if (name !== deps.functionName) return error(res, 404, "ResourceNotFoundException", `Function not found: ${name}`);
    const type = String(req.headers["x-amz-invocation-type"] ?? "RequestResponse");
    let payload: unknown;
    try {
      payload = JSON.parse(text === "" ? "{}" : text);
    } catch {
      return error(res, 400, "InvalidRequestContentException", "Could not parse request body into json");
    }
    const requestId = deps.newId();
    if (type === "DryRun") {
      res.writeHead(204, { "x-amzn-requestid": requestId });
      return void res.end();
    }
    if (type === "Event") {
      if (Buffer.byteLength(text) > maxAsyncBytes)
        return error(
          res,
          413,
          "RequestEntityTooLargeException",
          `Request must be smaller than ${maxAsyncBytes} bytes.`,
        );
      deps.accept(requestId, text, payload);
      res.writeHead(202, { "x-amzn-requestid": requestId, "content-length": 0 });
      return void res.end();
    }
    if (type !== "RequestResponse")
      return error(res, 400, "InvalidParameterValueException", `Unknown invocation type ${type}`);
    const outcome = await deps.invokeNow(payload, requestId);
    const headers = { "x-amzn-requestid": requestId, "x-amz-executed-version": "$LATEST" };
    if (outcome.ok) return sendJson(res, 200, outcome.value ?? null, "application/json", headers);
    sendJson(res, 200, { errorType: outcome.errorType, errorMessage: outcome.errorMessage }, "application/json", {
      ...headers,
      "x-amz-function-error": "Unhandled",
    });
  };
}
