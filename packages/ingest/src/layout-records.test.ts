import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Example } from '@nerflow/corpus';
import { cleanDocument } from './document.js';
import { hasPdftotext } from './extractors/pdftotext.js';
import { runIngest } from './index.js';

const FIX = path.join(import.meta.dirname, '__fixtures__');
const jsonl = async (file: string): Promise<Example[]> => (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Example);
let tmp: string;
beforeAll(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'nerflow-layout-')); });
afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

for (const extractor of ['pdf-parse', 'pdftotext']) {
  describe.skipIf(extractor === 'pdftotext' && !hasPdftotext())(`document structure with ${extractor}${extractor === 'pdftotext' && !hasPdftotext() ? ' (skipped: pdftotext is not installed)' : ''}`, () => {
    it('keeps titles and headings as their own records, list items one by one, skips the contents, marks code', async () => {
      const out = path.join(tmp, extractor);
      await runIngest({ paths: [path.join(FIX, 'estructura.pdf')], out, extractor, workers: 1, skip: ['toc', 'index'] });
      const examples = await jsonl(path.join(out, 'examples.jsonl'));
      const rows = examples.map((e) => [e.meta!.kind, e.text]);
      expect(rows).toEqual([
        ['heading', 'Plan de marketing digital'],
        ['heading', '1. Resultados de la campaña'],
        ['text', 'La tasa de conversión subió al tres por ciento en marzo gracias a los anuncios en buscadores.'],
        ['text', '1. Publicar dos artículos por semana en el blog de la tienda.'],
        ['text', '2. Enviar el boletín a los clientes los martes por la mañana.'],
        ['code', 'if (clics > 100) { enviarInforme(equipo); } total = visitas * tasa;'],
        ['text', 'El equipo de ventas revisará el plan en la reunión de abril.'],
      ]);
    });
  });
}

describe('--skip', () => {
  it('leaves out contents, index and code by default, and keeps headings and prose', async () => {
    const out = path.join(tmp, 'default');
    await runIngest({ paths: [path.join(FIX, 'estructura.pdf')], out, extractor: 'pdf-parse', workers: 1 });
    const kinds = new Set((await jsonl(path.join(out, 'examples.jsonl'))).map((e) => e.meta!.kind));
    expect([...kinds].sort()).toEqual(['heading', 'text']);
  });

  it('writes the table of contents when asked to (marked toc), and can leave code out', async () => {
    const out = path.join(tmp, 'skip');
    await runIngest({ paths: [path.join(FIX, 'estructura.pdf')], out, extractor: 'pdf-parse', workers: 1, skip: ['code'] });
    const kinds = (await jsonl(path.join(out, 'examples.jsonl'))).map((e) => e.meta!.kind);
    expect(kinds.filter((k) => k === 'toc')).toHaveLength(2);
    expect(kinds).not.toContain('code');
  });
});

describe('sentences cut by the layout', () => {
  it('joins a paragraph break in mid-sentence, and keeps a title out of the next sentence', () => {
    const { paragraphs } = cleanDocument([{
      num: 1,
      lines: [
        { text: 'Protocolos de red', newPara: true },
        { text: 'El servidor escucha en el puerto 22. ¿Qué número de puerto', newPara: true },
        { text: 'utiliza el cliente?', newPara: true },
        { text: 'El cliente elige un puerto libre.', newPara: true },
      ],
    }], { normalize: true, dehyphenate: true, stripRepeated: true });
    expect(paragraphs.map((p) => [p.kind, p.text])).toEqual([
      ['heading', 'Protocolos de red'],
      ['text', 'El servidor escucha en el puerto 22. ¿Qué número de puerto utiliza el cliente?'],
      ['text', 'El cliente elige un puerto libre.'],
    ]);
  });
});
