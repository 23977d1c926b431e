// A worker for training/workerPool.test.ts: echoes after a delay, or throws.
import { parentPort } from 'node:worker_threads';
import { answerInOrder } from '../training/workerPool.js';

answerInOrder(async (msg: { type: 'echo'; n: number; ms: number } | { type: 'boom'; why: string }) => {
  if (msg.type === 'boom') throw new Error(msg.why);
  await new Promise((r) => setTimeout(r, msg.ms));
  parentPort!.postMessage({ type: 'echo', n: msg.n });
});
