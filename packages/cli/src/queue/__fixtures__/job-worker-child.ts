// One `nerflow worker` with one stage's job handler in its own process, so that a test can SIGKILL
// it mid-job (predict-queue.test.ts, featurize-queue.test.ts).
// Usage: node --import tsx job-worker-child.ts predict|featurize QUEUE_URL [HOLD_MS]
// Prints "ready" once it takes jobs and "job <n>" when a job starts (the batch or job number); with
// HOLD_MS it waits that long inside its first job before running it (the window in which the test
// kills it); with HOLD_MS -1 every job fails (a worker whose model folder is not the sender's, say).
import { runWorker } from '@nerflow/ingest';
import { featurizeJobHandler } from '../featurize-jobs.js';
import { predictJobHandler } from '../predict-jobs.js';

const say = (m: string) => process.stdout.write(`${m}\n`);
const kind = process.argv[2];
if (kind !== 'predict' && kind !== 'featurize') throw new Error(`job-worker-child: the first argument is predict or featurize, not ${kind}`);
const handler = kind === 'predict' ? predictJobHandler() : featurizeJobHandler();
const hold = Number(process.argv[4] ?? 0);
let first = true;
const abort = new AbortController();
process.on('SIGTERM', () => abort.abort());
await runWorker({
  queue: process.argv[3]!, concurrency: 1, timeoutSeconds: 60, maxMemoryMb: 1024, policy: { retries: 0, expireSeconds: 3, retryDelaySeconds: 1 },
  handlers: [{
    ...handler,
    async run(data, signal) {
      const job = data as { batch?: number; job?: number };
      say(`job ${job.batch ?? job.job}`);
      if (hold < 0) throw new Error(`this worker cannot compute these ${kind === 'predict' ? 'predictions' : 'features'}`);
      if (first && hold) await new Promise((r) => setTimeout(r, hold));
      first = false;
      return handler.run(data, signal);
    },
  }],
}, {
  signal: abort.signal,
  log: { debug() {}, info: (m) => say(m.startsWith('worker: taking') ? 'ready' : m), warn: (m) => say(`warn ${m}`), error: (m) => say(`error ${m}`) },
  progress() {},
});
