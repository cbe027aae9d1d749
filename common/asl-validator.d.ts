// Types for the `asl-validator` package (it ships none): what the local saga's definition check uses.
declare module "asl-validator" {
  interface AslValidation {
    isValid: boolean;
    errors: unknown[];
    errorsText(separator?: string): string;
  }
  function aslValidator(definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }): AslValidation;
  export default aslValidator;
}
