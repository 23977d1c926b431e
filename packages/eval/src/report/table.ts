import { ERROR_KINDS, type ErrorItem } from '../errorList.js';
import type { PartialViews } from '../partial.js';
import type { ResultsJson } from '../results.js';

const pct = (x: number) => (100 * x).toFixed(2);
const int = (n: number) => n.toLocaleString('en-US');

/** Pads a table of strings into aligned columns (the columns in `left`, by default the first, left; the rest right). */
export function columns(rows: string[][], gap = 2, left: readonly number[] = [0]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows.map((r) => r.map((cell, c) => {
    const pad = ' '.repeat(widths[c]! - [...cell].length);
    return left.includes(c) ? cell + pad : pad + cell;
  }).join(' '.repeat(gap)).trimEnd()).join('\n');
}

/**
 * The compact terminal report: one row per label plus micro (P/R/F1 in %, the bootstrap interval
 * when computed, counts), token accuracy, the partial-credit F1s and the error counts by kind.
 */
export function formatTable(r: ResultsJson): string {
  const ci = r.bootstrap;
  const head = ['label', 'P', 'R', 'F1', ...(ci ? [`${Math.round(ci.level * 100)}% CI (F1)`] : []), 'TP', 'FP', 'FN'];
  const row = (name: string, s: ResultsJson['micro'], iv?: { low: number; high: number }) => [
    name, pct(s.p), pct(s.r), pct(s.f), ...(ci ? [iv ? `${pct(iv.low)}–${pct(iv.high)}` : ''] : []), int(s.tp), int(s.fp), int(s.fn),
  ];
  const rows = [head, ...Object.entries(r.perLabel).map(([l, s]) => row(l, s, ci?.perLabel[l])), row('micro', r.micro, ci?.micro)];
  const mode = r.mode === 'strict' ? `strict ${String(r.scheme ?? 'IOB2')} (seqeval mode="strict")` : 'conlleval / seqeval default chunks';
  const lines = [
    `${r.name}: ${int(r.sentences)} sentences, ${int(Number(r.tokens ?? 0))} tokens, ${mode}`,
    columns(rows),
    `token accuracy ${pct(r.accuracy)}%`,
  ];
  const partial = r.partial as PartialViews | undefined;
  if (partial) {
    lines.push(`partial views (F1): strict ${pct(partial.strict.f1)}  exact ${pct(partial.exact.f1)}  partial ${pct(partial.partial.f1)}  type ${pct(partial.ent_type.f1)}`);
  }
  const errors = r.errors as ErrorItem[] | undefined;
  if (errors) {
    const by = new Map<string, number>();
    for (const e of errors) by.set(e.kind, (by.get(e.kind) ?? 0) + 1);
    // `taken` exists only with --labels: listed when it happened, so other runs read as before.
    lines.push(`errors: ${ERROR_KINDS.filter((k) => k !== 'taken' || by.has(k)).map((k) => `${k} ${int(by.get(k) ?? 0)}`).join(', ')}`);
  }
  return lines.join('\n');
}
