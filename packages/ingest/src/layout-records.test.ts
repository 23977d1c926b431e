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

for (const extractor of ['pdf-parse', 'pdftotext', 'pdftotext-bbox']) {
  const skip = extractor.startsWith('pdftotext') && !hasPdftotext();
  describe.skipIf(skip)(`document structure with ${extractor}${skip ? ' (skipped: pdftotext is not installed)' : ''}`, () => {
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

describe('layout from the items\' positions (pdf-parse)', () => {
  it('reads a two-column page column by column when its content stream goes line by line across both', async () => {
    const out = path.join(tmp, 'columns');
    await runIngest({ paths: [path.join(FIX, 'layout', 'entrelazadas.pdf')], out, extractor: 'pdf-parse', workers: 1 });
    const rows = (await jsonl(path.join(out, 'examples.jsonl'))).map((e) => [e.meta!.kind, e.text]);
    expect(rows).toEqual([
      ['heading', 'Dos columnas entrelazadas'],
      ['text', 'La tienda en línea de la cooperativa vendió más zapatillas durante la campaña de primavera que en todo el año anterior.'],
      ['text', 'El equipo de marketing digital comparó los anuncios en buscadores con el correo electrónico y decidió invertir más en el segundo canal.'],
      ['text', 'La directora presentó los resultados en Valencia ante los socios de la empresa.'],
      ['text', 'Las redes sociales trajeron menos ventas de las que esperaba el equipo, aunque las reseñas de los clientes mejoraron mucho en marzo.'],
      ['text', 'Los vídeos cortos llegaron a un público joven que no conocía la marca.'],
      ['text', 'El presupuesto de publicidad programática bajará un diez por ciento en otoño.'],
    ]);
  });

  const table = [
    ['Canal', 'Pedidos', 'Coste (euros)'], ['Correo electrónico', '1250', '300'], ['Anuncios en buscadores', '980', '1200'],
    ['Redes sociales', '640', '850'], ['Vídeos cortos', '410', '500'],
  ];
  const before = ['heading', 'Resultados del trimestre', undefined];
  const intro = ['text', 'La tienda en línea de la cooperativa comparó sus canales de venta durante el primer trimestre del año.', undefined];
  const after = ['text', 'El equipo de marketing digital decidió invertir más en el correo electrónico durante el segundo trimestre.', undefined];
  const read = async (tables: 'rows' | 'skip' | 'text') => {
    const out = path.join(tmp, `tables-${tables}`);
    await runIngest({ paths: [path.join(FIX, 'layout', 'tabla.pdf')], out, extractor: 'pdf-parse', workers: 1, tables });
    return (await jsonl(path.join(out, 'examples.jsonl'))).map((e) => [e.meta!.kind, e.text, e.meta!.cells]);
  };

  it('--tables rows (default): each row of a table is its own record with its cells', async () => {
    expect(await read('rows')).toEqual([before, intro, ...table.map((cells) => ['table', cells.join(' '), cells]), after]);
  });

  it('--tables skip leaves the rows out; --tables text reads them as prose', async () => {
    expect(await read('skip')).toEqual([before, intro, after]);
    const asText = await read('text');
    expect(asText.some((r) => r[0] === 'table' || r[2] !== undefined)).toBe(false);
    expect(asText.map((r) => r[1]).join(' ')).toContain('Correo electrónico 1250 300');
  }, 60_000); // two ingests with a fresh worker each: over vitest's 5 s default on a loaded machine (5.0 s at load 8)
});

describe.skipIf(!hasPdftotext())(`tables with pdftotext${hasPdftotext() ? '' : ' (skipped: pdftotext is not installed)'}`, () => {
  it('marks a padded table that pdftotext writes one cell per paragraph as table, not as headings', async () => {
    const out = path.join(tmp, 'tables-pdftotext');
    await runIngest({ paths: [path.join(FIX, 'layout', 'tabla.pdf')], out, extractor: 'pdftotext', workers: 1 });
    const rows = (await jsonl(path.join(out, 'examples.jsonl'))).map((e) => [e.meta!.kind, e.text]);
    expect(rows[0]).toEqual(['heading', 'Resultados del trimestre']);
    expect(rows.at(-1)).toEqual(['text', 'El equipo de marketing digital decidió invertir más en el correo electrónico durante el segundo trimestre.']);
    const middle = rows.slice(2, -1);
    expect(middle.map((r) => r[1])).toEqual(['Canal', 'Pedidos', 'Coste (euros)', 'Correo electrónico', 'Anuncios en buscadores', 'Redes sociales', 'Vídeos cortos']);
    expect(middle.every((r) => r[0] === 'table')).toBe(true);
  });
});

describe('sentences cut by the layout', () => {
  it('starts a new paragraph after a short line without punctuation when the next starts with a capital, not when it goes on in lower case', () => {
    const long = 'El equipo de marketing digital comparó los anuncios en buscadores con el correo electrónico';
    const { paragraphs } = cleanDocument([{
      num: 1,
      lines: [
        { text: `${long} y decidió invertir más en el segundo canal durante la campaña.`, newPara: true },
        { text: 'Sabe ejecutar un comando desde C' },
        { text: '¿Para qué sirve la función system?' },
        { text: `${long} de la tienda en línea de la cooperativa de Valencia, que vendió` },
        { text: 'más zapatillas' },
        { text: 'que nunca en primavera.' },
      ],
    }], { normalize: true, dehyphenate: true, stripRepeated: true });
    expect(paragraphs.map((p) => p.text)).toEqual([
      `${long} y decidió invertir más en el segundo canal durante la campaña.`,
      'Sabe ejecutar un comando desde C',
      `¿Para qué sirve la función system? ${long} de la tienda en línea de la cooperativa de Valencia, que vendió más zapatillas que nunca en primavera.`,
    ]);
  });

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
