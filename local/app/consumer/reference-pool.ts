// The reference consumer over several processes: the lambda process keeps the event source mappings and the one
// concurrency limit they share (Lambda's reserved/maximum concurrency across environments), and hands each
// invocation to the consumer process with the fewest in flight. One process runs the handler on one core; this
// spreads it over more. A process that dies fails its invocations (their batches return after the visibility
// timeout) and is replaced.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runnableUrl } from "../../../common/module-url.ts";
import type { BugMode, Bugs, Faults } from "../../controls.ts";
import type { AppConfig } from "../config.ts";
import type { SQSBatchResponse, SQSEvent } from "../lambda-types.ts";
import type { FromConsumer, ToConsumer } from "./reference-protocol.ts";

const consumerMain = fileURLToPath(runnableUrl(new URL("./reference-consumer-main.ts", import.meta.url)));

export interface ReferencePoolDeps {
  config: AppConfig;
  processes: number;
  controls: () => { faults: Faults; bugs: Bugs };
  harm: (mode: BugMode, id: string) => void;
  log: (line: string) => void;
}

/** What the handler threw in its process, under the same name and message (the mapping logs them). */
class ConsumerProcessError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface Pending {
  resolve: (response: SQSBatchResponse) => void;
  reject: (error: Error) => void;
}

interface Slot {
  child: ChildProcess;
  ready: Promise<void>;
  pending: Map<number, Pending>;
}

export class ReferenceConsumerPool {
  private readonly slots: Array<Slot | undefined>;
  private readonly deps: ReferencePoolDeps;
  private nextId = 0;
  private stopped = false;
  /** Consumer processes started after one died. */
  restarts = 0;

  constructor(deps: ReferencePoolDeps) {
    this.deps = deps;
    this.slots = Array.from({ length: deps.processes }, () => undefined);
    for (let i = 0; i < deps.processes; i++) this.slots[i] = this.start(i);
  }

  get processes(): number {
    return this.slots.length;
  }

  /** Every process loaded and initialised (the lambda process is ready only then). */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s?.ready));
  }

  invoke(event: SQSEvent): Promise<SQSBatchResponse> {
    const slot = this.pick();
    const id = this.nextId++;
    const { faults, bugs } = this.deps.controls();
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      const message: ToConsumer = { kind: "invoke", id, event, faults, bugs };
      slot.child.send(message);
    });
  }

  /** The live process with the fewest invocations in flight; a dead slot gets a new process first. */
  private pick(): Slot {
    let best: Slot | undefined;
    for (let i = 0; i < this.slots.length; i++) {
      let slot = this.slots[i];
      if (slot === undefined) {
        this.restarts += 1;
        slot = this.start(i);
        this.slots[i] = slot;
      }
      if (best === undefined || slot.pending.size < best.pending.size) best = slot;
    }
    return best as Slot;
  }

  private start(index: number): Slot {
    const child = fork(consumerMain, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const pending = new Map<number, Pending>();
    let readyResolve: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      readyResolve = resolve;
    });
    const slot: Slot = { child, ready, pending };
    // A send to a process that just died fails here rather than crashing the lambda process; its exit fails the rest.
    child.on("error", () => undefined);
    child.on("message", (message: FromConsumer) => {
      if (message.kind === "harm") this.deps.harm(message.mode, message.id);
      else if (message.kind === "ready") readyResolve();
      else {
        const waiter = pending.get(message.id);
        if (waiter === undefined) return;
        pending.delete(message.id);
        if (message.ok) waiter.resolve(message.response);
        else waiter.reject(new ConsumerProcessError(message.name, message.message));
      }
    });
    child.on("exit", (code, signal) => {
      if (this.slots[index] === slot) this.slots[index] = undefined;
      readyResolve();
      if (!this.stopped)
        this.deps.log(`reference consumer process ${child.pid} exited (code ${code} signal ${signal})`);
      for (const waiter of pending.values()) {
        waiter.reject(new Error(`the consumer process exited mid-invocation (code ${code} signal ${signal})`));
      }
      pending.clear();
      // Replaced at once, as Lambda replaces a failed environment, so the pool keeps its size between invocations.
      if (!this.stopped && this.slots[index] === undefined) {
        this.restarts += 1;
        this.slots[index] = this.start(index);
      }
    });
    const init: ToConsumer = { kind: "init", config: this.deps.config };
    child.send(init);
    return slot;
  }

  stop(): void {
    this.stopped = true;
    for (const slot of this.slots) slot?.child.kill("SIGKILL");
  }
}
