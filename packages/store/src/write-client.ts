import { Worker } from 'node:worker_threads';
import type { Row, RowStatus } from './sqlite-writer.js';
import type { OnConflict } from './types.js';

/** Talks to write-worker.ts: one request per batch of rows, answered after the commit. */
export class WriteClient {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (s: RowStatus[]) => void; reject: (e: Error) => void }>();
  private closing?: Promise<void>;

  constructor(location: string, synchronous: 'FULL' | 'NORMAL') {
    // Running from source (tests): the worker is TypeScript too, loaded through tsx's loader.
    const fromSource = import.meta.url.endsWith('.ts');
    const url = new URL(`./write-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
    const workerData = { location, synchronous, entry: url.href };
    this.worker = fromSource
      ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(require('node:worker_threads').workerData.entry); })`, { eval: true, workerData })
      : new Worker(url, { workerData });
    this.worker.on('message', (m: { id: number; statuses?: RowStatus[]; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.statuses!);
    });
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', () => this.failAll(new Error('the SQLite write worker stopped')));
    this.worker.unref();
  }

  write(datasetId: number, rows: Row[], onConflict: OnConflict): Promise<RowStatus[]> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      // Referenced only while a commit is pending: an idle worker never keeps the process alive.
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, datasetId, rows, onConflict });
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.ref();
      this.worker.postMessage('close');
    });
    return this.closing;
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
