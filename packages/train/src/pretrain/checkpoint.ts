import { existsSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NerError } from '@nerflow/corpus';
import { writeFolderAtomic } from '../model/writeFolderAtomic.js';
import { PretrainErrors } from './errors.js';
import type { OptimizerState, PretrainReplica } from './replica.js';

/** Where pretraining stands: enough to resume it exactly where the data stream left off. */
export interface PretrainState {
  format: 'nerflow.pretrain.v1';
  step: number;
  epoch: number;
  /** Position in the epoch's shuffled sentence order. */
  cursor: number;
  /** Words seen so far (all words of every batch). */
  words: number;
  /** Seconds spent training so far (over every resumed run). */
  seconds: number;
  /** The settings that must not change on resume (architecture, objective, data, seed). */
  fingerprint: Record<string, unknown>;
  /** Mean loss per hidden word over each checkpoint interval: [step, loss]. */
  losses: [number, number][];
  /** What was pretrained on and how (copied into NER models that start from these weights). */
  provenance: Record<string, unknown>;
}

/** The checkpoint folder inside `--out`: an encoder folder `Tok2Vec.load` reads, plus the head and state. */
export const LAST = 'model-last';

/**
 * Writes the replica's encoder (config.json, weights.*, vectors/), the pretraining head
 * (pretrain-head.*) and `state.json` to `out/model-last`, atomically (a half-written checkpoint never
 * replaces a good one). With `keepStep`, also copies the encoder to `out/step-NNNNNN` (spaCy's model{N}.bin).
 */
export async function saveCheckpoint(out: string, replica: PretrainReplica, state: PretrainState, keepStep = false): Promise<void> {
  const dest = path.join(out, LAST);
  await writeFolderAtomic(dest, async (tmp) => {
    await replica.encoder.save(tmp);
    await replica.objective.params.save(tmp, 'pretrain-head');
    await saveOptimizer(tmp, replica.optimizerState());
    await writeFile(path.join(tmp, 'pretrain.json'), JSON.stringify({ ...state.provenance, steps: state.step, words: state.words }, null, 2));
    await writeFile(path.join(tmp, 'state.json'), JSON.stringify(state, null, 1));
  });
  if (keepStep) {
    const stepDir = path.join(out, `step-${String(state.step).padStart(6, '0')}`);
    await rm(stepDir, { recursive: true, force: true });
    await cp(dest, stepDir, { recursive: true, filter: (src) => !/pretrain-head|optimizer|state\.json/.test(path.basename(src)) });
  }
}

/** The saved state in `out`, or null when there is none. */
export async function readState(out: string): Promise<PretrainState | null> {
  const file = path.join(out, LAST, 'state.json');
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as PretrainState;
  } catch (cause) {
    throw new NerError(PretrainErrors.BAD_CHECKPOINT, `Cannot read the pretraining checkpoint ${file}`, {
      file, cause, hint: 'Delete the folder or pass --fresh to start over.',
    });
  }
}

/** Loads a checkpoint's weights into a replica (encoder and head). */
export async function loadCheckpoint(out: string, replica: PretrainReplica): Promise<void> {
  const dir = path.join(out, LAST);
  await replica.encoder.store.load(dir);
  await replica.objective.params.load(dir, 'pretrain-head');
  const optimizer = path.join(dir, 'optimizer.bin');
  if (existsSync(optimizer)) replica.setOptimizerState(await loadOptimizer(dir, replica.variables().map((v) => v.size)));
}

/** Adam's moments as one float32 file (m of every variable, then v), step count in optimizer.json. */
async function saveOptimizer(dir: string, s: OptimizerState): Promise<void> {
  const parts = [...s.m, ...s.v];
  const all = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  await writeFile(path.join(dir, 'optimizer.bin'), Buffer.from(all.buffer, all.byteOffset, all.byteLength));
  await writeFile(path.join(dir, 'optimizer.json'), JSON.stringify({ t: s.t, sizes: s.m.map((x) => x.length) }));
}

async function loadOptimizer(dir: string, sizes: number[]): Promise<OptimizerState> {
  const meta = JSON.parse(await readFile(path.join(dir, 'optimizer.json'), 'utf8')) as { t: number; sizes: number[] };
  if (meta.sizes.join() !== sizes.join()) {
    throw new NerError(PretrainErrors.BAD_CHECKPOINT, `The optimizer state in ${dir} does not match the model's variables`, {
      file: dir, hint: 'The checkpoint was made with other encoder settings: pass --fresh to start over.',
    });
  }
  const buf = await readFile(path.join(dir, 'optimizer.bin'));
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const m: Float32Array[] = [];
  const v: Float32Array[] = [];
  let at = 0;
  for (const out of [m, v]) for (const n of sizes) { out.push(all.slice(at, at + n)); at += n; }
  return { t: meta.t, m, v };
}

/** Throws when the settings of a resumed run differ from the checkpoint's in ways that matter. */
export function checkFingerprint(state: PretrainState, now: Record<string, unknown>, out: string): void {
  const a = JSON.stringify(state.fingerprint);
  const b = JSON.stringify(now);
  if (a !== b) {
    throw new NerError(PretrainErrors.BAD_CHECKPOINT,
      `${out} holds a pretraining checkpoint made with other settings (checkpoint: ${a}; now: ${b})`, {
        file: out, hint: 'Resume with the same inputs, objective, encoder settings and --seed, or pass --fresh (or another --out) to start over.',
      });
  }
}
