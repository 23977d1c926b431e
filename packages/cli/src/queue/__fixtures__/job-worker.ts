import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const CHILD = path.join(import.meta.dirname, 'job-worker-child.ts');

/**
 * Starts a worker process (job-worker-child.ts) taking `kind` jobs; resolves once it is ready. Its
 * stdout lines are in `said`; `started` resolves when it takes its first job. The child is pushed
 * on `children`, for the test file's clean-up.
 */
export async function startJobWorker(kind: 'predict' | 'featurize', queue: string, holdMs: number, children: ChildProcess[]): Promise<{ child: ChildProcess; said: string[]; started: Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, kind, queue, String(holdMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const said: string[] = [];
  let onJob!: () => void;
  const started = new Promise<void>((r) => { onJob = r; });
  const rl = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    rl.on('line', (l) => { said.push(l); if (l === 'ready') resolve(); if (l.startsWith('job ')) onJob(); });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${said.join(' | ')}`)));
  });
  return { child, said, started };
}
