// Arrays for the hot path's queues and lists that keep one V8 map for their whole life.

/**
 * An empty array already in V8's "any object" elements kind. A fresh `[]` starts as small integers and changes map
 * on its first push of an object; code optimised on arrays of one map is thrown away when it meets the other. The
 * warm-up (warm-up.ts) optimises the hot path on its own arrays, so the run's must have the same map from the start.
 */
export function objectArray<T extends object | string>(): T[] {
  const array: unknown[] = [""];
  array.length = 0;
  return array as T[];
}
