/**
 * `validateCorpus(file)`: every problem of every record of a corpus file, read through
 * `openCorpus` (so `nerflow validate` accepts what every stage accepts) with validation on and bad
 * records skipped after being reported.
 */
import type { Readable } from 'node:stream';
import { NerError } from './errors.js';
import { openCorpus, resolveFormat } from './open-corpus.js';
import { tagsToChunks } from './tags.js';
import type { ConllExample } from './conll.js';
import type { ValidationProblem } from './validate.js';

export interface ValidateCorpusOptions {
  /** The file's format; from the extension or its first bytes when absent. */
  format?: 'conll' | 'jsonl';
  /** Called for each problem as it is found (otherwise they are collected in the summary). */
  onProblem?: (problem: ValidationProblem) => void;
  stdin?: Readable;
}

export interface ValidationSummary {
  file: string;
  format: 'conll' | 'jsonl';
  /** Records (JSONL lines, CoNLL sentences) read, unreadable lines included. */
  examples: number;
  invalid: number;
  problemCount: number;
  /** The problems, when no `onProblem` was given. */
  problems: ValidationProblem[];
}

/**
 * Streams a corpus file (`.gz`, `-`) and reports every problem of every record: unreadable JSONL
 * lines, schema and offset problems; for CoNLL, tag sequences that are not valid IOB2 (each at
 * its line), the first malformed line (which ends the reading) and a file without blank lines
 * between sentences.
 */
export async function validateCorpus(path: string, options: ValidateCorpusOptions = {}): Promise<ValidationSummary> {
  const file = path === '-' ? '<stdin>' : path;
  const resolved = await resolveFormat(path, { format: options.format, stdin: options.stdin });
  const format = resolved.format === 'conll' ? 'conll' : 'jsonl';
  const summary: ValidationSummary = { file, format, examples: 0, invalid: 0, problemCount: 0, problems: [] };
  const report = (p: ValidationProblem) => {
    summary.problemCount++;
    if (options.onProblem) options.onProblem(p); else summary.problems.push(p);
  };
  const onSkip = (e: NerError) => {
    const problems = Array.isArray(e.detail) ? (e.detail as ValidationProblem[]) : [{ code: e.code, path: '', message: e.message, file: e.file ?? file, line: e.line }];
    // A skipped JSONL line is a record; a CoNLL layout problem is about the file (its one sentence was read).
    if (format === 'jsonl' || Array.isArray(e.detail)) { summary.examples++; summary.invalid++; }
    else summary.examples += (e.detail as { sentences?: number } | undefined)?.sentences ?? 0;
    problems.forEach(report);
  };
  try {
    for await (const { example, line } of openCorpus(path, { format, validate: true, onError: 'skip', onSkip, stdin: resolved.stdin })) {
      summary.examples++;
      const raw = (example as ConllExample)._conll_tags;
      if (!raw) continue;
      try {
        tagsToChunks(raw, 'IOB2');
      } catch (err) {
        const e = err as NerError;
        const at = (e.detail as { index: number }).index;
        summary.invalid++;
        report({ code: e.code, path: `tags.${at}`, message: e.message, file, line: (line ?? 0) + at });
      }
    }
  } catch (err) {
    // A malformed CoNLL line ends the reading: it is the last problem listed.
    if (!(err instanceof NerError) || format !== 'conll') throw err;
    report({ code: err.code, path: '', message: `${err.message} (reading stopped here)`, file: err.file ?? file, line: err.line });
  }
  return summary;
}
