// Types for the `jmespath` package (it ships none): the one function the DLQ reader uses.
declare module "jmespath" {
  const jmespath: { search(data: unknown, expression: string): unknown };
  export default jmespath;
}
