// How many of the first N suggestions of the teach loop a person accepts (issue 19 item 1).
// The person's answers are a judgments file written by hand, one answer per suggestion ever shown
// (a = accept, x = reject, i = ignore), keyed by label then by the suggestion's readable form in
// lower case. The loop is the real one (`runTeach` with a scripted front end), so each answer moves
// the query as at the keyboard. Suggestions without a judgment are listed (and no result is
// written): judge them, run again. Seeds are not counted among the N (the old loop never showed them).
//
// node bench/terms/first30.mjs --lib packages/terms/dist --vectors V.nfv --label SOFTWARE --seeds "latex,java" \
//   --judgments bench/terms/results/2026-12-02/judgments.json --out RESULT.tsv [--n 30] [--general es-base|none]
//   [--corpus examples.jsonl] [--mix 0.5] [--variants 3]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { quietContext } from '@nerflow/core';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const lib = await import(pathToFileURL(resolve(args.lib ?? 'packages/terms/dist', 'index.js')).href);
const n = Number(args.n ?? 30);
const judgments = JSON.parse(readFileSync(args.judgments, 'utf8'))[args.label] ?? {};
const rows = [];
const unjudged = [];
let counted = 0;
const ui = {
  async ask(s) {
    if (!s.seed && counted >= n) return 'quit';
    const j = judgments[s.display.toLowerCase()];
    const source = s.seed ? 'seed' : s.variantOf ? `variant of ${s.variantOf}` : 'vectors';
    if (!j) {
      // not judged yet: listed at the end; answered 'reject' for now so that one pass lists the
      // whole run (an accept among them changes what follows: judge, run again)
      unjudged.push(s.display);
      if (!s.seed) counted++;
      return 'reject';
    }
    if (!s.seed) counted++;
    rows.push({ rank: s.seed ? '-' : counted, display: s.display, score: s.score.toFixed(3), source, judgment: j });
    return { a: 'accept', x: 'reject', i: 'ignore' }[j];
  },
  note: (m) => process.stderr.write(`  note: ${m}\n`),
};
const dir = mkdtempSync(join(tmpdir(), 'first30-'));
try {
  const options = {
    vectors: args.vectors, label: args.label, seeds: args.seeds.split(','), dataset: 'd', db: join(dir, 't.db'),
    ...(args.general ? { general: args.general } : {}), ...(args.corpus ? { corpus: args.corpus } : {}),
    ...(args.mix ? { mix: Number(args.mix) } : {}), ...(args.variants ? { variants: Number(args.variants) } : {}),
  };
  await lib.runTeach(options, ui, quietContext());
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (unjudged.length) {
  console.log(`UNJUDGED (${args.label}): ${JSON.stringify(unjudged)}`);
  process.exit(3);
}
const good = rows.filter((r) => r.rank !== '-' && r.judgment === 'a').length;
const lines = ['rank\tsuggestion\tscore\tsource\tjudgment', ...rows.map((r) => `${r.rank}\t${r.display}\t${r.score}\t${r.source}\t${r.judgment}`)];
lines.push(`# ${args.label}: ${good} of the first ${counted} suggestions accepted (seeds not counted); command: node bench/terms/first30.mjs ${process.argv.slice(2).join(' ')}`);
if (args.out) writeFileSync(args.out, lines.join('\n') + '\n');
console.log(lines.at(-1));
