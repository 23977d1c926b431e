import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modelLoaders } from '@nerflow/core';
import { glinerBatch } from './glinerInputs.js';
import { decodeGlinerSpans } from './glinerDecode.js';
import { loadGliner } from './glinerPredictor.js';
import '../register.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/tiny-gliner-es', import.meta.url));
const shown = (ex: { text: string; spans?: { start: number; end: number; label: string }[] }) =>
  (ex.spans ?? []).map((s) => `${[...ex.text].slice(s.start, s.end).join('')}/${s.label}`);

describe('GLiNER pre-processing', () => {
  it('prompt with <<ENT>> labels and <<SEP>>, first pieces numbered, spans masked past the text', () => {
    const vocab = new Map([['banco', [10]], ['de', [11]], ['españa', [12, 13]], ['empresa', [14]]]);
    const b = glinerBatch([['Banco', 'de', 'España'], ['de']], ['empresa'], (w) => vocab.get(w.toLowerCase()) ?? [1], { cls: 2, sep: 3, pad: 0, ent: 5, entSep: 6 }, 2);
    expect(b.seq).toBe(9); // [CLS] <<ENT>> empresa <<SEP>> banco de es ##paña [SEP]
    expect([...b.inputIds.slice(0, 9)].map(Number)).toEqual([2, 5, 14, 6, 10, 11, 12, 13, 3]);
    expect([...b.wordsMask.slice(0, 9)].map(Number)).toEqual([0, 0, 0, 0, 1, 2, 3, 0, 0]);
    expect([...b.attentionMask.slice(9)].map(Number)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0]);
    expect([...b.textLengths].map(Number)).toEqual([3, 1]);
    // 3 words x width 2: (0,0) (0,1) (1,1) (1,2) (2,2) [(2,3) past the end]
    expect([...b.spanMask.slice(0, 6)]).toEqual([1, 1, 1, 1, 1, 0]);
    expect([...b.spanIdx.slice(0, 12)].map(Number)).toEqual([0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 0, 0]);
    expect([...b.spanMask.slice(6)]).toEqual([1, 0, 0, 0, 0, 0]); // the second text has one word
  });
});

describe('GLiNER post-processing', () => {
  it('takes the most probable spans above the threshold that do not overlap', () => {
    // 3 words, width 2, 1 class: logits for (0,0) (0,1) (1,1) (1,2) (2,2) (2,3)
    const logits = Float32Array.from([1.0, 3.0, 2.0, -1.0, 0.5, 9.0]);
    expect(decodeGlinerSpans(logits, 0, 3, 2, 1, 3).map((s) => [s.start, s.end])).toEqual([[0, 1], [2, 2]]);
    // (2,3) ends past a 3-word text: never a span, however high its logit
    expect(decodeGlinerSpans(logits, 0, 3, 2, 1, 3).some((s) => s.end > 2)).toBe(false);
    expect(decodeGlinerSpans(logits, 0, 3, 2, 1, 3, 0.99)).toEqual([]);
  });
});

describe('GLiNER ONNX model through onnxruntime-node (tiny fixture, hand-set weights)', () => {
  it('finds spans of labels given as text, in Spanish sentences', async () => {
    const m = await loadGliner(FIXTURE, { labels: ['PERSONA', 'EMPRESA', 'LUGAR'] });
    const out = await m.predict([
      { text: 'Ana trabaja en Telefónica desde el lunes.' },
      { text: 'Luis viajó de Madrid a Sevilla con María López.' },
      { text: 'El informe se presentó ayer.' },
      { text: '' },
    ]);
    expect(out.map(shown)).toEqual([
      ['Ana/PERSONA', 'Telefónica/EMPRESA'],
      ['Luis/PERSONA', 'Madrid/LUGAR', 'Sevilla/LUGAR', 'María/PERSONA', 'López/PERSONA'],
      [], [],
    ]);
    expect(out[0]!.spans![0]).toMatchObject({ token_start: 0, token_end: 0, source: 'model' });
    expect(out[0]!.spans![0]!.score).toBeGreaterThan(0.9);
    await m.dispose?.();
  });

  it('another label set is another question: only cities when asked for CIUDAD', async () => {
    const m = await modelLoaders.get('gliner')(FIXTURE, { labels: ['CIUDAD'] });
    expect(m.labels).toEqual(['CIUDAD']);
    const [ex] = await m.predict([{ text: 'Luis viajó de Madrid a Sevilla con María López.' }]);
    expect(shown(ex!)).toEqual(['Madrid/CIUDAD', 'Sevilla/CIUDAD']);
  });

  it('refuses a folder that is not a GLiNER export, and a load without labels', async () => {
    await expect(loadGliner(path.dirname(FIXTURE), { labels: ['X'] })).rejects.toMatchObject({ code: 'E_TRAIN_TRANSFORMER_LOAD', message: expect.stringContaining('gliner_config.json') });
    await expect(loadGliner(FIXTURE, {})).rejects.toMatchObject({ code: 'E_TRAIN_TRANSFORMER_LOAD' });
  });
});
