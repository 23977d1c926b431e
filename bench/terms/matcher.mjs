// Pattern matcher throughput on a real corpus (examples.jsonl from `nerflow ingest`), against a naive
// loop over patterns at every token (the reference the tests check equality with).
// Run: nice -n 10 node bench/terms/matcher.mjs CORPUS.jsonl [patterns=2000]
import { readJsonl, tokenize, PatternMatcher, filterLongest } from '@nerflow/corpus';

const file = process.argv[2];
const P = Number(process.argv[3] ?? 2000);
const docs = [];
for await (const ex of readJsonl(file)) docs.push((ex.tokens ?? tokenize(ex.text)).map((t) => ({ text: t.text })));
const ntok = docs.reduce((n, d) => n + d.length, 0);
// Patterns: the most frequent unigrams and bigrams of the corpus (so many of them fire), lower-cased.
const uni = new Map(), bi = new Map();
for (const d of docs) for (let i = 0; i < d.length; i++) {
  const a = d[i].text.toLowerCase();
  if (!/\p{L}/u.test(a)) continue;
  uni.set(a, (uni.get(a) ?? 0) + 1);
  if (i + 1 < d.length && /\p{L}/u.test(d[i + 1].text)) { const k = `${a} ${d[i + 1].text.toLowerCase()}`; bi.set(k, (bi.get(k) ?? 0) + 1); }
}
const top = (m, n) => [...m].sort((x, y) => y[1] - x[1]).slice(0, n).map(([k]) => k);
const patterns = [...top(bi, P / 2), ...top(uni, P / 2)].map((t) => ({ label: 'X', pattern: t.split(' ').map((w) => ({ lower: w })) }));
const matcher = new PatternMatcher(patterns);

function naive(tokens) {
  const lower = tokens.map((t) => t.text.toLowerCase());
  const found = [];
  patterns.forEach((p, pi) => {
    for (let i = 0; i + p.pattern.length <= lower.length; i++) {
      if (p.pattern.every((t, k) => lower[i + k] === t.lower)) found.push({ start: i, end: i + p.pattern.length, pattern: pi, label: p.label });
    }
  });
  return filterLongest(found);
}
const run = (f) => { const t = process.hrtime.bigint(); let n = 0; for (const d of docs) n += f(d).length; return { ms: Number(process.hrtime.bigint() - t) / 1e6, n }; };
const trieRuns = Array.from({ length: 5 }, () => run((d) => matcher.match(d)));
console.log(`trie runs (ms): ${trieRuns.map((r) => r.ms.toFixed(0)).join(", ")}`);
const trie = [...trieRuns].sort((a, b) => a.ms - b.ms)[2];
const ref = process.env.SKIP_NAIVE ? { ms: NaN, n: NaN } : run(naive); // one run: it is slow
console.log(`${docs.length} examples, ${ntok} tokens, ${patterns.length} patterns`);
console.log(`trie matcher: median ${trie.ms.toFixed(0)} ms = ${(ntok / trie.ms * 1000 / 1e6).toFixed(2)} M tokens/s, ${trie.n} matches`);
console.log(`naive loop over patterns: ${ref.ms.toFixed(0)} ms = ${(ntok / ref.ms * 1000 / 1e6).toFixed(3)} M tokens/s, ${ref.n} matches -> trie ${(ref.ms / trie.ms).toFixed(0)}x faster, same matches: ${ref.n === trie.n}`);
