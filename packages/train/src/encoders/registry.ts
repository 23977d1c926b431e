import { NerError } from '@nerflow/corpus';
import { Registry } from '@nerflow/core';
import { TrainErrors } from '../errors.js';
import type { TrainOptions } from '../options.js';
import type { TokenEncoder } from './encoder.js';
import { tok2vecAttrsEntry, tok2vecEntry, tok2vecTunedEntry } from './tok2vec.js';
import { transformerEntry } from './transformerEncoder.js';

/** The `encoder` of a model folder's config.json: its `type` and what the entry needs to load it. */
export type EncoderRef = Record<string, unknown> & { type: string };

/** The train options a fresh encoder is made from: the encoder section, the seed and --local-only. */
/** What a fresh encoder is made from (`hashAttrs` absent: tok2vec hashes all four attributes). */
export type EncoderSettings = Pick<TrainOptions, 'width' | 'depth' | 'normRows' | 'chars' | 'charLstm' | 'arch' | 'pooling' | 'vectors' | 'vectorsTuning' | 'seed' | 'localOnly'> & Partial<Pick<TrainOptions, 'hashAttrs'>>;

/**
 * One kind of token encoder, registered as `TYPE.vN` (`tok2vec.v1`): how it is made for training,
 * read from a model folder and written to one, and copied into worker threads. What the callers ask
 * of a live encoder (prediction caches, per-batch memory, the NORM vocabulary) are `TokenEncoder`'s
 * optional hooks, so no caller names an encoder class.
 */
export interface EncoderEntry {
  /** The family written as `encoder.type` in config.json and given to `--encoder`. */
  readonly type: string;
  /** Weight layout version: the `.vN` of the name, `layout` in config.json (absent there: 1). */
  readonly version: number;
  /** How `--encoder` names it, for help and errors. */
  readonly usage: string;
  /** What `--encoder TYPE:ARG` passes to `create` (the transformer's model), or null when it takes none. */
  readonly argument: string | null;
  /** The train options only this kind of encoder uses (refused with another encoder: options.ts). */
  readonly options: readonly (keyof TrainOptions)[];
  /** A fresh encoder for `nerflow train` (`argument`: what followed `TYPE:` in `--encoder`). */
  create(settings: EncoderSettings, argument: string): Promise<TokenEncoder>;
  /** The encoder a model folder's config.json `encoder` reference describes (its files are under `dir`). */
  load(ref: EncoderRef, dir: string, options: { localOnly?: boolean }): Promise<TokenEncoder>;
  /** Writes the encoder's files into the model folder `dir`; returns the reference config.json records. */
  save(encoder: TokenEncoder, dir: string): Promise<EncoderRef>;
  /** Rebuilds an encoder from its `replica()` in a worker thread (weights are set by the caller). */
  fromReplica?(spec: unknown): TokenEncoder;
  /** True when its features can be computed by `nerflow worker` processes (`nerflow train --queue`). */
  readonly remoteFeatures?: boolean;
}

/** The encoder registry (after spaCy's `architectures`): `tok2vec.v1` and `transformer.v1` are built in. */
export const encoders = new Registry<EncoderEntry>('encoder');
encoders.register(`${tok2vecEntry.type}.v${tok2vecEntry.version}`, tok2vecEntry);
encoders.register(`${tok2vecTunedEntry.type}.v${tok2vecTunedEntry.version}`, tok2vecTunedEntry);
encoders.register(`${tok2vecAttrsEntry.type}.v${tok2vecAttrsEntry.version}`, tok2vecAttrsEntry);
encoders.register(`${transformerEntry.type}.v${transformerEntry.version}`, transformerEntry);

const entries = () => encoders.names().map((n) => encoders.get(n));

/** The encoder families registered (`tok2vec`, `transformer`). */
export function encoderTypes(): string[] {
  return [...new Set(entries().map((e) => e.type))];
}

/** Registered layout versions of an encoder family (empty when the family is unknown). */
export function encoderVersions(type: string): number[] {
  return entries().filter((e) => e.type === type).map((e) => e.version).sort((a, b) => a - b);
}

/** The layout version a config.json `encoder` reference was written with (folders before layouts: 1). */
export function refVersion(ref: EncoderRef): number {
  return Number(ref.layout ?? 1);
}

/** The entry of a model folder's encoder reference (the caller has checked `encoderVersions`). */
export function entryOfRef(ref: EncoderRef): EncoderEntry {
  return encoders.get(`${ref.type}.v${refVersion(ref)}`);
}

/** The entry of a live encoder (what saves and copies it). */
export function entryOf(encoder: TokenEncoder): EncoderEntry {
  return encoders.get(encoder.name);
}

/**
 * The entry `--encoder SPEC` names (`tok2vec`, `transformer:NAME_OR_PATH`: the newest version of the
 * family) and its argument.
 * @throws NerError E_TRAIN_BAD_ENCODER for an unknown family, a missing or an unexpected argument.
 */
export function encoderOption(spec: string): { entry: EncoderEntry; argument: string } {
  const colon = spec.indexOf(':');
  const type = colon < 0 ? spec : spec.slice(0, colon);
  const argument = colon < 0 ? '' : spec.slice(colon + 1);
  const entry = entries().filter((e) => e.type === type).sort((a, b) => b.version - a.version)[0];
  const usage = `Use ${[...new Set(entries().map((e) => e.usage))].join(' or ')}.`;
  if (!entry) throw new NerError(TrainErrors.BAD_ENCODER, `Unknown encoder "${spec}"`, { hint: usage });
  if (entry.argument && !argument) throw new NerError(TrainErrors.BAD_ENCODER, `--encoder ${spec} needs a ${entry.argument}: ${entry.usage}`, { hint: usage });
  if (!entry.argument && colon >= 0) throw new NerError(TrainErrors.BAD_ENCODER, `--encoder ${type} takes no argument (got "${spec}")`, { hint: usage });
  return { entry, argument };
}

/** A fresh encoder for training, as `--encoder` and the encoder options say. */
export function createEncoder(o: EncoderSettings & { encoder: string }): Promise<TokenEncoder> {
  const { entry, argument } = encoderOption(o.encoder);
  return entry.create(o, argument);
}

/** What a worker thread needs to rebuild `encoder` (`encoderFromReplica`), or null when it cannot be copied. */
export function encoderReplica(encoder: TokenEncoder): { name: string; spec: unknown } | null {
  return encoder.replica && entryOf(encoder).fromReplica ? { name: encoder.name, spec: encoder.replica() } : null;
}

/** Rebuilds an encoder in a worker thread from `encoderReplica`'s description (weights not set). */
export function encoderFromReplica(r: { name: string; spec: unknown }): TokenEncoder {
  return encoders.get(r.name).fromReplica!(r.spec);
}
