import type { TagScheme } from '@nerflow/corpus';
import { ParamStore } from '../tf/params.js';
import { Rng } from '../tf/rng.js';
import { encoderFromReplica, encoderReplica } from '../encoders/registry.js';
import { NerModel } from '../model/nerModel.js';

/** Everything a worker thread needs to rebuild an identical copy of a NER model (structured-clonable). */
export interface NerReplicaSpec {
  /** The encoder's registry name and `replica()` (its config and resources, without weights). */
  encoder: { name: string; spec: unknown };
  labels: string[];
  scheme: TagScheme;
  /** Variables in `NerModel.variables()` order: which store, local name, shape. */
  variables: { store: 'encoder' | 'head'; name: string; shape: number[] }[];
  weights: Float32Array[];
}

/**
 * The spec of `model`'s current state, or null when its encoder cannot be copied into a worker
 * (it has no `replica()`: transformer features live in the main thread's cache): such models
 * train and predict on one thread.
 */
export function replicaSpec(model: NerModel): NerReplicaSpec | null {
  const encoder = encoderReplica(model.encoder);
  if (!encoder) return null;
  const variables = [
    ...(model.encoder.params()?.names() ?? []).map((name) => ({ store: 'encoder' as const, name })),
    ...model.head.names().map((name) => ({ store: 'head' as const, name })),
  ];
  const vars = model.variables();
  return {
    encoder,
    labels: model.labels,
    scheme: model.scheme,
    variables: variables.map((v, i) => ({ ...v, shape: vars[i]!.shape })),
    weights: model.weights(),
  };
}

/** Rebuilds the model a spec describes (in a worker thread, after `initBackend`). */
export function buildReplica(spec: NerReplicaSpec): NerModel {
  const encoder = encoderFromReplica(spec.encoder);
  const head = new ParamStore(new Rng(0));
  spec.variables.forEach((v, i) => (v.store === 'encoder' ? encoder.params()! : head).set(v.name, spec.weights[i]!, v.shape));
  return new NerModel(encoder, spec.labels, spec.scheme, head);
}
