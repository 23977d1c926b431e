import os from 'node:os';
import { Piscina } from 'piscina';
import type { FileResult, FileTask } from './process-file.js';
import { IngestErrors, failureHints } from './errors.js';

/** The worker module beside this file: worker.js when built, worker.ts when run from source (tests, tsx). */
function workerFile(): { filename: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url).href;
  const hasTsx = process.execArgv.some((a) => a.includes('tsx'));
  return { filename, execArgv: fromSource && !hasTsx ? [...process.execArgv, '--import', 'tsx'] : process.execArgv };
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
    const { filename, execArgv } = workerFile();
    this.pool = new Piscina({
      filename, execArgv, minThreads: threads, maxThreads: threads, idleTimeout: 60_000,
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
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const both = signal ? AbortSignal.any([deadline, signal]) : deadline;
    try {
      return (await this.pool.run(task, { signal: both })) as FileResult;
    } catch (err) {
      const ms = performance.now() - t0;
      if (deadline.aborted) {
        return { ok: false, code: IngestErrors.TIMEOUT, message: `stopped after ${(this.timeoutMs / 1000).toFixed(0)} s (--timeout)`, hint: failureHints[IngestErrors.TIMEOUT], ms };
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
      this.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.close({ force: true });
  }
}
