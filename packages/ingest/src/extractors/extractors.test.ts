import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NerError } from '@nerflow/corpus';
import { IngestErrors } from '../errors.js';
import { extractors, resolvePdfExtractor } from './registry.js';
import { hasPdftotext } from './pdftotext.js';

const FIX = path.join(import.meta.dirname, '..', '__fixtures__');
const load = async (name: string) => new Uint8Array(await readFile(path.join(FIX, name)));
const text = (doc: { pages: { lines: { text: string }[] }[] }) => doc.pages.flatMap((p) => p.lines.map((l) => l.text)).join('\n');

// Every PDF extractor passes the same suite (pdftotext only where poppler-utils is installed).
const pdfExtractors = ['pdf-parse', ...(hasPdftotext() ? ['pdftotext'] : [])];

describe('extractor registry', () => {
  it('has the built-in extractors under stable names', () => {
    expect(extractors.names()).toEqual(expect.arrayContaining(['jsonl', 'pdf-parse', 'pdftotext', 'text']));
  });

  it('auto picks pdftotext when it is on the PATH, pdf-parse otherwise', () => {
    expect(resolvePdfExtractor('auto').name).toBe(hasPdftotext() ? 'pdftotext' : 'pdf-parse');
    expect(() => resolvePdfExtractor('nope')).toThrow(/Unknown ingest extractor "nope"/);
  });
});

describe.each(pdfExtractors)('%s extractor', (name) => {
  const ex = extractors.get(name);

  it('reads pages, lines and metadata', async () => {
    const doc = await ex.extract(path.join(FIX, 'cabeceras.pdf'), await load('cabeceras.pdf'));
    expect(doc.pages.length).toBe(6);
    expect(doc.pages.map((p) => p.num)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(text(doc)).toContain('Informe anual de comercio electrónico');
    expect(doc.metadata.producer).toMatch(/gropdf/);
    expect(doc.metadata.created).toBe('2023-11-14T22:13:20.000Z');
    expect(doc.pages[0]!.lines[0]!.newPara).toBe(true);
  });

  it.each([
    ['malos/cifrado.pdf', IngestErrors.ENCRYPTED, /password/],
    ['malos/truncado.pdf', IngestErrors.CORRUPT, /truncated/],
    ['malos/vacio.pdf', IngestErrors.EMPTY_FILE, /empty/],
    ['malos/no-es-pdf.pdf', IngestErrors.NOT_PDF, /not a PDF/],
  ])('reports %s as %s', async (file, code, message) => {
    const err = await ex.extract(path.join(FIX, file), await load(file)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NerError);
    expect((err as NerError).code).toBe(code);
    expect((err as NerError).message).toMatch(message);
    expect((err as NerError).file).toBe(path.join(FIX, file));
    expect((err as NerError).hint).toBeTruthy();
  });

  it('finds no text on an image-only (scanned) page', async () => {
    const doc = await ex.extract(path.join(FIX, 'escaneado.pdf'), await load('escaneado.pdf'));
    expect(doc.pages.length).toBe(1);
    expect(text(doc).trim()).toBe('');
  });
});

describe('pdf-parse extractor layout', () => {
  it('keeps the reading order of a two-column page (each block whole, in order)', async () => {
    const doc = await extractors.get('pdf-parse').extract(path.join(FIX, 'columnas.pdf'), await load('columnas.pdf'));
    const all = text(doc).replace(/\s*\n\s*/g, ' ');
    const blocks = [...all.matchAll(/Bloque (\d+): el comercio electrónico en España creció durante el año y las pymes vendieron más en línea\./g)];
    expect(blocks.map((m) => Number(m[1]))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('marks paragraph starts (first-line indents and spacing)', async () => {
    const doc = await extractors.get('pdf-parse').extract(path.join(FIX, 'columnas.pdf'), await load('columnas.pdf'));
    const starts = doc.pages.flatMap((p) => p.lines.filter((l) => l.newPara).map((l) => l.text));
    expect(starts.filter((t) => t.startsWith('Bloque ')).length).toBe(30);
  });
});
