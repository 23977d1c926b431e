import { formatProblem, validateCorpus } from '@nerflow/corpus';
import type { CommandSpec } from '@nerflow/core';
import { z } from 'zod';

// No runtime import of @nerflow/core (its pipeline runner and YAML): validate is the command people
// run to check a file quickly, and its first line should come in well under 0.3 s.
const options = z.object({
  file: z.string(),
  from: z.enum(['conll', 'jsonl']).optional().describe('the file format (default: from the extension, else sniffed)'),
});

/** `nerflow validate FILE`: every problem as `file:line: [path] message`; exit 1 if there is any. */
export const validateCommand: CommandSpec = {
  name: 'validate',
  summary: 'Check a corpus file (JSONL or CoNLL) and list every problem with its file:line and JSON path',
  help: 'Examples:\n  nerflow validate annotations.jsonl\n  nerflow validate ../shared/data/conll2002-es/esp.testa',
  args: [{ name: 'file', key: 'file', description: 'corpus file (.jsonl, .jsonl.gz, CoNLL), or - for stdin' }],
  options,
  async run(raw, ctx) {
    const o = raw as z.output<typeof options>;
    let shown = 0;
    const summary = await validateCorpus(o.file, {
      format: o.from, stdin: ctx.stdin,
      onProblem: (p) => {
        shown++;
        ctx.stdout.write(`${formatProblem(p)}\n`);
        if (shown % 1000 === 0) ctx.progress({ unit: 'problems', done: shown, phase: 'validate' });
      },
    });
    const n = (x: number) => x.toLocaleString('en-US');
    ctx.stdout.write(summary.problemCount === 0
      ? `${summary.file}: ${n(summary.examples)} examples (${summary.format}), no problems.\n`
      : `${summary.file}: ${n(summary.problemCount)} problems in ${n(summary.invalid)} of ${n(summary.examples)} examples (${summary.format}).\n`);
    return summary.problemCount === 0 ? 0 : 1;
  },
};
