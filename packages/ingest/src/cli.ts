import { defineCommand, type CommandSpec } from '@nerflow/core';
import { z } from 'zod';
import { ingestOptionsSchema } from './options.js';
import { runWorker, type JobHandler } from './queue/queue-worker.js';
import { formatSummary } from './report.js';
import { runIngest } from './run.js';

/** CLI commands contributed by this stage (see @nerflow/cli). */
export const commands: CommandSpec[] = [
  defineCommand({
    name: 'ingest',
    summary: 'Extract, clean and split PDFs/text into a tokenized corpus (docs.jsonl, examples.jsonl)',
    help: [
      'Examples:',
      '  nerflow ingest informes/ --out corpus/',
      "  nerflow ingest 'docs/**/*.pdf' notas.txt -o corpus/ --unit paragraph --workers 4 --timeout 60",
      '',
      'Re-running with the same --out only reads new or changed files; an interrupted run resumes.',
      'Exit code 1 when any file failed (see DIR/ingest-report.json); --strict stops at the first failure.',
    ].join('\n'),
    args: [{ name: 'paths', key: 'paths', description: 'files, folders or globs', variadic: true, required: true }],
    options: ingestOptionsSchema,
    short: { out: 'o', workers: 'j' },
    async run(options, ctx) {
      const report = await runIngest(options, ctx);
      ctx.stdout.write(`${formatSummary(report)}\n`);
      return report.files.failed > 0 || report.interrupted ? 1 : 0;
    },
  }),
  workerCommand(),
];

/**
 * `nerflow worker`: ingest's file jobs, plus the jobs of `handlers` (the CLI passes predict's, which
 * ingest cannot import: stages never import each other).
 */
export function workerCommand(handlers: JobHandler[] = []): CommandSpec {
  return defineCommand({
    name: 'worker',
    summary: 'Run the jobs of a PostgreSQL queue (what `nerflow ingest`, `nerflow predict` and `nerflow train --encoder transformer:...` enqueue with --queue URL) until Ctrl-C',
    help: [
      'Examples:',
      '  nerflow worker --queue postgresql://nerflow:secreto@db.local/nerflow --workers 2',
      '',
      'Start any number, on any machine that sees the input files at the same paths. A job whose',
      'worker dies is retried on another after --job-expire-seconds (see docs/scale.md).',
    ].join('\n'),
    options: z.object({
      queue: z.string().describe('PostgreSQL URL of the job queue (pg-boss), as given to nerflow ingest --queue'),
      workers: z.number().int().min(1).default(1).describe('jobs of each kind run at once (ingest: each in its own worker thread)'),
      timeout: ingestOptionsSchema.shape.timeout,
      maxMemory: ingestOptionsSchema.shape.maxMemory,
      jobExpireSeconds: ingestOptionsSchema.shape.jobExpireSeconds.describe('how often (half of this) this worker also looks for jobs whose worker died; use the value given to nerflow ingest'),
    }),
    short: { workers: 'j' },
    async run(o, ctx) {
      const s = await runWorker({
        queue: o.queue, concurrency: o.workers, timeoutSeconds: o.timeout, maxMemoryMb: o.maxMemory,
        policy: { retries: 0, expireSeconds: o.jobExpireSeconds, retryDelaySeconds: 2 }, handlers,
      }, ctx);
      ctx.stdout.write(`worker stopped: ${s.jobs} job(s), ${s.ok} ok, ${s.failed} failed file(s)\n`);
    },
  });
}
