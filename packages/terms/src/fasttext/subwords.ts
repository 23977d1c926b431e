/**
 * Vectors for words outside the vocabulary, built from character n-grams by a fastText `.bin`
 * model (the one `vectors train` keeps next to the store), loaded with fasttext.wasm.
 */
import { readFileSync } from 'node:fs';
import { termsError, TermsErrors } from '../errors.js';
import { fastTextWasmUrl } from './wasm.js';

export interface SubwordModel {
  dim: number;
  /** The fastText vector of any string (the average of its n-gram vectors), not normalised. */
  vector(word: string): Float32Array;
  dispose(): void;
}

/** Loads a fastText `.bin` model for subword vectors. */
export async function loadSubwordModel(binPath: string): Promise<SubwordModel> {
  const { FastText } = (await import(fastTextWasmUrl())) as { FastText: { create(): Promise<{ core: any }> } };
  const M = (await FastText.create()).core;
  M.FS.writeFile('/model.bin', readFileSync(binPath));
  const core = new M.FastText();
  try {
    core.loadModel('/model.bin');
  } catch (cause) {
    throw termsError(TermsErrors.FASTTEXT, `Could not load the fastText model ${binPath}.`, { file: binPath, cause });
  }
  M.FS.unlink('/model.bin');
  const args = typeof core.args === 'function' ? core.args() : core.args;
  const dim: number = args.dim;
  const ptr: number = M._malloc(dim * 4);
  return {
    dim,
    vector(word: string) {
      core.getWordVector({ ptr, size: dim }, word);
      return Float32Array.from(M.HEAPF32.subarray(ptr / 4, ptr / 4 + dim) as Float32Array);
    },
    dispose() {
      M._free(ptr);
      core.delete?.();
    },
  };
}
