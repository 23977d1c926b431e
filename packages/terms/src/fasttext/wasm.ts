/**
 * Training with `fasttext.wasm` (pure npm, no native build): its embind core can train although
 * its wrapper does not say so (docs/stack.md section 5). Training is synchronous and takes
 * minutes, so it runs in a worker thread; the main thread keeps drawing progress and can abort.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { termsError, TermsErrors } from '../errors.js';
import type { FastTextSettings, TrainedVectors, TrainProgress } from './settings.js';

/** Where the ESM build of fasttext.wasm is (resolved here, so the worker needs no module lookup). */
export function fastTextWasmUrl(): string {
  const cjs = createRequire(import.meta.url).resolve('fasttext.wasm');
  return pathToFileURL(join(dirname(cjs), 'index.mjs')).href;
}

// Plain JS so that it runs from source (tests) and from dist alike, as an eval'd worker.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
(async () => {
  const { FastText } = await import(workerData.moduleUrl);
  const M = (await FastText.create()).core;
  M.FS.writeFile('/train.txt', fs.readFileSync(workerData.input));
  const s = workerData.settings;
  const args = new M.Args();
  Object.assign(args, { input: '/train.txt', output: '/model', dim: s.dim, epoch: s.epoch, minCount: s.minCount,
    ws: s.ws, neg: s.neg, minn: s.minn, maxn: s.maxn, lr: s.lr, bucket: s.bucket, thread: 1, seed: s.seed, verbose: 0 });
  args.model = M.ModelName.skipgram;
  args.loss = M.LossName.ns;
  const core = new M.FastText();
  let last = 0;
  core.train(args, (progress, loss, wps) => {
    const now = Date.now();
    if (now - last > 250) { last = now; parentPort.postMessage({ type: 'progress', progress, wps }); }
  });
  const [wv, cv] = core.getWords();
  const words = [];
  for (let i = 0; i < wv.size(); i++) words.push(wv.get(i));
  wv.delete(); cv.delete();
  const dim = s.dim, ptr = M._malloc(dim * 4), matrix = new Float32Array(words.length * dim);
  for (let i = 0; i < words.length; i++) {
    core.getWordVector({ ptr, size: dim }, words[i]);
    matrix.set(M.HEAPF32.subarray(ptr / 4, ptr / 4 + dim), i * dim);
  }
  M._free(ptr);
  if (workerData.modelOut) {
    core.saveModel('/model.bin');
    fs.writeFileSync(workerData.modelOut, M.FS.readFile('/model.bin'));
  }
  parentPort.postMessage({ type: 'done', words, dim, matrix }, [matrix.buffer]);
})().catch((e) => parentPort.postMessage({ type: 'error', message: String((e && e.message) || e) }));
`;

/**
 * Trains skip-gram vectors with fasttext.wasm in a worker thread.
 * @param modelOut - where to write the fastText `.bin` model (for subword vectors), or undefined.
 */
export function trainWasm(
  input: string,
  modelOut: string | undefined,
  settings: FastTextSettings,
  onProgress: TrainProgress = () => {},
  signal?: AbortSignal,
): Promise<TrainedVectors> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { input, modelOut, settings, moduleUrl: fastTextWasmUrl() } });
    const abort = () => void worker.terminate().then(() => reject(termsError(TermsErrors.FASTTEXT, 'Training was cancelled.')));
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (m: { type: string; progress?: number; wps?: number; message?: string } & Partial<TrainedVectors>) => {
      if (m.type === 'progress') onProgress(Math.min(1, m.progress! > 1 ? m.progress! / 100 : m.progress!), m.wps);
      else if (m.type === 'done') {
        signal?.removeEventListener('abort', abort);
        void worker.terminate();
        resolve({ words: m.words!, dim: m.dim!, matrix: m.matrix! });
      } else if (m.type === 'error') {
        signal?.removeEventListener('abort', abort);
        void worker.terminate();
        reject(termsError(TermsErrors.FASTTEXT, `fasttext.wasm failed: ${m.message}`, {
          hint: /Aborted|memory/i.test(m.message ?? '') ? 'The wasm build ran out of memory: lower --bucket or --dim, or install the native `fasttext` binary.' : undefined,
        }));
      }
    });
    worker.on('error', (cause) => reject(termsError(TermsErrors.FASTTEXT, `fasttext.wasm worker crashed: ${cause.message}`, { cause })));
  });
}
