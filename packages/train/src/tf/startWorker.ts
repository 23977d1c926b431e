import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `url` (a `.js` file when built; a `.ts` one from source:
 * tests, tsx). Node 20 ignores `--import tsx` in a worker's execArgv, so from source a tiny
 * bootstrap registers tsx's loader inside the worker before importing the TypeScript module.
 * wasm TensorFlow.js is single-threaded: a worker with its own wasm instance is how one process
 * uses a second core (data-parallel pretraining and training).
 */
export function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  const require = createRequire(import.meta.url);
  const api = pathToFileURL(require.resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href;
  return new Worker(`import(${JSON.stringify(api)}).then((t) => { t.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true });
}

/** `./name.js` next to the calling module when it is built, `./name.ts` when it runs from source. */
export function siblingModule(callerUrl: string, name: string): URL {
  return new URL(`./${name}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl);
}
