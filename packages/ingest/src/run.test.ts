import { cp, mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputHash, NerError, type Example } from '@nerflow/corpus';
import { recordingContext } from '@nerflow/core';
import { runIngest, IngestErrors, type IngestReport } from './index.js';
import type { DocRecord } from './document.js';

const FIX = path.join(import.meta.dirname, '__fixtures__');
const readJsonl = async <T>(file: string): Promise<T[]> =>
  (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

let tmp: string;
beforeAll(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'nerflow-ingest-')); });
afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

describe('runIngest on the fixtures (pdf-parse)', () => {
  let out: string;
  let report: IngestReport;
  let docs: DocRecord[];
  let examples: Example[];
  const ctx = recordingContext();

  beforeAll(async () => {
    out = path.join(tmp, 'out');
    report = await runIngest({ paths: [FIX], out, extractor: 'pdf-parse', workers: 2 }, ctx);
    docs = await readJsonl<DocRecord>(path.join(out, 'docs.jsonl'));
    examples = await readJsonl<Example>(path.join(out, 'examples.jsonl'));
  });

  it('counts add up: files in = ok + failed + skipped', async () => {
    const f = report.files;
    expect(f.total).toBe(15);
    expect(f.ok + f.failed + f.skipped).toBe(f.total);
    expect(f).toMatchObject({ ok: 10, failed: 4, skipped: 1, skipped_duplicate: 1 });
    expect(docs.map((d) => d.source).sort()).toEqual(['cabeceras.pdf', 'columnas.pdf', 'escaneado.pdf', 'estructura.pdf', 'guiones-copia.pdf', 'layout/entrelazadas.pdf', 'layout/posiciones.pdf', 'layout/tabla.pdf', 'notas.txt', 'repetido.pdf']);
    expect(JSON.parse(await readFile(path.join(out, 'ingest-report.json'), 'utf8')).files).toEqual(report.files);
  });

  it('names each bad file with its reason', () => {
    const byFile = Object.fromEntries(report.failures.map((x) => [x.source, x.code]));
    expect(byFile).toEqual({
      'malos/cifrado.pdf': IngestErrors.ENCRYPTED,
      'malos/no-es-pdf.pdf': IngestErrors.NOT_PDF,
      'malos/truncado.pdf': IngestErrors.CORRUPT,
      'malos/vacio.pdf': IngestErrors.EMPTY_FILE,
    });
    for (const x of report.failures) expect(x.hint, x.source).toBeTruthy();
  });

  it('writes valid corpus examples: tokens round-trip, hashes, meta back to source', () => {
    expect(examples.length).toBe(report.examples.written);
    for (const e of examples) {
      const rebuilt = e.tokens!.map((t) => t.text + (t.ws ? ' ' : '')).join('');
      expect(rebuilt).toBe(e.text);
      expect(e._input_hash).toBe(inputHash(e));
      expect(typeof e._task_hash).toBe('number');
      expect(e.meta).toMatchObject({ source: expect.any(String), doc_id: expect.stringMatching(/^[0-9a-f]{16}$/), page: expect.any(Number), para: expect.any(Number) });
    }
    const cab = docs.find((d) => d.source === 'cabeceras.pdf')!;
    expect(cab).toMatchObject({ pages: 6, lang: 'es', producer: expect.stringMatching(/gropdf/), extractor: 'pdf-parse@2', bytes: 27275 });
  });

  it('rejoins end-of-line hyphens and keeps real compounds', () => {
    const g = examples.filter((e) => e.meta!.source === 'guiones-copia.pdf').map((e) => e.text).join(' ');
    expect(g).toContain('La estrategia de marketing digital de la empresa se basa en el posicionamiento orgánico y en campañas de pago.');
    expect(g).toContain('El análisis teórico-práctico del embudo de conversión muestra que la tasa de rebote bajó.');
    expect(g).toContain('El informe económico-financiero se presentó en Madrid.');
    expect(g).toContain('La empresa mejoró su posicionamiento en buscadores');
    expect(g).not.toMatch(/\p{L}- \p{L}/u);
  });

  it('drops running headers, footers and page numbers, and keeps the body', () => {
    const c = examples.filter((e) => e.meta!.source === 'cabeceras.pdf').map((e) => e.text);
    expect(c.some((t) => t.includes('Informe de marketing digital'))).toBe(false);
    expect(c.some((t) => /Página \d/.test(t))).toBe(false);
    expect(c[0]).toBe('Informe anual de comercio electrónico');
    for (const i of [1, 37, 110]) expect(c.some((t) => t.startsWith(`En la campaña ${i} la tienda vendió`)), `campaña ${i}`).toBe(true);
  });

  it('dedupes identical documents and identical examples', () => {
    expect(report.duplicates).toEqual([{ source: 'guiones.pdf', same_as: 'guiones-copia.pdf' }]);
    const s = 'La empresa mejoró su posicionamiento en buscadores durante el trimestre.';
    expect(examples.filter((e) => e.text === s).length).toBe(1);
    expect(report.examples.duplicate).toBeGreaterThanOrEqual(1);
    expect(new Set(examples.map((e) => e._input_hash)).size).toBe(examples.length);
  });

  it('reports progress in files with pages/s', () => {
    const last = ctx.events.at(-1)!;
    expect(last).toMatchObject({ unit: 'files', done: 15, total: 15 });
    expect(last.stats).toHaveProperty('pages/s');
  });

  it('is incremental: a re-run reads nothing old, and a new file alone', async () => {
    const again = await runIngest({ paths: [FIX], out, extractor: 'pdf-parse', workers: 2 });
    expect(again.files).toMatchObject({ total: 15, ok: 0, failed: 4, skipped_unchanged: 10, skipped_duplicate: 1 });
    expect(again.failures.every((x) => x.from_previous_run)).toBe(true);
    expect((await readJsonl(path.join(out, 'examples.jsonl'))).length).toBe(examples.length);

    const dir = path.join(tmp, 'in-plus');
    await cp(FIX, dir, { recursive: true });
    await writeFile(path.join(dir, 'nuevo.md'), '# Plan de contenidos\n\nPublicaremos dos artículos por semana en el blog de la tienda.\n');
    const third = await runIngest({ paths: [dir], out, extractor: 'pdf-parse', workers: 2 });
    expect(third.files).toMatchObject({ total: 16, ok: 1, skipped_unchanged: 10 });
    const ex = await readJsonl<Example>(path.join(out, 'examples.jsonl'));
    expect(ex.length).toBe(examples.length + 2);
    expect(ex.at(-1)!.meta).toMatchObject({ source: 'nuevo.md', page: 1, para: 2, sent: 1 });
  });
});

