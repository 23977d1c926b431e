/**
 * Piscina worker entry: one file per task. pdf.js and the extractors load once per thread and are
 * reused for every file this thread reads.
 */
import { getHeapStatistics } from 'node:v8';
import type { MessagePort } from 'node:worker_threads';
import { processFile, type FileTask, type FileResult } from './process-file.js';

/**
 * Tells the pool the file has started (its --timeout clock starts now), then processes it; the
 * result carries this thread's heap after the file (`heapMb`), from which the pool decides when
 * to replace its threads.
 */
export default async function run(task: FileTask & { port?: MessagePort }): Promise<FileResult & { heapMb: number }> {
  const { port, ...rest } = task;
  port?.postMessage('start');
  try {
    const result = await processFile(rest, () => port?.postMessage('start'));
    return { ...result, heapMb: getHeapStatistics().used_heap_size / 2 ** 20 };
  } finally {
    port?.close();
  }
}
