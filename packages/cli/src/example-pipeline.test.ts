import { quietContext, runPipeline } from '@nerflow/core';
import { appendFileSync, cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerBuiltinStages } from './builtin-stages.js';

const EXAMPLE = resolve(import.meta.dirname, '../../../examples/marketing-es');

/** The bundled example (what `npm start` runs), in a scratch copy so the repo's out/ is untouched. */
describe('examples/marketing-es pipeline', () => {
  it('runs end to end, then skips every step, then re-runs exactly the steps downstream of a changed input', async () => {
    registerBuiltinStages();
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-example-'));
    for (const part of ['pdfs', 'annotation', 'terms', 'stages', 'pipeline.yaml']) cpSync(join(EXAMPLE, part), join(dir, part), { recursive: true });
    const file = join(dir, 'pipeline.yaml');
    const status = (r: Awaited<ReturnType<typeof runPipeline>>) => Object.fromEntries(r.steps.map((s) => [s.name, s.status]));

    const first = await runPipeline(file, {}, quietContext());
    expect(first.steps.filter((s) => s.status !== 'ran').map((s) => [s.name, s.reason])).toEqual([['annotate', 'satisfied by existing output']]);
    expect(existsSync(join(dir, 'out/eval/report.html'))).toBe(true);
    expect(existsSync(join(dir, 'out/model/config.json'))).toBe(true);

    const second = await runPipeline(file, {}, quietContext());
    expect(new Set(Object.values(status(second)))).toEqual(new Set(['skipped']));

    // One more gold sentence: split, train and the model's eval run again; nothing else does.
    const text = 'La tasa de rebote de la tienda en Shopify bajó.';
    const span = (s: string, label: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, label });
    appendFileSync(join(dir, 'annotation/gold.jsonl'), `${JSON.stringify({
      text, answer: 'accept', spans: [span('tasa de rebote', 'METRICA'), span('Shopify', 'PLATAFORMA')],
    })}\n`);
    const third = await runPipeline(file, {}, quietContext());
    // (It has no meta.source, so the split puts it in train; the test file comes out the same.)
    expect(status(third)).toEqual({
      ingest: 'skipped', vectors: 'skipped', match: 'skipped', annotate: 'skipped', split: 'ran', train: 'ran', eval: 'ran', 'eval-patterns': 'skipped',
    });
  }, 600_000);
});
