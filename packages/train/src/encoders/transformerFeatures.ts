import { existsSync, statSync, createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { NerError } from '@nerflow/corpus';
import { TrainErrors } from '../errors.js';
import { alignPieces, windowsFor, type PieceTokenizer } from './subwordAlign.js';
import { FeatureCache, sha1 } from './featureCache.js';
import { featureSpec, remoteFeatures } from './remoteFeatures.js';

export type Pooling = 'first' | 'mean';

export interface TransformerOptions {
  /** Hub id (`dccuchile/bert-base-spanish-wwm-cased`) or a local folder with config.json, tokenizer.json, onnx/model.onnx. */
  model: string;
  /** Hub revision (branch, tag or commit); for a local folder the content hash is used. */
  revision?: string;
  pooling?: Pooling;
  /** Max pieces per window including [CLS]/[SEP] (default: the model's limit, at most 512). */
  maxLength?: number;
  /** Pieces shared by consecutive windows of a long text. */
  overlap?: number;
  /** Never download (hub ids then fail with a clear error). Also honours transformers.js `env.allowRemoteModels`. */
  localOnly?: boolean;
  /** Where features are cached (default: $NERFLOW_CACHE or ~/.cache/nerflow/features). null: no disk cache. */
  cacheDir?: string | null;
  /** Windows per onnxruntime call. */
  batchSize?: number;
}

interface HfTokenizer extends PieceTokenizer {
  convert_tokens_to_ids(t: string): number;
  unk_token_id?: number;
  pad_token_id?: number;
}
interface OrtSession {
  inputNames?: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: Float32Array }>>;
}
type HfModel = ((inputs: Record<string, unknown>) => Promise<Record<string, { data: Float32Array; dims: number[] }>>) & { dispose?: () => Promise<unknown> };

/**
 * Per-token features from a BERT-like ONNX model through @huggingface/transformers: our tokens
 * are split into subword pieces one by one (alignment we control), long documents are windowed
 * with overlap, piece vectors are pooled per token (first piece or mean), and results are cached
 * on disk by model + revision + settings + document hash.
 */
export class TransformerFeaturizer {
  private readonly pieceCache = new Map<string, number[]>();
  private vocab: Map<string, number> | undefined;

  private constructor(
    readonly opts: Required<Omit<TransformerOptions, 'cacheDir' | 'localOnly'>> & { cacheDir: string | null },
    private readonly tok: HfTokenizer, private readonly model: HfModel,
    private readonly TensorCtor: new (type: string, data: BigInt64Array, dims: number[]) => unknown,
    readonly dim: number, private readonly cache: FeatureCache | null,
  ) {}

