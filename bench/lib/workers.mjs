// `nerflow worker` processes for the scale benches (bench/scale/ingest.mjs, featurize.mjs).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const CLI = path.join(import.meta.dirname, '..', '..', 'packages/cli/bin/nerflow.mjs');

/** Starts one `nerflow worker` on `queue`; resolves with the child once it takes jobs. */
export function startWorker(queue, expireSeconds = 60) {
  const child = spawn(process.execPath, [CLI, 'worker', '--queue', queue, '--workers', '1', '--job-expire-seconds', String(expireSeconds)], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => { err += d; if (err.includes('worker: taking')) resolve(child); });
    child.once('exit', (c) => reject(new Error(`worker exited ${c}: ${err}`)));
  });
}

/** Stops a worker (SIGINT: it finishes its job) and waits for it to exit. */
export async function stopWorker(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  await once(child, 'exit');
}
