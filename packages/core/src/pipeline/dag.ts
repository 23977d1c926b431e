import { NerError } from '@nerflow/corpus';
import { isAbsolute, normalize, relative } from 'node:path';
import { CoreErrors } from '../errors.js';

export interface DagNode {
  name: string;
  inputs: string[];
  outputs: string[];
  needs: string[];
}

/** True when `path` is `dir` or inside it. */
export function within(path: string, dir: string): boolean {
  const rel = relative(normalize(dir), normalize(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Dependencies of each step: explicit `needs`, plus every step that writes a path this step reads
 * (or a folder above or below it).
 */
export function dependencies(nodes: DagNode[]): Map<string, Set<string>> {
  const names = new Set(nodes.map((n) => n.name));
  const deps = new Map<string, Set<string>>();
  for (const n of nodes) {
    const d = new Set<string>();
    for (const need of n.needs) {
      if (!names.has(need)) throw new NerError(CoreErrors.PIPELINE_UNKNOWN_STEP, `step "${n.name}" needs "${need}", which is not a step`, { hint: `Steps: ${[...names].join(', ')}.` });
      d.add(need);
    }
    for (const m of nodes) {
      if (m === n) continue;
      if (n.inputs.some((i) => m.outputs.some((o) => within(i, o) || within(o, i)))) d.add(m.name);
    }
    deps.set(n.name, d);
  }
  return deps;
}

/** Steps in dependency order (stable: file order among equals); throws on a cycle, naming it. */
export function topoOrder(nodes: DagNode[], deps: Map<string, Set<string>>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      throw new NerError(CoreErrors.PIPELINE_CYCLE, `the steps form a cycle: ${cycle.join(' -> ')}`, { hint: 'A step cannot (indirectly) read what it writes: change an output path or a `needs:`.' });
    }
    state.set(name, 'visiting');
    stack.push(name);
    for (const d of deps.get(name) ?? []) visit(d);
    stack.pop();
    state.set(name, 'done');
    order.push(name);
  };
  for (const n of nodes) visit(n.name);
  return order;
}
