import os from 'node:os';
import path from 'node:path';
import { readFile, rm } from 'node:fs/promises';
import { z } from 'zod';
import { NerError } from '@nerflow/corpus';
import { modelRef, pathRef, quietContext, resolveModelDir, type StageContext } from '@nerflow/core';
import { initBackend } from '../tf/backend.js';
import { Rng } from '../tf/rng.js';
import { learningRate } from '../training/adam.js';
import { hashAttrsConfig, type Tok2VecConfig } from '../encoders/tok2vec.js';
import { charLstmConfig } from '../encoders/charLstm.js';
import { encoderShape, hashAttrsSchema } from '../options.js';
import { resolveTok2vecDir } from '../transfer/initTok2vec.js';
import type { PretrainReplica } from './replica.js';
import { DEFAULT_OBJECTIVE } from './objective.js';
import { maskDocs } from './masking.js';
import { rawTextFiles, readRawSentences } from './rawText.js';
import { DataParallel } from './pool.js';
import { LAST, checkFingerprint, loadCheckpoint, readState, saveCheckpoint, type PretrainState } from './checkpoint.js';
import { PretrainErrors } from './errors.js';

export const pretrainOptionsSchema = z.object({
  inputs: z.array(pathRef('Raw text: .txt files, corpus .jsonl files, or folders of them')).min(1),
  out: pathRef('Output folder (checkpoints in OUT/model-last; pass OUT to `nerflow train --init-tok2vec`)'),
  objective: z.enum(['characters', 'vectors']).default('characters')
    .describe('What to predict for each hidden word: its first/last characters, or its static vector (cosine loss)'),
  vectors: pathRef('Static vectors (.vec or vectors folder): encoder input features, and targets of --objective vectors').optional(),
  maxSteps: z.number().int().positive().default(10_000).describe('Stop after this many updates'),
  maxSeconds: z.number().nonnegative().default(0).describe('Stop after this much training time, checkpointing first (0: no limit)'),
  maxWords: z.number().int().nonnegative().default(0).describe('Read at most this many words of raw text (0: all)'),
  batchWords: z.number().int().positive().default(2000).describe('Words per update'),
  learnRate: z.number().positive().default(0.001),
  warmupSteps: z.number().int().nonnegative().default(100),
  dropout: z.number().min(0).max(0.9).default(0.2),
  maskProb: z.number().gt(0).lt(1).default(0.15).describe('Share of words hidden per batch'),
  clip: z.number().nonnegative().default(5).describe('Global gradient-norm clip (0: none)'),
  checkpointEvery: z.number().int().positive().default(200).describe('Save OUT/model-last every N steps'),
  keepCheckpoints: z.boolean().default(false).describe('Also keep each checkpoint\'s encoder as OUT/step-N'),
  arch: z.enum(['cnn', 'bilstm', 'cnn-bilstm']).optional()
    .describe('Context encoder, as nerflow train --arch (the NER model inherits it): bilstm, cnn (window maxout) or cnn-bilstm (default: bilstm)'),
  width: z.number().int().positive().optional().describe('Encoder width (the NER model inherits it) (default: 128 for --arch bilstm, 96 for cnn)'),
  depth: z.number().int().positive().optional().describe('Encoder layers (default: 1 for --arch bilstm, 4 for cnn)'),
  charLstm: z.number().int().min(0).optional().describe('Character-BiLSTM features per word, as the state width per direction (default: 25 for --arch bilstm, else 0 = off)'),
  hashAttrs: hashAttrsSchema.optional().describe('Word attributes with a hash-embedding table, as nerflow train --hash-attrs (default: norm,shape for --arch bilstm, all four for cnn)'),
  seed: z.number().int().default(0),
  workers: z.number().int().positive().default(Math.min(2, os.availableParallelism?.() ?? os.cpus().length))
    .describe('Threads sharing each batch (gradients are summed: same result as 1, faster)'),
  initTok2vec: modelRef('Continue from this encoder (a model folder such as es-base, its tok2vec/, or a pretrain --out): its architecture and vectors, its weights as the start').optional(),
  fresh: z.boolean().default(false).describe('Start over even when OUT holds a checkpoint (default: resume)'),
});

export type PretrainOptions = z.input<typeof pretrainOptionsSchema>;

export interface PretrainResult {
  out: string;
  /** The encoder folder to pass to --init-tok2vec. */
  encoderDir: string;
  steps: number;
  words: number;
  seconds: number;
  /** Words per second of this run (all words of every batch, not only the hidden ones). */
  wordsPerSecond: number;
  resumedFrom: number | null;
  losses: [number, number][];
  sentences: number;
  stoppedBy: 'max-steps' | 'max-seconds' | 'aborted';
}

