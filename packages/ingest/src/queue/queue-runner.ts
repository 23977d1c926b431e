import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { IngestErrors, failureHints } from '../errors.js';
import type { FileResult, FileTask } from '../process-file.js';
import { INGEST_QUEUE, type QueuePolicy } from './boss.js';
import { JobClient } from './job-client.js';

/** What runIngest needs to have files processed: the local thread pool, or the job queue. */
export interface FileRunner {
  run(task: FileTask, signal?: AbortSignal): Promise<FileResult>;
  close(): Promise<void>;
}

/** The data of one ingest job: the same FileTask a local worker thread gets. */
export interface IngestJob {
  run: string;
  task: FileTask;
}

/**
 * Runs files as pg-boss jobs instead of local threads: `run()` enqueues one job per file and
 * resolves with the job's output once a `nerflow worker` (any machine, any number) has completed
 * it. runIngest keeps committing results in input order through its own OutputStore, so the output
 * folder is written by this one process only: a job retried after its worker died cannot add a
 * duplicate, and the result is the one the single-process path gives.
 */
export class QueueRunner implements FileRunner {
  private readonly runId = randomUUID();

  private constructor(private readonly jobs: JobClient) {}

  static async open(url: string, policy: QueuePolicy, onError: (err: Error) => void): Promise<QueueRunner> {
    return new QueueRunner(await JobClient.open(url, policy, [INGEST_QUEUE], onError));
  }

  async run(task: FileTask, signal?: AbortSignal): Promise<FileResult> {
    const since = performance.now();
    // Absolute paths: a worker may run in another folder (or machine, with the inputs mounted alike).
    const job: IngestJob = { run: this.runId, task: { ...task, file: path.resolve(task.file) } };
    const r = await this.jobs.send<FileResult>(INGEST_QUEUE, job, signal);
    const ms = performance.now() - since;
    if (r.ok) return r.output;
    if (r.interrupted) return { ok: false, code: 'E_INTERRUPTED', message: 'interrupted', ms };
    return {
      ok: false, code: IngestErrors.JOB_FAILED, ms, hint: failureHints[IngestErrors.JOB_FAILED],
      message: `its job failed ${r.tries} time(s) on the workers: ${r.message}`,
    };
  }

  async close(): Promise<void> {
    await this.jobs.close();
  }
}
