import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';

/** The built package: the native kernels are chosen once per process, so each path runs in a child from it. */
export const BUILT = path.resolve(import.meta.dirname, '../../dist/index.js');

/**
 * Spans (start, end, label, score to 4 places) of each text, predicted by the model folder `modelDir`
 * in a child process with the native kernels on (`NERFLOW_NATIVE=1`) or off (`0`).
 */
export function predictInChild(modelDir: string, texts: { text: string }[], native: '0' | '1'): unknown[][] {
  const script = `
    import { loadModel } from ${JSON.stringify(BUILT)};
    const nlp = await loadModel(${JSON.stringify(modelDir)});
    const out = await nlp.predict(${JSON.stringify(texts)});
    console.log(JSON.stringify(out.map((e) => e.spans.map((s) => [s.start, s.end, s.label, +s.score.toFixed(4)]))));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NERFLOW_NATIVE: native } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as unknown[][];
}
