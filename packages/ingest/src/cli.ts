import { defineCommand, type CommandSpec } from '@nerflow/core';
import { ingestOptionsSchema } from './options.js';
import { formatSummary } from './report.js';
import { runIngest } from './run.js';

/** CLI commands contributed by this stage (see @nerflow/cli). */
export const commands: CommandSpec[] = [
  defineCommand({
    name: 'ingest',
    summary: 'Extract, clean and split PDFs/text into a tokenized corpus (docs.jsonl, examples.jsonl)',
    help: [
      'Examples:',
      '  nerflow ingest informes/ --out corpus/',
      "  nerflow ingest 'docs/**/*.pdf' notas.txt -o corpus/ --unit paragraph --workers 4 --timeout 60",
      '',
      'Re-running with the same --out only reads new or changed files; an interrupted run resumes.',
      'Exit code 1 when any file failed (see DIR/ingest-report.json); --strict stops at the first failure.',
    ].join('\n'),
    args: [{ name: 'paths', key: 'paths', description: 'files, folders or globs', variadic: true, required: true }],
    options: ingestOptionsSchema,
    short: { out: 'o', workers: 'j' },
    async run(options, ctx) {
      const report = await runIngest(options, ctx);
      ctx.stdout.write(`${formatSummary(report)}\n`);
      return report.files.failed > 0 || report.interrupted ? 1 : 0;
    },
  }),
];