/**
 * Self-supervised pretraining of the tok2vec encoder on raw text (`nerflow pretrain`, spaCy's
 * `spacy pretrain`): words are hidden and the encoder, from the context alone, learns to predict
 * their first and last characters (or their static vector). Checkpoints every `checkpointEvery`
 * steps, resumes from OUT's checkpoint, reports loss and words/s through `ctx.progress`, and is
 * deterministic for a given `seed` and `workers`-independent (see DataParallel).
 */
export async function pretrain(options: PretrainOptions, ctx: StageContext = quietContext()): Promise<PretrainResult> {
  const o = pretrainOptionsSchema.parse(options);
  // No schema defaults for the shape, so that a value given beside --init-tok2vec can be told from none.
  const shape = (['arch', 'width', 'depth', 'charLstm'] as const).filter((k) => o[k] !== undefined);
  if (o.initTok2vec && shape.length) {
    const given = shape.map((k) => `--${k === 'charLstm' ? 'char-lstm' : k}`);
    throw new NerError(PretrainErrors.BAD_OPTIONS, `--init-tok2vec ${o.initTok2vec}: ${given.join(', ')} would have no effect (the encoder continued from keeps its own architecture)`, {
      hint: `Remove ${given.join(', ')}, or pretrain a fresh encoder without --init-tok2vec.`,
    });
  }
  if (o.objective === 'vectors' && !o.vectors) {
    throw new NerError(PretrainErrors.BAD_OPTIONS, '--objective vectors needs --vectors', {
      hint: 'Pass --vectors FILE.vec (e.g. from `nerflow vectors train`), or use --objective characters.',
    });
  }
  await initBackend();
  const files = rawTextFiles(o.inputs);
  const sentences: string[][] = [];
  for await (const s of readRawSentences(files, { maxWords: o.maxWords })) sentences.push(s);
  if (!sentences.length) {
    throw new NerError(PretrainErrors.NO_TEXT, `No sentences of 3 words or more in ${o.inputs.join(', ')}`, {
      hint: 'Pass files with running text (one paragraph or sentence per line, or corpus JSONL with a "text" field).',
    });
  }
  const totalWords = sentences.reduce((a, s) => a + s.length, 0);
  ctx.log.info(`pretrain: ${sentences.length} sentences, ${totalWords} words from ${files.length} file(s)`);
  const from = o.initTok2vec ? await continuedEncoder(o.initTok2vec) : null;
  const spec = {
    encoder: from?.config ?? freshEncoder(o), objective: { ...DEFAULT_OBJECTIVE, kind: o.objective },
    seed: o.seed, inputVectors: from ? from.vectors : (o.vectors ?? null), targetVectors: o.objective === 'vectors' ? o.vectors! : null,
    // Only when set: the fingerprints of runs from before it stay the same, so they still resume.
    ...(from?.tuneVectors ? { tuneVectors: true } : {}),
  };
  const fingerprint = { ...spec, inputs: files.map((f) => path.resolve(f)), maxWords: o.maxWords, batchWords: o.batchWords, maskProb: o.maskProb, initTok2vec: from?.dir ?? null };
  if (o.fresh) await rm(path.join(o.out, LAST), { recursive: true, force: true });
  const saved = await readState(o.out);
  if (saved) checkFingerprint(saved, fingerprint, o.out);
  const state: PretrainState = saved ?? {
    format: 'nerflow.pretrain.v1', step: 0, epoch: 0, cursor: 0, words: 0, seconds: 0, fingerprint, losses: [],
    provenance: {
      objective: o.objective, inputs: files, vectors: o.vectors ?? null, seed: o.seed, words: totalWords,
      nerflowPretrain: 'nerflow.pretrain.v1', continuedFrom: from?.dir ?? null,
    },
  };
  if (saved) ctx.log.info(`pretrain: resuming from step ${saved.step} (${o.out}/${LAST})`);
  const init = saved ? (r: PretrainReplica) => loadCheckpoint(o.out, r) : from ? async (r: PretrainReplica) => { await r.encoder.store.load(from.dir); } : undefined;
  const dp = await DataParallel.start(spec, o.workers, init);
  const t0 = performance.now();
  const startStep = state.step;
  const startWords = state.words;
  let order = epochOrder(sentences.length, o.seed, state.epoch);
  let interval = { loss: 0, count: 0 };
  const recent: number[] = [];
  let stoppedBy: PretrainResult['stoppedBy'] = 'max-steps';
  const elapsed = () => (performance.now() - t0) / 1000;
  const checkpoint = async () => {
    if (interval.count) state.losses.push([state.step, interval.loss / interval.count]);
    interval = { loss: 0, count: 0 };
    state.seconds = (saved?.seconds ?? 0) + elapsed();
    await saveCheckpoint(o.out, dp.local, state, o.keepCheckpoints);
  };
  try {
    while (state.step < o.maxSteps) {
      if (ctx.signal.aborted) { stoppedBy = 'aborted'; break; }
      if (o.maxSeconds && elapsed() >= o.maxSeconds) { stoppedBy = 'max-seconds'; break; }
      const batch: string[][] = [];
      let words = 0;
      while (words < o.batchWords) {
        if (state.cursor >= order.length) { state.epoch++; state.cursor = 0; order = epochOrder(sentences.length, o.seed, state.epoch); }
        const s = sentences[order[state.cursor++]!]!;
        batch.push(s);
        words += s.length;
      }
      const lr = learningRate(state.step, o.learnRate, o.warmupSteps, o.maxSteps);
      const docs = maskDocs(batch, o.maskProb, o.seed * 1_000_003 + state.step);
      const r = await dp.step(docs, o.dropout, o.seed * 1_000_003 + state.step, lr, o.clip);
      state.step++;
      state.words += words;
      interval.loss += r.loss * r.count;
      interval.count += r.count;
      recent.push(r.loss);
      if (recent.length > 20) recent.shift();
      const wps = (state.words - startWords) / Math.max(1e-9, elapsed());
      ctx.progress({
        unit: 'steps', done: state.step, total: o.maxSteps, phase: `pretrain epoch ${state.epoch + 1}`,
        stats: { loss: +(recent.reduce((a, b) => a + b, 0) / recent.length).toFixed(4), 'words/s': Math.round(wps) },
      });
      if (state.step % o.checkpointEvery === 0) {
        await checkpoint();
        ctx.log.info(`pretrain: step ${state.step} loss ${state.losses.at(-1)?.[1].toFixed(4)} ${Math.round(wps)} words/s (checkpoint saved)`);
      }
      await new Promise((res) => setImmediate(res)); // let abort signals and progress output through
    }
    if (state.step % o.checkpointEvery !== 0 || state.step === startStep) await checkpoint();
  } finally {
    await dp.close();
  }
  const seconds = elapsed();
  return {
    out: o.out, encoderDir: path.join(o.out, LAST), steps: state.step, words: state.words, seconds,
    wordsPerSecond: (state.words - startWords) / Math.max(1e-9, seconds), resumedFrom: saved ? startStep : null,
    losses: state.losses, sentences: sentences.length, stoppedBy,
  };
}

