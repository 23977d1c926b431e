/**
 * Worker-thread entry of data-parallel training (see parallel.ts) and prediction (decodePool.ts):
 * holds one replica of the NER model and answers the coordinating thread's messages strictly in arrival order.
 */
import { parentPort } from 'node:worker_threads';
import { initBackend } from '../tf/backend.js';
import type { DecodedSpan, TrainDoc, NerModel } from '../model/nerModel.js';
import { buildReplica, type NerReplicaSpec } from './replica.js';
import { answerInOrder, type ErrorReply } from './workerPool.js';

export type TrainWorkerRequest =
  | { type: 'init'; spec: NerReplicaSpec; predict?: boolean }
  | { type: 'decode'; docs: { words: string[] }[]; scores: boolean }
  | { type: 'grad'; docs: TrainDoc[]; dropout: number; seed: number; tokenOffset: number }
  | { type: 'weights'; weights: Float32Array[] }
  | { type: 'clearCaches' };

export type TrainWorkerReply =
  | { type: 'ready' }
  | { type: 'grad'; loss: number; grads: Float32Array[] }
  | { type: 'decode'; decoded: { tags: Int32Array; spans: DecodedSpan[] }[] }
  | ErrorReply;

let model: NerModel | null = null;

answerInOrder(handle);

async function handle(msg: TrainWorkerRequest): Promise<void> {
  if (msg.type === 'init') {
    await initBackend();
    model?.dispose();
    model = buildReplica(msg.spec);
    // A prediction replica never changes its weights (tok2vec: caches the context-free embeddings, as NerPredictor does).
    if (msg.predict) model.encoder.beginPrediction?.();
    parentPort!.postMessage({ type: 'ready' } satisfies TrainWorkerReply);
  } else if (msg.type === 'grad') {
    const g = model!.hostGradients(msg.docs, msg.dropout, msg.seed, msg.tokenOffset);
    parentPort!.postMessage({ type: 'grad', ...g } satisfies TrainWorkerReply, g.grads.map((a) => a.buffer as ArrayBuffer));
  } else if (msg.type === 'decode') {
    const decoded = model!.decode(msg.docs, { scores: msg.scores });
    parentPort!.postMessage({ type: 'decode', decoded } satisfies TrainWorkerReply, decoded.map((d) => d.tags.buffer as ArrayBuffer));
  } else if (msg.type === 'clearCaches') {
    // a prediction replica starts caching afresh (tok2vec: an empty embedding cache)
    model!.encoder.endPrediction?.();
    model!.encoder.beginPrediction?.();
    parentPort!.postMessage({ type: 'ready' } satisfies TrainWorkerReply);
  } else {
    model!.setWeights(msg.weights);
  }
}
