import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { corpusJsonSchema, ExampleSchema } from './schema.js';
import { tokenize } from './tokenizer.js';
import type { Example } from './types.js';

const text = 'La campaña de Google Ads en Sevilla 🚀 mejoró el CTR un 12%.';
const good: Example = {
  text, tokens: tokenize(text),
  spans: [{ start: 14, end: 24, token_start: 3, token_end: 4, label: 'PLATAFORMA', source: 'pattern', score: 1 }],
  answer: 'accept', _input_hash: -1380923145, meta: { source: 'informes/q3.pdf', page: 3 }, extra_prodigy_key: { kept: true },
};
const bad = { text: 42, tokens: [{ text: 'La', start: -1, end: 2.5, id: 0 }], spans: [{ start: 0, end: 2, label: '', score: 3 }], answer: 'maybe' };

describe('the corpus schema', () => {
  it('the published schema/corpus.schema.json is the one generated from the zod schema', async () => {
    const published = JSON.parse(await readFile(join(import.meta.dirname, '../schema/corpus.schema.json'), 'utf8'));
    expect(published).toEqual(corpusJsonSchema);
  });

  it('zod and the JSON Schema agree on valid and invalid records, and unknown keys are kept', () => {
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    const check = ajv.compile(corpusJsonSchema);
    expect(check(good)).toBe(true);
    expect(ExampleSchema.safeParse(good).success).toBe(true);
    expect(ExampleSchema.parse(good).extra_prodigy_key).toEqual({ kept: true });
    expect(check(bad)).toBe(false);
    const issues = ExampleSchema.safeParse(bad).error!.issues.map((i) => i.path.join('.'));
    expect(issues).toEqual(expect.arrayContaining(['text', 'tokens.0.start', 'tokens.0.end', 'tokens.0.ws', 'spans.0.label', 'spans.0.score', 'answer']));
    // Every path zod reports is also an error location for the JSON Schema validator.
    check(bad);
    const pointers = check.errors!.map((e) =>
      [...e.instancePath.split('/').slice(1), ...(e.params.missingProperty ? [e.params.missingProperty] : [])].join('.'));
    for (const path of issues) expect(pointers).toContain(path);
  });
});
