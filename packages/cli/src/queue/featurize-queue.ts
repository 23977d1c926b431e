import { NerError } from '@nerflow/corpus';
import { defineCommand, type CommandContext, type CommandSpec } from '@nerflow/core';
import { JobClient } from '@nerflow/ingest';
import { encoderOption, type FeatureSpec, type RemoteFeatures } from '@nerflow/train';
import { queueFlags } from './predict-queue.js';
import { FEATURIZE_QUEUE, unpackFeatures, type FeaturizeJob, type FeaturizeJobOutput } from './featurize-jobs.js';

/**
 * Jobs queued at once: enough to keep several workers busy, few enough that the sender's polling
 * (each waiting job's row, every 0.2 s) and the outputs waiting to be collected stay small.
 */
const IN_FLIGHT = 16;

export interface QueueFeatureOptions {
  queue: string;
  localOnly: boolean;
  jobRetries: number;
  jobExpireSeconds: number;
}

/**
 * Transformer featurisation on the queue: each `compute` of the featurizer (the uncached documents
 * of one `featurize` call) is one job for `nerflow worker`. `plan` sends every call's job at once,
 * so several workers run them side by side while the featurizer takes the results in its own
 * order (and writes its cache as locally: in input order, each document once per call).
 */
export class QueueFeatures implements RemoteFeatures {
  private readonly planned: { key: string; result: Promise<Float32Array[]> }[] = [];
  private sent = 0;
  private running = 0;
  private readonly slots: (() => void)[] = [];
  /** Jobs sent and documents computed remotely, for the summary. */
  readonly counts = { jobs: 0, docs: 0 };

  constructor(private readonly jobs: JobClient, private readonly o: QueueFeatureOptions, private readonly ctx: CommandContext) {}

  plan(spec: FeatureSpec, computes: string[][][]): void {
    for (const docs of computes) {
      if (!docs.length) continue;
      const result = this.send(spec, docs);
      result.catch(() => undefined); // awaited by compute(); a later job's failure must not go unhandled meanwhile
      this.planned.push({ key: planKey(spec, docs), result });
    }
  }

  async compute(spec: FeatureSpec, docs: string[][]): Promise<Float32Array[]> {
    const key = planKey(spec, docs);
    const i = this.planned.findIndex((p) => p.key === key);
    if (i < 0) return this.send(spec, docs); // not planned (a caller outside prepare): one job now
    return this.planned.splice(i, 1)[0]!.result;
  }

  private async send(spec: FeatureSpec, docs: string[][]): Promise<Float32Array[]> {
    const n = this.sent++;
    // Slots are taken in the order of the plan, which is the order compute() collects them: no wait can block on a later job.
    if (this.running < IN_FLIGHT) this.running++;
    else await new Promise<void>((r) => this.slots.push(r)); // the finishing job hands its slot over
    let r: Awaited<ReturnType<JobClient['send']>>;
    try {
      const job: FeaturizeJob = { spec, localOnly: this.o.localOnly, job: n, docs: JSON.stringify(docs) };
      r = await this.jobs.send<FeaturizeJobOutput>(FEATURIZE_QUEUE, job, this.ctx.signal);
    } finally {
      const next = this.slots.shift();
      if (next) next(); else this.running--;
    }
    this.ctx.signal.throwIfAborted();
    if (!r.ok) {
      throw new NerError('E_TRAIN_FEATURE_JOB_FAILED', `Featurize job ${n + 1} (${docs.length} documents, ${spec.model}) failed ${r.tries} time(s) on the workers: ${r.message}`, {
        file: spec.model, hint: 'Run without --queue to see the error here, or check the workers\' logs (every worker must see the model at the same path; a job whose worker dies is retried --job-retries times).',
      });
    }
    const output = r.output as FeaturizeJobOutput;
    const feats = unpackFeatures(output);
    if (feats.length !== docs.length || feats.some((f, k) => f.length !== docs[k]!.length * output.dim)) {
      throw new NerError('E_TRAIN_FEATURE_JOB_FAILED', `Featurize job ${n + 1} returned features that do not match its ${docs.length} documents`, {
        file: spec.model, hint: 'A worker runs another version of nerflow or of the model: give every worker the same install and model folder.',
      });
    }
    this.counts.jobs++;
    this.counts.docs += docs.length;
    return feats;
  }

  /** Planned jobs nobody collected (a failed run): their results are dropped. */
  get pending(): number {
    return this.planned.length;
  }
}

const planKey = (spec: FeatureSpec, docs: string[][]) => JSON.stringify([spec, docs]);

/**
 * Runs `fn` with transformer featurisation on the queue at `o.queue`: the featurizers created meanwhile
 * send their uncached documents to `nerflow worker` processes (train's `setRemoteFeatures`), and
 * everything else (cache, training) runs here as without a queue.
 */
export async function withQueueFeatures<T>(o: QueueFeatureOptions, ctx: CommandContext, fn: (remote: QueueFeatures) => Promise<T>): Promise<T> {
  const { setRemoteFeatures } = await import('@nerflow/train');
  const jobs = await JobClient.open(o.queue, { retries: o.jobRetries, expireSeconds: o.jobExpireSeconds, retryDelaySeconds: 2 }, [FEATURIZE_QUEUE],
    (err: Error) => ctx.log.warn(`queue: ${err.message}`));
  const remote = new QueueFeatures(jobs, o, ctx);
  const prev = setRemoteFeatures(remote);
  try {
    return await fn(remote);
  } finally {
    setRemoteFeatures(prev);
    await jobs.close();
  }
}

/**
 * train's `train` command with `--queue URL`: without it the command is train's, unchanged (the
 * local path stays the default); with it a transformer encoder's features are computed by
 * `nerflow worker` processes (one job per 256-document chunk of uncached documents) and training runs
 * here on them. Other encoders have nothing to send: the flag is refused for them.
 */
export function trainWithQueue(trainCommand: CommandSpec): CommandSpec {
  const options = trainCommand.options.extend(queueFlags(
    'with --encoder transformer:...: compute the features as jobs on this PostgreSQL queue (pg-boss) for `nerflow worker` processes; training runs here (docs/scale.md)',
    'with --queue: times a featurize job whose worker failed or died is tried again, with backoff, before training fails',
  ));
  return defineCommand({
    ...trainCommand,
    options,
    async run(o, ctx) {
      const { queue, jobRetries, jobExpireSeconds, ...rest } = o as Record<string, unknown> & { queue?: string; jobRetries: number; jobExpireSeconds: number; localOnly?: boolean; encoder?: string };
      if (!queue) return trainCommand.run(rest, ctx);
      if (!encoderOption(String(rest.encoder ?? 'tok2vec')).entry.remoteFeatures) {
        throw new NerError('E_TRAIN_QUEUE_ENCODER', `--queue needs --encoder transformer:NAME_OR_PATH (got ${rest.encoder ?? 'tok2vec'}): only a transformer's featurisation runs on the queue.`, {
          hint: 'Drop --queue to train here, or pass --encoder transformer:MODEL to compute its features on `nerflow worker` processes.',
        });
      }
      const t0 = performance.now();
      await withQueueFeatures({ queue, jobRetries, jobExpireSeconds, localOnly: Boolean(rest.localOnly) }, ctx, async (remote) => {
        await trainCommand.run(rest, ctx);
        ctx.stdout.write(`features: ${remote.counts.docs} documents in ${remote.counts.jobs} jobs on the queue (the rest from the cache); ${((performance.now() - t0) / 1000).toFixed(1)} s in all\n`);
      });
    },
  });
}
