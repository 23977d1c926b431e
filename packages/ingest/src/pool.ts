import os from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { FileResult, FileTask } from './process-file.js';
import { IngestErrors, failureHints } from './errors.js';

/** The worker module beside this file: worker.js when built, a tsx bootstrap when run from source (tests). */
function workerFile(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './worker-source.mjs' : './worker.js', import.meta.url).href;
}

/** One CPU core per worker unless told otherwise. */
export function defaultWorkers(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * A piscina pool that runs one file per task, at most `threads` at a time, each with a deadline.
 * The deadline starts when the file starts (not while it waits), and when it passes, piscina
 * terminates the worker thread running it (a stuck parse is really stopped) and starts a fresh one.
 */
export class FilePool {
  private readonly pool: Piscina;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly threads: number, private readonly timeoutMs: number, maxMemoryMb: number) {
    this.pool = new Piscina({
      filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb },
    });
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
    // The clock starts when the worker says it has begun (a fresh worker may take a while to boot).
    const deadline = new AbortController();
    const { port1, port2 } = new MessageChannel();
    let timer: NodeJS.Timeout | undefined;
    // 'start' again later (one per OCRed page) restarts the clock: a long scanned file may take
    // its time page by page, while one stuck page is still stopped.
    port1.on('message', () => {
      clearTimeout(timer);
      timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    });
    const both = signal ? AbortSignal.any([deadline.signal, signal]) : deadline.signal;
    try {
      return (await this.pool.run({ ...task, port: port2 }, { signal: both, transferList: [port2] })) as FileResult;
    } catch (err) {
      const ms = performance.now() - t0;
      if (deadline.signal.aborted) {
        return { ok: false, code: IngestErrors.TIMEOUT, message: `stopped after ${(this.timeoutMs / 1000).toFixed(0)} s without progress (--timeout)`, hint: failureHints[IngestErrors.TIMEOUT], ms };
      }
      if (signal?.aborted) return { ok: false, code: 'E_INTERRUPTED', message: 'interrupted', ms };
      const e = err as NodeJS.ErrnoException;
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      return {
        ok: false, code: IngestErrors.EXTRACT_FAILED, ms,
        message: oom ? 'the worker ran out of memory on this file (--max-memory)' : `worker crashed: ${e.message}`,
        hint: oom ? 'Raise --max-memory, or split the file.' : failureHints[IngestErrors.EXTRACT_FAILED],
      };
    } finally {
      clearTimeout(timer);
      port1.close();
      this.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.close({ force: true });
  }
}
