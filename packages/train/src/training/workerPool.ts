import { parentPort, type Worker } from 'node:worker_threads';
import { startWorker } from '../tf/startWorker.js';

/** What a worker sends back when handling a request threw. */
export type ErrorReply = { type: 'error'; message: string; stack?: string };

/**
 * Worker threads on one module that answer requests strictly in order, so replies match requests
 * first in, first out: the pool under data-parallel training and prediction (`ReplicaWorkers`) and
 * data-parallel pretraining. A worker's error reply, or its crash, rejects its pending requests with
 * `fail(worker, message)` (a NerError naming the role and what to do).
 */
export class WorkerPool<Req, Rep extends { type: string }> {
  private readonly workers: Worker[] = [];
  private readonly pending: ((r: Rep | ErrorReply) => void)[][] = [];

  constructor(module: URL, count: number, private readonly fail: (worker: number, message: string) => Error) {
    for (let i = 0; i < count; i++) {
      const w = startWorker(module);
      const queue: ((r: Rep | ErrorReply) => void)[] = [];
      w.on('message', (r: Rep | ErrorReply) => queue.shift()?.(r));
      w.on('error', (err) => { for (const f of queue.splice(0)) f({ type: 'error', message: err.message, stack: err.stack }); });
      this.workers.push(w);
      this.pending.push(queue);
    }
  }

  /** Workers running. */
  get count(): number {
    return this.workers.length;
  }

  /** Sends `msg` to worker `i` and resolves with its reply (`transfer`: buffers moved, not copied). */
  request(i: number, msg: Req, transfer: ArrayBuffer[] = []): Promise<Rep> {
    return new Promise((resolve, reject) => {
      this.pending[i]!.push((r) => {
        if (r.type === 'error') reject(this.fail(i, (r as ErrorReply).message));
        else resolve(r as Rep);
      });
      this.workers[i]!.postMessage(msg, transfer);
    });
  }

  /** Sends a message to every worker without waiting for a reply (`transfer`: buffers to move, per worker). */
  broadcast(msg: (i: number) => { msg: Req; transfer?: ArrayBuffer[] }): void {
    this.workers.forEach((w, i) => { const m = msg(i); w.postMessage(m.msg, m.transfer ?? []); });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}

/**
 * The worker side: handles the coordinating thread's messages strictly in arrival order (an async
 * `init` makes later messages wait) and answers a handler that throws with an `ErrorReply`.
 */
export function answerInOrder<Req>(handle: (msg: Req) => Promise<void>): void {
  let queue: Promise<void> = Promise.resolve();
  parentPort!.on('message', (msg: Req) => {
    queue = queue.then(() => handle(msg)).catch((err: Error) => {
      parentPort!.postMessage({ type: 'error', message: err.message, stack: err.stack } satisfies ErrorReply);
    });
  });
}
