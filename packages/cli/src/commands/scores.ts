import { existsSync, readFileSync } from 'node:fs';
import type { StepReport } from '@nerflow/core';

const pct = (x: number) => (100 * x).toFixed(1);

interface EvalJson { name: string; micro: { f: number }; perLabel: Record<string, { f: number }> }
interface CompareJson { a: string; b: string; rows: { label: string; a: number; b: number; significant: boolean }[] }

/**
 * One line per scoring step of a pipeline (eval, eval.compare), read from the results file it wrote,
 * so the end of `nerflow run` says how good the model is without opening a report. Steps that were
 * skipped as up to date are listed too (their results are still current).
 */
export function scoreLines(steps: StepReport[]): string[] {
  const lines: string[] = [];
  const width = Math.max(0, ...steps.map((s) => s.name.length));
  for (const s of steps) {
    if (s.status !== 'ran' && s.status !== 'skipped') continue;
    const file = s.outputs.find((o) => o.endsWith('.json'));
    if (!file || !existsSync(file) || (s.stage !== 'eval' && s.stage !== 'eval.compare')) continue;
    let json: unknown;
    try { json = JSON.parse(readFileSync(file, 'utf8')); } catch { continue; }
    const head = `  ${s.name.padEnd(width)}  `;
    if (s.stage === 'eval') {
      const r = json as EvalJson;
      const labels = Object.entries(r.perLabel).map(([l, v]) => `${l} ${pct(v.f)}`).join(' · ');
      lines.push(`${head}${r.name}: F1 ${pct(r.micro.f)} (${labels})`);
    } else {
      const c = json as CompareJson;
      const rows = c.rows.map((r) => `${r.label} ${pct(r.a)} → ${pct(r.b)}${r.significant ? '*' : ''}`).join(' · ');
      lines.push(`${head}F1 ${c.a} → ${c.b}: ${rows}  (* significant, paired bootstrap)`);
    }
  }
  return lines;
}
