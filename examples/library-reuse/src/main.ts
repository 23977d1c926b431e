/**
 * nerflow stages as libraries: ingest a folder of PDFs, then tag the corpus with term patterns,
 * from plain TypeScript (no CLI, no pipeline file). Run: `npx tsx src/main.ts [PDF_FOLDER] [OUT]`.
 */
import { readJsonl, type Example } from '@nerflow/corpus';
import { runIngest } from '@nerflow/ingest';
import { matchCorpus, termsToPatterns } from '@nerflow/terms';
import { join, resolve } from 'node:path';

export interface ReuseResult {
  files: number;
  examples: number;
  matches: number;
  /** Each PLATAFORMA mention found, with its sentence. */
  mentions: { term: string; sentence: string }[];
}

export async function ingestAndMatch(pdfFolder: string, out: string, platforms: string[]): Promise<ReuseResult> {
  const report = await runIngest({ paths: [pdfFolder], out: join(out, 'corpus'), workers: 1 });
  const patterns = termsToPatterns(platforms, { label: 'PLATAFORMA' });
  const matched = await matchCorpus({ corpus: join(out, 'corpus', 'examples.jsonl'), patterns, out: join(out, 'matched.jsonl') });
  const mentions: ReuseResult['mentions'] = [];
  for await (const ex of readJsonl<Example>(join(out, 'matched.jsonl'))) {
    for (const s of ex.spans ?? []) mentions.push({ term: [...ex.text].slice(s.start, s.end).join(''), sentence: ex.text });
  }
  return { files: report.files.ok, examples: matched.examples, matches: matched.matches, mentions };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const here = import.meta.dirname;
  const folder = process.argv[2] ?? resolve(here, '../../marketing-es/pdfs');
  const result = await ingestAndMatch(folder, process.argv[3] ?? '/tmp/nerflow-reuse', ['Instagram', 'Google Ads', 'Shopify', 'TikTok']);
  console.log(`${result.files} PDFs, ${result.examples} sentences, ${result.matches} platform mentions`);
  for (const m of result.mentions.slice(0, 5)) console.log(`  ${m.term}: ${m.sentence}`);
}
