import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { loadPipeline, quietContext, resolveRefs, runPipeline, stages, type Stage, type StepConfig } from '@nerflow/core';
import { openCorpus, tokenize, type Example } from '@nerflow/corpus';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltinStages } from './builtin-stages.js';

/**
 * Every registered stage against its contract (issue 15): the documented example of docs/pipeline.md
 * ("Every built-in stage in one file") names each one; each step's options parse with the stage's
 * schema; inputs and outputs are declared (absolute once the runner resolved them); every step runs
 * on a few Spanish sentences and writes what it declares; corpus outputs validate; a second run
 * skips every step (the cache sees each stage's inputs and outputs).
 */
const DOC = resolve(import.meta.dirname, '../../../docs/pipeline.md');
const BUILTIN = ['annotate', 'eval', 'eval.compare', 'ingest', 'predict', 'pretrain', 'terms.match', 'terms.to-patterns', 'train', 'vectors.load', 'vectors.train'];

/** The YAML block under "# every built-in stage" in docs/pipeline.md. */
function documentedPipeline(): string {
  const block = [...readFileSync(DOC, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.startsWith('# every built-in stage'));
  if (!block) throw new Error(`${DOC}: no yaml block starting with "# every built-in stage"`);
  return block;
}

const TEXTS = [
  'La agencia lanzó la campaña en Instagram y en TikTok durante el verano.',
  'El presupuesto de Google Ads creció un veinte por ciento en Madrid.',
  'Las tiendas de Sevilla venden en Shopify y anuncian sus productos en Instagram.',
  'María López gestiona la cuenta de TikTok de la marca desde Valencia.',
  'El equipo mide el alcance de sus vídeos en YouTube cada semana.',
  'Los anuncios de Google Ads llegan a más clientes que los carteles.',
];
const PLATFORMS = ['Instagram', 'TikTok', 'Google Ads', 'Shopify', 'YouTube'];

/** A gold record as a user writes it: character offsets only (the readers add the token offsets). */
function annotated(text: string): Omit<Example, 'spans'> & { spans: { start: number; end: number; label: string }[] } {
  const spans = PLATFORMS.flatMap((p) => [...text.matchAll(new RegExp(p, 'g'))].map((m) => ({ start: m.index, end: m.index + p.length, label: 'PLATAFORMA' })));
  return { text, answer: 'accept', spans: spans.sort((a, b) => a.start - b.start) };
}

/** A project folder with the inputs the documented pipeline names, made of the sentences above. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nerflow-conformance-'));
  for (const sub of ['textos', 'vectores', 'terms', 'annotation']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'textos/campañas.txt'), `${TEXTS.slice(0, 3).join(' ')}\n\n${TEXTS.slice(3).join(' ')}\n`);
  writeFileSync(join(dir, 'textos/informe.txt'), `${[...TEXTS].reverse().join(' ')}\n`);
  const words = [...new Set(tokenize(TEXTS.join(' ')).map((t) => t.text.toLowerCase()))].slice(0, 20);
  writeFileSync(join(dir, 'vectores/es.vec'), `${words.length} 4\n${words.map((w, i) => `${w} ${[1, 2, 3, 4].map((k) => ((i * k) % 7) / 7 - 0.4).join(' ')}`).join('\n')}\n`);
  writeFileSync(join(dir, 'terms/plataformas.jsonl'), `${['Instagram', 'TikTok', 'Google Ads', 'Facebook'].map((t, i) => JSON.stringify({ text: t, label: 'PLATAFORMA', answer: i === 3 ? 'reject' : 'accept' })).join('\n')}\n`);
  writeFileSync(join(dir, 'annotation/gold.jsonl'), `${[...TEXTS, ...TEXTS].map((t) => JSON.stringify(annotated(t))).join('\n')}\n`);
  writeFileSync(join(dir, 'test.jsonl'), `${TEXTS.slice(0, 4).map((t) => JSON.stringify(annotated(t))).join('\n')}\n`);
  writeFileSync(join(dir, 'pipeline.yaml'), documentedPipeline());
  return dir;
}

beforeAll(() => {
  registerBuiltinStages();
});

describe('stage conformance', () => {
  it('registers the built-in stages under these names (a rename is caught here)', () => {
    expect(stages.names()).toEqual(BUILTIN);
  });

  let steps: StepConfig[] = [];
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-conformance-doc-'));
    writeFileSync(join(dir, 'pipeline.yaml'), documentedPipeline());
    steps = (await loadPipeline(join(dir, 'pipeline.yaml'), { epochs: 1, pretrainSteps: 1 })).steps;
  });

  it.each(BUILTIN)('%s: documented in docs/pipeline.md, its example parses, inputs and outputs are declared', (name) => {
    const stage: Stage = stages.get(name);
    expect(stage.description.length).toBeGreaterThan(10);
    expect(stage.version).toMatch(/^\d+$/);
    const uses = steps.filter((s) => s.use === name);
    expect(uses.length, `no step of docs/pipeline.md's example uses ${name}`).toBeGreaterThan(0);
    for (const { name: step, with: written } of uses) {
      const parsed = stage.options.safeParse(written);
      expect(parsed.success, `step ${step}: ${parsed.error?.message}`).toBe(true);
      const known = Object.keys((stage.options as unknown as { shape: object }).shape);
      expect(Object.keys(written).filter((k) => !known.includes(k)), `step ${step}: options ${name} does not know`).toEqual([]);
      const options = resolveRefs(stage.options, parsed.data!, '/proyecto');
      const paths = [...stage.inputs(options), ...stage.outputs(options)];
      expect(paths.every((p) => isAbsolute(p)), `step ${step}: ${paths.join(', ')}`).toBe(true);
      if (!stage.interactive) expect(stage.outputs(options).length, `step ${step} declares no output`).toBeGreaterThan(0);
    }
  });

  it('runs every step of the documented example on tiny data, writes what each declares, then skips them all', async () => {
    const dir = project();
    const file = join(dir, 'pipeline.yaml');
    const vars = { epochs: 2, pretrainSteps: 3 };
    const first = await runPipeline(file, { vars }, quietContext());
    const failed = first.steps.filter((s) => s.status === 'failed').map((s) => `${s.name}: ${s.reason}`);
    expect(failed).toEqual([]);
    expect(Object.fromEntries(first.steps.map((s) => [s.stage, s.stage === 'annotate' ? s.reason : s.status]))).toEqual(
      Object.fromEntries(BUILTIN.map((n) => [n, n === 'annotate' ? 'satisfied by existing output' : 'ran'])),
    );
    for (const s of first.steps) for (const o of s.outputs) expect(existsSync(o), `${s.name} did not write ${o}`).toBe(true);
    // Corpus outputs are valid corpora (the schema, offsets, token alignment).
    for (const f of ['corpus/examples.jsonl', 'matched.jsonl', 'pred.jsonl']) {
      let n = 0;
      for await (const _ of openCorpus(join(dir, 'out', f), { validate: true })) n++;
      expect(n, f).toBeGreaterThan(0);
    }
    const pred = readFileSync(join(dir, 'out/pred.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Example);
    expect(pred.map((p) => p.text)).toEqual(TEXTS.slice(0, 4));
    expect(pred.every((p) => p.spans!.every((s) => s.source === 'model'))).toBe(true);
    const compare = JSON.parse(readFileSync(join(dir, 'out/compare.json'), 'utf8')) as { paired: boolean };
    expect(compare.paired).toBe(true);

    const second = await runPipeline(file, { vars }, quietContext());
    expect(second.steps.filter((s) => s.status !== 'skipped').map((s) => `${s.name}: ${s.status} (${s.reason})`)).toEqual([]);
  }, 600_000);
});
