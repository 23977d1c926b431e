import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Example } from '@nerflow/corpus';
import { quietContext } from '@nerflow/core';
import { IngestErrors, runIngest } from '../index.js';
import type { DocRecord } from '../document.js';
import { tesseractCli, tesseractJs } from './engines.js';
import { unusableTextLayer } from './quality.js';
import { openRenderer } from './render.js';
import { parseTesseractTsv } from './tsv.js';

const FIX = path.join(import.meta.dirname, '..', '__fixtures__');
const SCANNED = path.join(FIX, 'escaneado.pdf');
/** The prose scripts/make-fixtures.sh rasterised into escaneado.pdf (no text layer). */
const TRUTH = 'Informe de comercio electrónico La tienda en línea de la cooperativa vendió más zapatillas durante la campaña de primavera. '
  + 'El equipo de marketing digital comparó los anuncios en buscadores con las redes sociales y decidió invertir más en el correo electrónico. '
  + 'La tasa de conversión subió al tres por ciento y el coste por clic bajó en marzo. La directora presentó los resultados en Valencia ante los socios de la empresa.';

const jsonl = async <T>(file: string): Promise<T[]> => (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
const words = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Word-level F1 between two texts as bags of words (the OCR accuracy the issue asks for). */
function wordF1(got: string, want: string): number {
  const bag = new Map<string, number>();
  for (const w of words(want)) bag.set(w, (bag.get(w) ?? 0) + 1);
  let tp = 0;
  const g = words(got);
  for (const w of g) if ((bag.get(w) ?? 0) > 0) { tp++; bag.set(w, bag.get(w)! - 1); }
  return (2 * tp) / (g.length + words(want).length);
}

let tmp: string;
beforeAll(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'nerflow-ocr-')); });
afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

describe('Tesseract TSV', () => {
  it('groups words into lines and paragraphs, with the mean word confidence', () => {
    const tsv = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      '1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t',
      '4\t1\t1\t1\t1\t0\t855\t478\t300\t36\t-1\t',
      '5\t1\t1\t1\t1\t1\t855\t480\t173\t34\t96\tInforme',
      '5\t1\t1\t1\t1\t2\t1043\t480\t47\t34\t90\tde',
      '4\t1\t2\t1\t1\t0\t300\t600\t1800\t26\t-1\t',
      '5\t1\t2\t1\t1\t1\t300\t600\t100\t34\t80\tLa',
      '5\t1\t2\t1\t1\t2\t420\t600\t100\t34\t70\ttienda',
      '4\t1\t2\t1\t2\t0\t300\t636\t1800\t26\t-1\t',
      '5\t1\t2\t1\t2\t1\t300\t650\t100\t34\t60\tvendió',
      '5\t1\t2\t1\t2\t2\t420\t650\t100\t34\t-1\t ',
    ].join('\n');
    const page = parseTesseractTsv(tsv);
    expect(page.lines).toEqual([
      { text: 'Informe de', newPara: true },
      { text: 'La tienda', newPara: true },
      { text: 'vendió', newPara: false },
    ]);
    expect(page.words).toBe(5);
    expect(page.confidence).toBeCloseTo((96 + 90 + 80 + 70 + 60) / 5, 6);
  });
});

describe('which pages need OCR', () => {
  it('takes an empty page and a page of unmapped glyphs as unusable, Spanish prose as usable', () => {
    expect(unusableTextLayer([])).toBe('empty');
    expect(unusableTextLayer([{ text: '12' }])).toBe('empty');
    expect(unusableTextLayer([{ text: '(cid:12)(cid:44)(cid:71) (cid:3)(cid:90)(cid:18) (cid:33)(cid:8)(cid:9)(cid:10) xq' }])).toBe('garbage');
    // A font with its own encoding and no Unicode map: letters, but nothing shaped like a word.
    expect(unusableTextLayer([{ text: 'ÑßÐ ÿÞß ÐÞÿ ßÐÑ ×ØÞ ÐÞß ÑÐß ÞÿÑ ßÞÐ ÐÑÞ ÿßÐ ÞÐÿ' }])).toBe('garbage');
    expect(unusableTextLayer([{ text: 'La tasa de conversión subió al tres por ciento y el coste por clic bajó en marzo.' }])).toBeUndefined();
  });
});

