/**
 * Piscina worker entry: one file per task. pdf.js and the extractors load once per thread and are
 * reused for every file this thread reads.
 */
import type { MessagePort } from 'node:worker_threads';
import { processFile, type FileTask, type FileResult } from './process-file.js';

/** Tells the pool the file has started (its --timeout clock starts now), then processes it. */
export default async function run(task: FileTask & { port?: MessagePort }): Promise<FileResult> {
  const { port, ...rest } = task;
  port?.postMessage('start');
  try {
    return await processFile(rest, () => port?.postMessage('start'));
  } finally {
    port?.close();
  }
}
