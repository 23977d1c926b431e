// One `nerflow worker` in its own process, so that a test can SIGKILL it mid-job (see queue.test.ts).
// Usage: node --import tsx worker-child.ts QUEUE_URL; prints "ready" once it takes jobs, "job <source>" per job started.
import { runWorker } from '../queue/queue-worker.js';

const say = (m: string) => process.stdout.write(`${m}\n`);
const abort = new AbortController();
process.on('SIGTERM', () => abort.abort());
await runWorker({ queue: process.argv[2]!, concurrency: 1, timeoutSeconds: 60, maxMemoryMb: 1024, policy: { retries: 0, expireSeconds: 3, retryDelaySeconds: 1 } }, {
  signal: abort.signal,
  log: { debug() {}, info: (m) => say(m.startsWith('worker: taking') ? 'ready' : m), warn: (m) => say(`warn ${m}`), error: (m) => say(`error ${m}`) },
  progress() {},
});
