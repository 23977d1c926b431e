// One `nerflow worker` with train's featurize job handler in its own process, so that a test can
// SIGKILL it mid-job (featurize-queue.test.ts). Usage: node --import tsx featurize-worker-child.ts QUEUE_URL [HOLD_MS]
// Prints "ready" once it takes jobs and "job <n>" when a job starts; with HOLD_MS it waits that
// long inside its first job before computing (the window in which the test kills it); with HOLD_MS
// -1 every job fails (a worker whose model folder is not the sender's, say).
import { runWorker } from '@nerflow/ingest';
import { featurizeJobHandler } from '../featurize-jobs.js';

const say = (m: string) => process.stdout.write(`${m}\n`);
const hold = Number(process.argv[3] ?? 0);
const featurize = featurizeJobHandler();
let first = true;
const abort = new AbortController();
process.on('SIGTERM', () => abort.abort());
await runWorker({
  queue: process.argv[2]!, concurrency: 1, timeoutSeconds: 60, maxMemoryMb: 1024, policy: { retries: 0, expireSeconds: 3, retryDelaySeconds: 1 },
  handlers: [{
    ...featurize,
    async run(data, signal) {
      say(`job ${(data as { job: number }).job}`);
      if (hold < 0) throw new Error('this worker cannot compute these features');
      if (first && hold) await new Promise((r) => setTimeout(r, hold));
      first = false;
      return featurize.run(data, signal);
    },
  }],
}, {
  signal: abort.signal,
  log: { debug() {}, info: (m) => say(m.startsWith('worker: taking') ? 'ready' : m), warn: (m) => say(`warn ${m}`), error: (m) => say(`error ${m}`) },
  progress() {},
});
