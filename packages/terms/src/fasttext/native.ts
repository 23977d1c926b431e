/**
 * Training with the native `fasttext` binary (Debian/Ubuntu package `fasttext`) in a child process:
 * it can use several threads and needs less memory than the wasm build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readVecFile } from '../read-vec.js';
import { termsError, TermsErrors } from '../errors.js';
import type { FastTextSettings, TrainedVectors, TrainProgress } from './settings.js';

/** True when a `fasttext` binary is on the PATH (checked once). */
export function hasNativeFastText(bin = 'fasttext'): boolean {
  const r = spawnSync(bin, ['skipgram'], { stdio: 'ignore', timeout: 10_000 });
  return !r.error;
}

/**
 * Runs `fasttext skipgram` on a training text; writes `<outPrefix>.bin` and `<outPrefix>.vec`.
 * @returns the vectors read back from the `.vec` file.
 */
export async function trainNative(
  input: string,
  outPrefix: string,
  s: FastTextSettings,
  onProgress: TrainProgress = () => {},
  signal?: AbortSignal,
  bin = 'fasttext',
): Promise<TrainedVectors> {
  const args = ['skipgram', '-input', input, '-output', outPrefix,
    '-dim', s.dim, '-epoch', s.epoch, '-minCount', s.minCount, '-ws', s.ws, '-neg', s.neg,
    '-minn', s.minn, '-maxn', s.maxn, '-lr', s.lr, '-bucket', s.bucket, '-thread', s.thread, '-seed', s.seed,
    '-verbose', 2].map(String);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'], signal });
    let tail = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-4000);
      // fastText redraws "Progress:  42.1% words/sec/thread:  101234 lr: ..." with \r
      const all = [...chunk.matchAll(/Progress:\s*([\d.]+)%\s*words\/sec\/thread:\s*(\d+)/g)];
      const m = all[all.length - 1];
      if (m) onProgress(Number(m[1]) / 100, Number(m[2]));
    });
    child.on('error', (cause) => reject(termsError(TermsErrors.FASTTEXT, `Could not run ${bin}: ${cause.message}`, { cause })));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(termsError(TermsErrors.FASTTEXT, `fasttext exited with code ${code}: ${tail.split(/[\r\n]/).filter(Boolean).slice(-2).join(' | ')}`, {
        hint: 'Check that the corpus has enough text (words occurring at least --min-count times), or try --engine wasm.',
      }));
    });
  });
  const { store } = await readVecFile(`${outPrefix}.vec`);
  return { words: [...store.words], dim: store.dim, matrix: store.matrix };
}
