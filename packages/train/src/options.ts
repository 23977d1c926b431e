import { modelRef, NerError, pathRef, sourceRef } from '@nerflow/core';
import { z } from 'zod';
import { TrainErrors } from './errors.js';
import { transferOptionsShape } from './transfer/options.js';
import { encoderOption, encoders } from './encoders/registry.js';
import { TOK2VEC_FRESH_OPTIONS } from './encoders/tok2vec.js';
import { ATTRS, type Attr } from './encoders/hashFeatures.js';

/**
 * Options of `nerflow train` / `trainModel`, in four sections (one schema: CLI flags, pipeline YAML
 * and defaults derive from it). Defaults follow spaCy's NER config where it has one.
 */

/** What to train on and where the model goes. */
export const trainDataShape = {
  train: sourceRef('Training data: corpus JSONL, CoNLL file or db:DATASET'),
  db: sourceRef('Database that db:DATASET (--train, --dev) reads, as annotate --db: a SQLite file or a postgresql:// URL (default: NERFLOW_DB or ~/.nerflow/nerflow.db)').optional(),
  dev: sourceRef('Dev data for per-epoch P/R/F1, early stopping and the best checkpoint').optional(),
  holdout: z.number().min(0).max(0.5).default(0.1).describe('Without --dev: the share of training examples held out as dev for early stopping (0: none, train on all)'),
  labels: z.array(z.string().min(1)).optional().describe('Labels to train, comma-separated (default: the labels found in the training data)'),
  out: pathRef('Model folder to write').default('model'),
  overwrite: z.boolean().default(false).describe('Replace the model already in --out (the old one stays until the new one is complete)'),
};

/**
 * Defaults of the encoder section. These keys have no schema default, so that a value the user
 * gave can be told from one nobody gave: `--width` with `--base` is refused instead of ignored.
 * Width, depth and the character model follow the architecture (ARCH_DEFAULTS).
 */
export const ENCODER_DEFAULTS = {
  encoder: 'tok2vec', width: 128, depth: 1, normRows: 10000, chars: 0, charLstm: 25, arch: 'bilstm', pooling: 'first', scheme: 'BILUO',
} as const;

/**
 * The recipe of a fresh tok2vec by context architecture, each the best measured for it on CoNLL-2002
 * (esp.train -> esp.testa, docs/benchmarks/train.md). bilstm, the default, is the reference peer's
 * model on nerflow's hash embeddings: one BiLSTM layer, a character BiLSTM, dropout 0.5 and words
 * seen once replaced by UNKNOWN half the time (dev F1 0.776 vs 0.752 for cnn, seed 1). Dropout 0.5
 * hurt the window encoder (0.739 vs 0.752), hence a default per architecture. bilstm hashes NORM
 * and SHAPE only: its character BiLSTM sees the affixes, and the PREFIX/SUFFIX tables beside it
 * cost dev F1 (0.7745 -> 0.7867 without them, seed 1; with tuned vectors 0.7754 -> 0.7875 over 2
 * seeds, PER +4 points) and time (23.1 -> 18.8 s/epoch). The window encoders have no character
 * model, so they keep all four. With static vectors the BiLSTM is wider (`vectorsWidth`): 200
 * scored 0.8004 against 0.7912 at 128 (2 seeds, the peer 0.7934) and reached its best epoch sooner
 * (198 s against 220 s, seed 1), at 1.6x the time per epoch; from scratch 200 did not help (0.7744
 * vs 0.7772 on 2026-12-02).
 */
export const ARCH_DEFAULTS = {
  bilstm: { width: 128, vectorsWidth: 200, depth: 1, charLstm: 25, dropout: 0.5, unknownWords: 0.5, hashAttrs: ['norm', 'shape'] },
  cnn: { width: 96, vectorsWidth: 96, depth: 4, charLstm: 0, dropout: 0.1, unknownWords: 0, hashAttrs: ATTRS },
  'cnn-bilstm': { width: 96, vectorsWidth: 96, depth: 4, charLstm: 0, dropout: 0.1, unknownWords: 0, hashAttrs: ATTRS },
} as const;

