/**
 * Worker-thread entry of data-parallel pretraining (see pool.ts): holds one PretrainReplica and
 * answers the coordinating thread's messages in order. wasm TensorFlow.js is single-threaded, so a
 * second thread with its own wasm instance is how pretraining uses a second core.
 */
import { parentPort } from 'node:worker_threads';
import { initBackend } from '../tf/backend.js';
import { PretrainReplica, type OptimizerState, type ReplicaSpec } from './replica.js';
import type { MaskedDoc } from './masking.js';
import { answerInOrder, type ErrorReply } from '../training/workerPool.js';

export type WorkerRequest =
  | { type: 'init'; spec: ReplicaSpec; weights: Float32Array[]; optimizer: OptimizerState }
  | { type: 'grad'; docs: MaskedDoc[]; dropout: number; seed: number }
  | { type: 'apply'; grads: Float32Array[]; lr: number; clip: number };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'grad'; loss: number; count: number; grads: Float32Array[] }
  | ErrorReply;

let replica: PretrainReplica | null = null;

// Messages strictly in arrival order (init is async: later messages wait for it).
answerInOrder(handle);

async function handle(msg: WorkerRequest): Promise<void> {
  if (msg.type === 'init') {
    await initBackend();
    replica?.dispose();
    replica = await PretrainReplica.create(msg.spec);
    replica.setWeights(msg.weights);
    replica.setOptimizerState(msg.optimizer);
    parentPort!.postMessage({ type: 'ready' } satisfies WorkerReply);
  } else if (msg.type === 'grad') {
    const g = replica!.gradients(msg.docs, msg.dropout, msg.seed);
    parentPort!.postMessage({ type: 'grad', ...g } satisfies WorkerReply, g.grads.map((a) => a.buffer as ArrayBuffer));
  } else {
    replica!.apply(msg.grads, msg.lr, msg.clip);
  }
}
