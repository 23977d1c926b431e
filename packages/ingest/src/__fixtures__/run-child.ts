// Runs one ingest in a child process so that a test can kill it mid-run (see resume.test.ts).
// Usage: node --import tsx run-child.ts IN OUT WORKERS
import { runIngest } from '../run.js';

const [input, out, workers] = process.argv.slice(2);
await runIngest({ paths: [input!], out: out!, workers: Number(workers ?? 1), extractor: 'pdf-parse' });
