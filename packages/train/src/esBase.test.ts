import { quietContext } from '@nerflow/core';
import { tokenize, type Example } from '@nerflow/corpus';
import { writeJsonl } from '@nerflow/corpus';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from './predict.js';
import { resolveModelDir } from './model/resolveModel.js';
import { trainModel } from './training/trainModel.js';

const entities = (ex: Example) => (ex.spans ?? []).map((s) => `${[...ex.text].slice(s.start, s.end).join('')}/${s.label}`);
const TEXT = 'El presidente del Gobierno, Pedro Sánchez, se reunió en Barcelona con la directiva de Telefónica.';

/** es-base ships in the repo as @nerflow/model-es-base: used by name, no network. */
describe('es-base', () => {
  it('loads by name and finds the obvious entities in real Spanish text', async () => {
    expect(resolveModelDir('es-base')).toMatch(/model-es-base[/\\]model$/);
    const model = await loadModel('es-base');
    expect(model.labels).toEqual(['LOC', 'MISC', 'ORG', 'PER']);
    const [ex] = await model.predict([{ text: TEXT }]);
    expect(entities(ex!)).toEqual(expect.arrayContaining(['Pedro Sánchez/PER', 'Barcelona/LOC', 'Telefónica/ORG']));
  });

  it('takes a new type with --base es-base and keeps the old labels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-esbase-'));
    const sentences = [
      'La campaña de Instagram funcionó mejor que la de Facebook en Madrid.',
      'Las tiendas de Sevilla venden en Shopify y anuncian sus productos en Instagram.',
      'María López gestiona la cuenta de TikTok de Iberia desde Valencia.',
      'El equipo de marketing de Zara mide el alcance de sus vídeos en YouTube.',
    ];
    const platforms = ['Instagram', 'Facebook', 'Shopify', 'TikTok', 'YouTube'];
    const train = sentences.map((text) => ({
      text, answer: 'accept' as const,
      spans: tokenize(text).filter((t) => platforms.includes(t.text)).map((t) => ({ start: t.start, end: t.end, label: 'PLATAFORMA' })),
    }));
    await writeJsonl(join(dir, 'train.jsonl'), train);
    await trainModel({ train: join(dir, 'train.jsonl'), base: 'es-base', out: join(dir, 'model'), maxEpochs: 3, patience: 0, warmupSteps: 0, batchWords: 30, seed: 0 }, quietContext());
    const model = await loadModel(join(dir, 'model'));
    expect(model.labels).toEqual(['LOC', 'MISC', 'ORG', 'PER', 'PLATAFORMA']);
    const [ex] = await model.predict([{ text: TEXT }]);
    expect(entities(ex!)).toEqual(expect.arrayContaining(['Pedro Sánchez/PER', 'Barcelona/LOC']));
  }, 300_000);
});
