import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonl, type Example } from '@nerflow/corpus';
import { defineCommand, type CommandContext, type CommandSpec } from '@nerflow/core';
import { z } from 'zod';

/** True for input that ingest must turn into text first: a PDF, a folder, or a glob. */
export function isDocumentInput(input: string): boolean {
  if (/\.pdf$/i.test(input) || /[*?[]/.test(input)) return true;
  try {
    return statSync(input).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `nerflow predict MODEL INPUT`: train's predict, plus PDFs and folders (the CLI runs ingest, then
 * predict: the two stages never import each other) and a readable `--format` (table, displaCy-like
 * HTML) of the entities found. The corpus with spans goes to --out either way.
 */
export function predictCommand(trainPredict: CommandSpec): CommandSpec {
  const schema = trainPredict.options.extend({
    input: z.string().describe('corpus JSONL, CoNLL, .txt (one text per line), - for stdin, or PDFs: a .pdf, a folder or a glob (ingested first)'),
    format: z.enum(['jsonl', 'table', 'html']).default('jsonl').describe('what goes to stdout: the corpus JSONL, a table of the entities, or an HTML page of the texts with their entities'),
    corpus: z.string().optional().describe('with PDF/folder input: keep the ingested corpus in this folder (default: a temporary one)'),
  });
  return defineCommand({
    name: 'predict',
    summary: trainPredict.summary.replace(/^Label texts/, 'Label texts or PDFs'),
    help: [
      'Examples:',
      '  nerflow predict es-base corpus/examples.jsonl --out pred.jsonl    (the shipped Spanish PER/LOC/ORG/MISC model)',
      '  nerflow predict es-base informe.pdf --format table                 (ingests the PDF, then predicts)',
      '  nerflow predict models/mkt informes/ --out pred.jsonl --format html > entidades.html',
      '  nerflow predict models/ner-es notes.txt    (one text per line, JSONL on stdout)',
    ].join('\n'),
    args: trainPredict.args,
    options: schema,
    short: trainPredict.short as Record<string, string>,
    async run(options, ctx) {
      // train's own options (model, out...) are typed loosely here: they pass through to its predict.
      const o = options as Record<string, unknown> & { input: string; format: 'jsonl' | 'table' | 'html'; corpus?: string; model: string; out: string };
      const temp: string[] = [];
      try {
        let input = o.input;
        if (isDocumentInput(o.input)) input = await ingestFirst(o.input, o.corpus ?? tempDir(temp, 'nerflow-predict-corpus-'), ctx);
        if (o.format === 'jsonl') return await trainPredict.run({ ...o, input }, ctx);
        // table/html own stdout: the corpus goes to --out or a temporary file, the summary to stderr.
        const out = o.out !== '-' ? o.out : join(tempDir(temp, 'nerflow-predict-'), 'pred.jsonl');
        const code = await trainPredict.run({ ...o, input, out }, { ...ctx, stdout: ctx.stderr });
        const examples: Example[] = [];
        for await (const ex of readJsonl<Example>(out)) examples.push(ex);
        if (o.format === 'table') {
          const { renderEntitiesTable } = await import('../predict/render-table.js');
          ctx.stdout.write(renderEntitiesTable(examples));
        } else {
          const { renderEntitiesHtml } = await import('../predict/render-html.js');
          ctx.stdout.write(renderEntitiesHtml(examples, `nerflow predict ${o.model}: ${o.input}`));
        }
        return code;
      } finally {
        for (const d of temp) rmSync(d, { recursive: true, force: true });
      }
    },
  });
}

function tempDir(list: string[], prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  list.push(d);
  return d;
}

/** Runs ingest on the documents into `dir`; returns its examples.jsonl. */
async function ingestFirst(input: string, dir: string, ctx: CommandContext): Promise<string> {
  const { runIngest, OUTPUT_FILES, formatSummary } = await import('@nerflow/ingest');
  const report = await runIngest({ paths: [input], out: dir }, ctx);
  ctx.stderr.write(`ingest: ${formatSummary(report).split('\n')[0]}\n`);
  if (report.files.failed > 0) ctx.log.warn(`${report.files.failed} file(s) could not be read: see ${join(dir, OUTPUT_FILES.report)}`);
  return join(dir, OUTPUT_FILES.examples);
}

