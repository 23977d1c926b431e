import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NerError } from '@nerflow/corpus';
import { readTidy, tf } from '../tf/backend.js';
import { ParamStore } from '../tf/params.js';
import { Rng } from '../tf/rng.js';
import { dense, dropout, layerNorm, mix32, windowMaxout, windowNeighbours } from '../tf/layers.js';
import { bilstm } from '../tf/bilstm.js';
import { ATTRS, HashFeaturizer, KEYS_PER_VALUE, attrValue, type Attr } from './hashFeatures.js';
import { StaticVectors } from './staticVectors.js';
import { TUNED_VECTORS_PARAM, TunedVectors } from './tunedVectors.js';
import { charCnn, type CharCnnConfig } from './charCnn.js';
import { charLstm, charLstmConfig, type CharLstmConfig } from './charLstm.js';
import type { EncodeOptions, TokenBatch, TokenEncoder } from './encoder.js';
import type { EncoderEntry, EncoderSettings } from './registry.js';
import { DEFAULT_CHAR_CNN } from './charCnn.js';
import { TrainErrors } from '../errors.js';

/** The attributes a tok2vec hash-embeds (Tok2VecConfig.attrs), in ATTRS order. */
export function hashedAttrs(cfg: Pick<Tok2VecConfig, 'attrs' | 'normHash'>): Attr[] {
  const given = cfg.attrs ?? ATTRS.filter((a) => a !== 'norm' || cfg.normHash !== false);
  return ATTRS.filter((a) => given.includes(a));
}

/** Token-major row indices ([token][key]) reordered key-major ([key][token]). */
function keyMajor(rows: Int32Array, n: number): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < n; i++) for (let k = 0; k < KEYS_PER_VALUE; k++) out[k * n + i] = rows[i * KEYS_PER_VALUE + k]!;
  return out;
}

/** Hyper-parameters of the tok2vec encoder (spaCy's HashEmbedCNN defaults: width 96, depth 4, window 1, maxout pieces 3). */
export interface Tok2VecConfig {
  type: 'tok2vec';
  width: number;
  /** Number of convolutional (window + maxout + residual) layers. */
  depth: number;
  /** Neighbours on each side seen by one layer (receptive field grows by 2 * window per layer). */
  window: number;
  maxoutPieces: number;
  /** Hash-embedding table sizes per attribute. */
  rows: Record<Attr, number>;
  /** Context encoder: residual window (CNN) layers, BiLSTM layers, or CNN layers then one BiLSTM layer. */
  arch?: 'cnn' | 'bilstm' | 'cnn-bilstm';
  /** Seed of the hash functions (part of the architecture: changing it changes the rows). */
  hashSeed: number;
  /**
   * Static vectors stored with the encoder (null: none). `tune`: the training words' vectors are
   * fine-tuned (TunedVectors: a trained offset per NORM vocabulary word, layout 2); absent or false:
   * frozen, only their projection trains (models before 2026-12-03 afternoon).
   */
  vectors: { dim: number; rows: number; source: string; tune?: boolean } | null;
  /** False: no NORM hash embedding (the default with tuned vectors, which are then the word embedding); absent: true. */
  normHash?: boolean;
  /**
   * The hash-embedded attributes, when not all four (layout 3): absent, NORM, PREFIX, SUFFIX and
   * SHAPE, less NORM where `normHash` is false (every model before 2026-12-04).
   */
  attrs?: Attr[];
  /** Character CNN features mixed into the embedding (null or absent: none; models before 2026-12-02 have none). */
  chars?: CharCnnConfig | null;
  /** Character BiLSTM features mixed into the embedding (null or absent: none; models before 2026-12-02 have none). */
  charLstm?: CharLstmConfig | null;
  /**
   * The training vocabulary of NORM values (`--unknown-words`), most frequent first; other words get
   * one UNKNOWN NORM, and in training words seen once (from `singletonsFrom` on) are replaced by it
   * with probability `drop` (the peer's singleton <unk> trick). Null or absent: plain hashing.
   */
  normVocab?: { words: string[]; singletonsFrom: number; drop: number } | null;
}

