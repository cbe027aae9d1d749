// The reference serverless app, one process per role (so CPU per part can be measured):
//   node local/app/main.ts <app.json> api      API Gateway + EventBridge stand-ins + the public control endpoint
//   node local/app/main.ts <app.json> lambda   the consumer function and its SQS event source mappings
import { startApi } from "./api-process.ts";
import { waitForAppConfig } from "./config.ts";
import { startLambda } from "./lambda-process.ts";
import { log } from "./process.ts";

const [file, role] = process.argv.slice(2);
if (file === undefined || (role !== "api" && role !== "lambda")) {
  log("usage: node local/app/main.ts <app.json> api|lambda");
  process.exit(4);
}
const start = role === "api" ? startApi : startLambda;
waitForAppConfig(file, 30_000)
  .then((config) => {
    if ("cancelled" in config) {
      log(`${role}: \`harness local up\` gave up before provisioning; exiting`);
      process.exit(0);
    }
    return start(config);
  })
  .catch((error: unknown) => {
    log(`${role} failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  });
