import path from 'node:path';
import { assertOutputsDistinct, assertWritableFile, NerError, openExamples, writeJsonl, type Example } from '@nerflow/corpus';
import { defineCommand, type CommandContext, type CommandSpec } from '@nerflow/core';
import { ingestOptionsSchema, JobClient } from '@nerflow/ingest';
import { z } from 'zod';
import { modelFingerprint, PREDICT_QUEUE, type PredictJob, type PredictJobOutput } from './predict-jobs.js';

/** Batches queued at once: enough to keep a few workers busy, few enough to bound the sender's memory. */
const IN_FLIGHT = 16;

export interface QueuePredictOptions {
  model: string;
  input: string;
  out: string;
  batchWords: number;
  scores: boolean;
  localOnly: boolean;
  allowIncomplete: boolean;
  queue: string;
  /** The database `db:DATASET` inputs are read from (default: the store's). */
  db?: string;
  jobRetries: number;
  jobExpireSeconds: number;
}

/**
 * `nerflow predict --queue URL`: the input is cut into the batches the local path predicts
 * (`wordBatches`, about --batch-words words each), each batch is one job on the PostgreSQL queue,
 * `nerflow worker` processes run them with the same predict function, and this process writes the
 * results in input order (atomically, like the local path). A batch retried after its worker died
 * cannot duplicate anything; one that fails on every try fails the run (nothing is written).
 * @returns counts of the run, as the local path reports them
 */
export async function predictOnQueue(o: QueuePredictOptions, ctx: CommandContext): Promise<{ examples: number; words: number; spans: number; jobs: number }> {
  assertOutputsDistinct([{ name: 'INPUT', path: o.input }, { name: 'MODEL', path: o.model }], [{ name: '--out', path: o.out }]);
  assertWritableFile('--out', o.out);
  const { resolveModelDir, wordBatches } = await import('@nerflow/train');
  const model = path.resolve(resolveModelDir(o.model));
  let fingerprint: string;
  try {
    fingerprint = modelFingerprint(model);
  } catch (cause) {
    throw new NerError('E_PREDICT_QUEUE_MODEL', `${o.model} is not a model folder: ${(cause as Error).message}.`, {
      file: model, hint: 'Pass the folder nerflow train wrote (or es-base); workers must see it at the same path.', cause,
    });
  }
  const jobs = await JobClient.open(o.queue, { retries: o.jobRetries, expireSeconds: o.jobExpireSeconds, retryDelaySeconds: 2 }, [PREDICT_QUEUE],
    (err: Error) => ctx.log.warn(`queue: ${err.message}`));
  const counts = { examples: 0, words: 0, spans: 0, jobs: 0 };
  const send = async (examples: Example[], batch: number): Promise<Example[]> => {
    const job: PredictJob = { model, fingerprint, localOnly: o.localOnly, allowIncomplete: o.allowIncomplete, scores: o.scores, batch, examples: JSON.stringify(examples) };
    const r = await jobs.send<PredictJobOutput>(PREDICT_QUEUE, job, ctx.signal);
    ctx.signal.throwIfAborted();
    if (r.ok) return JSON.parse(r.output.examples) as Example[];
    throw new NerError('E_PREDICT_JOB_FAILED', `Batch ${batch + 1} of ${o.input} (${examples.length} examples) failed ${r.tries} time(s) on the workers: ${r.message}`, {
      file: o.input, hint: 'Run it without --queue to see the error here, or check the workers\' logs (a worker that dies on a batch is retried --job-retries times).',
    });
  };
  async function* unlabelled(): AsyncGenerator<Example> {
    // As the local path: the model's spans replace any in the input; CoNLL's gold tags are not carried.
    for await (const { _conll_tags: _t, ...ex } of openExamples(o.input, { plainText: true, db: o.db })) yield ex as Example;
  }
  async function* predicted(): AsyncGenerator<Example> {
    const window: Promise<Example[]>[] = [];
    const next = async function* () {
      for (const ex of await window.shift()!) {
        counts.examples++;
        counts.words += ex.tokens?.length ?? 0;
        counts.spans += ex.spans?.length ?? 0;
        yield ex;
      }
      ctx.progress({ unit: 'examples', done: counts.examples, phase: 'predict (queue)', stats: { words: counts.words, jobs: counts.jobs } });
    };
    for await (const batch of wordBatches(unlabelled(), o.batchWords)) {
      const p = send(batch, counts.jobs++);
      p.catch(() => undefined); // awaited in order below; a later batch's failure must not go unhandled meanwhile
      window.push(p);
      if (window.length >= IN_FLIGHT) yield* next();
    }
    while (window.length) yield* next();
  }
  try {
    await writeJsonl(o.out, predicted());
  } finally {
    await jobs.close();
  }
  return counts;
}

/**
 * The flags a stage command gains to run its work as queue jobs (predict, train): `--queue`, and
 * ingest's `--job-retries` / `--job-expire-seconds`, described for that command.
 */
export function queueFlags(queue: string, retries: string) {
  return {
    queue: z.string().optional().describe(queue),
    jobRetries: ingestOptionsSchema.shape.jobRetries.describe(retries),
    jobExpireSeconds: ingestOptionsSchema.shape.jobExpireSeconds,
  };
}

/**
 * train's `predict` command with `--queue URL` (and the queue's retry settings): without it the
 * command is train's, unchanged (the local path stays the default); with it the batches run on
 * `nerflow worker` processes through `predictOnQueue`.
 */
export function predictWithQueue(trainPredict: CommandSpec): CommandSpec {
  const options = trainPredict.options.extend(queueFlags(
    'run each batch as a job on this PostgreSQL queue (pg-boss) for `nerflow worker` processes, and write the results here (docs/scale.md)',
    'with --queue: times a batch whose worker failed or died is tried again, with backoff, before predict fails',
  ));
  return defineCommand({
    ...trainPredict,
    options,
    async run(o, ctx) {
      if (!o.queue) return trainPredict.run(o, ctx);
      const t0 = performance.now();
      const r = await predictOnQueue(o as unknown as QueuePredictOptions, ctx);
      const s = (performance.now() - t0) / 1000;
      (o.out === '-' ? ctx.stderr : ctx.stdout).write(`${r.examples} examples, ${r.words} words, ${r.spans} entities in ${s.toFixed(1)} s (${Math.round(r.words / s)} words/s, ${r.jobs} jobs on the queue)${o.out === '-' ? '' : ` -> ${o.out}`}\n`);
    },
  });
}
