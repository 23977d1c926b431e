import { z } from 'zod';
import { datasetRef, pathRef, sourceRef } from '@nerflow/core';

/**
 * Options of the terms stage's commands: one schema each, from which the CLI flags, pipeline YAML
 * validation and defaults derive.
 */
export const vectorsTrainSchema = z.object({
  corpus: sourceRef('corpus to train on: examples.jsonl(.gz) from `nerflow ingest`, or a plain text file'),
  out: pathRef('vectors store to write (e.g. vectors.nfv); the fastText model is kept beside it as NAME.fasttext.bin'),
  engine: z.enum(['auto', 'native', 'wasm']).default('auto').describe('fastText build: the `fasttext` binary when on the PATH (auto), or fasttext.wasm'),
  dim: z.number().int().min(2).max(1000).default(100).describe('vector dimensions (50 suits a corpus under ~1M words)'),
  epochs: z.number().int().min(0).default(0).describe('passes over the corpus (0 = auto: about 4M words processed, 5..30 passes; small corpora need many)'),
  lr: z.number().min(0).default(0).describe('learning rate (0 = auto: 0.1 under 1M words, else fastText\'s 0.05)'),
  minCount: z.number().int().min(1).default(3).describe('ignore words seen fewer times'),
  window: z.number().int().min(1).default(5).describe('context window (words each side)'),
  bucket: z.number().int().min(0).default(100_000).describe('hash buckets for character n-grams (the wasm build needs this small)'),
  threads: z.number().int().min(1).default(1).describe('threads for the native binary; 1 is bit-for-bit reproducible with --seed, more is faster but not'),
  seed: z.number().int().min(0).default(0).describe('random seed'),
  phrases: z.boolean().default(true).describe('detect multi-word phrases first (base_de_datos)'),
  phraseMinCount: z.number().int().min(1).default(5).describe('minimum count of a phrase'),
  phraseThreshold: z.number().min(-1).max(1).default(0.5).describe('minimum NPMI score of a phrase'),
});

export const vectorsLoadSchema = z.object({
  file: pathRef('text vectors (word2vec/fastText .vec, GloVe .txt, .gz ok), or a vectors store to prune with --max-words'),
  out: pathRef('vectors store to write'),
  maxWords: z.number().int().min(1).optional().describe('keep only the first N (most frequent) words'),
  lowercase: z.boolean().default(false).describe('lower-case words (first spelling wins)'),
});

export const vectorsNeighboursSchema = z.object({
  vectors: pathRef('vectors store'),
  term: z.string().describe('word or phrase ("base de datos")'),
  n: z.number().int().min(1).default(20).describe('how many neighbours'),
});

export const termsTeachSchema = z.object({
  vectors: pathRef('vectors store (from `nerflow vectors train` or `vectors load`)'),
  seeds: z.array(z.string()).default([]).describe('seed terms, comma-separated: "python,java,base de datos"'),
  label: z.string().min(1).describe('entity label the terms are for (e.g. LENGUAJE)'),
  dataset: datasetRef('dataset to store the answers in (created if absent; resumed if it has answers)'),
  db: sourceRef('SQLite database (default: $NERFLOW_DB or ~/.nerflow/nerflow.db)').optional(),
  session: z.string().default('').describe('annotator/session name'),
  beta: z.number().min(0).default(0.5).describe('how hard rejected terms push the query away'),
  limit: z.number().int().min(0).default(0).describe('stop after N answers (0 = until you quit)'),
  general: z.string().optional().describe('general vectors mixed with the corpus ones: a vectors store, or a model with static vectors (default es-base when installed; none = off)'),
  mix: z.number().min(0).max(1).default(0.5).describe("weight of the corpus vectors' cosine against the general vectors' (1 = corpus only)"),
  corpus: sourceRef("corpus for phrase/spelling variants and rare words (default: the vectors' training corpus, when still there)").optional(),
  variants: z.number().int().min(0).default(3).describe('phrase/spelling variants from the corpus proposed after each accepted term (0 = none)'),
});

export const termsToPatternsSchema = z.object({
  dataset: datasetRef('dataset with the teach answers, or its export (a .jsonl file from nerflow db export)'),
  label: z.string().min(1).describe('label of the patterns (and of the terms to take)'),
  out: pathRef('patterns JSONL to write (- = stdout)').default('-'),
  db: sourceRef('SQLite database (default: $NERFLOW_DB or ~/.nerflow/nerflow.db)').optional(),
  caseSensitive: z.boolean().default(false).describe('exact-case `orth` patterns instead of `lower`'),
  plurals: z.boolean().default(false).describe('add Spanish plural variants (bases de datos)'),
  phrase: z.boolean().default(false).describe('phrase patterns ("pattern": "base de datos") instead of token patterns'),
});

export const termsMatchSchema = z.object({
  corpus: sourceRef('corpus to tag: JSONL or CoNLL'),
  patterns: pathRef('patterns JSONL (spaCy/Prodigy format)'),
  out: pathRef('corpus JSONL to write, with pattern spans (- = stdout)'),
  phraseAttr: z.enum(['orth', 'lower']).default('orth').describe('what phrase patterns compare'),
  top: z.number().int().min(0).default(20).describe('how many per-pattern counts to print'),
  existing: z.enum(['keep', 'drop']).default('keep').describe("spans already in the corpus: keep them (overlapping matches are dropped) or drop them (patterns' spans only)"),
});

export type VectorsTrainOptions = z.output<typeof vectorsTrainSchema>;
export type TermsTeachOptions = z.output<typeof termsTeachSchema>;