export const DEFAULT_TOK2VEC: Tok2VecConfig = {
  type: 'tok2vec', arch: 'cnn', width: 96, depth: 4, window: 1, maxoutPieces: 3,
  rows: { norm: 10000, prefix: 1000, suffix: 2500, shape: 2500 }, hashSeed: 0, vectors: null,
};

/**
 * The trainable token encoder: hash embeddings of NORM, PREFIX, SUFFIX and SHAPE (or `cfg.attrs`) (plus optional
 * frozen static vectors with a trained projection), mixed by a maxout layer, then `depth` residual
 * window-encoder layers (spaCy's MaxoutWindowEncoder). Works on flat [tokens, width] batches.
 */
export class Tok2Vec implements TokenEncoder {
  readonly name = 'tok2vec.v1';
  readonly type = 'tok2vec';
  featurizer: HashFeaturizer;
  private vecTable: tf.Tensor2D | null = null;

  private featurizerOf(cfg: Tok2VecConfig): HashFeaturizer {
    const v = cfg.normVocab;
    this.singletons = v ? new Set(v.words.slice(v.singletonsFrom)) : null;
    this.tuned = v && this.vectors && cfg.vectors?.tune ? new TunedVectors(this.vectors, v.words) : null;
    return new HashFeaturizer(cfg.rows, cfg.hashSeed, v ? new Set(v.words) : null);
  }

  private singletons: Set<string> | null = null;
  private tuned: TunedVectors | null = null;

  private get tuneVectors(): boolean {
    return this.vectors !== null && this.cfg.vectors?.tune === true;
  }

  constructor(readonly cfg: Tok2VecConfig, readonly store: ParamStore, readonly vectors: StaticVectors | null = null) {
    this.featurizer = this.featurizerOf(cfg);
    if (vectors) this.vecTable = tf.keep(tf.tensor2d(vectors.table, [vectors.rows, vectors.dim]));
  }

  /** A freshly initialised encoder (weights from `seed`). */
  static create(cfg: Partial<Tok2VecConfig> = {}, seed = 0, vectors: StaticVectors | null = null, source = '', tuneVectors = false): Tok2Vec {
    const full: Tok2VecConfig = { ...DEFAULT_TOK2VEC, ...cfg, rows: { ...DEFAULT_TOK2VEC.rows, ...cfg.rows } };
    // `tune` only when true: configs written before tuned vectors existed stay identical (copyEncoderWeights compares them).
    full.vectors = vectors ? { dim: vectors.dim, rows: vectors.rows, source, ...(tuneVectors ? { tune: true } : {}) } : null;
    const enc = new Tok2Vec(full, new ParamStore(new Rng(seed)), vectors);
    // Create every variable now (a one-token forward pass) so optimisers and savers see them all.
    tf.tidy(() => { enc.encode({ words: ['a'], starts: new Int32Array([0]), docs: [{ words: ['a'] }] }, { dropout: 0 }); });
    return enc;
  }

  get width(): number {
    return this.cfg.width;
  }

  /**
   * Learns the NORM vocabulary from the training documents (`--unknown-words P`): call before training
   * a fresh encoder; the vocabulary is saved in its config. Changes nothing for `drop` 0, unless the
   * vectors are tuned: their offsets are rows of this vocabulary (then no word is dropped).
   */
  setNormVocabulary(docs: readonly (readonly string[])[], drop: number): void {
    if (!(drop > 0) && !this.tuneVectors) return;
    const counts = new Map<string, number>();
    for (const words of docs) for (const w of words) { const n = attrValue('norm', w); counts.set(n, (counts.get(n) ?? 0) + 1); }
    const words = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
    const singletonsFrom = words.findIndex((w) => counts.get(w) === 1);
    this.cfg.normVocab = { words, singletonsFrom: singletonsFrom < 0 ? words.length : singletonsFrom, drop };
    this.featurizer = this.featurizerOf(this.cfg);
    this.tuned?.init(this.store);
    this.clearCache();
  }