/**
 * A fresh encoder's architecture: the recipe `nerflow train` gives the same `--arch` (ARCH_DEFAULTS),
 * so that `nerflow train --init-tok2vec OUT` fine-tunes the model a from-scratch training would build.
 */
function freshEncoder(o: z.output<typeof pretrainOptionsSchema>): Partial<Tok2VecConfig> {
  // Without train's wider BiLSTM for --vectors (measured for training only; 1.6x the time per step).
  const { charLstm, hashAttrs, ...shape } = encoderShape({ ...o, vectors: undefined });
  return { ...shape, charLstm: charLstmConfig(charLstm), attrs: hashAttrsConfig(hashAttrs, undefined) };
}

/**
 * The encoder a run continues from (`--init-tok2vec`, e.g. es-base): its config without the vectors'
 * path (the vectors are read from its own folder), so the result fits that model's head again
 * (`nerflow train --base es-base --init-tok2vec OUT`).
 */
async function continuedEncoder(dir: string): Promise<{ dir: string; config: Partial<Tok2VecConfig>; vectors: string | null; tuneVectors: boolean }> {
  const found = resolveTok2vecDir(resolveModelDir(dir));
  const { vectors, ...config } = JSON.parse(await readFile(path.join(found, 'config.json'), 'utf8')) as Tok2VecConfig;
  // Tuned vectors (es-base v5) stay tuned: their offsets are weights of the encoder the result must fit.
  return { dir: found, config, vectors: vectors ? path.join(found, 'vectors') : null, tuneVectors: vectors?.tune === true };
}

/** Sentence order of an epoch: a seeded shuffle, so a resumed run sees the same batches. */
function epochOrder(n: number, seed: number, epoch: number): number[] {
  return new Rng(seed * 9973 + epoch + 1).shuffle(Array.from({ length: n }, (_, i) => i));
}
