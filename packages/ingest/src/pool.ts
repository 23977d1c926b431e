import os from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { FileResult, FileTask } from './process-file.js';
import { IngestErrors, failureHints } from './errors.js';
import { PageBudget } from './page-budget.js';

/** The worker module beside this file: worker.js when built, a tsx bootstrap when run from source (tests). */
function workerFile(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './worker-source.mjs' : './worker.js', import.meta.url).href;
}

const OUT_OF_MEMORY = Symbol('out of memory');

/**
 * The default of --worker-heap: 128 MB (pdfs-es x1,000: peak RSS 524 -> 365 MB, no file retried),
 * none when the workers run from TypeScript source (tests): tsx's compiler in each thread alone
 * needs more than 128 MB, so every file would be read twice.
 */
export function defaultWorkerHeapMb(): number {
  return import.meta.url.endsWith('.ts') ? 0 : 128;
}

/** One CPU core per worker unless told otherwise. */
export function defaultWorkers(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** When the worker threads are replaced by fresh ones (see `FilePool`). */
export interface RecycleOptions {
  /** After this many files per thread (0: never by count). */
  files: number;
  /** As soon as a thread's V8 heap, measured after a file, reaches this many MB (0: never by size). */
  heapMb: number;
}

/** The V8 heap limits of the worker threads (resourceLimits), beside --max-memory. */
export interface HeapLimits {
  /**
   * Old-generation cap of the threads, in MB (0: `maxMemoryMb`). A file that runs out of memory
   * under it is read again once on a thread with `maxMemoryMb`, so no file is lost to it.
   */
  oldMb?: number;
  /** Young-generation cap of the threads, in MB (0: V8's default). */
  youngMb?: number;
}

/**
 * A piscina pool that runs one file per task, at most `threads` at a time, each with a deadline,
 * and at most `maxPagesInFlight` pages being read at once (see PageBudget).
 * The deadline starts when the file starts (not while it waits), and when it passes, piscina
 * terminates the worker thread running it (a stuck parse is really stopped) and starts a fresh one.
 *
 * Worker recycling: a thread whose heap V8 grew for one big file and never gives back is replaced
 * when it reports a heap of `recycle.heapMb` or more (and, when asked, after `recycle.files` files
 * per thread: off by default, since on pdfs-es each replacement raised the process's peak RSS by
 * ~50 MB while nothing crept in long-lived threads, docs/benchmarks/ingest.md): the threads finish
 * the files they have and exit, and a fresh pool takes the next files: nothing is cut short, and
 * the two pools never overlap.
 */
export class FilePool {
  private pool: Piscina;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private filesThisPool = 0;
  private due = false;
  private renewing: Promise<void> | undefined;
  /** How many times the threads were replaced (for the report and tests). */
  recycled = 0;
  /** Files read again on a roomy thread after running out of memory under `limits.oldMb`. */
  retried = 0;
  /** The cap on pages read at once across the threads (`maxPagesInFlight`; 0: none). */
  readonly pages: PageBudget;
  /** One thread with the whole `maxMemoryMb`, started for a file that needed more than `limits.oldMb`. */
  private roomy: Piscina | undefined;

  constructor(
    readonly threads: number,
    private readonly timeoutMs: number,
    private readonly maxMemoryMb: number,
    private readonly recycle: RecycleOptions = { files: 0, heapMb: Math.round(maxMemoryMb / 2) },
    maxPagesInFlight = 0,
    private readonly limits: HeapLimits = {},
  ) {
    this.pool = this.newPool();
    this.pages = new PageBudget(maxPagesInFlight);
  }

  /** Under a lower cap than --max-memory, so that an out-of-memory file can be tried again with more. */
  private get capped(): boolean {
    return (this.limits.oldMb ?? 0) > 0 && this.limits.oldMb! < this.maxMemoryMb;
  }

  private newPool(): Piscina {
    const young = this.limits.youngMb ? { maxYoungGenerationSizeMb: this.limits.youngMb } : {};
    return new Piscina({
      filename: workerFile(), minThreads: this.threads, maxThreads: this.threads, idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.capped ? this.limits.oldMb : this.maxMemoryMb, ...young },
      // A retired pool lets its files finish (each within its own --timeout) before it exits.
      closeTimeout: this.timeoutMs + 10_000,
    });
  }

  /** The roomy thread exits after a second idle: its heap is what the cap keeps the others from holding. */
  private roomyPool(): Piscina {
    this.roomy ??= new Piscina({
      filename: workerFile(), minThreads: 0, maxThreads: 1, idleTimeout: 1_000,
      resourceLimits: { maxOldGenerationSizeMb: this.maxMemoryMb }, closeTimeout: this.timeoutMs + 10_000,
    });
    return this.roomy;
  }

  /** Counts a finished file and replaces the threads when they are due (see the class comment). */
  private account(heapMb: number | undefined, pool: Piscina): void {
    if (pool !== this.pool || this.renewing) return; // a file of a pool being replaced
    this.filesThisPool++;
    const byCount = this.recycle.files > 0 && this.filesThisPool >= this.recycle.files * this.threads;
    const bySize = this.recycle.heapMb > 0 && (heapMb ?? 0) >= this.recycle.heapMb;
    if (byCount || bySize) this.due = true;
  }

  /**
   * Replaces the pool when it is due, just before the next file (none is started after the last):
   * the old pool's files finish first and its threads exit, then the fresh pool starts, so the two
   * never hold memory at the same time (a peak of both cost ~100 MB on pdfs-es). Every file that
   * arrives meanwhile waits for the fresh pool.
   */
  private async renew(): Promise<void> {
    if (this.due) {
      this.due = false;
      const old = this.pool;
      this.renewing = (async () => {
        await old.close().catch(() => {});
        this.pool = this.newPool();
        this.filesThisPool = 0;
        this.recycled++;
      })();
    }
    while (this.renewing) {
      const r = this.renewing;
      await r;
      if (this.renewing === r) this.renewing = undefined;
    }
  }

  private async slot(): Promise<void> {
    if (this.running < this.threads) { this.running++; return; }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  /** Processes one file; never rejects: timeouts and crashed workers come back as failures. */
  async run(task: FileTask, signal?: AbortSignal): Promise<FileResult> {
    await this.slot();
    const t0 = performance.now();
    try {
      await this.renew();
      const pool = this.pool;
      const first = await this.attempt(pool, task, signal);
      if (first !== OUT_OF_MEMORY) {
        this.account(first.heapMb, pool);
        delete first.heapMb;
        return first;
      }
      // Out of memory under the lower cap: once more, alone on a thread with --max-memory (the slot
      // is still held, so no more files run at once than without the cap).
      if (this.capped) {
        this.retried++;
        this.account(undefined, pool);
        const again = await this.attempt(this.roomyPool(), task, signal);
        if (again !== OUT_OF_MEMORY) { delete again.heapMb; return again; }
      }
      return {
        ok: false, code: IngestErrors.EXTRACT_FAILED, ms: performance.now() - t0,
        message: 'the worker ran out of memory on this file (--max-memory)', hint: 'Raise --max-memory, or split the file.',
      };
    } finally {
      this.release();
    }
  }

  /** One try of a file on `pool`, with its own --timeout clock and pages. */
  private async attempt(pool: Piscina, task: FileTask, signal?: AbortSignal): Promise<(FileResult & { heapMb?: number }) | typeof OUT_OF_MEMORY> {
    const t0 = performance.now();
    // The clock starts when the worker says it has begun (a fresh worker may take a while to boot).
    const deadline = new AbortController();
    const { port1, port2 } = new MessageChannel();
    let timer: NodeJS.Timeout | undefined;
    const restartClock = () => {
      clearTimeout(timer);
      timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    };
    let heldPages = 0;
    let settled = false;
    // 'start' again later (one per OCRed page) restarts the clock: a long scanned file may take
    // its time page by page, while one stuck page is still stopped. `{ pages }` asks for the
    // file's pages: the clock stops while it waits for them, and 'go' answers when they fit.
    port1.on('message', (msg: unknown) => {
      if (typeof msg !== 'object' || msg === null) return restartClock();
      clearTimeout(timer);
      const { pages } = msg as { pages: number };
      void this.pages.acquire(pages).then(() => {
        if (settled) return this.pages.release(pages); // interrupted while it waited
        heldPages = pages;
        restartClock();
        port1.postMessage('go');
      });
    });
    const both = signal ? AbortSignal.any([deadline.signal, signal]) : deadline.signal;
    try {
      // askPages: a worker asks for its pages only under a cap (no round trip per file without one).
      return (await pool.run({ ...task, port: port2, askPages: this.pages.cap > 0 }, { signal: both, transferList: [port2] })) as FileResult & { heapMb?: number };
    } catch (err) {
      const ms = performance.now() - t0;
      if (deadline.signal.aborted) {
        return { ok: false, code: IngestErrors.TIMEOUT, message: `stopped after ${(this.timeoutMs / 1000).toFixed(0)} s without progress (--timeout)`, hint: failureHints[IngestErrors.TIMEOUT], ms };
      }
      if (signal?.aborted) return { ok: false, code: 'E_INTERRUPTED', message: 'interrupted', ms };
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') return OUT_OF_MEMORY;
      return { ok: false, code: IngestErrors.EXTRACT_FAILED, ms, message: `worker crashed: ${e.message}`, hint: failureHints[IngestErrors.EXTRACT_FAILED] };
    } finally {
      settled = true;
      clearTimeout(timer);
      port1.close();
      if (heldPages) this.pages.release(heldPages);
    }
  }

  async close(): Promise<void> {
    await this.renewing;
    await Promise.all([this.pool.close({ force: true }), this.roomy?.close({ force: true })]);
  }
}