/** A fresh tok2vec's context architecture, width, depth, character BiLSTM and hashed attributes: what was given, else the architecture's recipe (train and pretrain). */
export function encoderShape(given: { arch?: keyof typeof ARCH_DEFAULTS; width?: number; depth?: number; charLstm?: number; hashAttrs?: readonly Attr[]; vectors?: string }) {
  const arch = given.arch ?? ENCODER_DEFAULTS.arch;
  const recipe = ARCH_DEFAULTS[arch];
  const hashAttrs: Attr[] = [...(given.hashAttrs ?? recipe.hashAttrs)];
  return { arch, width: given.width ?? (given.vectors ? recipe.vectorsWidth : recipe.width), depth: given.depth ?? recipe.depth, charLstm: given.charLstm ?? recipe.charLstm, hashAttrs };
}

/** `--hash-attrs` (train and pretrain): the word attributes with a hash-embedding table. */
export const hashAttrsSchema = z.array(z.enum(ATTRS)).min(1);

/** Dropout where the encoder is not a fresh tok2vec (`--base`, `--init-tok2vec`, a transformer) and in teach mode's updates. */
export const DEFAULT_DROPOUT = 0.1;

/** The encoder and the CRF's tag scheme: what a fresh model is made of. */
export const trainEncoderShape = {
  encoder: z.string().optional().describe('tok2vec, or transformer:NAME_OR_PATH (hub id or local ONNX model folder) (default: tok2vec)'),
  vectors: pathRef('Static word vectors for tok2vec (.vec text file or a vectors folder)').optional(),
  vectorsTuning: z.enum(['tuned', 'frozen']).optional().describe('tok2vec --vectors: tuned fine-tunes the vectors of the training words as a word embedding (the peer\'s way), frozen trains only a projection of them (before 2026-12-03) (default: tuned)'),
  initTok2vec: pathRef('Start tok2vec from pretrained weights (the --out folder of nerflow pretrain, or a tok2vec/ folder)').optional(),
  width: z.number().int().positive().optional().describe('tok2vec width (default: 128 for --arch bilstm, 200 with --vectors; 96 for cnn)'),
  depth: z.number().int().positive().optional().describe('tok2vec context layers (BiLSTM or window-encoder layers) (default: 1 for --arch bilstm, 4 for cnn)'),
  normRows: z.number().int().positive().optional().describe('tok2vec: rows of the NORM (lowercase form) hash-embedding table (default: 10000)'),
  hashAttrs: hashAttrsSchema.optional().describe('tok2vec: word attributes with a hash-embedding table, comma-separated, of norm, prefix, suffix, shape; NORM is left out beside tuned --vectors (default: norm,shape for --arch bilstm, all four for cnn)'),
  unknownWords: z.number().min(0).max(0.9).optional().describe('tok2vec: words unseen in training share one UNKNOWN norm, learnt by replacing words seen once with this probability (default: 0.5 with --arch bilstm or --vectors, else 0 = off)'),
  chars: z.number().int().min(0).optional().describe('tok2vec: character-CNN features per word, as filters (default: 0 = off)'),
  charLstm: z.number().int().min(0).optional().describe('tok2vec: character-BiLSTM features per word, as the state width per direction (default: 25 for --arch bilstm, else 0 = off)'),
  arch: z.enum(['cnn', 'bilstm', 'cnn-bilstm']).optional().describe('tok2vec context encoder: bilstm (depth BiLSTM layers), cnn (window maxout, spaCy\'s) or cnn-bilstm (depth window layers, then one BiLSTM layer) (default: bilstm)'),
  pooling: z.enum(['first', 'mean']).optional().describe('transformer: subword pooling per token (default: first)'),
  scheme: z.enum(['BILUO', 'IOB2']).optional().describe('Tag scheme of the CRF (default: BILUO)'),
  localOnly: z.boolean().default(false).describe('Never download models (hub ids fail with a clear error)'),
};

/** The training loop: epochs, batches, optimiser, threads. */
export const trainLoopShape = {
  maxEpochs: z.number().int().positive().default(30).describe('Maximum number of epochs'),
  patience: z.number().int().min(0).default(5).describe('Stop after N epochs without a better dev F1 (0: never)'),
  seed: z.number().int().default(0).describe('Random seed (weights, shuffling, dropout)'),
  batchWords: z.number().int().positive().default(1000).describe('Words per batch'),
  learnRate: z.number().positive().default(0.002).describe('Peak Adam learning rate'),
  warmupSteps: z.number().int().min(0).default(250).describe('Linear learning-rate warm-up steps'),
  dropout: z.number().min(0).max(0.9).optional().describe('Dropout rate (default: 0.5 for a fresh --arch bilstm tok2vec, else 0.1)'),
  average: z.boolean().default(true).describe('Score dev and save the model with moving averages of the weights (spaCy/thinc use_averages; --no-average: the last weights)'),
  clip: z.number().min(0).default(5).describe('Clip gradients to this global norm (0: off)'),
  threads: z.number().int().min(0).default(0).describe('Training threads (0: all cores from 20,000 training words): threaded matrix products with the native kernels, else data-parallel replicas; same results up to float rounding'),
};

