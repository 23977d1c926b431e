/**
 * `nerflow vectors neighbours` and `vectors load`: opening a store, vectors for unknown words via
 * the fastText model kept next to it, and nearest neighbours of a term.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { quietContext, type StageContext } from '@nerflow/core';
import { VectorStore, type Neighbour } from './vector-store.js';
import { loadSubwordModel, type SubwordModel } from './fasttext/subwords.js';
import { readVecFile } from './read-vec.js';
import { resolveTerm, termDisplay } from './term-key.js';
import { termsError, TermsErrors } from './errors.js';

/** Loads a store, explaining what to do when the file is missing. */
export function openVectors(path: string): VectorStore {
  if (!existsSync(path)) {
    throw termsError(TermsErrors.NO_VECTORS, `No vectors store at ${path}.`, {
      file: path, hint: 'Make one with `nerflow vectors train CORPUS --out VECTORS` or `nerflow vectors load FILE.vec --out VECTORS`.',
    });
  }
  return VectorStore.load(path);
}

/** The fastText model that came with a trained store (for subword vectors), or undefined. */
export async function subwordModelFor(storePath: string, store: VectorStore): Promise<SubwordModel | undefined> {
  if (!store.meta.subwordModel) return undefined;
  const bin = join(dirname(storePath), store.meta.subwordModel);
  return existsSync(bin) ? loadSubwordModel(bin) : undefined;
}

export interface NeighboursResult {
  /** The vocabulary entry looked up. */
  term: string;
  /** True when the term is not in the vocabulary and its vector came from subwords. */
  oov: boolean;
  neighbours: (Neighbour & { display: string })[];
}

/**
 * The `n` nearest vocabulary entries to a term by cosine.
 * @throws NerError E_TERMS_OOV when the term is unknown and no subword model came with the store.
 * @example (await neighbours('vectors.nfv', 'python', 5)).neighbours[0] // { word: 'java', score: 0.81, display: 'Java' }
 */
export async function neighbours(storePath: string, term: string, n = 20): Promise<NeighboursResult> {
  const store = openVectors(storePath);
  const key = resolveTerm((w) => store.has(w), term);
  let query = store.vector(key);
  let oov = false;
  if (!query) {
    const sub = await subwordModelFor(storePath, store);
    if (!sub) {
      throw termsError(TermsErrors.OOV, `"${term}" is not in the vectors (${store.size} words) and they have no subword model.`, {
        hint: 'Try another spelling or a more frequent term; vectors trained with `nerflow vectors train` keep a fastText model that gives vectors to unknown words.',
      });
    }
    query = sub.vector(key);
    sub.dispose();
    oov = true;
  }
  const self = store.indexOf(key);
  return {
    term: key, oov,
    neighbours: store.nearest(query, n, (i) => i === self).map((nb) => ({ ...nb, display: termDisplay(nb.word, store.meta.display) })),
  };
}

export interface LoadVectorsOptions {
  file: string;
  out: string;
  maxWords?: number;
  lowercase?: boolean;
}

/**
 * Converts a `.vec`/GloVe text file into a store, or prunes a store to its first (most frequent)
 * `maxWords` words, as `spacy init vectors --prune` does: what a model that ships its vectors needs.
 */
export async function loadVectors(options: LoadVectorsOptions, ctx: StageContext = quietContext()): Promise<{ out: string; words: number; dim: number; duplicates: number; seconds: number }> {
  const t0 = Date.now();
  const { store, duplicates } = VectorStore.isStoreFile(options.file)
    ? { store: VectorStore.load(options.file).head(options.maxWords ?? Infinity, `prune:${options.file}`), duplicates: 0 }
    : await readVecFile(options.file, { maxWords: options.maxWords, lowercase: options.lowercase }, ctx);
  store.save(options.out);
  return { out: options.out, words: store.size, dim: store.dim, duplicates, seconds: (Date.now() - t0) / 1000 };
}