  /**
   * `--base` on a user's data (`TokenEncoder.learnNewWords`): with tuned vectors, each NORM value of
   * `docs` the vocabulary lacks is appended to it (the base's rows keep their index) with a trained
   * offset row of its own, initialised so that its embedding is unchanged: zero beside a static
   * vector, UNKNOWN's offset without one. Without it every such word stays UNKNOWN or keeps its frozen
   * vector, and "CTR", "ROAS" or an e-mail address can only be learnt from its characters. Appended
   * words count as seen once for word dropout (`normVocab.singletonsFrom` precedes them).
   */
  learnNewWords(docs: readonly { words: readonly string[] }[]): number {
    const v = this.cfg.normVocab;
    if (!this.tuned || !v || !this.vectors) return 0;
    const known = new Set(v.words);
    const counts = new Map<string, number>();
    const withVector = new Set<string>(); // a raw form of it has a static vector ("CTR" may, "ctr" not)
    for (const d of docs) for (const w of d.words) {
      const n = attrValue('norm', w);
      if (known.has(n)) continue;
      counts.set(n, (counts.get(n) ?? 0) + 1);
      if (this.vectors.row(w) !== 0) withVector.add(n);
    }
    if (!counts.size) return 0;
    const added = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
    const dim = this.vectors.dim;
    const oldRows = v.words.length + 1;
    const old = this.store.get(TUNED_VECTORS_PARAM, [oldRows, dim], 'zeros').dataSync() as Float32Array;
    const grown = new Float32Array((oldRows + added.length) * dim);
    grown.set(old);
    const unknown = old.subarray(0, dim);
    added.forEach((w, i) => { if (!withVector.has(w)) grown.set(unknown, (oldRows + i) * dim); });
    this.cfg.normVocab = { ...v, words: [...v.words, ...added], singletonsFrom: Math.min(v.singletonsFrom, v.words.length) };
    this.featurizer = this.featurizerOf(this.cfg);
    this.store.set(TUNED_VECTORS_PARAM, grown, [oldRows + added.length, dim]);
    this.clearCache();
    return added.length;
  }

  /** The NORM vocabulary of `--unknown-words` (the only thing tok2vec learns from the data before training). */
  prepareTraining(docs: readonly { words: readonly string[] }[], options: { unknownWords: number }): void {
    this.setNormVocabulary(docs.map((d) => d.words), options.unknownWords);
  }

  /** Word dropout in training: which tokens' NORM is replaced by UNKNOWN (seen once, drawn with `drop`), or undefined. */
  private unknownMask(words: readonly string[], opt: EncodeOptions): Uint8Array | undefined {
    const drop = this.cfg.normVocab?.drop ?? 0;
    if (!this.singletons || !(drop > 0) || opt.seed === undefined || !opt.dropout) return undefined;
    // A hash of (seed, token position in the whole batch), as the dropout masks: N threads draw what one draws.
    const s = mix32((opt.seed * 131 + 977) | 0);
    const base = opt.tokenOffset ?? 0;
    const mask = new Uint8Array(words.length);
    words.forEach((w, i) => { if (this.singletons!.has(attrValue('norm', w)) && mix32((s + base + i) | 0) / 4294967296 < drop) mask[i] = 1; });
    return mask;
  }

  /**
   * Turns on a per-word cache of the embedding block's output for prediction: that block sees one
   * token at a time, so with fixed weights its output depends only on the text. Any weight update
   * must clear it (`cacheEmbeddings(false)` / `clearCache()`), which the training code never enables.
   */
  cacheEmbeddings(on: boolean): void {
    this.embedCache = on ? new Map() : null;
  }

  clearCache(): void {
    this.embedCache?.clear();
  }

  beginPrediction(): void {
    this.cacheEmbeddings(true);
  }

  endPrediction(): void {
    this.cacheEmbeddings(false);
  }