/** The option keys of each section (transfer: transfer/options.ts). */
export const TRAIN_SECTIONS = {
  data: Object.keys(trainDataShape), encoder: Object.keys(trainEncoderShape), loop: Object.keys(trainLoopShape), transfer: Object.keys(transferOptionsShape),
} as const;

export const trainOptionsSchema = z.object({ ...trainDataShape, ...trainEncoderShape, ...trainLoopShape, ...transferOptionsShape });

type ParsedTrainOptions = z.output<typeof trainOptionsSchema>;
/** Parsed train options with the encoder defaults filled in (what `parseTrainOptions` returns). */
export type TrainOptions = Omit<ParsedTrainOptions, keyof typeof ENCODER_DEFAULTS | 'dropout' | 'oldTypes' | 'hashAttrs'> & {
  dropout: number;
  /** With --base: 'frozen' unless given; without: undefined. */
  oldTypes?: 'frozen' | 'trained';
  encoder: string; width: number; depth: number; normRows: number; chars: number; charLstm: number; hashAttrs: Attr[];
  arch: 'cnn' | 'bilstm' | 'cnn-bilstm'; pooling: 'first' | 'mean'; scheme: 'BILUO' | 'IOB2';
};
export type TrainOptionsInput = z.input<typeof trainOptionsSchema>;

const FRESH_TOK2VEC = TOK2VEC_FRESH_OPTIONS;

/**
 * Combinations where some options would have no effect, each with the reason. `--init-tok2vec`
 * with `--base` is not one: the base's encoder takes the pretrained weights (issue 21).
 */
type Key = keyof ParsedTrainOptions;

/** The options of other encoder kinds than `--encoder`'s (each registry entry lists its own), by the kind that takes them. */
function foreignEncoderOptions(o: ParsedTrainOptions): Map<Key, string> {
  const mine = encoderOption(o.encoder ?? ENCODER_DEFAULTS.encoder).entry;
  const out = new Map<Key, string>();
  for (const e of encoders.names().map((n) => encoders.get(n))) {
    if (e.type !== mine.type) for (const k of e.options) if (!mine.options.includes(k)) out.set(k as Key, e.type);
  }
  return out;
}

const UNUSED: { when: (o: ParsedTrainOptions) => string | null; keys: readonly Key[] | ((o: ParsedTrainOptions) => Key[]); why: string | ((o: ParsedTrainOptions, given: Key[]) => string) }[] = [
  { when: (o) => (o.base ? `--base ${o.base}` : null), keys: ['encoder', ...FRESH_TOK2VEC, 'pooling', 'scheme'], why: 'the base model keeps its own encoder, vocabulary and tag scheme' },
  { when: (o) => (o.initTok2vec && !o.base ? `--init-tok2vec ${o.initTok2vec}` : null), keys: FRESH_TOK2VEC, why: 'the pretrained encoder brings its own architecture, vectors and vocabulary' },
  {
    when: (o) => (o.base ? null : o.encoder ? `--encoder ${o.encoder}` : `a ${ENCODER_DEFAULTS.encoder} encoder`),
    keys: (o) => [...foreignEncoderOptions(o).keys()],
    why: (o, given) => {
      const kinds = [...new Set(given.map((k) => foreignEncoderOptions(o).get(k)!))].join(' and ');
      return given.length > 1 ? `those are ${kinds} options` : `${flag(given[0]!)} is a ${kinds} option`;
    },
  },
  { when: (o) => (!o.vectors && !o.base && !o.initTok2vec ? 'no --vectors' : null), keys: ['vectorsTuning'], why: 'there are no static vectors to tune or freeze' },
  { when: (o) => (!o.base ? 'no --base' : null), keys: ['rehearsal'], why: 'rehearsal examples are labelled by the base model' },
  { when: (o) => (!o.base ? 'no --base' : null), keys: ['oldTypes'], why: 'old types are those of the base model' },
];

