/**
 * `convertCorpus(in, out)`: CoNLL / nerflow JSONL / Prodigy JSONL, any direction, streaming.
 * Formats come from `from`/`to`, else the extensions, else (input only) the first bytes.
 * Nothing is dropped silently: every example left out is counted in the summary by reason.
 */
import type { Readable, Writable } from 'node:stream';
import { writeConll, type LabelMap } from './conll.js';
import { CorpusErrors, NerError } from './errors.js';
import { formatFromPath, type CorpusFormat } from './formats.js';
import { writeJsonl, type OnBadLine } from './jsonl.js';
import { openCorpus, resolveFormat } from './open-corpus.js';
import { assertOutputsDistinct, assertWritableFile } from './output-paths.js';
import { writeProdigy } from './prodigy.js';
import { isPartial, type AlignmentMode } from './spans.js';
import type { Example, TagScheme } from './types.js';

export interface ConvertOptions {
  from?: CorpusFormat;
  to?: CorpusFormat;
  /** Rename or drop labels (`{ DATE: 'O' }`), in any direction. */
  labelMap?: LabelMap;
  /** Tags written to CoNLL: `preserve` (the input's own tags when still right, else IOB2), `IOB2` or `BILUO`. */
  scheme?: 'preserve' | TagScheme;
  separator?: ' ' | '\t';
  /** How JSON spans without token indices are aligned (default strict). */
  align?: AlignmentMode;
  /** CoNLL output of partial annotations: left out (default) or written with `-` for unknown tokens. */
  partial?: 'skip' | 'missing';
  /** Prodigy output: drop the nerflow-only fields. */
  strip?: boolean;
  /** A bad input record stops the conversion (default) or is skipped and reported to `onSkip`. */
  onError?: OnBadLine;
  onSkip?: (error: NerError) => void;
  /** Called every 1,000 examples and at the end. */
  onProgress?: (done: number) => void;
  stdin?: Readable;
  stdout?: Writable;
}

export interface ConvertSummary {
  from: CorpusFormat;
  to: CorpusFormat;
  read: number;
  written: number;
  tokens: number;
  spans: number;
  /** Examples left out, by reason: `rejected` (answer reject/ignore, CoNLL output), `partial`, `invalid` (skipped bad input). */
  skipped: { rejected: number; partial: number; invalid: number };
}

/** The output format: `to`, else from the extension; stdout defaults to JSONL. */
export function outputFormat(path: string, to?: CorpusFormat): CorpusFormat {
  const f = to ?? formatFromPath(path) ?? (path === '-' ? 'jsonl' : undefined);
  if (!f) {
    throw new NerError(CorpusErrors.UNKNOWN_FORMAT, `cannot tell which format to write to ${path} from its name`, {
      file: path, hint: 'Use a .jsonl, .jsonl.gz or .conll extension, or name the format with --to conll|jsonl|prodigy.',
    });
  }
  return f;
}

/** Converts a corpus file (`-` = stdin/stdout); see ConvertOptions. */
export async function convertCorpus(input: string, output: string, options: ConvertOptions = {}): Promise<ConvertSummary> {
  const to = outputFormat(output, options.to);
  assertOutputsDistinct([{ name: 'input', path: input }], [{ name: 'output', path: output }]);
  assertWritableFile('output', output);
  const resolved = await resolveFormat(input, { format: options.from, stdin: options.stdin });
  const from = resolved.format as CorpusFormat;
  const summary: ConvertSummary = { from, to, read: 0, written: 0, tokens: 0, spans: 0, skipped: { rejected: 0, partial: 0, invalid: 0 } };
  const onSkip = (e: NerError) => { summary.skipped.invalid++; options.onSkip?.(e); };
  const file = input === '-' ? '<stdin>' : input;
  // JSON input is read as Prodigy's (tokens and token indices filled in, then validated).
  const source = openCorpus(input, {
    format: from === 'conll' ? 'conll' : 'prodigy', labelMap: options.labelMap, align: options.align, validate: from !== 'conll',
    onError: options.onError, onSkip, stdin: resolved.stdin,
  });
  // Where the example being written came from, to locate errors the writers raise.
  let current: number | undefined;

  async function* examples(): AsyncGenerator<Example> {
    for await (const { example: ex, line } of source) {
      summary.read++;
      current = line;
      if (summary.read % 1000 === 0) options.onProgress?.(summary.read);
      if (to === 'conll') {
        if (ex.answer === 'reject' || ex.answer === 'ignore') { summary.skipped.rejected++; continue; }
        if (isPartial(ex) && options.partial !== 'missing') { summary.skipped.partial++; continue; }
      }
      summary.written++;
      summary.tokens += ex.tokens?.length ?? 0;
      summary.spans += ex.spans?.length ?? 0;
      yield ex;
    }
  }

  try {
    if (to === 'conll') {
      await writeConll(output, examples(), {
        scheme: options.scheme, separator: options.separator, stdout: options.stdout, missing: options.partial === 'missing',
      });
    } else if (to === 'prodigy') {
      await writeProdigy(output, examples(), { strip: options.strip, stdout: options.stdout });
    } else {
      await writeJsonl(output, examples(), { stdout: options.stdout });
    }
  } catch (err) {
    if (err instanceof NerError && !err.file) {
      throw new NerError(err.code, err.message, { file, line: current, hint: err.hint, cause: err, detail: err.detail });
    }
    throw err;
  }
  options.onProgress?.(summary.read);
  return summary;
}
