// Errors of the AWS client layer.
import { HarnessError } from "../common/errors.ts";
import { ExitCode } from "../common/exit-codes.ts";

/** A proxy variable the SDK clients cannot use (a config error: exit 4 before anything starts). */
export class AwsProxyError extends HarnessError {
  readonly variable: string;

  constructor(variable: string, value: string) {
    // User info (a proxy password) is never repeated in a message.
    super(`${variable} is not a usable proxy URL (${value.replace(/\/\/[^@/]*@/, "//***@")})`, {
      hint: `set ${variable} to http://host:port, or unset it`,
      exitCode: ExitCode.invalidConfig,
    });
    this.name = "AwsProxyError";
    this.variable = variable;
  }
}