  /** What a worker thread needs to rebuild this encoder (`tok2vecEntry.fromReplica`): the config and the static vectors. */
  replica(): Tok2VecReplica {
    const v = this.vectors;
    return { cfg: this.cfg, vectors: v ? { words: v.words, dim: v.dim, table: v.table } : null };
  }

  private embedCache: Map<string, Float32Array> | null = null;

  encode(batch: TokenBatch, opt: EncodeOptions): tf.Tensor2D {
    const { width: W, maxoutPieces: P } = this.cfg;
    const seed = (k: number) => (opt.seed === undefined ? undefined : opt.seed * 131 + k);
    const inference = opt.inference ?? false;
    let x = this.embedCache && opt.seed === undefined ? this.embedWithCache(batch.words) : this.embed(batch.words, this.unknownMask(batch.words, opt), inference);
    x = dropout(x, opt.dropout, seed(0), opt.tokenOffset);
    if (this.cfg.arch === 'bilstm') {
      // depth = stacked BiLSTM layers, each residual (hidden size = width / 2 per direction)
      for (let d = 0; d < this.cfg.depth; d++) {
        const y = layerNorm(this.store, `bilstm${d}/norm`, bilstm(this.store, `bilstm${d}`, x, batch.starts, Math.max(1, W >> 1), inference));
        x = tf.add(x, dropout(y, opt.dropout, seed(d + 1), opt.tokenOffset));
      }
      return x;
    }
    for (let d = 0; d < this.cfg.depth; d++) {
      const h = windowNeighbours(x, batch.starts, this.cfg.window);
      const y = layerNorm(this.store, `encode${d}/norm`, windowMaxout(this.store, `encode${d}/maxout`, h, W, P));
      x = tf.add(x, dropout(y, opt.dropout, seed(d + 1), opt.tokenOffset));
    }
    if (this.cfg.arch === 'cnn-bilstm') {
      // the window layers see +-depth tokens; one residual BiLSTM on top sees the whole sentence
      const y = layerNorm(this.store, 'top/norm', bilstm(this.store, 'top', x, batch.starts, Math.max(1, W >> 1), inference));
      x = tf.add(x, dropout(y, opt.dropout, seed(this.cfg.depth + 1), opt.tokenOffset));
    }
    return x;
  }

  /** The context-free part: hash embeddings (+ static vectors) mixed by maxout + layer norm, [N, W] (`inference`: EncodeOptions'). */
  embed(words: readonly string[], unknown?: Uint8Array, inference = false): tf.Tensor2D {
    const { width: W, maxoutPieces: P } = this.cfg;
    const n = words.length;
    const feats = this.featurizer.featurize(words, unknown);
    const parts: tf.Tensor2D[] = hashedAttrs(this.cfg).map((attr) => {
      const a = ATTRS.indexOf(attr);
      const table = this.store.get(`embed/${attr}`, [this.cfg.rows[attr], W], { uniform: 0.1 });
      // Rows gathered key-major (all tokens' key 0, then key 1...) and summed by a [1 x keys]
      // matMul: sum(reshape(...)), slices or a segment sum have gradients that are slow on wasm.
      const rows = tf.gather(table, tf.tensor1d(keyMajor(feats[a]!, n), 'int32'));
      return tf.reshape(tf.matMul(this.ones(), tf.reshape(rows, [KEYS_PER_VALUE, n * W])), [n, W]) as tf.Tensor2D;
    });
    if (this.cfg.chars) parts.push(charCnn(this.store, 'chars', words, this.cfg.chars));
    if (this.cfg.charLstm) parts.push(...charLstm(this.store, 'charLstm', words, this.cfg.charLstm, inference));
    if (this.vectors && this.vecTable) {
      const v = this.tuned
        ? this.tuned.embed(this.store, this.vecTable, words, unknown)
        : tf.gather(this.vecTable, tf.tensor1d(Int32Array.from(words, (w) => this.vectors!.row(w)), 'int32'));
      parts.push(dense(this.store, 'vectors/proj', v, W));
    }
    // One weight block per part instead of a concat (whose gradient is a slow column split on wasm).
    return layerNorm(this.store, 'embed/norm', windowMaxout(this.store, 'embed/mix', parts, W, P));
  }

