import { quietContext, runPipeline } from '@nerflow/core';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerBuiltinStages } from './builtin-stages.js';
import { scoreLines } from './commands/scores.js';

const EXAMPLE = resolve(import.meta.dirname, '../../../examples/marketing-es');

/** The bundled example (what `npm start` runs), in a scratch copy so the repo's out/ is untouched. */
describe('examples/marketing-es pipeline', () => {
  it('runs end to end, then skips every step, then re-runs exactly the steps downstream of a changed input', async () => {
    registerBuiltinStages();
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-example-'));
    for (const part of ['pdfs', 'annotation', 'terms', 'stages', 'old-types', 'pipeline.yaml']) cpSync(join(EXAMPLE, part), join(dir, part), { recursive: true });
    const file = join(dir, 'pipeline.yaml');
    const status = (r: Awaited<ReturnType<typeof runPipeline>>) => Object.fromEntries(r.steps.map((s) => [s.name, s.status]));

    const first = await runPipeline(file, {}, quietContext());
    expect(first.steps.filter((s) => s.status !== 'ran').map((s) => [s.name, s.reason])).toEqual([['annotate', 'satisfied by existing output']]);
    expect(existsSync(join(dir, 'out/eval/report.html'))).toBe(true);
    expect(existsSync(join(dir, 'out/model/config.json'))).toBe(true);
    // New types on top of es-base: the model knows all six labels.
    expect(JSON.parse(readFileSync(join(dir, 'out/model/config.json'), 'utf8')).labels).toEqual(['LOC', 'MISC', 'ORG', 'PER', 'METRICA', 'PLATAFORMA']);
    // The report of the old types before/after, and the scores printed at the end of `nerflow run`.
    const cmp = JSON.parse(readFileSync(join(dir, 'out/old-types/compare.json'), 'utf8')) as { paired: boolean; rows: { label: string; a: number; b: number }[] };
    expect(cmp.paired).toBe(true);
    expect(cmp.rows.map((r) => r.label)).toEqual(['LOC', 'MISC', 'ORG', 'PER', 'micro']);
    const micro = cmp.rows.at(-1)!;
    expect(micro.a).toBeGreaterThan(0.6); // es-base on AnCora sentences
    expect(micro.b).toBeGreaterThan(micro.a - 0.1); // forgetting bounded by rehearsal
    const lines = scoreLines(first.steps);
    expect(lines.find((l) => l.includes('old-types ') && l.includes('→'))).toMatch(/micro \d+\.\d → \d+\.\d/);
    const model = JSON.parse(readFileSync(join(dir, 'out/eval/results.json'), 'utf8')) as { micro: { f: number }; perLabel: object };
    const patterns = JSON.parse(readFileSync(join(dir, 'out/eval-patterns/results.json'), 'utf8')) as { micro: { f: number } };
    expect(Object.keys(model.perLabel).sort()).toEqual(['METRICA', 'PLATAFORMA']);
    expect(model.micro.f).toBeGreaterThan(patterns.micro.f);

    const second = await runPipeline(file, {}, quietContext());
    expect(new Set(Object.values(status(second)))).toEqual(new Set(['skipped']));

    // One more gold sentence: split, train, the model's predictions and evals run again; nothing else does.
    const text = 'La tasa de rebote de la tienda en Shopify bajó.';
    const span = (s: string, label: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, label });
    appendFileSync(join(dir, 'annotation/gold.jsonl'), `${JSON.stringify({
      text, answer: 'accept', spans: [span('tasa de rebote', 'METRICA'), span('Shopify', 'PLATAFORMA')],
    })}\n`);
    const third = await runPipeline(file, {}, quietContext());
    // (It has no meta.source, so the split puts it in train; the test file comes out the same.)
    expect(status(third)).toEqual({
      ingest: 'skipped', vectors: 'skipped', match: 'skipped', annotate: 'skipped', split: 'ran', train: 'ran', predict: 'ran', eval: 'ran', 'eval-patterns': 'skipped',
      'predict-old-before': 'skipped', 'predict-old-after': 'ran', 'old-types-before': 'skipped', 'old-types-after': 'ran', 'old-types': 'ran',
    });
  }, 600_000);
});