const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Parses train options (`nerflow train`, the `train` pipeline step, `trainModel`), refuses
 * options that the others would make useless, and fills the encoder defaults.
 * @throws NerError E_TRAIN_OPTION_CONFLICT naming the flags and why they cannot apply.
 */
export function parseTrainOptions(input: TrainOptionsInput): TrainOptions {
  const o = trainOptionsSchema.parse(input);
  if (o.encoder !== undefined) encoderOption(o.encoder); // an unknown --encoder is refused before any data is read
  for (const rule of UNUSED) {
    const cause = rule.when(o);
    if (!cause) continue;
    const given = (typeof rule.keys === 'function' ? rule.keys(o) : rule.keys).filter((k) => o[k] !== undefined);
    if (given.length) {
      const why = typeof rule.why === 'function' ? rule.why(o, given) : rule.why;
      throw new NerError(TrainErrors.OPTION_CONFLICT, `${cause}: ${given.map(flag).join(', ')} would have no effect (${why}).`, {
        hint: `Remove ${given.map(flag).join(', ')}${cause.startsWith('--') ? `, or train without ${cause.split(' ')[0]}` : ''}.`,
      });
    }
  }
  const filled = { ...o, ...Object.fromEntries(Object.entries(ENCODER_DEFAULTS).map(([k, v]) => [k, o[k as keyof typeof ENCODER_DEFAULTS] ?? v])) } as TrainOptions;
  const recipe = ARCH_DEFAULTS[filled.arch];
  const fresh = !o.base && !o.initTok2vec && encoderOption(filled.encoder).entry.type === 'tok2vec';
  return {
    ...filled,
    ...encoderShape({ ...o, arch: filled.arch }),
    dropout: o.dropout ?? (fresh ? recipe.dropout : DEFAULT_DROPOUT),
    oldTypes: o.base ? (o.oldTypes ?? 'frozen') : undefined,
    unknownWords: o.unknownWords ?? (fresh ? (o.vectors ? 0.5 : recipe.unknownWords) : undefined),
    vectorsTuning: o.vectorsTuning ?? (fresh && o.vectors ? 'tuned' : undefined),
  };
}

/** Trainer settings across core's `trainers` boundary (eval curve, annotate): train options, each optional. */
export type TrainerSettings = Partial<TrainOptionsInput>;

/**
 * Checks settings that came through core's `trainers` registry: an unknown key (a typo such as
 * `maxEpoch`) is an error, never dropped; values are checked by the schema.
 */
export function parseTrainerSettings(settings: unknown): TrainerSettings {
  const parsed = trainOptionsSchema.partial().strict().safeParse(settings ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    throw new NerError(TrainErrors.BAD_SETTINGS, keys.length
      ? `trainer settings: unknown ${keys.length > 1 ? 'keys' : 'key'} ${keys.map((k) => `"${k}"`).join(', ')}`
      : `trainer settings: ${issue.path.join('.') || 'settings'}: ${issue.message}`, {
      hint: `Settings are nerflow train options by their schema names: ${Object.keys(trainOptionsSchema.shape).join(', ')}.`,
    });
  }
  return settings as TrainerSettings;
}

/** Options of `nerflow predict`, the `predict` pipeline step and `runPredict`. */
export const predictOptionsSchema = z.object({
  model: modelRef('Model folder written by nerflow train, or a shipped model (es-base)'),
  input: sourceRef('Corpus JSONL, CoNLL file, plain .txt (one text per line), db:DATASET or - for stdin'),
  out: pathRef('Output corpus JSONL (- for stdout; .gz compresses)').default('-'),
  db: sourceRef('Database that db:DATASET input reads (default: NERFLOW_DB or ~/.nerflow/nerflow.db)').optional(),
  batchWords: z.number().int().positive().default(4000).describe('Words per prediction batch'),
  scores: z.boolean().default(true).describe('Add span probabilities (an extra CRF pass per span)'),
  threads: z.number().int().min(0).default(0).describe('Prediction threads: worker copies of the model, same spans (0: all cores)'),
  localOnly: z.boolean().default(false).describe('Never download models'),
  allowIncomplete: z.boolean().default(false).describe('Use a checkpoint of an unfinished training (complete: false)'),
});

export type PredictOptions = z.output<typeof predictOptionsSchema>;
export type PredictOptionsInput = z.input<typeof predictOptionsSchema>;