  /** Loads tokenizer and model (offline for local folders; hub ids only when downloads are allowed). */
  static async load(o: TransformerOptions): Promise<TransformerFeaturizer> {
    const hf = await import('@huggingface/transformers');
    const local = existsSync(o.model);
    if (!local && /^(\.{0,2}[\\/]|~|[A-Za-z]:\\)/.test(o.model)) {
      throw new NerError(TrainErrors.TRANSFORMER_LOAD, `Transformer model folder not found: ${o.model}`, {
        file: o.model, hint: 'Pass a folder with config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx, or a hub id such as dccuchile/bert-base-spanish-wwm-cased.',
      });
    }
    let id = o.model;
    let revision = o.revision ?? 'main';
    if (local) {
      const dir = path.resolve(o.model);
      hf.env.localModelPath = path.dirname(dir) + path.sep;
      id = path.basename(dir);
      revision = o.revision ?? (await folderRevision(dir));
    }
    const allowRemote = !local && !o.localOnly && hf.env.allowRemoteModels !== false;
    const saved = hf.env.allowRemoteModels;
    hf.env.allowRemoteModels = allowRemote;
    let tok: HfTokenizer;
    let model: HfModel;
    let config: { hidden_size?: number; max_position_embeddings?: number };
    try {
      tok = (await hf.AutoTokenizer.from_pretrained(id, { revision, local_files_only: !allowRemote })) as unknown as HfTokenizer;
      model = (await hf.AutoModel.from_pretrained(id, { revision, dtype: 'fp32', device: 'cpu', local_files_only: !allowRemote })) as unknown as HfModel;
      config = (model as unknown as { config: typeof config }).config;
    } catch (cause) {
      throw new NerError(TrainErrors.TRANSFORMER_LOAD, `Cannot load transformer "${o.model}": ${(cause as Error).message}`, {
        cause,
        hint: local
          ? 'The folder needs config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx (see packages/train/fixtures/make_tiny_bert.py).'
          : allowRemote
            ? 'Check the hub id and your network, or download the model once and pass its local folder.'
            : 'Downloads are off (--local-only or env.allowRemoteModels = false) and the model is not cached: pass a local folder, or allow downloads.',
      });
    } finally {
      hf.env.allowRemoteModels = saved;
    }
    const dim = config.hidden_size ?? 768;
    const maxLength = Math.min(o.maxLength ?? config.max_position_embeddings ?? 512, 512);
    const opts = {
      model: o.model, revision, pooling: o.pooling ?? 'first', maxLength, overlap: o.overlap ?? Math.floor(maxLength / 4),
      batchSize: o.batchSize ?? 16,
      cacheDir: o.cacheDir === null ? null : (o.cacheDir ?? process.env.NERFLOW_CACHE ?? path.join(os.homedir(), '.cache', 'nerflow', 'features')),
    } satisfies TransformerFeaturizer['opts'];
    const key = sha1(JSON.stringify([local ? 'local' : id, revision, opts.pooling, opts.maxLength, opts.overlap])).slice(0, 16);
    const cache = opts.cacheDir ? new FeatureCache(path.join(opts.cacheDir, `${id.replace(/[^\w.-]+/g, '_')}-${key}`), dim) : null;
    return new TransformerFeaturizer(opts, tok, model, hf.Tensor as never, dim, cache);
  }

  /** Cache key of a document (its token texts). */
  docKey(words: readonly string[]): string {
    return sha1(words.join('\u241F'));
  }

  /** True when the disk cache holds the document with this `docKey`. */
  isCached(key: string): boolean {
    return this.cache?.has(key) ?? false;
  }

  /** False when features are not cached on disk (`cacheDir: null`). */
  get hasCache(): boolean {
    return this.cache !== null;
  }

  /**
   * Features of each document: `Float32Array(words.length * dim)`. Cached documents are read
   * from disk; the others run through the model in batches of windows and are cached.
   */
  async featurize(docs: { words: string[] }[]): Promise<Float32Array[]> {
    const out: Float32Array[] = new Array(docs.length);
    const todo: number[] = [];
    docs.forEach((d, i) => {
      const hit = this.cache?.get(this.docKey(d.words));
      if (hit) out[i] = hit; else todo.push(i);
    });
    if (!todo.length) return out;
    // With a remote (`nerflow train --queue`), only this compute runs on the workers: remoteFeatures.ts.
    const remote = remoteFeatures();
    const words = todo.map((i) => docs[i]!.words);
    const fresh = remote ? await remote.compute(featureSpec(this), words) : await this.compute(words);
    todo.forEach((i, k) => { out[i] = fresh[k]!; });
    this.cache?.putMany(todo.map((i, k) => ({ key: this.docKey(docs[i]!.words), data: fresh[k]! })));
    return out;
  }

  /**
   * The model inputs for documents: pieces aligned to tokens, and the windows (piece ranges with
   * their `[CLS] ... [SEP]` id sequences) that cover each document. Exposed for benchmarks.
   */
  plan(docs: string[][]) {
    const unk = this.tok.unk_token_id ?? this.tok.convert_tokens_to_ids('[UNK]');
    const cls = this.tok.convert_tokens_to_ids('[CLS]');
    const sep = this.tok.convert_tokens_to_ids('[SEP]');
    const size = this.opts.maxLength - 2;
    this.vocab ??= this.tok.get_vocab(); // get_vocab() builds a new Map on every call
    const aligned = docs.map((w) => alignPieces(this.tok, w, unk, this.pieceCache, this.vocab));
    const jobs: { doc: number; s: number; e: number; seq: number[]; pieceVecs: Float32Array | null }[] = [];
    const plans = aligned.map((a, doc) => {
      const plan = windowsFor(a.ids.length, size, Math.min(this.opts.overlap, size - 1));
      const first = jobs.length;
      if (a.ids.length) for (const [s, e] of plan.windows) jobs.push({ doc, s, e, seq: [cls, ...a.ids.slice(s, e), sep], pieceVecs: null });
      return { ...plan, first };
    });
    return { aligned, jobs, plans };
  }

