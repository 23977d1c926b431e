/**
 * Zero-shot suggestions for new types: a GLiNER span model (ONNX export: model.onnx, tokenizer.json,
 * gliner_config.json) run with onnxruntime-node, the labels given as text. Registered as the
 * 'gliner' model loader, so annotate's correct and teach modes use it like a trained model
 * (`--loader gliner --model FOLDER`). Pre/post-processing: glinerInputs.ts, glinerDecode.ts.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NerError, tokensOf, type Example, type Span, type Token } from '@nerflow/corpus';
import type { LoadModelOptions, Predictor } from '@nerflow/core';
import { TrainErrors } from '../errors.js';
import { glinerBatch, type GlinerSpecialIds } from './glinerInputs.js';
import { decodeGlinerSpans } from './glinerDecode.js';

export interface GlinerLoadOptions extends LoadModelOptions {
  /** Probability above which a span is suggested (GLiNER's default 0.5). */
  threshold?: number;
  /** Texts per model call. */
  batchSize?: number;
}

interface Tok {
  tokenize(text: string, o?: { add_special_tokens?: boolean }): string[];
  convert_tokens_to_ids(t: string): number;
}
interface OrtTensor { data: Float32Array; dims: readonly number[] }
interface OrtSession { run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensor>>; release?(): Promise<void> }

/** The text a label is asked as: "NUEVO_TIPO" -> "nuevo tipo" (GLiNER reads labels as words). */
export const promptOf = (label: string) => label.toLowerCase().replace(/_/g, ' ');

/** The files of a GLiNER ONNX export that loading needs, and those used when present. */
const GLINER_FILES = ['gliner_config.json', 'tokenizer.json', path.join('onnx', 'model.onnx')];
const GLINER_OPTIONAL = ['tokenizer_config.json', 'special_tokens_map.json'];
const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

/**
 * The local folder of a GLiNER model: `spec` itself when it is a folder, else a hub id
 * (`owner/name`, e.g. onnx-community/gliner_multi-v2.1) fetched once into transformers.js's cache
 * (`env.cacheDir`/gliner/ID, from `env.remoteHost`, as its own models) and reused offline after.
 * @throws NerError E_TRAIN_TRANSFORMER_LOAD when it is neither, or when downloads are off and it is not cached.
 */
export async function glinerFolder(spec: string, options: { localOnly?: boolean; revision?: string } = {}): Promise<string> {
  if (existsSync(spec) || !HUB_ID.test(spec)) return spec;
  const hf = await import('@huggingface/transformers');
  const dir = path.join(String(hf.env.cacheDir ?? path.join('.cache')), 'gliner', spec);
  const done = path.join(dir, '.complete');
  if (existsSync(done)) return dir;
  if (options.localOnly || hf.env.allowRemoteModels === false) {
    throw new NerError(TrainErrors.TRANSFORMER_LOAD, `The GLiNER model ${spec} is not in the cache (${dir}) and downloads are off.`, {
      hint: 'Allow downloads (drop --local-only) once, or pass a local folder with a GLiNER ONNX export.',
    });
  }
  const base = `${hf.env.remoteHost}${hf.env.remotePathTemplate.replace('{model}', spec).replace('{revision}', encodeURIComponent(options.revision ?? 'main'))}`;
  for (const file of [...GLINER_FILES, ...GLINER_OPTIONAL]) {
    const url = `${base.endsWith('/') ? base : `${base}/`}${file.split(path.sep).join('/')}`;
    let res: Response;
    try {
      res = await fetch(url);
    } catch (err) {
      throw new NerError(TrainErrors.TRANSFORMER_LOAD, `Could not download ${url}: ${(err as Error).message}`, { hint: 'Check the network, or pass a local folder with a GLiNER ONNX export.' });
    }
    if (res.status === 404 && GLINER_OPTIONAL.includes(file)) continue;
    if (!res.ok) {
      throw new NerError(TrainErrors.TRANSFORMER_LOAD, `Could not download ${url}: HTTP ${res.status}.`, {
        hint: `Check the hub id (${spec} must be a GLiNER ONNX export with ${GLINER_FILES.join(', ')}), or pass a local folder.`,
      });
    }
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(`${target}.part`, Buffer.from(await res.arrayBuffer()));
    renameSync(`${target}.part`, target); // a file is there whole or not at all
  }
  writeFileSync(done, `${new Date().toISOString()}\n`);
  return dir;
}

/**
 * Loads a GLiNER ONNX model for `options.labels`: a local folder, or a hub id when downloads are
 * allowed (`glinerFolder`).
 * @throws NerError E_TRAIN_TRANSFORMER_LOAD naming the missing file, or when no labels are given.
 */
