import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, writeSync, appendFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';

/** sha1 hex of a string (cache keys: model + revision + settings, and each document's words). */
export function sha1(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}

/**
 * On-disk cache of per-token feature matrices, one folder per (model, revision, settings):
 * `features.bin` (float32 rows, appended) and `index.jsonl` (key, offset, rows). Transformer
 * features are computed once per corpus, so training epochs and re-runs do not re-run the model.
 */
export class FeatureCache {
  private readonly index = new Map<string, { offset: number; rows: number }>();
  private readonly bin: string;
  private readonly idx: string;
  private end = 0;

  constructor(readonly dir: string, readonly dim: number) {
    mkdirSync(dir, { recursive: true });
    this.bin = path.join(dir, 'features.bin');
    this.idx = path.join(dir, 'index.jsonl');
    if (existsSync(this.idx)) {
      for (const line of readFileSync(this.idx, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          const e = JSON.parse(line) as { key: string; offset: number; rows: number };
          this.index.set(e.key, e);
          this.end = Math.max(this.end, e.offset + e.rows * dim * 4);
        } catch {
          // a line cut by an interrupted run: its features are simply recomputed
        }
      }
    }
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get size(): number {
    return this.index.size;
  }

  get(key: string): Float32Array | null {
    const e = this.index.get(key);
    if (!e) return null;
    const out = new Float32Array(e.rows * this.dim);
    this.fd ??= openSync(this.bin, 'r');
    readSync(this.fd, new Uint8Array(out.buffer), 0, out.byteLength, e.offset);
    return out;
  }

  private fd: number | undefined;

  /** Closes the read handle (reopened on the next `get`). */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Appends entries: data first, then the index lines, so a crash never indexes missing bytes. */
  putMany(entries: { key: string; data: Float32Array }[]): void {
    if (!entries.length) return;
    const fd = openSync(this.bin, 'a');
    const lines: string[] = [];
    try {
      for (const { key, data } of entries) {
        writeSync(fd, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        const rows = data.length / this.dim;
        this.index.set(key, { offset: this.end, rows });
        lines.push(JSON.stringify({ key, offset: this.end, rows }));
        this.end += data.byteLength;
      }
    } finally {
      closeSync(fd);
    }
    appendFileSync(this.idx, lines.join('\n') + '\n');
  }
}
