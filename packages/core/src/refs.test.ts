import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { datasetRef, fileRefs, modelRef, pathRef, refKindOf, resolveRefs, sourceRef } from './refs.js';

const schema = z.object({
  corpus: sourceRef('corpus'),
  dev: sourceRef('dev corpus').optional(),
  out: pathRef('output').default('-'),
  inputs: z.array(pathRef('raw text')).default([]),
  model: modelRef('model').optional(),
  dataset: datasetRef('dataset').optional(),
  db: sourceRef('database').optional(),
  name: z.string().optional(),
});

describe('refs', () => {
  it('finds the kind through optional, default and array wrappers, and none on a plain string', () => {
    expect(Object.fromEntries(Object.entries(schema.shape).map(([k, v]) => [k, refKindOf(v)]))).toEqual({
      corpus: 'source', dev: 'source', out: 'path', inputs: 'path', model: 'model', dataset: 'dataset', db: 'source', name: undefined,
    });
    expect(schema.shape.corpus.description).toBe('corpus');
  });

  it('resolves paths against the base folder and keeps -, db:, URLs, dataset names and absolute paths', () => {
    const base = mkdtempSync(join(tmpdir(), 'nerflow-refs-'));
    mkdirSync(join(base, 'es-base')); // a local folder wins over the shipped model of that name
    const o = schema.parse({
      corpus: 'db:marketing', dev: 'gold/dev.conll', out: 'out/pred.jsonl', inputs: ['textos', '/srv/otros'],
      model: 'es-base', dataset: 'términos', db: 'postgresql://u@h/db', name: 'informe.txt',
    });
    expect(resolveRefs(schema, o, base)).toEqual({
      corpus: 'db:marketing', dev: join(base, 'gold/dev.conll'), out: join(base, 'out/pred.jsonl'), inputs: [join(base, 'textos'), '/srv/otros'],
      model: join(base, 'es-base'), dataset: 'términos', db: 'postgresql://u@h/db', name: 'informe.txt',
    });
    expect(resolveRefs(schema, schema.parse({ corpus: '-', dataset: 'export/terms.jsonl.gz' }), base)).toMatchObject({ corpus: '-', out: '-', dataset: join(base, 'export/terms.jsonl.gz') });
  });

  it('turns a shipped model name into its package folder when no local folder has that name', () => {
    const base = mkdtempSync(join(tmpdir(), 'nerflow-refs-'));
    const { model } = resolveRefs(schema, schema.parse({ corpus: 'a.jsonl', model: 'es-base' }), base);
    expect(model).toMatch(/model-es-base[/\\]model$/);
    expect(resolveRefs(schema, schema.parse({ corpus: 'a.jsonl', model: 'no-such-model' }), base).model).toBe(join(base, 'no-such-model'));
  });

  it('keeps, of a step\'s inputs, the files the runner can hash', () => {
    expect(fileRefs(['/p/train.jsonl', '-', 'db:marketing', undefined, 'postgresql://u@h/db', 'C:\\datos\\dev.conll'])).toEqual(['/p/train.jsonl', 'C:\\datos\\dev.conll']);
  });
});
