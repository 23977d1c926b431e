import { execFile } from 'node:child_process';
import { toolRuns } from '../tools.js';
import { readFile } from 'node:fs/promises';

/** True when poppler's `pdftoppm` runs here (apt-get install poppler-utils). */
export function hasPdftoppm(): boolean {
  return toolRuns('pdftoppm');
}

/** Renders the pages of one PDF to greyscale PNGs for OCR. */
export interface PageRenderer {
  name: 'pdftoppm' | 'pdf.js';
  render(page: number, timeoutMs?: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * A renderer for `file` at `dpi`: poppler's `pdftoppm` when on the PATH (fast, one process per
 * page), else pdf.js through pdf-parse's screenshots (its canvas ships in an npm package).
 */
export async function openRenderer(file: string, dpi: number, use: 'auto' | 'pdf.js' = 'auto'): Promise<PageRenderer> {
  if (use === 'auto' && hasPdftoppm()) {
    return {
      name: 'pdftoppm',
      render: (page, timeoutMs = 0) => new Promise((resolve, reject) => {
        execFile('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-f', String(page), '-l', String(page), file],
          { encoding: 'buffer', maxBuffer: 1 << 28, timeout: timeoutMs, killSignal: 'SIGKILL' },
          (err, stdout, stderr) => (err ? reject(new Error(`pdftoppm failed on page ${page}: ${String(stderr).trim().split('\n')[0] || err.message}`)) : resolve(new Uint8Array(stdout))));
      }),
      close: async () => {},
    };
  }
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(await readFile(file)) });
  return {
    name: 'pdf.js',
    async render(page) {
      const shot = await parser.getScreenshot({ partial: [page], scale: dpi / 72, imageBuffer: true, imageDataUrl: false });
      const data = shot.pages[0]?.data;
      if (!data) throw new Error(`pdf.js rendered no image for page ${page}`);
      return data;
    },
    close: () => parser.destroy(),
  };
}