  private onesRow: tf.Tensor2D | null = null;

  private ones(): tf.Tensor2D {
    this.onesRow ??= tf.keep(tf.ones([1, KEYS_PER_VALUE]) as tf.Tensor2D);
    return this.onesRow;
  }

  private embedWithCache(words: readonly string[]): tf.Tensor2D {
    const W = this.cfg.width;
    const cache = this.embedCache!;
    if (cache.size > 300_000) cache.clear(); // bound memory on endless streams
    const missing = [...new Set(words.filter((w) => !cache.has(w)))];
    if (missing.length) {
      const data = readTidy(() => this.embed(missing, undefined, true)); // read back: no gradient
      missing.forEach((w, i) => cache.set(w, data.slice(i * W, (i + 1) * W)));
    }
    const all = new Float32Array(words.length * W);
    words.forEach((w, i) => all.set(cache.get(w)!, i * W));
    return tf.tensor2d(all, [words.length, W]);
  }

  params(): ParamStore {
    return this.store;
  }

  config(): Record<string, unknown> {
    return { ...this.cfg };
  }

  /** Writes `config.json`, `weights.{json,bin}` and `vectors/` (when any) into `dir`. */
  async save(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'config.json'), JSON.stringify(this.cfg, null, 2));
    await this.store.save(dir);
    if (this.vectors) await this.vectors.save(path.join(dir, 'vectors'));
  }

  /**
   * Loads an encoder folder written by `save` (a model's `tok2vec/`, or a pretrained encoder:
   * issue 8's `--init-tok2vec`).
   */
  static async load(dir: string): Promise<Tok2Vec> {
    if (!existsSync(path.join(dir, 'config.json'))) {
      throw new NerError(TrainErrors.NO_MODEL, `No tok2vec encoder in ${dir} (config.json is missing)`, {
        hint: 'Pass a folder written by `nerflow train` (its tok2vec/ subfolder) or by `nerflow pretrain`.', file: dir,
      });
    }
    const cfg = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as Tok2VecConfig;
    const vectors = cfg.vectors ? await StaticVectors.loadFolder(path.join(dir, 'vectors')) : null;
    const enc = new Tok2Vec(cfg, new ParamStore(new Rng(0)), vectors);
    await enc.store.load(dir);
    return enc;
  }

  dispose(): void {
    this.store.dispose();
    this.vecTable?.dispose();
    this.vecTable = null;
    this.onesRow?.dispose();
    this.onesRow = null;
  }
}

/** `Tok2Vec.replica()`: structured-clonable (the static vectors' table is copied into the worker). */
export interface Tok2VecReplica {
  cfg: Tok2VecConfig;
  vectors: { words: string[]; dim: number; table: Float32Array } | null;
}

/**
 * Version of the tok2vec weight layout (tensor names, shapes and their meaning): the `.v1` of the
 * registry name, written as `layout` in a model's config.json. A folder written with another layout
 * is refused (E_MODEL_LAYOUT) instead of loading weights into the wrong places. Bump it (register
 * `tok2vec.v2`) whenever Tok2Vec's parameters change meaning; folders without the field are layout 1.
 */
export const TOK2VEC_LAYOUT_VERSION = 1;

/**
 * Layout 2: layout 1 plus the fine-tuned vectors' offsets (`vectors/tune`, `vectors.tune` in the
 * encoder config) and, with them, no NORM hash table (`normHash: false`). Only such folders are written as layout 2, so a nerflow that reads layout 1
 * alone refuses them (E_MODEL_LAYOUT) instead of predicting with untuned vectors; others stay 1.
 */
export const TOK2VEC_TUNED_LAYOUT = 2;

/**
 * Layout 3: layout 2 with some hash-embedding tables left out (`attrs` in the encoder config: the
 * default recipe drops PREFIX and SUFFIX, which the character BiLSTM covers). A nerflow that reads
 * layouts 1-2 alone would create those tables at random on load: it refuses such folders instead.
 */
