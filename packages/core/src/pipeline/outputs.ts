/**
 * What the runner trusts before it skips a step: two steps may not write one path, and a step's
 * outputs must be what it left (same fingerprint as recorded in the lock, no `complete: false`
 * marker of an interrupted writer) for "up to date" to be true.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NerError } from '@nerflow/corpus';
import { within } from './dag.js';
import { CoreErrors } from '../errors.js';

interface WithOutputs {
  name: string;
  outputs: string[];
}

/** Refuses a plan where two steps write the same path (or one writes inside the other's folder). */
export function assertDistinctOutputs(steps: WithOutputs[], file: string, locate: (p: (string | number)[]) => { line: number; col: number } | undefined): void {
  for (let i = 0; i < steps.length; i++) {
    for (let j = i + 1; j < steps.length; j++) {
      for (const a of steps[i]!.outputs) {
        const b = steps[j]!.outputs.find((o) => within(o, a) || within(a, o));
        if (!b) continue;
        const pos = locate(['steps', steps[j]!.name]);
        throw new NerError(CoreErrors.PIPELINE_SAME_OUTPUT, `${pos ? `${pos.line}:${pos.col}: ` : ''}steps ${steps[i]!.name} and ${steps[j]!.name} both write ${a === b ? a : `${a} and ${b}`}`, {
          file, line: pos?.line, hint: 'Give each step its own output path: one would silently overwrite the other.',
        });
      }
    }
  }
}

/**
 * True when an output folder carries a marker saying its writer did not finish: a model
 * checkpoint (`manifest.json` or `meta.json` with `complete: false`).
 */
export function markedIncomplete(path: string): boolean {
  for (const marker of ['manifest.json', 'meta.json']) {
    const f = join(path, marker);
    if (!existsSync(f)) continue;
    try {
      if ((JSON.parse(readFileSync(f, 'utf8')) as { complete?: unknown }).complete === false) return true;
    } catch {
      return true; // a marker that cannot be read was cut short
    }
  }
  return false;
}
