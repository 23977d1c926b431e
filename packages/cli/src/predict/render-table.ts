import type { Example } from '@nerflow/corpus';

/** The entities found, one per line: where (source and line, or example number), text, label, score. */
export function renderEntitiesTable(examples: Example[]): string {
  const rows: string[][] = [];
  examples.forEach((ex, i) => {
    const meta = ex.meta as { source?: unknown; page?: unknown } | undefined;
    const where = meta?.source ? `${String(meta.source)}${meta.page !== undefined ? ` p.${String(meta.page)}` : ''}` : `#${i + 1}`;
    const cps = [...ex.text];
    for (const s of ex.spans ?? []) {
      const text = cps.slice(s.start, s.end).join('').replace(/\s+/g, ' ');
      rows.push([where, s.label, text, typeof s.score === 'number' ? s.score.toFixed(2) : '']);
    }
  });
  if (rows.length === 0) return `No entities in ${examples.length} examples.\n`;
  const head = ['where', 'label', 'entity', 'score'];
  const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => [...r[c]!].length)));
  const line = (r: string[]) => r.map((x, c) => (c === r.length - 1 ? x : x + ' '.repeat(width[c]! - [...x].length))).join('  ').trimEnd();
  const byLabel = new Map<string, number>();
  for (const r of rows) byLabel.set(r[1]!, (byLabel.get(r[1]!) ?? 0) + 1);
  const summary = [...byLabel].sort((a, b) => b[1] - a[1]).map(([l, n]) => `${l} ${n}`).join(' · ');
  return `${[line(head), ...rows.map(line)].join('\n')}\n${rows.length} entities in ${examples.length} examples: ${summary}\n`;
}