describe('runIngest options', () => {
  it('writes one example per paragraph with --unit paragraph', async () => {
    const out = path.join(tmp, 'para');
    const r = await runIngest({ paths: [path.join(FIX, 'notas.txt')], out, unit: 'paragraph', workers: 1 });
    const ex = await readJsonl<Example>(path.join(out, 'examples.jsonl'));
    expect(r.files.ok).toBe(1);
    expect(ex.map((e) => e.text)).toEqual([
      'Notas de la reunión',
      'El equipo de SEO propuso mejorar los enlaces internos. La directora aprobó el plan.',
      'El presupuesto de anuncios en buscadores sube un 12% en marzo.',
    ]);
  });

  it('passes .jsonl and .md text through, one paragraph per record, and warns about records without text', async () => {
    const dir = path.join(tmp, 'passthrough');
    await cp(path.join(FIX, 'notas.txt'), path.join(dir, 'notas.txt'));
    await writeFile(path.join(dir, 'textos.jsonl'), [
      JSON.stringify({ text: 'La tienda abrió en Sevilla. Vendió cien bolsos el primer día.', meta: { id: 1 } }),
      JSON.stringify({ titulo: 'sin texto' }),
      JSON.stringify({ text: 'El blog recibió 3.000 visitas en marzo.' }),
    ].join('\n'));
    await writeFile(path.join(dir, 'plan.md'), '# Plan de **contenidos**\n\n- Publicar en @tienda_es cada lunes, ver [la guía](https://ejemplo.es/guia).\n');
    const out = path.join(tmp, 'passthrough-out');
    const r = await runIngest({ paths: [dir], out, workers: 1 });
    expect(r.files).toMatchObject({ total: 3, ok: 3, failed: 0 });
    const ex = await readJsonl<Example>(path.join(out, 'examples.jsonl'));
    const fromJsonl = ex.filter((e) => e.meta!.source === 'textos.jsonl');
    expect(fromJsonl.map((e) => [e.text, e.meta!.para, e.meta!.sent])).toEqual([
      ['La tienda abrió en Sevilla.', 1, 1], ['Vendió cien bolsos el primer día.', 1, 2], ['El blog recibió 3.000 visitas en marzo.', 2, 1],
    ]);
    expect(r.warnings).toEqual([{ source: 'textos.jsonl', warnings: ['line 2: the record has no "text" string; skipped'] }]);
    expect(ex.filter((e) => e.meta!.source === 'plan.md').map((e) => e.text)).toEqual(['Plan de contenidos', 'Publicar en @tienda_es cada lunes, ver la guía.']);
  });

  it('stops a file that runs past --timeout (its worker is terminated) and goes on with the rest', async () => {
    const dir = path.join(tmp, 'stuck');
    await cp(path.join(FIX, 'notas.txt'), path.join(dir, 'notas.txt'));
    await writeFile(path.join(dir, 'atascado.stuck'), 'x');
    const t0 = Date.now();
    const r = await runIngest({ paths: [dir], out: path.join(tmp, 'stuck-out'), timeout: 1, workers: 1, plugins: [path.join(FIX, 'stuck-plugin.mjs')] });
    expect(Date.now() - t0).toBeLessThan(55_000); // a stuck file must not hang the run (generous: shared, loaded CI machines)
    expect(r.failures).toEqual([expect.objectContaining({ source: 'atascado.stuck', code: IngestErrors.TIMEOUT })]);
    expect(r.files.ok).toBe(1);
  });

  it('--strict makes a failure fatal', async () => {
    const err = await runIngest({ paths: [path.join(FIX, 'malos')], out: path.join(tmp, 'strict'), strict: true, workers: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NerError);
    expect((err as NerError).code).toBe(IngestErrors.STRICT);
  });

  it('says clearly when nothing matches', async () => {
    const err = await runIngest({ paths: [path.join(FIX, 'malos', '*.docx')], out: path.join(tmp, 'none') }).catch((e: unknown) => e);
    expect((err as NerError).code).toBe(IngestErrors.NO_INPUT);
  });
});
