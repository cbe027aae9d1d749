// Runs a verifier worker thread to its one result: numbers it posts before are progress, the first other message is
// the result; an error, or an exit before the result, rejects (the caller then does the work on its own thread).
import { Worker } from "node:worker_threads";

export function threadResult<T extends object>(
  module: URL,
  workerData: unknown,
  onProgress: (n: number) => void = () => {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(module, { workerData });
    worker.on("message", (message: number | T) => {
      if (typeof message === "number") {
        onProgress(message);
        return;
      }
      resolve(message);
      void worker.terminate();
    });
    worker.once("error", reject);
    // After the result this rejects nothing; before it, the thread ended without one.
    worker.once("exit", (code) => reject(new Error(`${module.pathname} exited with code ${code} before its result`)));
  });
}
