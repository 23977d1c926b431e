import { closeSync, fdatasyncSync, ftruncateSync, fstatSync, mkdirSync, openSync, readSync, writeSync, createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** One line of manifest.jsonl: what happened to one file content with one tool version. */
export interface ManifestEntry {
  sha256: string;
  source: string;
  tool: string;
  status: 'ok' | 'failed' | 'duplicate';
  doc_id?: string;
  code?: string;
  message?: string;
  pages?: number;
  examples_written?: number;
  at: string;
}

/** Cuts a half-written last line (the process was killed mid-write) so the file is valid JSONL again. */
function repairTail(fd: number): number {
  const size = fstatSync(fd).size;
  if (size === 0) return 0;
  const buf = Buffer.alloc(Math.min(size, 1 << 20));
  let end = size;
  // Walk back in chunks to the last newline.
  while (end > 0) {
    const start = Math.max(0, end - buf.length);
    const n = readSync(fd, buf, 0, end - start, start);
    const nl = buf.subarray(0, n).lastIndexOf(0x0a);
    if (nl >= 0) {
      const keep = start + nl + 1;
      if (keep < size) ftruncateSync(fd, keep);
      return size - keep;
    }
    end = start;
  }
  ftruncateSync(fd, 0);
  return size;
}

/** An append-only JSONL file: whole lines in one write, a tail repair on open, data-sync on demand. */
class AppendFile {
  readonly fd: number;
  readonly repairedBytes: number;
  constructor(readonly file: string) {
    this.fd = openSync(file, 'a+');
    this.repairedBytes = repairTail(this.fd);
  }
  append(text: string): void {
    if (!text) return;
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
  }
  sync(): void {
    fdatasyncSync(this.fd);
  }
  close(): void {
    closeSync(this.fd);
  }
}

async function* lines(file: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const l of rl) if (l) yield l;
}

const HASH_RE = /"_input_hash":(-?\d+)/u;
const ID_RE = /^\{"id":"([0-9a-f]+)"/u;

/**
 * The output folder of an ingest run: docs.jsonl, examples.jsonl and manifest.jsonl, all append-only.
 * Per file the examples go first, then the document, then the manifest line, so an interrupted run
 * (Ctrl-C, kill) leaves at worst a file whose examples are written but which the manifest does not
 * list yet: the next run reads it again, and the example/doc hashes loaded here keep it from being
 * written twice. Nothing written is ever rewritten.
 */
export class OutputStore {
  readonly docs: AppendFile;
  readonly examples: AppendFile;
  readonly manifest: AppendFile;
  /** `_input_hash` of every example already written (dedupe across files and runs). */
  readonly exampleHashes = new Set<number>();
  /** Ids of documents already written. */
  readonly docIds = new Set<string>();
  /** Manifest entries by `sha256|tool` (the last one wins). */
  readonly entries = new Map<string, ManifestEntry>();
  private lastSync = 0;

  private constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.docs = new AppendFile(path.join(dir, 'docs.jsonl'));
    this.examples = new AppendFile(path.join(dir, 'examples.jsonl'));
    this.manifest = new AppendFile(path.join(dir, 'manifest.jsonl'));
  }

  /** Opens (or creates) the folder, repairs torn last lines and loads what earlier runs wrote. */
  static async open(dir: string): Promise<OutputStore> {
    const s = new OutputStore(dir);
    for await (const l of lines(s.examples.file)) {
      const m = HASH_RE.exec(l);
      if (m) s.exampleHashes.add(Number(m[1]));
    }
    for await (const l of lines(s.docs.file)) {
      const m = ID_RE.exec(l) ?? /"id":"([0-9a-f]+)"/u.exec(l);
      if (m) s.docIds.add(m[1]!);
    }
    for await (const l of lines(s.manifest.file)) {
      try {
        const e = JSON.parse(l) as ManifestEntry;
        s.entries.set(`${e.sha256}|${e.tool}`, e);
      } catch { /* a torn line was already cut; anything else unreadable is ignored, the file is re-read */ }
    }
    return s;
  }

  /** Bytes cut from torn last lines when opening (0 after a clean run). */
  get repairedBytes(): number {
    return this.docs.repairedBytes + this.examples.repairedBytes + this.manifest.repairedBytes;
  }

  lookup(sha256: string, tool: string): ManifestEntry | undefined {
    return this.entries.get(`${sha256}|${tool}`);
  }

  /**
   * Writes one file's outcome in the safe order. `exampleLines[i]` has hash `hashes[i]`; those
   * already written (by this or an earlier file or run) are skipped.
   * @returns how many examples were written and how many were duplicates.
   */
  commit(entry: ManifestEntry, doc?: Record<string, unknown>, exampleLines: string[] = [], hashes: number[] = []) {
    let written = 0;
    let duplicates = 0;
    if (doc) {
      const parts: string[] = [];
      for (let i = 0; i < exampleLines.length; i++) {
        const h = hashes[i]!;
        if (this.exampleHashes.has(h)) { duplicates++; continue; }
        this.exampleHashes.add(h);
        parts.push(exampleLines[i]!, '\n');
        written++;
      }
      this.examples.append(parts.join(''));
      const id = doc.id as string;
      if (!this.docIds.has(id)) {
        this.docIds.add(id);
        this.docs.append(`${JSON.stringify({ ...doc, examples_written: written, examples_duplicate: duplicates })}\n`);
      }
    }
    const full = { ...entry, examples_written: doc ? written : undefined };
    this.manifest.append(`${JSON.stringify(full)}\n`);
    this.entries.set(`${entry.sha256}|${entry.tool}`, full);
    this.maybeSync();
    return { written, duplicates };
  }

  /** Data-syncs at most every 200 ms (a kill loses nothing written; this guards against power loss). */
  private maybeSync(force = false): void {
    const now = Date.now();
    if (!force && now - this.lastSync < 200) return;
    this.lastSync = now;
    this.examples.sync();
    this.docs.sync();
    this.manifest.sync();
  }

  close(): void {
    this.maybeSync(true);
    this.docs.close();
    this.examples.close();
    this.manifest.close();
  }
}
