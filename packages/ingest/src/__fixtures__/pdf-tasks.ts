// Pool tests' input: copies of the real Spanish fixture PDFs, each with distinct bytes (a trailing PDF
// comment), as pdf-parse file tasks with the default clean-up and OCR off.
import { appendFile, copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { hashFile } from '../inputs.js';
import type { FileTask } from '../process-file.js';

const FIX = import.meta.dirname;

export async function fixturePdfTasks(dir: string, names: readonly string[]): Promise<FileTask[]> {
  const input = path.join(dir, 'in');
  await mkdir(input, { recursive: true });
  const out: FileTask[] = [];
  for (const [i, name] of names.entries()) {
    const file = path.join(input, `${i}-${name}.pdf`);
    await copyFile(path.join(FIX, `${name}.pdf`), file);
    await appendFile(file, `% copia ${i}\n`);
    out.push({
      file, source: path.basename(file), sha256: (await hashFile(file)).sha256, pdfExtractor: 'pdf-parse', unit: 'sentence', timeoutMs: 60_000,
      clean: { normalize: true, dehyphenate: true, stripRepeated: true, skip: ['toc', 'index', 'code', 'math'], tables: 'rows' }, plugins: [],
      ocr: { mode: 'off', engine: 'auto', lang: 'spa', dpi: 300 },
    });
  }
  return out;
}