for (const engine of [tesseractCli, tesseractJs]) {
  const why = engine.unavailable({ lang: 'spa' });
  describe.skipIf(why !== undefined)(`OCR of an image-only PDF with ${engine.name}${why ? ` (skipped: ${why})` : ''}`, () => {
    it('reads the scanned page back as Spanish text, marks its examples and reports the page', async () => {
      const out = path.join(tmp, engine.name);
      const report = await runIngest({ paths: [SCANNED], out, ocrEngine: engine.name, workers: 1 }, quietContext());
      expect(report.files).toMatchObject({ total: 1, ok: 1, failed: 0 });
      const examples = await jsonl<Example>(path.join(out, 'examples.jsonl'));
      const text = examples.map((e) => e.text).join(' ');
      expect(wordF1(text, TRUTH)).toBeGreaterThanOrEqual(0.95);
      for (const e of examples) expect(e.meta).toMatchObject({ ocr: true, ocr_confidence: expect.any(Number), page: 1 });
      expect(examples[0]!.text).toBe('Informe de comercio electrónico');
      const [doc] = await jsonl<DocRecord>(path.join(out, 'docs.jsonl'));
      expect(doc!.ocr).toMatchObject({ engine: engine.name, pages: [1] });
      expect(doc!.ocr!.mean_confidence).toBeGreaterThan(70);
      expect(report.ocr).toMatchObject({ engine: engine.name, files: 1, pages: 1 });
      expect(report.ocr.by_file).toEqual([expect.objectContaining({ source: 'escaneado.pdf', pages: [1] })]);
    }, 60_000);
  });
}

describe('the pure-npm path: pdf.js renders, tesseract.js reads', () => {
  it('gets the scanned page back without poppler or the tesseract binary', async () => {
    const renderer = await openRenderer(SCANNED, 300, 'pdf.js');
    const session = await tesseractJs.open({ lang: 'spa' });
    try {
      expect(renderer.name).toBe('pdf.js');
      const page = await session.recognize(await renderer.render(1));
      expect(wordF1(page.lines.map((l) => l.text).join(' '), TRUTH)).toBeGreaterThanOrEqual(0.95);
    } finally {
      await session.close();
      await renderer.close();
    }
  }, 60_000);
});

describe('--ocr off and --ocr force', () => {
  it('off: an image-only PDF is reported as having no text, with the way out', async () => {
    const report = await runIngest({ paths: [SCANNED], out: path.join(tmp, 'off'), ocr: 'off', workers: 1 }, quietContext());
    expect(report.failures).toEqual([expect.objectContaining({ source: 'escaneado.pdf', code: IngestErrors.NO_TEXT })]);
    expect(report.failures[0]!.reason).toMatch(/--ocr is off/);
  });

  it('force: a born-digital page is OCRed too, and agrees with its text layer', async () => {
    const file = path.join(FIX, 'repetido.pdf');
    const layer = path.join(tmp, 'layer');
    const forced = path.join(tmp, 'forced');
    await runIngest({ paths: [file], out: layer, ocr: 'off', workers: 1 });
    const report = await runIngest({ paths: [file], out: forced, ocr: 'force', workers: 1 });
    expect(report.ocr.pages).toBe(1);
    const a = (await jsonl<Example>(path.join(layer, 'examples.jsonl'))).map((e) => e.text).join(' ');
    const b = (await jsonl<Example>(path.join(forced, 'examples.jsonl'))).map((e) => e.text).join(' ');
    expect(wordF1(b, a)).toBeGreaterThanOrEqual(0.95);
  }, 60_000);
});