export const TOK2VEC_ATTRS_LAYOUT = 3;

const layoutOf = (encoder: Tok2Vec) => (encoder.cfg.attrs ? TOK2VEC_ATTRS_LAYOUT
  : encoder.cfg.vectors?.tune || encoder.cfg.normHash === false ? TOK2VEC_TUNED_LAYOUT : TOK2VEC_LAYOUT_VERSION);

/** The train options a fresh tok2vec is built from (refused where they would have no effect: options.ts). */
export const TOK2VEC_FRESH_OPTIONS = ['vectors', 'vectorsTuning', 'width', 'depth', 'normRows', 'hashAttrs', 'chars', 'charLstm', 'arch', 'unknownWords'] as const;

/** `tok2vec.v1` in the encoder registry: trained from scratch; its weights live in the model's `tok2vec/` folder. */
export const tok2vecEntry: EncoderEntry = {
  type: 'tok2vec',
  version: TOK2VEC_LAYOUT_VERSION,
  usage: 'tok2vec',
  argument: null,
  options: [...TOK2VEC_FRESH_OPTIONS, 'initTok2vec'],
  async create(o: EncoderSettings): Promise<Tok2Vec> {
    const vectors = o.vectors ? await StaticVectors.load(o.vectors) : null;
    const chars = o.chars > 0 ? { ...DEFAULT_CHAR_CNN, filters: o.chars } : null;
    const charLstm = charLstmConfig(o.charLstm);
    // Tuned vectors are the word embedding, as the peer's: without the NORM hash rows beside them
    // (which memorise the training words) dev F1 was 0.687 vs 0.681 on 4,000 sentences (docs/benchmarks/train.md).
    const tune = vectors !== null && o.vectorsTuning !== 'frozen';
    const normHash = tune ? false : undefined;
    const attrs = hashAttrsConfig(o.hashAttrs, normHash);
    return Tok2Vec.create({ width: o.width, depth: o.depth, arch: o.arch, chars, charLstm, normHash, attrs, rows: { ...DEFAULT_TOK2VEC.rows, norm: o.normRows } }, o.seed, vectors, o.vectors ?? '', tune);
  },
  load: (ref, dir) => Tok2Vec.load(path.join(dir, String(ref.path ?? 'tok2vec'))),
  async save(encoder, dir) {
    await encoder.save(path.join(dir, 'tok2vec'));
    return { type: 'tok2vec', path: 'tok2vec', layout: layoutOf(encoder as Tok2Vec) };
  },
  fromReplica(spec) {
    const { cfg, vectors } = spec as Tok2VecReplica;
    return new Tok2Vec(cfg, new ParamStore(new Rng(0)), vectors ? new StaticVectors(vectors.words, vectors.dim, vectors.table) : null);
  },
};

/** `tok2vec.v2`: the same encoder, registered so that layout-2 folders (tuned vectors) load. */
export const tok2vecTunedEntry: EncoderEntry = { ...tok2vecEntry, version: TOK2VEC_TUNED_LAYOUT };

/** `tok2vec.v3`: the same encoder, registered so that layout-3 folders (some hash tables left out) load. */
export const tok2vecAttrsEntry: EncoderEntry = { ...tok2vecEntry, version: TOK2VEC_ATTRS_LAYOUT };

/**
 * The config's `attrs` for the hash attributes asked for (`--hash-attrs`; NORM is never hashed beside
 * tuned vectors, `normHash` false): undefined when that is what a layout-1/2 encoder hashes anyway,
 * so such models stay readable by every nerflow.
 */
export function hashAttrsConfig(asked: readonly Attr[] | undefined, normHash: boolean | undefined): Attr[] | undefined {
  if (!asked) return undefined;
  const attrs = ATTRS.filter((a) => asked.includes(a) && (a !== 'norm' || normHash !== false));
  return attrs.length === hashedAttrs({ normHash }).length ? undefined : attrs;
}
