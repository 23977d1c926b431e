/**
 * General Spanish vectors for the teach loop: a vectors store (`nerflow vectors load|train`), or the
 * static vectors a model ships (`model/tok2vec/vectors/{vectors.json,vectors.bin}`, e.g. es-base's
 * 40,000 x 64 trained on ~7M words of reusable text). Model names resolve through core's
 * `resolveModelDir`, the one place names become folders.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveModelDir } from '@nerflow/core';
import { VectorStore } from './vector-store.js';
import { termsError, TermsErrors } from './errors.js';

/** What `--general` means when not given. */
export const DEFAULT_GENERAL = 'es-base';

function staticVectorsFolder(dir: string): string | undefined {
  for (const d of [join(dir, 'tok2vec', 'vectors'), join(dir, 'vectors'), dir]) {
    if (existsSync(join(d, 'vectors.json')) && existsSync(join(d, 'vectors.bin'))) return d;
  }
  return undefined;
}

/**
 * Loads general vectors. `none` (or '') turns them off; the default name, when its package is not
 * installed, gives undefined (the loop runs on the corpus vectors alone) and a note saying so.
 * @throws NerError E_TERMS_NO_VECTORS for an explicit reference that is neither a store nor a model with vectors.
 */
export function loadGeneralVectors(ref: string | undefined): { store?: VectorStore; note?: string } {
  const name = ref ?? DEFAULT_GENERAL;
  if (name === '' || name === 'none') return {};
  if (existsSync(name) && VectorStore.isStoreFile(name)) return { store: VectorStore.load(name) };
  const dir = resolveModelDir(name);
  const folder = existsSync(dir) ? staticVectorsFolder(dir) : undefined;
  if (!folder) {
    if (ref === undefined) return { note: `general vectors: ${DEFAULT_GENERAL} is not installed, using the corpus vectors alone` };
    throw termsError(TermsErrors.NO_VECTORS, `No general vectors at "${name}": not a vectors store, nor a model folder with tok2vec/vectors/vectors.json + vectors.bin.`, {
      file: name, hint: 'Pass a vectors store (`nerflow vectors load cc.es.300.vec.gz --out es.nfv`), a model with static vectors (es-base), or --general none.',
    });
  }
  const meta = JSON.parse(readFileSync(join(folder, 'vectors.json'), 'utf8')) as { dim?: unknown; words?: unknown };
  const bin = readFileSync(join(folder, 'vectors.bin'));
  const words = Array.isArray(meta.words) ? (meta.words as unknown[]).map(String) : [];
  const dim = typeof meta.dim === 'number' ? meta.dim : 0;
  const rows = dim > 0 ? bin.byteLength / 4 / dim : 0;
  if (words.length === 0 || !Number.isInteger(rows) || (rows !== words.length && rows !== words.length + 1)) {
    throw termsError(TermsErrors.STORE_FORMAT, `${folder}: vectors.bin holds ${rows} rows of ${dim} floats for ${words.length} words.`, {
      file: folder, hint: 'The folder should be written by nerflow (StaticVectors.save): one row per word, optionally a zero row first.',
    });
  }
  const all = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const matrix = rows === words.length ? all : all.subarray(dim); // the zero row of unknown words
  return { store: new VectorStore(words, dim, Float32Array.from(matrix), { source: `static:${folder}` }) };
}
