import { NerError } from '@nerflow/corpus';
import { TrainErrors } from '../errors.js';
import type { TokenEncoder } from '../encoders/encoder.js';
import { tf } from '../tf/backend.js';

/** The parts of an encoder's config that must agree for its weights to fit another (paths aside). */
function architecture(enc: TokenEncoder): Record<string, unknown> {
  const cfg: Record<string, unknown> = { ...enc.config() };
  if (cfg.vectors && typeof cfg.vectors === 'object') cfg.vectors = { ...(cfg.vectors as object), source: undefined };
  return cfg;
}

/** The config keys that differ, each value cut short (a vocabulary is thousands of words). */
function differences(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const show = (v: unknown) => {
    const s = JSON.stringify(v) ?? 'none';
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  };
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => `${k} ${show(a[k])} against the base's ${show(b[k])}`);
}

/**
 * Puts a pretrained encoder's weights into a base model's encoder (`--base M --init-tok2vec DIR`,
 * the `base+pretrained` arm): the base's encoder pretrained further on the user's text. Both must
 * have the same architecture (type, width, depth, hash tables, static vectors) and the same named
 * tensors; anything else would be random numbers in the right shape, so it is refused.
 */
export function copyEncoderWeights(from: TokenEncoder, to: TokenEncoder, fromDir: string): number {
  const src = from.params();
  const dst = to.params();
  const a = architecture(from);
  const b = architecture(to);
  const mismatch = (what: string) => new NerError(TrainErrors.BAD_ENCODER, `The encoder in ${fromDir} does not fit the base model's encoder: ${what}`, {
    file: fromDir, hint: 'Pretrain with the base model\'s architecture (width, depth, vectors), or drop --init-tok2vec and train on the base alone.',
  });
  if (!src || !dst) throw mismatch('one of them has no trainable weights');
  const differ = differences(a, b);
  if (differ.length) throw mismatch(differ.join('; '));
  let copied = 0;
  for (const name of dst.names()) {
    if (!src.has(name)) throw mismatch(`no tensor "${name}"`);
    const target = dst.get(name, [], 'zeros');
    const value = src.get(name, [], 'zeros');
    if (value.shape.join('x') !== target.shape.join('x')) throw mismatch(`"${name}" is ${value.shape.join('×')}, the base's is ${target.shape.join('×')}`);
    // In place: the model, its frozen set and the optimiser refer to these variables.
    tf.tidy(() => target.assign(tf.tensor(value.dataSync() as Float32Array, target.shape)));
    copied++;
  }
  return copied;
}
