import { readFile } from 'node:fs/promises';
import { stableHash } from '@nerflow/core';
import { writeFileAtomic, type Example } from '@nerflow/corpus';
import type { CurvePoint } from './report/charts.js';

/**
 * A finished curve point is saved beside its model folder (`n250.point.json` next to `n250/`: the
 * folder itself is the trainer's, covered by its manifest), so a curve that stops — a crash
 * at run 17 of 18, Ctrl-C, a reboot — continues where it stopped when the same command is run again
 * with the same `--out`: points whose inputs are unchanged are read back instead of retrained.
 */
const pointFile = (runDir: string) => `${runDir.replace(/[\\/]+$/, '')}.point.json`;

/** Everything that decides a point's score; a change to any of it trains the point again. */
export interface PointInputs {
  series: string;
  settings?: Record<string, unknown>;
  seed: number;
  subset: Example[];
  dev: Example[];
  newLabels: string[];
  mode: string;
  /** The old types' labels and gold, for arms scored on them. */
  old: { labels: string[]; gold: Example[] } | null;
}

export const pointKey = (inputs: PointInputs): string => stableHash({ ...inputs, format: 1 });

/** The saved point of this run folder, or null when there is none or it was made from other inputs. */
export async function savedPoint(runDir: string, key: string): Promise<CurvePoint | null> {
  const text = await readFile(pointFile(runDir), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const saved = JSON.parse(text) as { key?: string; point?: CurvePoint };
    return saved.key === key && saved.point ? saved.point : null;
  } catch {
    return null; // a torn or hand-edited file: train the point again
  }
}

export async function savePoint(runDir: string, key: string, point: CurvePoint): Promise<void> {
  await writeFileAtomic(pointFile(runDir), `${JSON.stringify({ key, point })}\n`);
}
