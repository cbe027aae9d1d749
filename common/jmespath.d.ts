// Types for the `jmespath` package (it ships none): what the DLQ and sink readers and the config checks use.
declare module "jmespath" {
  const jmespath: {
    search(data: unknown, expression: string): unknown;
    /** Throws on a syntax error; the AST is opaque to us. */
    compile(expression: string): unknown;
  };
  export default jmespath;
}
