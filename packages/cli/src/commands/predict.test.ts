import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { tokenize, type Example } from '@nerflow/corpus';
import { commands as trainCommands } from '@nerflow/train/cli';
import { describe, expect, it } from 'vitest';
import { renderEntitiesHtml } from '../predict/render-html.js';
import { renderEntitiesTable } from '../predict/render-table.js';
import { runCli } from '../program.js';
import { isDocumentInput, predictCommand } from './predict.js';

const PDFS = resolve(import.meta.dirname, '../../../../examples/marketing-es/pdfs');
const predict = predictCommand(trainCommands.find((c) => c.name === 'predict')!);

function io() {
  const stdout = new PassThrough(), stderr = new PassThrough();
  let out = '', err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { io: { stdout, stderr, stdin: new PassThrough(), color: false }, out: () => out, err: () => err };
}

function ex(text: string, ents: [string, string][], meta?: Record<string, unknown>): Example {
  const spans = ents.map(([surface, label]) => ({ start: text.indexOf(surface), end: text.indexOf(surface) + [...surface].length, label, score: 0.91 }));
  return { text, tokens: tokenize(text), spans, ...(meta ? { meta } : {}) } as Example;
}

describe('predict output formats', () => {
  const examples = [
    ex('Iberia lanzó su campaña en Instagram <script>alert(1)</script> & más.', [['Iberia', 'ORG'], ['Instagram', 'PLATAFORMA']], { source: 'informe<b>.pdf', page: 2 }),
    ex('Sin entidades aquí.', []),
  ];

  it('html: displaCy-like marks, and every piece of document text escaped (no raw HTML from PDFs)', () => {
    const html = renderEntitiesHtml(examples, 'Entidades de <informe>');
    expect(html).toContain('<mark class="entity" style="background: ');
    expect(html).toContain('>Iberia<span class="label">ORG</span></mark>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; más.');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<h2>informe&lt;b&gt;.pdf</h2>');
    expect(html).toContain('<title>Entidades de &lt;informe&gt;</title>');
  });

  it('table: one row per entity with where it was found, and a count per label', () => {
    const table = renderEntitiesTable(examples).split('\n');
    expect(table[0]).toMatch(/^where\s+label\s+entity\s+score$/);
    expect(table[1]).toMatch(/^informe<b>\.pdf p\.2\s+ORG\s+Iberia\s+0\.91$/);
    expect(table).toContain('2 entities in 2 examples: ORG 1 · PLATAFORMA 1');
  });

  it('tells documents (PDF, folder, glob) from text input', () => {
    expect(isDocumentInput(join(PDFS, '01-redes-sociales.pdf'))).toBe(true);
    expect(isDocumentInput(PDFS)).toBe(true);
    expect(isDocumentInput('informes/*.pdf')).toBe(true);
    expect(isDocumentInput('textos.jsonl')).toBe(false);
  });
});

describe('nerflow predict on PDFs (ingest, then predict, composed by the CLI)', () => {
  it('labels a PDF with es-base, writes the corpus with spans, and prints a table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-predict-pdf-'));
    const out = join(dir, 'pred.jsonl');
    const t = io();
    const code = await runCli([predict], ['predict', 'es-base', join(PDFS, '01-redes-sociales.pdf'), '--out', out, '--format', 'table', '--corpus', join(dir, 'corpus')], t.io);
    expect(t.err()).toContain('ingest:');
    expect(code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Example);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => Array.isArray(r.spans))).toBe(true);
    expect(existsSync(join(dir, 'corpus/examples.jsonl'))).toBe(true);
    expect(t.out()).toMatch(/^where\s+label\s+entity\s+score$/m);
    expect(t.out()).toMatch(/entities in \d+ examples/);
  }, 180_000);

  it('labels a folder of PDFs and writes an HTML page to stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-predict-dir-'));
    cpSync(join(PDFS, '02-seo-sem.pdf'), join(dir, 'pdfs/02-seo-sem.pdf'));
    const t = io();
    expect(await runCli([predict], ['predict', 'es-base', join(dir, 'pdfs'), '--format', 'html'], t.io)).toBe(0);
    expect(t.out()).toMatch(/^<!doctype html>/);
    expect(t.out()).toContain('<mark class="entity"');
  }, 180_000);
});
