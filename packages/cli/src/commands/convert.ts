import { convertCorpus, parseLabelMap, type ConvertSummary } from '@nerflow/corpus';
import { CoreErrors, defineCommand, NerError } from '@nerflow/core';
import { z } from 'zod';

const n = (x: number) => x.toLocaleString('en-US');

/** One line saying what was converted and what was left out (and why). */
export function convertSummaryLine(s: ConvertSummary, output: string): string {
  const left = Object.entries(s.skipped).filter(([, v]) => v > 0).map(([k, v]) => `${n(v)} ${k}`);
  return `Converted ${n(s.written)} examples (${n(s.tokens)} tokens, ${n(s.spans)} spans) from ${s.from} to ${s.to}`
    + `${output === '-' ? '' : `: ${output}`}${left.length ? `; left out ${left.join(', ')}` : ''}.`;
}

/** `nerflow convert IN [OUT]`: CoNLL / JSONL / Prodigy JSONL, formats from extensions or content. */
export const convertCommand = defineCommand({
  name: 'convert',
  summary: 'Convert a corpus between CoNLL/IOB columns, nerflow JSONL and Prodigy JSONL',
  help: [
    'Formats come from the extensions (.conll/.iob: "TOKEN TAG" columns; .jsonl, .jsonl.gz) or, for the input,',
    'from its content (esp.train). "-" reads stdin / writes stdout (JSONL unless --to says otherwise).',
    'Examples:',
    '  nerflow convert ../shared/data/conll2002-es/esp.train train.jsonl',
    '  nerflow convert train.jsonl -o train.conll --scheme BILUO',
    '  nerflow convert ancora/train.tsv ancora.jsonl --from conll --label-map DATE=O,NUM=O',
  ].join('\n'),
  args: [
    { name: 'in', key: 'input', description: 'input corpus file, or - for stdin' },
    { name: 'out', key: 'output', description: 'output file, or - for stdout (default)', required: false },
  ],
  options: z.object({
    input: z.string(),
    output: z.string().optional(),
    out: z.string().optional().describe('output file (same as OUT)'),
    from: z.enum(['conll', 'jsonl', 'prodigy']).optional().describe('input format (default: from the extension, else sniffed)'),
    to: z.enum(['conll', 'jsonl', 'prodigy']).optional().describe('output format (default: from the extension; jsonl for stdout)'),
    labelMap: z.string().optional().describe('rename or drop labels, e.g. DATE=O,NUM=O,PERS=PER'),
    scheme: z.enum(['preserve', 'IOB2', 'BILUO']).default('preserve').describe("CoNLL output tags: 'preserve' keeps the input's own tags when they still fit"),
    separator: z.enum(['space', 'tab']).default('space').describe('CoNLL output column separator'),
    align: z.enum(['strict', 'expand', 'contract']).default('strict').describe('how JSON spans off token boundaries are aligned (strict: error)'),
    partial: z.enum(['skip', 'missing']).default('skip').describe("CoNLL output of partial annotations: leave out, or write '-' for unknown tokens"),
    strip: z.boolean().default(false).describe('Prodigy output: drop nerflow-only fields (_partial, _conll_tags)'),
    onError: z.enum(['stop', 'skip']).default('stop').describe('a bad input record stops the conversion, or is skipped with a warning'),
  }),
  short: { out: 'o' },
  async run(o, ctx) {
    if (o.out && o.output && o.out !== o.output) {
      throw new NerError(CoreErrors.USAGE, `two outputs given: ${o.output} and --out ${o.out}`, { hint: 'Give the output once.' });
    }
    const output = o.out ?? o.output ?? '-';
    const summary = await convertCorpus(o.input, output, {
      from: o.from, to: o.to,
      labelMap: o.labelMap ? parseLabelMap(o.labelMap) : undefined,
      scheme: o.scheme, separator: o.separator === 'tab' ? '\t' : ' ',
      align: o.align, partial: o.partial, strip: o.strip, onError: o.onError,
      onSkip: (e) => ctx.log.warn(`skipped ${e.located}`),
      onProgress: (done) => ctx.progress({ unit: 'examples', done, phase: 'convert' }),
      stdin: ctx.stdin, stdout: ctx.stdout,
    });
    // With the data on stdout, the summary goes to stderr so that pipes stay clean.
    (output === '-' ? ctx.stderr : ctx.stdout).write(`${convertSummaryLine(summary, output)}\n`);
    return 0;
  },
});