export async function loadGliner(spec: string, options: GlinerLoadOptions = {}): Promise<Predictor> {
  const dir = await glinerFolder(spec, options);
  const labels = options.labels ?? [];
  const missing = GLINER_FILES.filter((f) => !existsSync(path.join(dir, f)));
  if (missing.length) {
    throw new NerError(TrainErrors.TRANSFORMER_LOAD, `Not a GLiNER ONNX folder: ${dir} lacks ${missing.join(', ')}.`, {
      file: dir, hint: 'Pass a local folder with a GLiNER ONNX export (gliner_config.json, tokenizer.json, onnx/model.onnx) or a hub id (owner/name) with downloads allowed; see packages/train/fixtures/make_tiny_gliner.py for the layout.',
    });
  }
  if (!labels.length) {
    throw new NerError(TrainErrors.TRANSFORMER_LOAD, 'A zero-shot model needs the labels to look for.', { hint: 'Pass --labels (their text is the question the model is asked: "CIUDAD" is asked as "ciudad").' });
  }
  const config = JSON.parse(readFileSync(path.join(dir, 'gliner_config.json'), 'utf8')) as { max_width?: number; max_len?: number; ent_token?: string; sep_token?: string };
  const hf = await import('@huggingface/transformers');
  const ort = await import('onnxruntime-node');
  const abs = path.resolve(dir);
  const saved = { local: hf.env.localModelPath, remote: hf.env.allowRemoteModels };
  hf.env.localModelPath = path.dirname(abs) + path.sep;
  hf.env.allowRemoteModels = false;
  let tok: Tok;
  try {
    tok = (await hf.AutoTokenizer.from_pretrained(path.basename(abs), { local_files_only: true })) as unknown as Tok;
  } finally {
    hf.env.localModelPath = saved.local;
    hf.env.allowRemoteModels = saved.remote;
  }
  const session = (await ort.InferenceSession.create(path.join(abs, 'onnx', 'model.onnx'), { intraOpNumThreads: 1, interOpNumThreads: 1 })) as unknown as OrtSession;
  const id = (t: string) => tok.convert_tokens_to_ids(t);
  const ids: GlinerSpecialIds = { cls: id('[CLS]'), sep: id('[SEP]'), pad: id('[PAD]'), ent: id(config.ent_token ?? '<<ENT>>'), entSep: id(config.sep_token ?? '<<SEP>>') };
  const pieceCache = new Map<string, number[]>();
  const pieces = (w: string) => {
    let p = pieceCache.get(w);
    if (!p) pieceCache.set(w, (p = tok.tokenize(w, { add_special_tokens: false }).map(id)));
    return p;
  };
  const maxWidth = config.max_width ?? 12;
  const prompts = labels.map(promptOf);
  const threshold = options.threshold ?? 0.5;
  const batchSize = options.batchSize ?? 8;

  async function run(docs: { tokens: Token[]; words: number[] }[]): Promise<Span[][]> {
    const b = glinerBatch(docs.map((d) => d.words.map((i) => d.tokens[i]!.text)), prompts, pieces, ids, maxWidth, config.max_len ?? 384);
    const T = (data: BigInt64Array, dims: number[]) => new ort.Tensor('int64', data, dims);
    const out = await session.run({
      input_ids: T(b.inputIds, [b.batch, b.seq]), attention_mask: T(b.attentionMask, [b.batch, b.seq]),
      words_mask: T(b.wordsMask, [b.batch, b.seq]), text_lengths: T(b.textLengths, [b.batch, 1]),
      span_idx: T(b.spanIdx, [b.batch, b.spans, 2]), span_mask: new ort.Tensor('bool', b.spanMask, [b.batch, b.spans]),
    });
    const logits = out.logits!;
    const [, W, K, C] = logits.dims as [number, number, number, number];
    return docs.map((d, k) => decodeGlinerSpans(logits.data, k * W * K * C, W, K, C, b.kept[k]!, threshold).map((s) => {
      const first = d.tokens[d.words[s.start]!]!, last = d.tokens[d.words[s.end]!]!;
      return { start: first.start, end: last.end, token_start: d.words[s.start]!, token_end: d.words[s.end]!, label: labels[s.label]!, source: 'model', score: s.score };
    }));
  }

  return {
    labels: [...labels],
    async predict(examples: Example[]): Promise<Example[]> {
      const docs = examples.map((ex) => {
        const tokens = tokensOf(ex);
        // GLiNER's words are the text's tokens without whitespace (newlines are tokens here).
        return { tokens, words: tokens.flatMap((t, i) => (t.text.trim() ? [i] : [])) };
      });
      const spans: Span[][] = [];
      for (let i = 0; i < docs.length; i += batchSize) {
        const part = docs.slice(i, i + batchSize);
        const nonEmpty = part.filter((d) => d.words.length);
        const found = nonEmpty.length ? await run(nonEmpty) : [];
        let k = 0;
        for (const d of part) spans.push(d.words.length ? found[k++]! : []);
      }
      return examples.map((ex, i) => ({ ...ex, tokens: docs[i]!.tokens, spans: spans[i]! }));
    },
    async dispose() {
      await session.release?.();
    },
  };
}
