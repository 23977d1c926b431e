import type { Chunk } from '@nerflow/corpus';
import type { ScoredPair } from './score.js';

/**
 * The SemEval-2013 task 9.1 partial-credit views, computed as nervaluate's `compute_metrics`
 * (David Batista's reference implementation) does, so the figures match that tool:
 * - strict: exact boundaries and type; exact: exact boundaries, any type;
 * - partial: overlapping boundaries count half; ent_type: some overlap and the right type.
 * Each view counts correct / incorrect / partial / missed / spurious, then
 * possible = cor + inc + par + mis (gold side), actual = cor + inc + par + spu (predicted side).
 */
export const SCHEMAS = ['strict', 'exact', 'partial', 'ent_type'] as const;
export type Schema = (typeof SCHEMAS)[number];

export interface SchemaCounts {
  correct: number;
  incorrect: number;
  partial: number;
  missed: number;
  spurious: number;
  possible: number;
  actual: number;
  precision: number;
  recall: number;
  f1: number;
}

export type SchemaSet = Record<Schema, SchemaCounts>;
export interface PartialViews extends SchemaSet {
  /** Per gold label (spurious predictions go to their predicted label). */
  labels: Record<string, SchemaSet>;
}

type Kind = 'correct' | 'incorrect' | 'partial' | 'missed' | 'spurious';
const empty = (): SchemaCounts => ({ correct: 0, incorrect: 0, partial: 0, missed: 0, spurious: 0, possible: 0, actual: 0, precision: 0, recall: 0, f1: 0 });
const emptySet = (): SchemaSet => ({ strict: empty(), exact: empty(), partial: empty(), ent_type: empty() });
const overlaps = (a: Chunk, b: Chunk) => a.start < b.end && b.start < a.end;
const same = (a: Chunk, b: Chunk) => a.start === b.start && a.end === b.end;

/** Computes the four views over all sentence pairs. */
export function partialViews(pairs: readonly ScoredPair[]): PartialViews {
  const total = emptySet();
  const labels: Record<string, SchemaSet> = {};
  const add = (label: string | null, kinds: Record<Schema, Kind>) => {
    for (const s of SCHEMAS) {
      total[s][kinds[s]]++;
      if (label !== null) (labels[label] ??= emptySet())[s][kinds[s]]++;
    }
  };
  for (const { goldChunks: gold, predChunks: pred } of pairs) {
    for (const g of gold) labels[g.label] ??= emptySet();
    const touched = new Set<Chunk>();
    for (const p of pred) {
      const exact = gold.find((g) => same(g, p) && g.label === p.label);
      if (exact) {
        touched.add(exact);
        add(p.label, { strict: 'correct', exact: 'correct', partial: 'correct', ent_type: 'correct' });
        continue;
      }
      let found = false;
      for (const g of gold) {
        if (same(g, p)) { // same boundaries, other type (scenario IV)
          touched.add(g);
          add(g.label, { strict: 'incorrect', exact: 'correct', partial: 'correct', ent_type: 'incorrect' });
          found = true;
          break;
        }
        if (overlaps(g, p) && !touched.has(g)) { // scenarios V (same type) and VI (other type)
          touched.add(g);
          const t: Kind = g.label === p.label ? 'correct' : 'incorrect';
          add(g.label, { strict: 'incorrect', exact: 'incorrect', partial: 'partial', ent_type: t });
          found = true;
          break;
        }
      }
      if (!found) add(p.label, { strict: 'spurious', exact: 'spurious', partial: 'spurious', ent_type: 'spurious' });
    }
    for (const g of gold) {
      if (!touched.has(g)) add(g.label, { strict: 'missed', exact: 'missed', partial: 'missed', ent_type: 'missed' });
    }
  }
  for (const s of SCHEMAS) finish(total[s], s);
  for (const set of Object.values(labels)) for (const s of SCHEMAS) finish(set[s], s);
  return { ...total, labels: Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))) };
}

function finish(c: SchemaCounts, schema: Schema): void {
  c.possible = c.correct + c.incorrect + c.partial + c.missed;
  c.actual = c.correct + c.incorrect + c.partial + c.spurious;
  const credit = schema === 'partial' || schema === 'ent_type' ? c.correct + 0.5 * c.partial : c.correct;
  c.precision = c.actual > 0 ? credit / c.actual : 0;
  c.recall = c.possible > 0 ? credit / c.possible : 0;
  c.f1 = c.precision + c.recall > 0 ? (2 * c.precision * c.recall) / (c.precision + c.recall) : 0;
}
