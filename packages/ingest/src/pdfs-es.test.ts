import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestErrors, runIngest } from './index.js';
import type { DocRecord } from './document.js';

// The shared folder of real Spanish PDFs (42 real files + 1 truncated copy), beside the repository.
const DATA = process.env.NERFLOW_PDFS_ES ?? path.resolve(import.meta.dirname, '../../../../shared/data/pdfs-es');
let tmp: string | undefined;
afterAll(async () => { if (tmp) await rm(tmp, { recursive: true, force: true }); });

describe.skipIf(!existsSync(DATA))('ingest of the real pdfs-es folder (pdf-parse)', () => {
  it('yields text for every PDF with a text layer, reports the truncated one, and the counts add up', async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'nerflow-pdfs-es-'));
    const out = path.join(tmp, 'out');
    const report = await runIngest({ paths: [DATA], out, extractor: 'pdf-parse' });
    const pdfs = (await readdir(DATA, { recursive: true })).filter((f) => String(f).endsWith('.pdf'));
    const f = report.files;
    expect(f.total).toBe(pdfs.length);
    expect(f.ok + f.failed + f.skipped).toBe(f.total);
    expect(report.failures).toEqual([expect.objectContaining({ source: 'bad-input-derived/derived_truncated_FAQ-CervanTeX.pdf', code: IngestErrors.CORRUPT })]);
    expect(f.ok).toBe(pdfs.length - 1);

    const docs = (await readFile(path.join(out, 'docs.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as DocRecord);
    expect(docs.length).toBe(f.ok);
    for (const d of docs) {
      expect(d.words, d.source).toBeGreaterThan(50);
      expect(d.examples_written, d.source).toBeGreaterThan(0);
    }
    const bySource = Object.fromEntries(docs.map((d) => [d.source, d]));
    // Screenshots of code: only the index page has a text layer; the other 26 are read by OCR,
    // and their examples say so.
    const shots = bySource['gh_iker_NASHE_Codigo-Capturado_caa3.pdf']!;
    expect(shots.ocr).toMatchObject({ pages: Array.from({ length: 26 }, (_, i) => i + 2) });
    expect(shots.ocr!.words).toBeGreaterThan(1000);
    expect(shots.warnings.join(' ')).not.toMatch(/pages have no text/);
    // Other files have a few image-only pages (slides, a scanned table): those are OCRed too, and only those.
    expect(report.ocr.by_file.map((x) => x.source)).toContain('gh_iker_NASHE_Codigo-Capturado_caa3.pdf');
    expect(report.ocr.pages).toBeGreaterThan(26);
    expect(report.ocr.pages).toBeLessThan(60);
    // Named _es but written in English.
    expect(bySource['deb_linuxcnc_Integrator_es.pdf']!.lang).toBe('en');
    expect(bySource['gh_crishc119_AE045-mercadotecnia-electronica.pdf']).toMatchObject({ lang: 'es', pages: 9 });
    expect(report.pages).toBe(715);
  }, 600_000);
});
