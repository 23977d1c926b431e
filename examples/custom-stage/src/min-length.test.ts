import { quietContext, runPipeline } from '@nerflow/core';
import { readJsonl, writeJsonl } from '@nerflow/corpus';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import minLength from '../min-length.mjs';

const examples = [
  { text: 'Página 3' },
  { text: 'El CTR de la campaña en Instagram subió un 12% en marzo.' },
  { text: 'Índice' },
  { text: 'La tasa de conversión de la tienda en Shopify bajó.' },
];

describe('example.minLength stage', () => {
  it('runs from a pipeline file by path and keeps only long examples', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-custom-'));
    copyFileSync(join(import.meta.dirname, '../min-length.mjs'), join(dir, 'min-length.mjs'));
    await writeJsonl(join(dir, 'in.jsonl'), examples);
    writeFileSync(join(dir, 'pipeline.yaml'), 'steps:\n  clean:\n    use: ./min-length.mjs\n    with: { input: in.jsonl, out: out/clean.jsonl, minTokens: 4 }\n');
    const result = await runPipeline(join(dir, 'pipeline.yaml'), {}, quietContext());
    expect(result.steps[0]).toMatchObject({ status: 'ran', summary: { kept: 2, dropped: 2 } });
    const kept: string[] = [];
    for await (const ex of readJsonl<{ text: string }>(join(dir, 'out/clean.jsonl'))) kept.push(ex.text);
    expect(kept).toEqual([examples[1]!.text, examples[3]!.text]);
  });

  it('validates its options with its own schema', () => {
    expect(minLength.options.safeParse({ input: 'a', out: 'b', minTokens: 0 }).success).toBe(false);
    expect(minLength.options.parse({ input: 'a', out: 'b' })).toEqual({ input: 'a', out: 'b', minTokens: 5 });
  });
});