  /** Runs the model (no cache). */
  async compute(docs: string[][]): Promise<Float32Array[]> {
    const pad = this.tok.pad_token_id ?? 0;
    const { aligned, jobs, plans } = this.plan(docs);
    const order = jobs.map((_, i) => i).sort((x, y) => jobs[x]!.seq.length - jobs[y]!.seq.length);
    for (let b = 0; b < order.length; b += this.opts.batchSize) {
      const batch = order.slice(b, b + this.opts.batchSize).map((i) => jobs[i]!);
      const T = Math.max(...batch.map((j) => j.seq.length));
      const ids = new BigInt64Array(batch.length * T).fill(BigInt(pad));
      const mask = new BigInt64Array(batch.length * T);
      batch.forEach((j, r) => {
        j.seq.forEach((id, t) => { ids[r * T + t] = BigInt(id); mask[r * T + t] = 1n; });
      });
      const h = await this.run(batch.length, T, ids, mask);
      batch.forEach((j, r) => {
        // piece p of the window sits at position 1 + p (after [CLS])
        j.pieceVecs = h.subarray((r * T + 1) * this.dim, (r * T + 1 + (j.e - j.s)) * this.dim);
      });
    }
    return aligned.map((a, doc) => this.pool(a, plans[doc]!, jobs, docs[doc]!.length));
  }

  /**
   * One forward pass. Goes straight to the onnxruntime session transformers.js opened when it is
   * reachable (the model wrapper's per-call checks cost ~25% on small models), feeding only the
   * inputs the graph declares (RoBERTa-like models have no token_type_ids).
   */
  private async run(B: number, T: number, ids: BigInt64Array, mask: BigInt64Array): Promise<Float32Array> {
    const all: Record<string, BigInt64Array> = { input_ids: ids, attention_mask: mask, token_type_ids: new BigInt64Array(B * T) };
    const session = (this.model as unknown as { sessions?: { model?: OrtSession } }).sessions?.model;
    if (session?.run && session.inputNames) {
      const feeds: Record<string, unknown> = {};
      for (const name of session.inputNames) {
        if (all[name]) feeds[name] = (new this.TensorCtor('int64', all[name], [B, T]) as { ort_tensor: unknown }).ort_tensor;
      }
      const out = await session.run(feeds);
      return (out.last_hidden_state ?? Object.values(out)[0]!).data;
    }
    const res = await this.model(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, new this.TensorCtor('int64', v, [B, T])])));
    return res.last_hidden_state!.data;
  }

  private pool(a: ReturnType<typeof alignPieces>, plan: { windows: [number, number][]; owner: number[]; first: number },
    jobs: { s: number; pieceVecs: Float32Array | null }[], nWords: number): Float32Array {
    const D = this.dim;
    const out = new Float32Array(nWords * D);
    for (let w = 0; w < nWords; w++) {
      const f = a.firstPiece[w]!;
      if (f < 0) continue; // no pieces (e.g. a control character): zero vector
      const count = this.opts.pooling === 'first' ? 1 : a.pieceCount[w]!;
      const scale = 1 / count;
      for (let p = f; p < f + count; p++) {
        const job = jobs[plan.first + plan.owner[p]!]!;
        const src = job.pieceVecs!;
        const at = (p - job.s) * D;
        for (let k = 0; k < D; k++) out[w * D + k] += src[at + k]! * scale;
      }
    }
    return out;
  }

  async dispose(): Promise<void> {
    this.cache?.close();
    await this.model.dispose?.();
  }
}

/** Content hash of a local model folder (weights and tokenizer), as its revision. */
async function folderRevision(dir: string): Promise<string> {
  const h = createHash('sha1');
  for (const f of ['config.json', 'tokenizer.json', 'onnx/model.onnx']) {
    const p = path.join(dir, f);
    if (!existsSync(p)) continue;
    h.update(`${f}:${statSync(p).size}:`);
    for await (const chunk of createReadStream(p)) h.update(chunk as Buffer);
  }
  return `sha1:${h.digest('hex').slice(0, 16)}`;
}
