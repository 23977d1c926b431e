/**
 * Piscina worker entry: one file per task. pdf.js and the extractors load once per thread and are
 * reused for every file this thread reads.
 */
import { getHeapStatistics } from 'node:v8';
import type { MessagePort } from 'node:worker_threads';
import { processFile, type FileTask, type FileResult } from './process-file.js';

/**
 * Tells the pool the file has started (its --timeout clock starts now), then processes it, asking
 * the pool for its pages before reading them (`admitPages`); the result carries this thread's heap after the file (`heapMb`), from which the pool decides when
 * to replace its threads.
 */
export default async function run(task: FileTask & { port?: MessagePort; askPages?: boolean }): Promise<FileResult & { heapMb: number }> {
  const { port, askPages, ...rest } = task;
  port?.postMessage('start');
  // The pool answers a page request with one message once the pages fit under --max-pages-in-flight.
  const admitPages = port && askPages
    ? (pages: number) => new Promise<void>((resolve) => { port.once('message', () => resolve()); port.postMessage({ pages }); })
    : undefined;
  try {
    const result = await processFile(rest, () => port?.postMessage('start'), admitPages);
    return { ...result, heapMb: getHeapStatistics().used_heap_size / 2 ** 20 };
  } finally {
    port?.close();
  }
}
