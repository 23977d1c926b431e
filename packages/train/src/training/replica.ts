import type { TagScheme } from '@nerflow/corpus';
import { tf } from '../tf/backend.js';
import { ParamStore } from '../tf/params.js';
import { Rng } from '../tf/rng.js';
import { Tok2Vec, type Tok2VecConfig } from '../encoders/tok2vec.js';
import { StaticVectors } from '../encoders/staticVectors.js';
import { NerModel } from '../model/nerModel.js';

/** Everything a worker thread needs to rebuild an identical copy of a tok2vec NER model (structured-clonable). */
export interface NerReplicaSpec {
  encoder: Tok2VecConfig;
  vectors: { words: string[]; dim: number; table: Float32Array } | null;
  labels: string[];
  scheme: TagScheme;
  /** Variables in `NerModel.variables()` order: which store, local name, shape. */
  variables: { store: 'encoder' | 'head'; name: string; shape: number[] }[];
  weights: Float32Array[];
}

/**
 * The spec of `model`'s current state, or null when its encoder cannot be copied into a worker
 * (transformer features live in the main thread's cache): such models train on one thread.
 */
export function replicaSpec(model: NerModel): NerReplicaSpec | null {
  const enc = model.encoder;
  if (!(enc instanceof Tok2Vec)) return null;
  const variables = [
    ...enc.store.names().map((name) => ({ store: 'encoder' as const, name })),
    ...model.head.names().map((name) => ({ store: 'head' as const, name })),
  ];
  const vars = model.variables();
  return {
    encoder: enc.cfg,
    vectors: enc.vectors ? { words: enc.vectors.words, dim: enc.vectors.dim, table: enc.vectors.table } : null,
    labels: model.labels,
    scheme: model.scheme,
    variables: variables.map((v, i) => ({ ...v, shape: vars[i]!.shape })),
    weights: vars.map((v) => (v.dataSync() as Float32Array).slice()),
  };
}

/** Rebuilds the model a spec describes (in a worker thread, after `initBackend`). */
export function buildReplica(spec: NerReplicaSpec): NerModel {
  const vectors = spec.vectors ? new StaticVectors(spec.vectors.words, spec.vectors.dim, spec.vectors.table) : null;
  const encoder = new Tok2Vec(spec.encoder, new ParamStore(new Rng(0)), vectors);
  const head = new ParamStore(new Rng(0));
  spec.variables.forEach((v, i) => (v.store === 'encoder' ? encoder.store : head).set(v.name, spec.weights[i]!, v.shape));
  return new NerModel(encoder, spec.labels, spec.scheme, head);
}

/** Overwrites every variable of `model` with `weights` (in `variables()` order), skipping `skip`. */
export function setWeights(model: NerModel, weights: Float32Array[], skip?: ReadonlySet<number>): void {
  const vars = model.variables();
  tf.tidy(() => vars.forEach((v, i) => { if (!skip?.has(i)) v.assign(tf.tensor(weights[i]!, v.shape)); }));
}
