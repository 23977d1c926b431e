/**
 * Piscina worker entry: one file per task. pdf.js and the extractors load once per thread and are
 * reused for every file this thread reads.
 */
import { processFile, type FileTask, type FileResult } from './process-file.js';

export default function run(task: FileTask): Promise<FileResult> {
  return processFile(task);
}
