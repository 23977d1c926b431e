import { z } from 'zod';
import { transferOptionsShape } from './transfer/options.js';

/**
 * Options of `nerflow train` / `trainModel` (one schema: CLI flags, pipeline YAML and defaults
 * derive from it). Defaults follow spaCy's NER config where it has one.
 */
export const trainOptionsSchema = z.object({
  train: z.string().describe('Training data: corpus JSONL, CoNLL file or db:DATASET'),
  db: z.string().optional().describe('Database that db:DATASET (--train, --dev) reads, as annotate --db: a SQLite file or a postgresql:// URL (default: NERFLOW_DB or ~/.nerflow/nerflow.db)'),
  dev: z.string().optional().describe('Dev data for per-epoch P/R/F1, early stopping and the best checkpoint'),
  holdout: z.number().min(0).max(0.5).default(0.1).describe('Without --dev: the share of training examples held out as dev for early stopping (0: none, train on all)'),
  encoder: z.string().default('tok2vec').describe('tok2vec, or transformer:NAME_OR_PATH (hub id or local ONNX model folder)'),
  vectors: z.string().optional().describe('Static word vectors for tok2vec (.vec text file or a vectors folder)'),
  initTok2vec: z.string().optional().describe('Start tok2vec from pretrained weights (the --out folder of nerflow pretrain, or a tok2vec/ folder)'),
  out: z.string().default('model').describe('Model folder to write'),
  overwrite: z.boolean().default(false).describe('Replace the model already in --out (the old one stays until the new one is complete)'),
  labels: z.string().optional().describe('Comma-separated labels (default: the labels found in the training data)'),
  scheme: z.enum(['BILUO', 'IOB2']).default('BILUO').describe('Tag scheme of the CRF'),
  maxEpochs: z.number().int().positive().default(30).describe('Maximum number of epochs'),
  patience: z.number().int().min(0).default(5).describe('Stop after N epochs without a better dev F1 (0: never)'),
  seed: z.number().int().default(0).describe('Random seed (weights, shuffling, dropout)'),
  batchWords: z.number().int().positive().default(1000).describe('Words per batch'),
  learnRate: z.number().positive().default(0.002).describe('Peak Adam learning rate'),
  warmupSteps: z.number().int().min(0).default(250).describe('Linear learning-rate warm-up steps'),
  dropout: z.number().min(0).max(0.9).default(0.1).describe('Dropout rate'),
  average: z.boolean().default(true).describe('Score dev and save the model with moving averages of the weights (spaCy/thinc use_averages; --no-average: the last weights)'),
  clip: z.number().min(0).default(5).describe('Clip gradients to this global norm (0: off)'),
  threads: z.number().int().min(0).default(0).describe('Training threads (0: all cores from 20,000 training words): threaded matrix products with the native kernels, else data-parallel replicas; same results up to float rounding'),
  width: z.number().int().positive().default(96).describe('tok2vec width'),
  depth: z.number().int().positive().default(4).describe('tok2vec context layers (window-encoder or BiLSTM layers)'),
  normRows: z.number().int().positive().default(10000).describe('tok2vec: rows of the NORM (lowercase form) hash-embedding table'),
  unknownWords: z.number().min(0).max(0.9).optional().describe('tok2vec: words unseen in training share one UNKNOWN norm, learnt by replacing words seen once with this probability (default: 0.5 with --vectors, where it measured +1.3 F1, else 0 = off)'),
  chars: z.number().int().min(0).default(0).describe('tok2vec: character-CNN features per word, as filters (0: off)'),
  arch: z.enum(['cnn', 'bilstm']).default('cnn').describe('tok2vec context encoder: cnn (window maxout, fast) or bilstm'),
  pooling: z.enum(['first', 'mean']).default('first').describe('transformer: subword pooling per token'),
  localOnly: z.boolean().default(false).describe('Never download models (hub ids fail with a clear error)'),
  ...transferOptionsShape,
});

export type TrainOptions = z.output<typeof trainOptionsSchema>;
export type TrainOptionsInput = z.input<typeof trainOptionsSchema>;

export const predictOptionsSchema = z.object({
  model: z.string().describe('Model folder written by nerflow train'),
  input: z.string().describe('Corpus JSONL, CoNLL file, plain .txt (one text per line) or - for stdin'),
  out: z.string().default('-').describe('Output corpus JSONL (- for stdout; .gz compresses)'),
  batchWords: z.number().int().positive().default(4000).describe('Words per prediction batch'),
  scores: z.boolean().default(true).describe('Add span probabilities (an extra CRF pass per span)'),
  threads: z.number().int().min(0).default(0).describe('Prediction threads: worker copies of the model, same spans (0: all cores)'),
  localOnly: z.boolean().default(false).describe('Never download models'),
  allowIncomplete: z.boolean().default(false).describe('Use a checkpoint of an unfinished training (complete: false)'),
});

export type PredictOptions = z.output<typeof predictOptionsSchema>;
